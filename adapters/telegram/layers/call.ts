import type { Api } from 'grammy';
import type { SendOutcome } from '../../../core/telegram/port.ts';

/** grammY types its signal parameter with the abort-controller polyfill; a native signal works at runtime. */
export type GrammySignal = Parameters<Api['getMe']>[0];

/** One outgoing call as it passes through the layers: what to request, for which chat, within which budget. */
export interface TelegramCall {
  method: string;
  chatId: number;
  /** Makes the HTTP request once; `signal` aborts it. */
  request: (signal: GrammySignal) => Promise<{ message_id: number } | true>;
  /** Counts against the chat's 1/s (or group 20/min) limit; edits only against the bot-wide one. */
  chatLimited: boolean;
  /** For edits: the message edited, reported back as delivered. */
  messageId?: number;
  /** Creates something (sendMessage): never repeated after a send that may have arrived. */
  oncePerCall?: boolean;
  /** Epoch ms at which the whole call (queueing, limits, retries) gives up. */
  deadline: number;
}

export type Deliver = (call: TelegramCall) => Promise<SendOutcome>;

/** grammY's transformer style: each layer wraps the next and may act before, after, or instead of it. */
export type Layer = (next: Deliver) => Deliver;

/**
 * A `retry` that means "the call's budget ran out before the request", not a Telegram answer: the
 * retry layer reports it with the real cause of the last failure instead.
 */
export const OUT_OF_BUDGET = 'out_of_budget';

/** Layers outermost first, around the innermost `deliver`. */
export function compose(layers: Layer[], deliver: Deliver): Deliver {
  return layers.reduceRight<Deliver>((next, layer) => layer(next), deliver);
}
