import type { SendOutcome } from '../../../core/telegram/port.ts';
import { classifySendError, mayHaveArrived } from '../classify.ts';
import type { GrammySignal, TelegramCall } from './call.ts';

type Answer = { result: { message_id: number } | true } | { error: unknown; timedOut: boolean };

/** One request with its own timeout; reports whether our timer (not the network) ended it. */
export async function attempt(request: TelegramCall['request'], timeoutMs: number): Promise<Answer> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    return { result: await request(controller.signal as unknown as GrammySignal) };
  } catch (error) {
    return { error, timedOut };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The innermost step: one request, its answer classified into a {@link SendOutcome}. A call that
 * creates something and ended without an answer after it may have arrived is `maybe-delivered`.
 */
export function classifiedRequest(deps: { now: () => number; requestTimeoutMs: number; token: string }) {
  return async (call: TelegramCall): Promise<SendOutcome> => {
    const answer = await attempt(call.request, Math.min(deps.requestTimeoutMs, call.deadline - deps.now()));
    if ('result' in answer) return { kind: 'delivered', messageId: answer.result === true ? (call.messageId ?? 0) : answer.result.message_id };
    const outcome = classifySendError(answer.error, { timedOut: answer.timedOut, messageId: call.messageId, token: deps.token });
    if (call.oncePerCall && outcome.kind === 'retry' && (outcome.reason === 'timeout' || outcome.reason === 'network') && (answer.timedOut || mayHaveArrived(answer.error))) {
      return { kind: 'maybe-delivered', reason: outcome.reason };
    }
    return outcome;
  };
}
