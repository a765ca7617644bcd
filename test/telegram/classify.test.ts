import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { redactToken } from '../../core/telegram/index.ts';
import { classifySendError } from '../../adapters/telegram/index.ts';
import { TOKEN } from './support.ts';

const telegramSaid = (error_code: number, description: string, parameters: Record<string, number> = {}) =>
  new GrammyError(`Call to 'sendMessage' failed!`, { ok: false, error_code, description, parameters }, 'sendMessage', {});

describe('classifySendError', () => {
  it.each([
    [403, 'Forbidden: bot was blocked by the user', 'blocked'],
    [403, "Forbidden: bot can't initiate conversation with a user", 'blocked'],
    [403, 'Forbidden: user is deactivated', 'deactivated'],
    [403, 'Forbidden: bot was kicked from the group chat', 'deactivated'],
    [403, 'Forbidden: bot was kicked from the supergroup chat', 'deactivated'],
    [403, 'Forbidden: the group chat was deleted', 'deactivated'],
    [403, 'Forbidden: bot is not a member of the supergroup chat', 'deactivated'],
    [400, 'Bad Request: chat not found', 'chat_not_found'],
    [400, 'Bad Request: PEER_ID_INVALID', 'chat_not_found'],
    [400, 'Bad Request: group chat was upgraded to a supergroup chat', 'deactivated'],
    [400, "Bad Request: can't parse entities: Character '.' is reserved", 'rejected'],
    [400, 'Bad Request: message is too long', 'rejected'],
    [403, 'Forbidden: bot can\'t send messages to bots', 'rejected'],
  ])('%i %s → permanent %s', (code, description, reason) => {
    expect(classifySendError(telegramSaid(code, description))).toEqual({ kind: 'permanent', reason, description });
  });

  it('turns 429 into retry with retry_after in ms', () => {
    expect(classifySendError(telegramSaid(429, 'Too Many Requests: retry after 7', { retry_after: 7 }))).toEqual({ kind: 'retry', reason: 'rate_limited', retryAfterMs: 7000 });
  });

  it('treats 5xx as retryable server errors and 401/404 as retry-later, not permanent', () => {
    expect(classifySendError(telegramSaid(502, 'Bad Gateway'))).toEqual({ kind: 'retry', reason: 'server_error' });
    expect(classifySendError(telegramSaid(401, 'Unauthorized'))).toEqual({ kind: 'retry', reason: 'unauthorized' });
    expect(classifySendError(telegramSaid(404, 'Not Found'))).toEqual({ kind: 'retry', reason: 'unauthorized' });
  });

  it('tells a timeout from a network failure', () => {
    const network = new HttpError(`Network request for 'sendMessage' failed!`, new Error('connect ECONNREFUSED'));
    expect(classifySendError(network)).toEqual({ kind: 'retry', reason: 'network' });
    expect(classifySendError(network, { timedOut: true })).toEqual({ kind: 'retry', reason: 'timeout' });
    const grammyTimeout = new HttpError('x', new Error(`Request to 'sendMessage' timed out after 1 seconds`));
    expect(classifySendError(grammyTimeout)).toEqual({ kind: 'retry', reason: 'timeout' });
    expect(classifySendError(new TypeError('fetch failed'))).toEqual({ kind: 'retry', reason: 'network' });
  });

  it('reads "message is not modified" as delivered for an edit, rejected otherwise', () => {
    const error = telegramSaid(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same');
    expect(classifySendError(error, { messageId: 12 })).toEqual({ kind: 'delivered', messageId: 12 });
    expect(classifySendError(error)).toMatchObject({ kind: 'permanent', reason: 'rejected' });
  });

  it('scrubs the token from descriptions, known or merely token-shaped', () => {
    const outcome = classifySendError(telegramSaid(400, `Bad Request: weird echo of ${TOKEN}`), { token: TOKEN });
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
    expect(redactToken(`GET /bot${TOKEN}/getMe`)).toBe('GET /bot<redacted>/getMe');
    expect(redactToken(`plain text`, TOKEN)).toBe('plain text');
  });
});
