import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NewReminder } from '../../core/store/index.ts';
import { sweep, type SweepReport } from '../../core/sweeper/index.ts';
import { createTelegramClient } from '../../core/telegram/index.ts';
import { countAtStandIn, createMany, depsFor, RecordingLog, ShiftedClock, startRig, storeOver, TOKEN, type SweeperRig } from './support.ts';

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
  it('delivers each reminder exactly once when every answer comes after the client timed out, and counts them as maybe delivered', async () => {
    // Prepare: 4 reminders in 4 chats, due in a second; Telegram takes 900 ms to answer each send.
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

    // Assess: one copy each (before the fix: the client re-sent each timed-out request, then the sweeper did).
    const copies = countAtStandIn(rig.standIn, 'slow-');
    console.info(`[item 2] 4 reminders, Telegram slower than the client's timeout: ${copies} messages delivered`);
    expect(copies).toBe(4);
    expect(reports.reduce((sum, r) => sum + r.maybeDelivered, 0)).toBe(4);
    expect(reports.reduce((sum, r) => sum + r.delivered, 0)).toBe(4);
    expect(log.lines.filter((l) => l.message.startsWith('reminder maybe delivered'))).toHaveLength(4);
    expect((await store.findDue(new Date(clock.now().getTime() + 3_600_000))).rows).toEqual([]);
  }, 60_000);

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
