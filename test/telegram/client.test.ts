import { HttpError } from 'grammy';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SendOutcome } from '../../core/telegram/index.ts';
import { createTelegramClient, type TelegramClientOptions } from '../../adapters/telegram/index.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../local/telegram-standin/index.ts';
import { recordingLog, TOKEN } from './support.ts';

let standIn: TelegramStandIn;
const log = recordingLog();
const outcomes: SendOutcome[] = [];

beforeAll(async () => {
  standIn = await startTelegramStandIn({ token: TOKEN });
});
afterAll(() => standIn.stop());
afterEach(() => {
  standIn.faults.reset();
  standIn.faults.rateLimit({});
});

let nextChat = 1000;
const freshChat = () => nextChat++;

function client(options: Partial<TelegramClientOptions> = {}) {
  return createTelegramClient({ token: TOKEN, apiRoot: standIn.apiRoot, log, limits: { perBotPerSecond: 1000, perPrivateChatPerSecond: 1000, perGroupPerMinute: 1000 }, ...options });
}

async function send(telegram: ReturnType<typeof client>, chatId: number, text: string, options?: Parameters<ReturnType<typeof client>['sendMessage']>[2]) {
  const outcome = await telegram.sendMessage(chatId, text, options);
  outcomes.push(outcome);
  return outcome;
}

