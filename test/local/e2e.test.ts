import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirLockedError } from '../../local/data-dir-lock.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { buttonData, ChatUser, type ChatMessage } from './chat-user.ts';

/**
 * The whole local stack in-process (dynalite, stand-in, agent, webhook, sweeper, chat page) on
 * ports 0, driven over real HTTP through the stand-in's user-side API. The clock runs in real time
 * plus `offset`, so the test can jump ahead by minutes or hours.
 */
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let dataDir: string;
let stack: LocalStack | undefined;

const MINUTE = 60_000;
const isDelivery = (text: string) => (m: ChatMessage) => m.text.includes(text) && m.buttons.flat().some((b) => b.callback_data?.startsWith('done:'));

async function start(): Promise<{ stack: LocalStack; alice: ChatUser }> {
  const started = await startLocalStack({ dataDir, clock, defaultTimezone: 'Europe/Berlin' });
  return { stack: started, alice: new ChatUser(started.urls.standIn!, 1001, { id: 1001, first_name: 'Alice' }) };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'nudge-local-e2e-'));
});

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('local stack end to end', () => {
  it('confirms, delivers on the second, snoozes, lists, cancels, and keeps data across a restart', async () => {
    // Prepare
    const first = await start();
    stack = first.stack;
    const { alice } = first;

    // Act: a reminder in 10 seconds, in plain words.
    const sentAt = Date.now();
    const saidId = await alice.say('remind me in 10 seconds to stretch');
    const confirmation = await alice.waitForBot(saidId, () => true);

    // Assess: confirmed at once, delivered within 2 s of its due time (never early).
    expect(confirmation.text).toMatch(/stretch/i);
    expect(confirmation.received_at - sentAt).toBeLessThan(2_000);
    const delivered = await alice.waitForBot(confirmation.message_id, isDelivery('stretch'), 15_000);
    const dueAt = sentAt + 10_000;
    expect(delivered.received_at).toBeGreaterThanOrEqual(dueAt - 50);
    expect(delivered.received_at - dueAt).toBeLessThan(2_000);

    // Act: Snooze 10 min, then jump 10 minutes ahead and sweep.
    await alice.press(delivered.message_id, buttonData(delivered, (d) => d.startsWith('snooze:') && d.endsWith(':10m')));
    await waitFor(async () => (await alice.messages()).find((m) => m.message_id === delivered.message_id)?.text.match(/snoozed/i));
    offset += 10 * MINUTE + 2_000;
    await stack.sweepNow();

    // Assess: it comes again, as a new message with buttons.
    const again = await alice.waitForBot(delivered.message_id, isDelivery('stretch'), 5_000);
    expect(again.message_id).toBeGreaterThan(delivered.message_id);

    // Act + Assess: /list shows a new reminder, /cancel removes it.
    const created = await alice.ask('/remind in 2 hours call mom');
    expect(created.text).toMatch(/call mom/);
    const listed = await alice.ask('/list');
    const shortId = /#(\d+)[^\n]*call mom/.exec(listed.text)?.[1];
    expect(shortId, listed.text).toBeDefined();
    const cancelled = await alice.ask(`/cancel #${shortId}`);
    expect(cancelled.text).toMatch(/call mom/);
    const listedAfterCancel = await alice.ask('/list');
    expect(listedAfterCancel.text).not.toMatch(/call mom/);

    // Prepare the restart: one reminder that is still ahead, one that falls due while stopped.
    expect((await alice.ask('/remind in 5 hours buy milk')).text).toMatch(/buy milk/);
    expect((await alice.ask('/remind in 1 hour water the plants')).text).toMatch(/water the plants/);

    // Act: while it runs, a second copy on the same data folder is refused.
    const refused = startLocalStack({ dataDir, clock });
    await expect(refused).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(refused).rejects.toThrow(/in use by another Nudge \(pid \d+\)/);

    // Act: stop, let 1 h pass, start again on the same folder.
    await stack.stop();
    offset += 61 * MINUTE;
    const second = await start();
    stack = second.stack;

    // Assess: the reminder that fell due while stopped arrives at once, late, once…
    const late = await second.alice.waitForBot(0, isDelivery('water the plants'), 5_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await stack.sweepNow();
    expect((await second.alice.messages()).filter(isDelivery('water the plants'))).toHaveLength(1);
    // …and the rest is still there.
    const listedAfterRestart = await second.alice.ask('/list');
    expect(listedAfterRestart.text).toMatch(/buy milk/);
    expect(listedAfterRestart.text).not.toMatch(/water the plants/);
    expect(late.from).toBe('bot');
  });

  it('serves the chat page and passes the user-side API through it', async () => {
    // Prepare
    const running = stack ?? (stack = (await start()).stack);
    const chatUrl = running.urls.chat!;

    // Act
    const page = await fetch(chatUrl);
    const config = (await (await fetch(`${chatUrl}/config.json`)).json()) as { chats: { id: number }[]; brain: string };
    const viaPage = new ChatUser(chatUrl, 1002, { id: 1002, first_name: 'Bob' });
    const answer = await viaPage.ask('/help');

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('aria-live="polite"');
    expect(config.chats.map((c) => c.id)).toEqual([1001, 1002, -1003]);
    expect(config.brain).toMatch(/deterministic/);
    expect(answer.text).toMatch(/\/list/);
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined | null>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
