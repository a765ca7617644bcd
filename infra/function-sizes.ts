/**
 * Memory of the two Lambdas, in one place the cost model (`bench/cost.bench.ts`) reads too, so the
 * priced figure is the deployed one. Free of CDK imports for that reason.
 */

/**
 * The sweeper mostly waits: for each reminder's second inside its minute, and on Telegram and DynamoDB
 * round trips. Lambda bills that waiting by memory × wall time, so memory is its price: 1,024 MB made a
 * busy month's waiting alone $34.56. Its measured working set is ~50 MB over the runtime's ~100 MB (the
 * sweep adds ~50 MB at 1,000 overdue and holds a bounded number of rows however large the backlog, README
 * "Backlog"), so 512 MB leaves room and halves the waiting; below it CPU (which scales with memory)
 * would start to show in sends per second and lag, which this machine cannot measure.
 */
export const SWEEPER_MEMORY_MB = 512;

/** Memory buys CPU: 512 MB keeps cold starts and SDK signing fast for a small bundle. */
export const WEBHOOK_MEMORY_MB = 512;

/**
 * A tick claims for up to (timeout − 30 s safety margin) and waits for each reminder's second within
 * its one-minute look-ahead, so it needs 60 s of claiming plus the margin to finish sends and record
 * them: 120 s. Shorter and the last seconds of each window slip a minute. Wall time, not CPU: the
 * window is set by the clock, so a smaller memory (less CPU) does not lengthen it.
 */
export const SWEEPER_TIMEOUT_SECONDS = 120;