describe('createTelegramClient against the stand-in', () => {
  it('delivers a message with buttons and returns its id', async () => {
    const chatId = freshChat();
    const outcome = await send(client(), chatId, 'Water the plants', { buttons: [[{ text: 'Done', callback_data: 'done:1' }]] });
    expect(outcome).toEqual({ kind: 'delivered', messageId: 1 });
    expect(standIn.sentMessages(chatId)).toMatchObject([{ message_id: 1, text: 'Water the plants', buttons: [[{ text: 'Done', callback_data: 'done:1' }]] }]);
  });

  it('rides out a 429 storm: nothing lost, in order, never above the stand-in limit', async () => {
    // Prepare: the client believes in a far higher limit than the stand-in enforces, so it hits 429s.
    const chatId = freshChat();
    standIn.faults.rateLimit({ perChatPerSecond: 15 });
    const telegram = client({ maxWaitMs: 20_000 });
    // Act
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => send(telegram, chatId, `message ${i}`)));
    const elapsed = Date.now() - started;
    // Assess
    expect(results.every((r) => r.kind === 'delivered')).toBe(true);
    const sent = standIn.sentMessages(chatId);
    expect(sent.map((m) => m.text)).toEqual(Array.from({ length: 40 }, (_, i) => `message ${i}`));
    expect(maxInAnyWindow(sent.map((m) => m.received_at), 1000)).toBeLessThanOrEqual(15);
    expect(log.lines.some((l) => l.includes('rate_limited'))).toBe(true);
    // 40 at 15/s with whole-second retry_after: two pauses.
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(6000);
  });

  it('keeps to its own limit without any 429: at most N per chat per second', async () => {
    const chatId = freshChat();
    standIn.faults.rateLimit({ perChatPerSecond: 5 });
    const telegram = client({ limits: { perBotPerSecond: 30, perPrivateChatPerSecond: 5, perGroupPerMinute: 20 } });
    const linesBefore = log.lines.length;
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => send(telegram, chatId, `paced ${i}`)));
    expect(results.every((r) => r.kind === 'delivered')).toBe(true);
    const stamps = standIn.sentMessages(chatId).map((m) => m.received_at);
    expect(stamps).toHaveLength(12);
    expect(maxInAnyWindow(stamps, 1000)).toBeLessThanOrEqual(5);
    expect(stamps.at(-1)! - stamps[0]!).toBeGreaterThanOrEqual(1900);
    expect(log.lines.slice(linesBefore).some((l) => l.includes('rate_limited'))).toBe(false);
  });

  it('retries 5xx answers with back-off', async () => {
    const chatId = freshChat();
    standIn.faults.failNext(2, { code: 502, method: 'sendMessage' });
    const outcome = await send(client({ random: () => 0 }), chatId, 'after a bad patch');
    expect(outcome).toEqual({ kind: 'delivered', messageId: 1 });
    expect(standIn.sentMessages(chatId)).toHaveLength(1);
  });

  it('does not repeat a send whose connection dropped after the request was written: maybe delivered', async () => {
    // Prepare: the stand-in reads the request, then closes the connection without an answer.
    const chatId = freshChat();
    standIn.faults.dropNext(1, 'sendMessage');
    // Act
    const outcome = await send(client({ random: () => 0 }), chatId, 'dropped');
    // Assess: the client cannot know whether Telegram posted it, so it says so instead of sending again.
    expect(outcome).toEqual({ kind: 'maybe-delivered', reason: 'network' });
    expect(standIn.sentMessages(chatId)).toHaveLength(0);
  });

  it('retries an edit whose connection dropped: setting the same text twice is harmless', async () => {
    const chatId = freshChat();
    const telegram = client({ random: () => 0 });
    await send(telegram, chatId, 'Stretch');
    standIn.faults.dropNext(1, 'editMessageText');
    expect(await telegram.editMessageText(chatId, 1, 'Stretch ✓')).toEqual({ kind: 'delivered', messageId: 1 });
    expect(standIn.sentMessages(chatId)[0]).toMatchObject({ text: 'Stretch ✓' });
  });

  it('answers maybe-delivered, once, when Telegram is slower than the request timeout (the message still arrives)', async () => {
    // Prepare: every answer takes 600 ms; the client waits 150 ms per request.
    const chatId = freshChat();
    standIn.faults.setSlow(600);
    // Act
    const started = Date.now();
    const outcome = await send(client({ requestTimeoutMs: 150, maxWaitMs: 1000 }), chatId, 'slow');
    const elapsed = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 700));
    // Assess: before #12 the client repeated the request on its own and Telegram posted it several times.
    expect(outcome).toEqual({ kind: 'maybe-delivered', reason: 'timeout' });
    expect(elapsed).toBeLessThan(600);
    expect(standIn.sentMessages(chatId).map((m) => m.text)).toEqual(['slow']);
  });

  it('also times out through an injected native fetch', async () => {
    standIn.faults.setSlow(600);
    const outcome = await send(client({ requestTimeoutMs: 100, maxWaitMs: 300, fetch: globalThis.fetch }), freshChat(), 'slow');
    expect(outcome).toEqual({ kind: 'maybe-delivered', reason: 'timeout' });
  });

  it('returns retry with retryAfterMs when a 429 outlasts the wait budget', async () => {
    standIn.faults.failNext(1, { code: 429, retryAfter: 30, method: 'sendMessage' });
    const started = Date.now();
    const outcome = await send(client({ maxWaitMs: 2000 }), freshChat(), 'later');
    expect(outcome).toEqual({ kind: 'retry', reason: 'rate_limited', retryAfterMs: 30_000 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('bounds the total wait when 5xx keeps coming', async () => {
    standIn.faults.failNext(100, { code: 500, method: 'sendMessage' });
    const started = Date.now();
    const outcome = await send(client({ maxWaitMs: 1200 }), freshChat(), 'never');
    expect(outcome).toMatchObject({ kind: 'retry', reason: 'server_error' });
    expect(Date.now() - started).toBeLessThan(1700);
  });

  it('reports a blocked user, a deactivated user and an unknown chat as permanent', async () => {
    const [blocked, gone, missing] = [freshChat(), freshChat(), freshChat()];
    standIn.faults.block(blocked);
    standIn.faults.deactivate(gone);
    standIn.faults.chatNotFound(missing);
    const telegram = client();
    expect(await send(telegram, blocked, 'hi')).toEqual({ kind: 'permanent', reason: 'blocked', description: 'Forbidden: bot was blocked by the user' });
    expect(await send(telegram, gone, 'hi')).toEqual({ kind: 'permanent', reason: 'deactivated', description: 'Forbidden: user is deactivated' });
    expect(await send(telegram, missing, 'hi')).toEqual({ kind: 'permanent', reason: 'chat_not_found', description: 'Bad Request: chat not found' });
    expect(await send(telegram, freshChat(), 'a.b', { parseMode: 'MarkdownV2' })).toMatchObject({ kind: 'permanent', reason: 'rejected' });
  });

  it('does not give up a reminder for a wrong token, and never says the token', async () => {
    const wrong = `${TOKEN}x`;
    const telegram = createTelegramClient({ token: wrong, apiRoot: standIn.apiRoot, log });
    const outcome = await telegram.sendMessage(freshChat(), 'hi');
    outcomes.push(outcome);
    expect(outcome).toEqual({ kind: 'retry', reason: 'unauthorized' });
    const error = await telegram.api.getMe().catch((e: unknown) => e);
    expect(String(error)).not.toContain(TOKEN);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(TOKEN);
  });

  it('keeps the token out of network errors (nothing listening)', async () => {
    const telegram = createTelegramClient({ token: TOKEN, apiRoot: 'http://127.0.0.1:9', log, maxWaitMs: 400 });
    const outcome = await telegram.sendMessage(1, 'hi');
    outcomes.push(outcome);
    expect(outcome).toMatchObject({ kind: 'retry', reason: 'network' });
    const error = await telegram.api.getMe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(`${String(error)} ${(error as Error).stack}`).not.toContain(TOKEN);
  });

  it('edits text and buttons; an identical edit counts as delivered', async () => {
    const chatId = freshChat();
    const telegram = client();
    await send(telegram, chatId, 'Stretch', { buttons: [[{ text: 'Done', callback_data: 'd' }]] });
    expect(await telegram.editMessageText(chatId, 1, 'Stretch ✓')).toEqual({ kind: 'delivered', messageId: 1 });
    expect(await telegram.editMessageText(chatId, 1, 'Stretch ✓')).toEqual({ kind: 'delivered', messageId: 1 });
    expect(await telegram.editMessageReplyMarkup(chatId, 1, [[{ text: 'Undo', callback_data: 'u' }]])).toEqual({ kind: 'delivered', messageId: 1 });
    expect(standIn.sentMessages(chatId)[0]).toMatchObject({ text: 'Stretch ✓', buttons: [[{ text: 'Undo', callback_data: 'u' }]] });
    expect(await telegram.editMessageReplyMarkup(chatId, 1)).toEqual({ kind: 'delivered', messageId: 1 });
    expect(standIn.sentMessages(chatId)[0]!.buttons).toEqual([]);
    expect(await telegram.editMessageText(chatId, 99, 'nope')).toMatchObject({ kind: 'permanent', reason: 'rejected', description: 'Bad Request: message to edit not found' });
  });

  it('answers callback queries and sends typing best-effort, never throwing on refusal', async () => {
    const chatId = freshChat();
    const telegram = client();
    await send(telegram, chatId, 'Pick', { buttons: [[{ text: 'Done', callback_data: 'done' }]] });
    const { callback_query_id } = standIn.userPress(chatId, 1, 'done');
    await telegram.answerCallbackQuery(callback_query_id, 'Marked done');
    expect(standIn.callbackAnswers(chatId)).toMatchObject([{ callback_query_id, text: 'Marked done' }]);
    await expect(telegram.answerCallbackQuery(callback_query_id, 'again')).resolves.toBeUndefined();
    standIn.faults.block(chatId);
    await expect(telegram.sendChatAction(chatId, 'typing')).resolves.toBeUndefined();
    expect(log.lines.some((l) => l.includes('best-effort') && l.includes('blocked'))).toBe(true);
  });

  it('keeps one chat in order while another chat is held up', async () => {
    const [slowChat, fastChat] = [freshChat(), freshChat()];
    standIn.faults.failNext(1, { code: 429, retryAfter: 1, method: 'sendMessage' });
    const telegram = client();
    const slow = send(telegram, slowChat, 'first');
    const slowSecond = send(telegram, slowChat, 'second');
    await new Promise((r) => setTimeout(r, 50));
    const fast = await send(telegram, fastChat, 'meanwhile');
    expect(fast.kind).toBe('delivered');
    await Promise.all([slow, slowSecond]);
    expect(standIn.sentMessages(slowChat).map((m) => m.text)).toEqual(['first', 'second']);
    expect(standIn.sentMessages(fastChat)[0]!.received_at).toBeLessThan(standIn.sentMessages(slowChat)[0]!.received_at);
  });

  // Runs last: looks through everything the tests above produced.
  it('never put the token in an outcome or a log line', () => {
    expect(outcomes.length).toBeGreaterThan(20);
    expect(log.lines.length).toBeGreaterThan(10);
    expect(log.lines.some((l) => l.includes('server_error') || l.includes('network'))).toBe(true);
    const everything = JSON.stringify(outcomes) + log.lines.join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(TOKEN.split(':')[1]);
  });
});

function maxInAnyWindow(stamps: number[], windowMs: number): number {
  let max = 0;
  for (let i = 0; i < stamps.length; i++) {
    let count = 0;
    for (let j = i; j < stamps.length && stamps[j]! - stamps[i]! < windowMs; j++) count++;
    max = Math.max(max, count);
  }
  return max;
}
