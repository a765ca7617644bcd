import { percentile, startSweeperTimer, sweep, type SweepReport } from '../core/sweeper/index.ts';
import type { NewReminder } from '../core/store/index.ts';
import { createMany, depsFor, realSleep, ShiftedClock, startRig, storeOver, telegramFor, type SweeperRig } from '../test/sweeper/support.ts';

/**
 * Sweeper lag and throughput over real dynalite and the Telegram stand-in (real HTTP):
 * - precision: reminders due at random seconds over two minutes, the local timer on the minute with
 *   a one-minute look-ahead (the Lambda's shape); lag = when the stand-in accepted the message − due time;
 * - spike: many reminders due in the same second, one sweeper — with Telegram's limits off (what the
 *   sweeper and the table can do) and on (30 msg/s per bot: what users would see at 09:00).
 */
export const name = 'sweeper-lag';

const PRECISION_REMINDERS = 120;
const PRECISION_SPAN_S = 120;
const SPIKE_UNLIMITED = 2_000;
const SPIKE_LIMITED = 300;

interface LagSummary {
  scenario: string;
  reminders: number;
  delivered: number;
  duplicates: number;
  seconds: number;
  perSecond: number;
  lagP50Ms: number | null;
  lagP95Ms: number | null;
  lagMaxMs: number | null;
  earliestMs: number | null;
}

export async function run(): Promise<Record<string, unknown>> {
  const rig = await startRig();
  try {
    const rows: LagSummary[] = [];
    rows.push(await precision(rig));
    rows.push(await spike(rig, 'spike, Telegram limits off', SPIKE_UNLIMITED, true));
    rows.push(await spike(rig, 'spike, Telegram limits 30/s', SPIKE_LIMITED, false));
    return { rows };
  } finally {
    await rig.stop();
  }
}

/** `count` reminders over `chats` chats starting at `firstChat` (scenarios use separate chats on the shared stand-in). */
function inputs(count: number, marker: string, dueAt: (i: number) => Date, chats: number, firstChat: number): NewReminder[] {
  return Array.from({ length: count }, (_, i) => ({
    chatId: firstChat + (i % chats),
    text: `${marker}-${i}-end`,
    work: 'message',
    schedule: { kind: 'once' },
    tz: 'UTC',
    dueAt: dueAt(i),
  }));
}

/** Lag of each reminder as the stand-in saw it. */
function measure(rig: SweeperRig, scenario: string, marker: string, reminders: NewReminder[], seconds: number): LagSummary {
  const dueByText = new Map(reminders.map((r) => [r.text, r.dueAt.getTime()]));
  const seen = new Map<string, number>();
  const lags: number[] = [];
  for (const message of rig.standIn.sentMessages()) {
    const text = new RegExp(`${marker}-\\d+-end`).exec(message.text)?.[0];
    if (!text) continue;
    seen.set(text, (seen.get(text) ?? 0) + 1);
    if (seen.get(text) === 1) lags.push(message.received_at - dueByText.get(text)!);
  }
  return {
    scenario,
    reminders: reminders.length,
    delivered: seen.size,
    duplicates: [...seen.values()].reduce((sum, n) => sum + n - 1, 0),
    seconds: Math.round(seconds * 10) / 10,
    perSecond: Math.round(seen.size / seconds),
    lagP50Ms: percentile(lags, 50),
    lagP95Ms: percentile(lags, 95),
    lagMaxMs: lags.length ? Math.max(...lags) : null,
    earliestMs: lags.length ? Math.min(...lags) : null,
  };
}

async function precision(rig: SweeperRig): Promise<LagSummary> {
  const store = storeOver(rig.dynamo.doc, await rig.dynamo.newTable());
  const clock = new ShiftedClock();
  const now = clock.now();
  const first = Math.ceil(now.getTime() / 1000) * 1000 + 5_000;
  const reminders = inputs(PRECISION_REMINDERS, 'prec', () => new Date(first + Math.floor(Math.random() * PRECISION_SPAN_S) * 1000), 60, 10_000_000);
  await createMany(store, reminders, now);
  const last = Math.max(...reminders.map((r) => r.dueAt.getTime()));
  const reports: SweepReport[] = [];
  const started = Date.now();
  const timer = startSweeperTimer({ deps: depsFor(rig, { store, clock }), intervalMs: 60_000, onReport: (r) => reports.push(r) });
  while (Date.now() < last + 5_000) await realSleep(500);
  await timer.stop();
  return measure(rig, `precision: random seconds over ${PRECISION_SPAN_S} s, ${reports.length} runs`, 'prec', reminders, (Date.now() - started) / 1000);
}

async function spike(rig: SweeperRig, scenario: string, count: number, limitsOff: boolean): Promise<LagSummary> {
  const store = storeOver(rig.dynamo.doc, await rig.dynamo.newTable());
  const clock = new ShiftedClock();
  const now = clock.now();
  const due = new Date(Math.ceil(now.getTime() / 1000) * 1000 + 60_000);
  const marker = limitsOff ? 'spikefree' : 'spikelim';
  const reminders = inputs(count, marker, () => due, Math.min(count, 1_000), limitsOff ? 11_000_000 : 12_000_000);
  await createMany(store, reminders, now);
  clock.set(new Date(due.getTime() - 1_500));
  const started = Date.now();
  const telegram = telegramFor(rig, { fast: limitsOff, maxWaitMs: 20_000 });
  await sweep({ ...depsFor(rig, { store, clock, telegram }) }, { deadline: new Date(due.getTime() + 300_000), concurrency: 32 });
  // Lag is measured against the shifted clock's due time: convert stand-in times back into it.
  const shift = clock.now().getTime() - Date.now();
  const summary = measure(rig, scenario, marker, reminders.map((r) => ({ ...r, dueAt: new Date(r.dueAt.getTime() - shift) })), (Date.now() - started - 1_500) / 1000);
  return summary;
}
