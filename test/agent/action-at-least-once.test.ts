import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpRelay } from '../../adapters/agentcore/index.ts';
import type { AgentPayload, AgentRelay } from '../../core/agent-relay/port.ts';
import { silentLog } from '../../core/log.ts';
import { sweep } from '../../core/sweeper/index.ts';
import type { TelegramClient } from '../../core/telegram/port.ts';
import { ShiftedClock } from '../sweeper/support.ts';
import { startAgent, startBackends, type Backends } from './harness.ts';

let backends: Backends;
beforeAll(async () => {
  backends = await startBackends();
});
afterAll(() => backends?.stop());

const LEASE_MS = 5 * 60_000;

describe('a scheduled action whose agent session dies mid-action (issue #12, item 4)', () => {
  it('comes back after its lease and its result arrives exactly once; a repeated hand-over is dropped', async () => {
    // Prepare: one action due in a second. Agent A takes it and dies mid-action (its send never returns);
    // agent B is a fresh session on the same table.
    const chatId = 9_301;
    const dying = await startAgent(backends, { wrapTelegram: (t): TelegramClient => ({ ...t, sendMessage: () => new Promise(() => {}) }) });
    const fresh = await startAgent(backends, { tableName: dying.tableName });
    const clock = new ShiftedClock();
    const now = clock.now();
    await dying.store.createReminder({ chatId, text: 'water-the-plants-action', work: 'action', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(now.getTime() + 1_500) }, now);
    const handedOver: AgentPayload[] = [];
    const relayTo = (url: string): AgentRelay => {
      const relay = createHttpRelay({ url, timeoutMs: 3_000 });
      return { invoke: (chat, payload) => (handedOver.push(payload), relay.invoke(chat, payload)) };
    };
    const sweepVia = (url: string) =>
      sweep({ store: fresh.store, telegram: fresh.telegram, relay: relayTo(url), clock: clock.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), log: silentLog }, { deadline: new Date(clock.now().getTime() + 10_000), lookAheadMs: 5_000, leaseMs: LEASE_MS });

    // Act: the first sweep hands it to A (which dies); after the lease a sweep hands it to B.
    const first = await sweepVia(dying.server.url);
    await new Promise((r) => setTimeout(r, 300));
    const stillClaimed = await fresh.store.getReminder(chatId, (await fresh.store.listReminders(chatId)).items[0]!.id);
    clock.advance(LEASE_MS + 1_000);
    const second = await sweepVia(fresh.server.url);
    await fresh.server.idle();
    // A copy of the first hand-over arrives again (a retried invocation): its claim is stale.
    const response = await fresh.invoke(handedOver[0]);
    await fresh.server.idle();

    // Assess
    const results = backends.standIn.sentMessages(chatId).filter((m) => m.text.includes('water-the-plants-action'));
    console.info(`[item 4] action handed to a dying session, then after its lease: ${results.length} result(s) delivered`);
    expect(first.delivered).toBe(1);
    expect(stillClaimed).toMatchObject({ status: 'pending', claimToken: expect.any(String) });
    expect(second.delivered).toBe(1);
    expect(response.status).toBe(200);
    expect(results).toHaveLength(1);
    expect((await fresh.store.listReminders(chatId)).items).toEqual([]);
    await Promise.all([fresh.stop(), Promise.race([dying.stop(), new Promise((r) => setTimeout(r, 500))])]);
  }, 60_000);

  it('a failing action is backed off with its error on the row, not dropped', async () => {
    // Prepare: the agent's Telegram client throws on every send, so the action cannot finish.
    // The agent's clock reads the sweeper's time: on the harness's default (T0, days earlier) the back-off
    // it records lies in the past, and the sweep, which reads on through its window, takes the row again.
    const chatId = 9_302;
    const clock = new ShiftedClock();
    const now = clock.now();
    const agent = await startAgent(backends, { now, wrapTelegram: (t): TelegramClient => ({ ...t, sendMessage: () => Promise.reject(new Error('boom')) }) });
    const reminder = await agent.store.createReminder({ chatId, text: 'failing-action', work: 'action', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(now.getTime() + 1_500) }, now);

    // Act
    await sweep(
      { store: agent.store, telegram: agent.telegram, relay: createHttpRelay({ url: agent.server.url, timeoutMs: 3_000 }), clock: clock.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), log: silentLog },
      { deadline: new Date(clock.now().getTime() + 10_000), lookAheadMs: 5_000 },
    );
    await agent.server.idle();

    // Assess: pending again, attempts counted, the reason visible.
    const row = await agent.store.getReminder(chatId, reminder.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.lastError).toMatch(/action failed: Error: boom/);
    await agent.stop();
  }, 30_000);
});
