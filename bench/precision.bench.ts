import { randomUUID } from 'node:crypto';
import type { Reminder } from '../core/store/index.ts';
import { deliverWhenDue, startSweeperTimer, type SweepReport } from '../core/sweeper/index.ts';
import type { ScenarioContext } from './run.ts';
import { deliveriesAt } from './harness/deliveries.ts';
import type { ScenarioOutput } from './harness/results.ts';
import { distribution } from './harness/stats.ts';
import { LATE_MS, lateStories } from './harness/late-stories.ts';
import { traceDeliveries } from './harness/delivery-trace.ts';
import { benchStore, benchTelegram, NO_TELEGRAM_LIMITS, realSleep, startSweeperRig, sweepDeps } from './harness/sweeper-rig.ts';

/**
 * Precision: reminders due at random seconds, created through the store while the sweeper runs on its
 * normal cadence (a timer on the interval, one-interval look-ahead: the Lambda's shape). Like the agent,
 * every new reminder is also handed to `deliverWhenDue`, the short timer for reminders due before the
 * next run; about 10 % are created less than one interval before they are due, which only that timer
 * (or a run's re-query) can deliver on time. Lag = when the stand-in accepted the message − due second.
 * Telegram's limits are off: this measures timing, not the 30/s ceiling (see backlog, rate-limits).
 */
export const name = 'precision';
export const order = 10;

const LATE_CREATED_SHARE = 0.1;

export async function run({ quick }: ScenarioContext): Promise<ScenarioOutput> {
  const count = quick ? 60 : 1_000;
  const spanMs = quick ? 10_000 : 180_000;
  const intervalMs = quick ? 5_000 : 60_000;
  const chats = quick ? 50 : 200;
  const rig = await startSweeperRig();
  try {
    const store = benchStore(rig, await rig.dynamo.newTable('precision'));
    // Traced store and client: for each reminder delivered late, the bench says which run (or timer) sent it and why.
    const trace = traceDeliveries(store, benchTelegram(rig, { limits: NO_TELEGRAM_LIMITS }));
    const deps = { ...sweepDeps({ store, telegram: trace.telegram }), store: trace.store };
    const marker = `pr${randomUUID().slice(0, 4)}`;
    const start = Date.now();
    const firstDue = Math.ceil((start + 5_000) / 1000) * 1000;
    // Due seconds start one interval out, so only the ~10 % written late are written less than an interval before due.
    const plan = Array.from({ length: count }, (_, i) => {
      const dueAt = firstDue + intervalMs + Math.floor(Math.random() * (spanMs / 1000)) * 1000;
      const late = i < count * LATE_CREATED_SHARE;
      const createAt = late ? dueAt - 1_000 - Math.floor(Math.random() * (intervalMs - 2_000)) : start + Math.random() * 2_000;
      return { index: i, dueAt, createAt, lateCreated: dueAt - createAt < intervalMs };
    });
    const reports: SweepReport[] = [];
    const timerStarted = Date.now();
    const timer = startSweeperTimer({ deps, intervalMs, sweep: { lookAheadMs: intervalMs }, onReport: (report) => reports.push(report) });
    let createErrors = 0;
    let earlyTimerDeliveries = 0;
    const reminderIds = new Map<number, string>();
    const deliveredByTimer = new Set<string>();
    const early: Array<Promise<unknown>> = [];
    await Promise.all(
      plan.map(async (item) => {
        await realSleep(Math.max(0, item.createAt - Date.now()));
        let reminder: Reminder;
        try {
          reminder = await store.createReminder({ chatId: 60_000_000 + (item.index % chats), text: `${marker}-${item.index}-end`, work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(item.dueAt) }, new Date());
        } catch {
          createErrors++;
          return;
        }
        reminderIds.set(item.index, reminder.id);
        early.push(
          deliverWhenDue(reminder, deps, { maxWaitMs: intervalMs + 30_000 }).then((result) => {
            if (result?.outcome === 'delivered') {
              earlyTimerDeliveries++;
              deliveredByTimer.add(reminder.id);
            }
          }),
        );
      }),
    );
    const lastDue = Math.max(...plan.map((item) => item.dueAt));
    while (Date.now() < lastDue + 5_000) await realSleep(500);
    await Promise.allSettled(early);
    await timer.stop();
    const loop = trace.stop();
    // Share of the time a sweeper run was up: what Lambda would bill (the cost model's waiting line).
    const busyMs = reports.reduce((sum, r) => sum + (Date.parse(r.finishedAt) - Date.parse(r.startedAt)), 0);
    const sweeperBusyShare = Number(Math.min(1, busyMs / (Date.now() - timerStarted)).toFixed(3));

    const { first, duplicates } = deliveriesAt(rig.standIn, marker);
    const row = (label: string, items: typeof plan) => {
      const lags = items.flatMap((item) => {
        const delivery = first.get(item.index);
        return delivery ? [delivery.receivedAt - item.dueAt] : [];
      });
      const lag = distribution(lags);
      return {
        reminders: label,
        count: items.length,
        delivered: lags.length,
        lost: items.length - lags.length,
        early: lags.filter((ms) => ms < 0).length,
        lateOver1s: lags.filter((ms) => ms > LATE_MS).length,
        lagP50Ms: lag.p50,
        lagP95Ms: lag.p95,
        lagP99Ms: lag.p99,
        lagMaxMs: lag.max,
        earliestMs: lag.min,
      };
    };
    const rows = [
      { ...row('all', plan), duplicates },
      row(`created ≥ 1 interval before due`, plan.filter((item) => !item.lateCreated)),
      row(`created < 1 interval before due`, plan.filter((item) => item.lateCreated)),
    ];
    return {
      parameters: { reminders: count, spanSeconds: spanMs / 1000, sweepIntervalMs: intervalMs, lookAheadMs: intervalMs, lateCreatedShare: LATE_CREATED_SHARE, chats, telegramLimits: 'off' },
      rows,
      extra: {
        sweeperRuns: reports.length,
        sweeperBusyShare,
        earlyTimerDeliveries,
        createErrors,
        deliveredPerRun: reports.map((r) => r.delivered),
        // The bench process's event loop (the sweeper, the timers and the stand-in all run in it).
        eventLoop: loop,
        // Every reminder more than 1 s late, with what the trace saw of it (times in ms relative to its due second).
        late: lateStories({ plan, first, marker, reminderIds, deliveredByTimer, reports, trace }),
        // Raw lags (ms) by reminder, for anyone who wants another percentile or a histogram.
        lagsMs: plan.map((item) => (first.has(item.index) ? first.get(item.index)!.receivedAt - item.dueAt : null)),
      },
    };
  } finally {
    await rig.stop();
  }
}
