import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxMailSender, listOutbox } from '../../adapters/mail/mail-outbox.ts';
import { readToolConfig } from '../../agent/tools/config.ts';
import { createChatApp, DEFAULT_CHAT_PAGE_CHATS } from '../../local/chat-server.ts';
import { readLocalToolSettings } from '../../local/agent-tools.ts';
import { formatBanner } from '../../local/banner.ts';
import { tempOutbox } from './support.ts';

// The local outbox (.eml files a mail client opens; read back for the chat page's Outbox panel) and
// the tools' settings.

let outbox: Awaited<ReturnType<typeof tempOutbox>>;
beforeAll(async () => {
  outbox = await tempOutbox();
});
afterAll(() => outbox?.remove());

describe('local outbox', () => {
  it('writes RFC 5322 plain-text files that read back exactly, per chat, newest first', async () => {
    // Prepare
    const sender = createOutboxMailSender(outbox.dir, () => new Date('2026-11-24T09:00:00.000Z'));
    const long = `Grüße — ${'a very long line '.repeat(10)}= end `;

    // Act
    await sender.send({ from: 'nudge@localhost', to: 'ann@example.com', subject: 'Zusammenfassung: AgentCore ✓', text: `${long}\nsecond line`, chatId: 1001 });
    await sender.send({ from: 'nudge@localhost', to: 'bob@example.com', subject: 'Other chat', text: 'hi', chatId: 1002 });
    await sender.send({ from: 'nudge@localhost', to: 'ann@example.com', subject: 'Second', text: 'two', chatId: 1001 });

    // Assess
    const files = (await readdir(outbox.dir)).sort();
    expect(files).toHaveLength(3);
    const raw = await readFile(join(outbox.dir, files[0]!), 'utf8');
    expect(raw).toContain('Subject: =?UTF-8?B?');
    expect(raw).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(raw.split('\r\n').every((line) => line.length <= 998)).toBe(true);
    const ann = await listOutbox(outbox.dir, { chatId: 1001 });
    expect(ann.map((m) => m.subject)).toEqual(['Second', 'Zusammenfassung: AgentCore ✓']);
    expect(ann[1]).toMatchObject({ to: 'ann@example.com', from: 'nudge@localhost', chatId: 1001, text: `${long}\nsecond line` });
  });

  it('the chat page serves a chat\'s outbox as JSON, and its panel files', async () => {
    // Prepare
    const app = createChatApp({ standInUrl: 'http://127.0.0.1:1', page: { botName: 'Nudge', brain: 'test', ...DEFAULT_CHAT_PAGE_CHATS }, outboxDir: outbox.dir });

    // Act
    const forBob = (await (await app.request('/outbox.json?chat=1002')).json()) as { enabled: boolean; messages: Array<{ subject: string }> };
    const script = await app.request('/outbox.js');
    const page = await (await app.request('/')).text();

    // Assess
    expect(forBob).toMatchObject({ enabled: true, messages: [{ subject: 'Other chat' }] });
    expect(script.status).toBe(200);
    expect(page).toContain('id="outbox"');
  });

  it('a missing outbox folder is an empty outbox', async () => {
    expect(await listOutbox(join(outbox.dir, 'nope'))).toEqual([]);
  });
});

describe('tool settings', () => {
  it('the agent reads each provider and names the missing or bad key', () => {
    expect(readToolConfig({})).toEqual({});
    expect(readToolConfig({ NUDGE_SEARCH_PROVIDER: 'brave', NUDGE_SEARCH_API_KEY_PARAM: '/k', NUDGE_EMAIL_FROM: 'Bot@Example.com' })).toEqual({
      search: { provider: 'brave', apiKey: { from: 'ssm', parameterName: '/k' }, timeoutMs: 8000 },
      email: { from: 'bot@example.com', dailyLimit: 20, transport: { kind: 'ses' } },
    });
    const bad: Array<[Record<string, string>, string]> = [
      [{ NUDGE_SEARCH_PROVIDER: 'bing' }, 'NUDGE_SEARCH_PROVIDER'],
      [{ NUDGE_SEARCH_PROVIDER: 'brave' }, 'NUDGE_SEARCH_API_KEY_PARAM'],
      [{ NUDGE_SEARCH_PROVIDER: 'agentcore' }, 'NUDGE_SEARCH_GATEWAY_ARN'],
      [{ NUDGE_SEARCH_PROVIDER: 'agentcore', NUDGE_SEARCH_GATEWAY_ARN: 'gw-1' }, 'NUDGE_SEARCH_GATEWAY_ARN'],
      [{ NUDGE_EMAIL_FROM: 'nobody' }, 'NUDGE_EMAIL_FROM'],
      [{ NUDGE_EMAIL_FROM: 'a@b.example', NUDGE_EMAIL_DAILY_LIMIT: '0' }, 'NUDGE_EMAIL_DAILY_LIMIT'],
    ];
    for (const [env, key] of bad) expect(() => readToolConfig(env), key).toThrow(expect.objectContaining({ name: 'ConfigError', key }));
  });

  it('the banner says which tools are on', () => {
    const stack = { urls: { chat: 'http://127.0.0.1:8080', agent: '', webhook: '', telegramApi: '', dynamo: '' }, telegram: 'stand-in' as const, access: { mode: 'open' as const }, dataDir: '/d' };
    const banner = formatBanner({ stack, brain: 'b', defaultTimezone: 'UTC', tools: 'web search off; e-mail to the outbox folder (/d/outbox)' });
    expect(banner).toContain('  Tools:          web search off; e-mail to the outbox folder (/d/outbox)');
  });

  it('local mode: search off by default, the stand-in or Brave on request', () => {
    expect(readLocalToolSettings({})).toEqual({ emailDailyLimit: 20 });
    expect(readLocalToolSettings({ NUDGE_SEARCH_PROVIDER: 'standin', NUDGE_EMAIL_DAILY_LIMIT: '5' })).toEqual({ search: { kind: 'standin' }, emailDailyLimit: 5 });
    expect(() => readLocalToolSettings({ NUDGE_SEARCH_PROVIDER: 'brave' })).toThrow(expect.objectContaining({ key: 'NUDGE_SEARCH_API_KEY' }));
    expect(() => readLocalToolSettings({ NUDGE_SEARCH_PROVIDER: 'agentcore' })).toThrow(expect.objectContaining({ key: 'NUDGE_SEARCH_PROVIDER' }));
  });
});
