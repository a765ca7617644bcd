/**
 * At most `limit` tasks at once; the rest queue in order. The queue is a head index into an array
 * (compacted as it drains), so admitting and releasing are O(1) even with 100k tasks waiting —
 * `Array.shift` on a long queue is O(n) per release, quadratic overall.
 */
export function createGate(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  let active = 0;
  let waiting: Array<() => void> = [];
  let head = 0;
  const release = () => {
    active--;
    if (head < waiting.length) {
      const next = waiting[head]!;
      head++;
      // Drop the consumed front now and then, so a long-lived gate does not keep every resolver.
      if (head >= 1024 && head * 2 >= waiting.length) {
        waiting = waiting.slice(head);
        head = 0;
      }
      next();
    }
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
