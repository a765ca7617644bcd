import type { SweepReport } from '../../core/sweeper/index.ts';
import type { Delivery } from './deliveries.ts';
import type { DeliveryTrace } from './delivery-trace.ts';

/** A reminder this much later than its second gets its story written out. */
export const LATE_MS = 1_000;
/** How far before the due second the story looks (reads and lost claims on its shard, stalls, slow calls). */
const BEFORE_MS = 15_000;

export interface LateInput {
  plan: ReadonlyArray<{ index: number; dueAt: number; createAt: number; lateCreated: boolean }>;
  first: ReadonlyMap<number, Delivery>;
  marker: string;
  reminderIds: ReadonlyMap<number, string>;
  deliveredByTimer: ReadonlySet<string>;
  reports: readonly SweepReport[];
  trace: DeliveryTrace;
}

/**
 * For each reminder delivered more than 1 s late: who delivered it (which sweeper run, or its own early
 * timer), that run's window, when the row was first read and from which shard, its claims, its sends
 * and Telegram's answers, the reads of its shard and the claims lost there just before, and the bench
 * process's stalls and slow store calls around it. Times are ms relative to the due second (+ = after).
 */
export function lateStories(input: LateInput): Array<Record<string, unknown>> {
  const { trace } = input;
  const sendsByIndex = new Map<number, DeliveryTrace['sends'] extends Map<string, infer V> ? V : never>();
  const pattern = new RegExp(`\\b${input.marker}-(\\d+)-end\\b`);
  for (const [text, sends] of trace.sends) {
    const match = pattern.exec(text);
    if (match) sendsByIndex.set(Number(match[1]), sends);
  }
  const runOf = new Map<string, number>();
  input.reports.forEach((report, run) => {
    for (const row of report.rows) if (row.outcome === 'delivered' || row.outcome === 'delivered-uncompleted') runOf.set(row.reminderId, run);
  });

  return input.plan.flatMap((item) => {
    const delivery = input.first.get(item.index);
    if (!delivery || delivery.receivedAt - item.dueAt <= LATE_MS) return [];
    const due = item.dueAt;
    const end = delivery.receivedAt;
    const rel = (at: number) => at - due;
    const id = input.reminderIds.get(item.index);
    const row = id ? trace.rows.get(id) : undefined;
    const run = id ? runOf.get(id) : undefined;
    const near = (at: number) => at >= due - BEFORE_MS && at <= end;
    const shard = row?.shard;
    return [
      {
        index: item.index,
        reminderId: id,
        dueAt: new Date(due).toISOString(),
        lagMs: end - due,
        createdMs: Math.round(rel(item.createAt)),
        lateCreated: item.lateCreated,
        deliveredBy: id && input.deliveredByTimer.has(id) ? 'early timer' : run === undefined ? 'unknown' : `run ${run}`,
        shard,
        firstReadMs: row?.firstReadAt === undefined ? null : rel(row.firstReadAt),
        reads: row?.reads ?? 0,
        checksBeforeClaim: row?.checks ?? 0,
        claims: (row?.claims ?? []).map((claim) => ({ atMs: rel(claim.at), tookMs: claim.ms, won: claim.won })),
        sends: (sendsByIndex.get(item.index) ?? []).map((send) => ({ atMs: rel(send.at), answeredMs: rel(send.answeredAt), outcome: send.outcome })),
        // Runs up around the due second: their start, window end and finish.
        runs: input.reports.flatMap((report, index) => {
          const started = Date.parse(report.startedAt);
          const finished = Date.parse(report.finishedAt);
          if (finished < due - BEFORE_MS || started > end) return [];
          return [{ run: index, startedMs: rel(started), windowEndMs: rel(Date.parse(report.windowEnd)), finishedMs: rel(finished), stoppedBy: report.stoppedBy, delivered: report.delivered, claimConflicts: report.claimConflicts }];
        }),
        shardPages: trace.pages.filter((page) => page.shard === shard && near(page.at)).map((page) => ({ atMs: rel(page.at), tookMs: page.ms, rows: page.rows })),
        // Every page read around it, any shard: [ms, shard, rows, due of its last row (ms)]. The run reads the least-far shard first.
        pagesAllShards: trace.pages.filter((page) => near(page.at)).map((page) => [rel(page.at), page.shard, page.rows, page.lastDueAt === undefined ? null : rel(page.lastDueAt)]),
        checksOnShardMs: (shard === undefined ? [] : (trace.checksByShard.get(shard) ?? [])).filter(near).map(rel),
        lostClaimsOnShardMs: (shard === undefined ? [] : (trace.lostClaimsByShard.get(shard) ?? [])).filter((at) => at >= due - 2 * BEFORE_MS && at <= end).map(rel),
        stalls: trace.stalls.filter((stall) => near(stall.at)).map((stall) => ({ atMs: rel(stall.at), ms: stall.ms })),
        slowStoreCalls: trace.slowCalls.filter((call) => near(call.at)).map(({ at, ...call }) => ({ ...call, atMs: rel(at) })),
      },
    ];
  });
}
