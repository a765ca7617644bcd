import { AgentRelayTimeoutError } from './port.ts';

/**
 * Runs `work` under a hard deadline. The signal lets well-behaved I/O (fetch, the AWS SDK) abort its
 * socket; the race guarantees the caller is released at the deadline even if the work ignores it —
 * an AgentCore invoke whose runtime never answers can otherwise hang for minutes.
 */
export async function withDeadline<T>(timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AgentRelayTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const running = work(controller.signal);
  // The loser of the race must not surface as an unhandled rejection.
  running.catch(() => {});
  try {
    return await Promise.race([running, deadline]);
  } catch (error) {
    // An abort surfaces from fetch/SDK as their own AbortError: report the deadline instead.
    if (controller.signal.aborted) throw controller.signal.reason as AgentRelayTimeoutError;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
