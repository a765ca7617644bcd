import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NewReminder } from '../../core/store/index.ts';
import { sweep, type SweepReport } from '../../core/sweeper/index.ts';
import { POSSIBLE_REPEAT_NOTE } from '../../core/delivery/reminder-message.ts';
import { createTelegramClient } from '../../adapters/telegram/index.ts';
import { createMany, depsFor, RecordingLog, ShiftedClock, startRig, storeOver, TOKEN, type SweeperRig } from './support.ts';

let rig: SweeperRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig?.stop());
afterEach(() => rig.standIn.faults.reset());

function dueSoon(count: number, chatBase: number, marker: string, now: Date): NewReminder[] {
  return Array.from({ length: count }, (_, i) => ({
    chatId: chatBase + i,
    text: `${marker}-${i}`,
    work: 'message',
    schedule: { kind: 'once' },
    tz: 'UTC',
    dueAt: new Date(now.getTime() + 1_000),
  }));
}

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The client gives up on a request after 300 ms; the stand-in answers after 900 ms but still posts the message. */
function impatientTelegram() {
  return createTelegramClient({
    token: TOKEN,
    apiRoot: rig.standIn.apiRoot,
    limits: { perBotPerSecond: 10_000, perPrivateChatPerSecond: 1_000, perGroupPerMinute: 10_000 },
    requestTimeoutMs: 300,
    maxWaitMs: 2_500,
  });
}

describe('a slow Telegram (issue #12, item 2)', () => {
  it('never re-sends blindly: each reminder Telegram did not confirm is sent once more, marked, and then recorded', async () => {
    // Prepare: 4 reminders in 4 chats, due in a second; Telegram takes 900 ms to answer each send (and posts it).
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    await createMany(store, dueSoon(4, 12_000, 'slow', clock.now()), clock.now());
    rig.standIn.faults.setSlow(900);
    const log = new RecordingLog();
    const telegram = impatientTelegram();

    // Act: sweep, then keep sweeping past every back-off and lease (as the minutes would) until nothing is due.
    const reports: SweepReport[] = [];
    for (let run = 0; run < 8; run++) {
      reports.push(await sweep(depsFor(rig, { store, clock, telegram, log }), { deadline: new Date(clock.now().getTime() + 20_000), lookAheadMs: 5_000, retryBaseMs: 1_000 }));
      if ((await store.findDue(new Date(clock.now().getTime() + 3_600_000))).rows.length === 0) break;
      clock.advance(6 * 60_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // let the last slow answers land at the stand-in

    // Assess: two copies each at most — the second says it may be a repeat (before the fix: the client
    // re-sent each timed-out request itself, then the sweeper did, without a word).
    const messages = rig.standIn.sentMessages().filter((m) => m.text.includes('slow-'));
    console.info(`[item 2] 4 reminders, Telegram slower than the client's timeout: ${messages.length} messages delivered`);
    expect(messages).toHaveLength(8);
    for (let i = 0; i < 4; i++) {
      const copies = messages.filter((m) => m.text.startsWith(`⏰ #1 slow-${i}`)).map((m) => m.text.includes(POSSIBLE_REPEAT_NOTE));
      expect(copies).toEqual([false, true]);
    }
    expect(reports.reduce((sum, r) => sum + r.maybeDelivered, 0)).toBe(8);
    expect(reports.reduce((sum, r) => sum + r.delivered, 0)).toBe(4);
    expect(log.lines.filter((l) => l.message.startsWith('reminder maybe delivered'))).toHaveLength(8);
    expect((await store.findDue(new Date(clock.now().getTime() + 3_600_000))).rows).toEqual([]);
  }, 60_000);

  it('loses nothing when Telegram drops the connection after reading the request: the marked re-send delivers it', async () => {
    // Prepare: the first send's connection is closed without an answer (and without posting the message).
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    await createMany(store, dueSoon(1, 12_050, 'dropped', clock.now()), clock.now());
    rig.standIn.faults.dropNext(1, 'sendMessage');
    const telegram = impatientTelegram();

    // Act
    const first = await sweep(depsFor(rig, { store, clock, telegram }), { deadline: new Date(clock.now().getTime() + 10_000), lookAheadMs: 5_000, retryBaseMs: 1_000 });
    clock.advance(60_000);
    const second = await sweep(depsFor(rig, { store, clock, telegram }), { deadline: new Date(clock.now().getTime() + 10_000), lookAheadMs: 5_000 });

    // Assess: one message, marked as a possible repeat; nothing left due.
    // (The re-send is due a second or two later, so the first run may already make it.)
    expect(first).toMatchObject({ maybeDelivered: 1, retried: 1 });
    expect(first.delivered + second.delivered).toBe(1);
    expect(rig.standIn.sentMessages().filter((m) => m.text.includes('dropped-0')).map((m) => m.text.includes(POSSIBLE_REPEAT_NOTE))).toEqual([true]);
  }, 30_000);

  it('still retries a send that never left (nothing listening): the reminder is not given up as maybe delivered', async () => {
    // Prepare: a client pointed at a closed port — the connection is refused before any request is written.
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const [reminder] = await createMany(store, dueSoon(1, 12_100, 'refused', clock.now()), clock.now());
    const telegram = createTelegramClient({ token: TOKEN, apiRoot: `http://127.0.0.1:${await closedPort()}`, maxWaitMs: 500, requestTimeoutMs: 300 });

    // Act
    const report = await sweep(depsFor(rig, { store, clock, telegram }), { deadline: new Date(clock.now().getTime() + 10_000), lookAheadMs: 5_000 });

    // Assess: retried later, still in the index.
    expect(report.maybeDelivered).toBe(0);
    expect(report.retried).toBe(1);
    const row = await store.getReminder(reminder!.chatId, reminder!.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
  }, 30_000);
});
