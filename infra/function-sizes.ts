/**
 * Memory of the two Lambdas, in one place the cost model (`bench/cost.bench.ts`) reads too, so the
 * priced figure is the deployed one. Free of CDK imports for that reason.
 */

/**
 * The sweeper mostly waits — for each reminder's second inside its minute, and on Telegram and DynamoDB
 * round trips — and Lambda bills that waiting by memory × wall time, so memory is its price: a month with
 * something due in every minute costs $4.32 per 128 MB of it. 256 MB, from the bundle as Lambda runs it
 * (`npm run bench -- sweeper-size`, README "Sweeper size"; 2-core AMD EPYC, load 4.5 at the start):
 *
 * - Memory: the bundled handler in a plain `node` process peaks at 119–151 MB RSS over every case (an
 *   ordinary minute, 300 due in one second, 2,000 and 100,000 overdue), node itself (42 MB) included,
 *   heap 30–46 MB; it holds a bounded number of rows however large the backlog. Assumed: Lambda's Node
 *   runtime adds ~35 MB over a plain process. 128 MB cannot hold it (119–144 MB under its own heap limits,
 *   ~155–180 with the runtime); 192 MB would leave ~24 MB (12 %) over its worst case (133 + 35); 256 MB
 *   leaves ~75 MB (29 %) over its (146 + 35). Running out of memory
 *   mid-send is not just a failed tick: a message Telegram accepted but the row never recorded is sent
 *   once more after its lease, so the margin is kept.
 * - CPU: Lambda gives M/1,769 of a vCPU. A warm delivery costs 7.5–8.7 ms of CPU uncapped (claim, send,
 *   complete: three DynamoDB requests and one Telegram send), 10–12 ms capped; an ordinary tick adds ~0.8–1.1 s of its own
 *   (lease, re-reads, token, metrics). 30 sends/s (Telegram's limit) needs ~0.23–0.36 of a core, i.e.
 *   400–640 MB, so no candidate fits it. Capped at its share (a cgroup CPU quota of 0.145 core), 256 MB
 *   sent 13.8/s: an ordinary minute is unaffected (p99 lag 332 ms; 56 ms at 512 MB), and a burst above
 *   ~14 due per second is served at ~14/s instead of ~25/s (512 MB) or Telegram's 30/s — 300 due at once
 *   reached Telegram with p99 21.5 s instead of 11.9 s (512 MB) and 10.3 s (uncapped), ~2× slower. A
 *   backlog drains at ~14/s. 128 MB (7.4/s, burst p99 40 s, a 3.5 s cold init) and 192 MB (11.1/s, 27 s)
 *   were measured too.
 * - Not measured here: Graviton's core (this was an x86 core) and TLS to the real endpoints (loopback HTTP
 *   here) both may add CPU per send. Check `Max Memory Used` in the sweeper's REPORT log lines after a
 *   deploy; above ~200 MB, or if bursts must drain near Telegram's rate, use 512 MB ($17.28 instead of
 *   $8.64 for a month in which the sweeper is up all the time).
 */
export const SWEEPER_MEMORY_MB = 256;

/** Memory buys CPU: 512 MB keeps cold starts and SDK signing fast for a small bundle. */
export const WEBHOOK_MEMORY_MB = 512;

/**
 * A tick claims for up to (timeout − 30 s safety margin) and waits for each reminder's second within
 * its one-minute look-ahead, so it needs 60 s of claiming plus the margin to finish sends and record
 * them: 120 s. Shorter and the last seconds of each window slip a minute. Wall time, not CPU: the
 * window is set by the clock, so a smaller memory (less CPU) does not lengthen it.
 */
export const SWEEPER_TIMEOUT_SECONDS = 120;
