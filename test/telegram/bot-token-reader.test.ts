import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/config/env.ts';
import { silentLog } from '../../core/log.ts';
import { createBotTokenReader, currentTokenTelegram, telegramForCurrentToken, type TelegramClient } from '../../core/telegram/index.ts';
import { startFakeSsm, type FakeSsm } from '../support/fake-ssm.ts';

let ssm: FakeSsm;
beforeAll(async () => {
  ssm = await startFakeSsm({ '/nudge/token': { value: '1000:first-token', type: 'SecureString' } });
});
afterAll(() => ssm?.stop());

const providerRead = () => {
  const provider = new SSMProvider({ awsSdkV3Client: new SSMClient({ endpoint: ssm.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 }) });
  return (name: string, options: { decrypt: true; maxAge: number }) => provider.get(name, options);
};
const noWait = async () => {};

/** A TelegramClient that says which token built it. */
const clientFor = (token: string): TelegramClient => ({
  sendMessage: async () => ({ kind: 'delivered', messageId: Number(token.split(':')[0]) }),
  editMessageText: async () => ({ kind: 'delivered', messageId: 0 }),
  sendDocument: async () => ({ kind: 'delivered', messageId: 0 }),
  editMessageReplyMarkup: async () => ({ kind: 'delivered', messageId: 0 }),
  answerCallbackQuery: async () => {},
  sendChatAction: async () => {},
});

describe('the shared bot token reader', () => {
  it('reads nothing until asked, retries a throttled read, and names the parameter (never the value) when it gives up', async () => {
    ssm.calls.length = 0;
    const read = createBotTokenReader({ parameterName: '/nudge/token', maxAgeSeconds: 300, read: providerRead(), sleep: noWait });
    expect(ssm.calls).toHaveLength(0);

    ssm.down = 'ThrottlingException';
    const failure = await read().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).message).toBe('SSM parameter /nudge/token could not be read: ThrottlingException');
    expect(ssm.calls.filter((c) => c.operation === 'GetParameter')).toHaveLength(3);

    ssm.down = undefined;
    expect(await read()).toBe('1000:first-token');
  });

  it('follows a rotation in SSM once the cache age has passed, rebuilding the client only then', async () => {
    ssm.parameters.set('/nudge/rotating', { value: '1:old', type: 'SecureString' });
    const built: string[] = [];
    const telegram = currentTokenTelegram(
      telegramForCurrentToken({
        readToken: createBotTokenReader({ parameterName: '/nudge/rotating', maxAgeSeconds: 1, read: providerRead(), sleep: noWait }),
        build: (token) => {
          built.push(token);
          return clientFor(token);
        },
        log: silentLog,
      }),
      { waitForTokenMs: 0, retryEveryMs: 1, sleep: noWait, clock: () => new Date(), log: silentLog },
    );

    const before = await telegram.sendMessage(1, 'a');
    ssm.parameters.set('/nudge/rotating', { value: '2:new', type: 'SecureString' });
    const cached = await telegram.sendMessage(1, 'b');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const after = await telegram.sendMessage(1, 'c');

    expect([before, cached, after].map((o) => (o.kind === 'delivered' ? o.messageId : -1))).toEqual([1, 1, 2]);
    expect(built).toEqual(['1:old', '2:new']);
  });
});
