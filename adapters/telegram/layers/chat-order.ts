import type { Log } from '../../../core/log.ts';
import type { ChatLanes } from '../../../core/telegram/chat-lanes.ts';
import type { Layer } from './call.ts';

/** One call at a time per chat, in arrival order, so a 429 or a back-off never reorders a chat's messages. */
export function inChatOrder(lanes: ChatLanes, deps: { now: () => number; log: Log }): Layer {
  return (next) => async (call) => {
    const waitMs = call.deadline - deps.now();
    const release = await lanes.acquire(call.chatId, waitMs);
    if (!release) {
      deps.log.warn('telegram call gave up waiting for its turn in the chat', { method: call.method, chatId: call.chatId, maxWaitMs: waitMs });
      return { kind: 'retry', reason: 'rate_limited' };
    }
    try {
      return await next(call);
    } finally {
      release();
    }
  };
}
