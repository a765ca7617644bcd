import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../core/telegram/backoff.ts';
import { SlidingWindow } from '../../core/telegram/rate-window.ts';
import { RateLimiter } from '../../core/telegram/index.ts';

describe('SlidingWindow', () => {
  it('allows `limit` events in any window and says how long until the next fits', () => {
    const window = new SlidingWindow(3, 1000);
    for (const t of [0, 10, 20]) {
      expect(window.delayAt(t)).toBe(0);
      window.record(t);
    }
    expect(window.delayAt(30)).toBe(970);
    expect(window.delayAt(1000)).toBe(0);
    window.record(1000);
    expect(window.delayAt(1001)).toBe(9);
  });

  it('holds everything back during a pause (a 429)', () => {
    const window = new SlidingWindow(5, 1000);
    window.pauseUntil(3000);
    expect(window.delayAt(1000)).toBe(2000);
    expect(window.idleAt(1000)).toBe(false);
    expect(window.idleAt(3000)).toBe(true);
  });
});

describe('RateLimiter', () => {
  it('limits private chats per second, groups per minute and the bot overall', () => {
    const limiter = new RateLimiter({ perBotPerSecond: 3, perPrivateChatPerSecond: 1, perGroupPerMinute: 2 }, 0);
    limiter.record(1, 0);
    expect(limiter.delayAt(1, 0)).toBe(1000);
    expect(limiter.delayAt(2, 0)).toBe(0);
    limiter.record(-5, 0);
    limiter.record(-5, 0);
    // Three sends in this second used the bot's whole allowance, whatever the chat.
    expect(limiter.delayAt(3, 500)).toBe(500);
    expect(limiter.delayAt(-5, 1000)).toBe(59_000);
    // Edits skip the chat limit but still count for the bot.
    expect(limiter.delayAt(1, 1000, false)).toBe(0);
  });

  it('turns fractional rates into stretched windows', () => {
    const limiter = new RateLimiter({ perBotPerSecond: 30, perPrivateChatPerSecond: 0.5, perGroupPerMinute: 20 }, 0);
    limiter.record(1, 0);
    expect(limiter.delayAt(1, 0)).toBe(2000);
  });

  it('keeps a safety margin so network jitter does not push sends over the count Telegram keeps', () => {
    const limiter = new RateLimiter({ perBotPerSecond: 30, perPrivateChatPerSecond: 1, perGroupPerMinute: 20 });
    limiter.record(1, 0);
    expect(limiter.delayAt(1, 0)).toBe(1100);
  });
});

describe('backoffDelay', () => {
  it('doubles up to a cap, jittered between half and full', () => {
    expect(backoffDelay(1, () => 1)).toBe(250);
    expect(backoffDelay(3, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 0)).toBe(500);
    expect(backoffDelay(20, () => 1)).toBe(5000);
  });
});
