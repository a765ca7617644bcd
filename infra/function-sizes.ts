/**
 * Memory of the two Lambdas, in one place the cost model (`bench/cost.bench.ts`) reads too, so the
 * priced figure is the deployed one. Free of CDK imports for that reason.
 */

/**
 * The sweeper mostly waits — for each reminder's second inside its minute, and on Telegram and DynamoDB
 * round trips — and Lambda bills that waiting by memory × wall time, so memory is its price: a month with
 * something due in every minute costs $4.32 per 128 MB of it. 256 MB, from the bundle as Lambda runs it
 * (`npm run bench -- sweeper-size`, README "Sweeper size" has the tables; commit 46909b7, 2-core AMD EPYC,
 * load 1.8 at the start):
 *
 * - Memory: the bundled handler in a plain `node` process peaks at 115–143 MB RSS uncapped and 125–156 MB
 *   capped over every case (an ordinary minute, 300 due in one second, 2,000 and 100,000 overdue), node
 *   itself (42 MB) included, heap 30–55 MB; it holds a bounded number of rows however large the backlog.
 *   Assumed: Lambda's Node runtime adds ~35 MB over a plain process. 128 MB cannot hold it (125 + 35);
 *   192 MB would leave ~8 % (141 + 35); 256 MB leaves ~28 % (148 + 35). Running out of memory mid-send is
 *   not just a failed tick: a message Telegram accepted but the row never recorded is sent once more
 *   after its lease, so the margin is kept.
 * - CPU: Lambda gives M/1,769 of a vCPU. A delivery costs 6.7–8.8 ms of CPU uncapped (claim, send,
 *   complete: three DynamoDB requests and one Telegram send), 9.5–10 ms capped; a tick with work adds
 *   ~0.4–0.6 s of its own (lease, re-reads, token, metrics). 30 sends/s (Telegram's limit) needs ~0.22–0.3
 *   of a core, i.e. 400–530 MB, so no small size fits it. Capped at its share (a cgroup CPU quota of 0.145
 *   core), 256 MB sent 16.3/s: an ordinary minute is unaffected (p99 lag 296 ms; 105 ms at 512 MB), and a
 *   burst above ~16 due per second is served at that rate instead of ~28/s (512 MB) or Telegram's 30/s —
 *   300 due at once reached Telegram with p99 18.2 s instead of 10.5 s (512 MB) and 10.3 s (uncapped).
 *   128 MB (7.6/s, burst p99 39.3 s, a 3.0 s cold init) and 192 MB (11.9/s, 25.0 s) were measured too.
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
