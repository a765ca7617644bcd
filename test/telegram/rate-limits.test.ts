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

describe('RateLimiter at the bot-wide limit', () => {
  /** Drives the limiter the way the client does (wait what it says, then record) over virtual time, one send per chat. */
  function sendFlatOut(limiter: RateLimiter, untilMs: number): number[] {
    const sent: number[] = [];
    let now = 0;
    for (let chatId = 1; ; chatId++) {
      now += limiter.delayAt(chatId, now);
      if (now >= untilMs) return sent;
      limiter.record(chatId, now);
      sent.push(now);
    }
  }

  it('sends exactly 30 per second when the queue never empties, and never 31 in any sliding second', () => {
    // Prepare
    const limiter = new RateLimiter({ perBotPerSecond: 30, perPrivateChatPerSecond: 1, perGroupPerMinute: 20 });

    // Act: a minute flat out.
    const sent = sendFlatOut(limiter, 60_000);

    // Assess: 30/s exactly (the 100 ms margin this window used to carry made it 27.3/s) ...
    expect(sent).toHaveLength(60 * 30);
    // ... and the busiest window of 1000 ms starting at any send holds 30, not more.
    let busiest = 0;
    for (let i = 0, j = 0; i < sent.length; i++) {
      while (j < sent.length && sent[j]! < sent[i]! + 1000) j++;
      busiest = Math.max(busiest, j - i);
    }
    expect(busiest).toBe(30);
  });

  it('keeps the per-chat margin while giving the bot its full rate', () => {
    // Prepare
    const limiter = new RateLimiter({ perBotPerSecond: 30, perPrivateChatPerSecond: 1, perGroupPerMinute: 20 });
    for (let chatId = 1; chatId <= 30; chatId++) limiter.record(chatId, 0);

    // Act / Assess: chat 1 waits its second plus the margin; a new chat waits exactly the bot's second.
    expect(limiter.delayAt(1, 0)).toBe(1100);
    expect(limiter.delayAt(99, 0)).toBe(1000);
    expect(limiter.delayAt(99, 1000)).toBe(0);
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
