import { SlidingWindow } from './rate-window.ts';

/** Telegram's published limits (Bot FAQ); configurable because tests and local mode want other numbers. */
export type RateLimits = {
  /** Messages per second across all chats. Telegram: ~30. */
  perBotPerSecond: number;
  /** Messages per second to one private chat. Telegram: ~1. */
  perPrivateChatPerSecond: number;
  /** Messages per minute to one group (negative chat id). Telegram: 20. */
  perGroupPerMinute: number;
};

export const TELEGRAM_RATE_LIMITS: RateLimits = { perBotPerSecond: 30, perPrivateChatPerSecond: 1, perGroupPerMinute: 20 };

/** Telegram's convention: private chats (users) have positive ids, groups and channels negative ones. */
export function isGroupChat(chatId: number): boolean {
  return chatId < 0;
}

/**
 * Headroom on the bot-wide window: Telegram counts arrivals, the limiter counts departures, and two
 * requests that leave 1000 ms apart can arrive 990 ms apart. 30 per 1,020 ms is 29.4/s and tolerates
 * 20 ms of arrival jitter; sends delayed longer than that after they were counted are re-counted by
 * {@link RateLimiter.settle}. The backlog bench met 104–260 429s per run without either, 4–24 with the
 * headroom alone, 0–2 with both. 100 ms of headroom cost 9 % of the bot's throughput.
 */
export const BOT_MARGIN_MS = 20;

/** One window for the bot and one per chat, checked together before every send. Pure over `now`. */
export class RateLimiter {
  private readonly bot: SlidingWindow;
  private readonly chats = new Map<number, SlidingWindow>();

  /**
   * @param marginMs added to each chat's window: Telegram counts arrivals, we count departures, and
   * network jitter between the two otherwise turns "exactly at the limit" into 429s (measured
   * locally: ~50 ms of spread on fresh connections was enough). A margin on a chat's 1 s window costs
   * that chat little.
   * @param botMarginMs the same for the bot-wide window, kept small because it costs every chat (see
   * {@link BOT_MARGIN_MS}). Sends are also spaced evenly across that window (see {@link SlidingWindow}),
   * so a backlog does not go out in bursts of 30 that reach Telegram bunched.
   */
  constructor(
    readonly limits: RateLimits,
    private readonly marginMs = 100,
    botMarginMs = BOT_MARGIN_MS,
  ) {
    this.bot = windowFor(limits.perBotPerSecond, 1000, botMarginMs, true);
  }

  /** Milliseconds to wait before a send to `chatId` fits every limit (0 = go). */
  delayAt(chatId: number, now: number, chatLimited = true): number {
    const botDelay = this.bot.delayAt(now);
    return chatLimited ? Math.max(botDelay, this.chat(chatId).delayAt(now)) : botDelay;
  }

  /** Counts a send that is about to happen. */
  record(chatId: number, now: number, chatLimited = true): void {
    this.bot.record(now);
    if (chatLimited) this.chat(chatId).record(now);
    if (this.chats.size > 1000) this.forgetIdle(now);
  }

  /**
   * A send counted at `sentAt` may have reached Telegram as late as `arrivedBy`: the bot-wide window
   * counts it from then, so the sends a second after it leave room for it.
   */
  settle(sentAt: number, arrivedBy: number): void {
    this.bot.restamp(sentAt, arrivedBy);
  }

  /** After a 429 the chat is held back for `retry_after`. */
  pauseChat(chatId: number, until: number): void {
    this.chat(chatId).pauseUntil(until);
  }

  private chat(chatId: number): SlidingWindow {
    let window = this.chats.get(chatId);
    if (!window) {
      window = isGroupChat(chatId)
        ? windowFor(this.limits.perGroupPerMinute, 60_000, this.marginMs)
        : windowFor(this.limits.perPrivateChatPerSecond, 1000, this.marginMs);
      this.chats.set(chatId, window);
    }
    return window;
  }

  private forgetIdle(now: number): void {
    for (const [chatId, window] of this.chats) if (window.idleAt(now)) this.chats.delete(chatId);
  }
}

/** A fractional rate (0.5/s) becomes one event per stretched window (1 per 2 s). */
function windowFor(perUnit: number, unitMs: number, marginMs: number, spaced = false): SlidingWindow {
  if (!(perUnit > 0)) throw new RangeError(`rate limits must be positive, got ${perUnit}`);
  const limit = Math.max(1, Math.floor(perUnit));
  const windowMs = (unitMs * limit) / perUnit + marginMs;
  return new SlidingWindow(limit, windowMs, spaced ? windowMs / limit : 0);
}
