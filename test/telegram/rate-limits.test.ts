import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../core/telegram/backoff.ts';
import { SlidingWindow } from '../../core/telegram/rate-window.ts';
import { RateLimiter } from '../../core/telegram/index.ts';
import { BOT_MARGIN_MS } from '../../core/telegram/rate-limits.ts';
import { FloodControl } from '../../local/telegram-standin/faults.ts';

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

describe('SlidingWindow with pacing', () => {
  it('spaces events on an ideal schedule: a late event does not push the next one back', () => {
    // Prepare: 10 per second, paced one per 100 ms.
    const window = new SlidingWindow(10, 1000, 100);
    window.record(0);

    // Act / Assess: after a pause the second event may follow at half a slot, then one per slot.
    expect(window.delayAt(0)).toBe(50);
    window.record(50);
    expect(window.delayAt(50)).toBe(100);
    // Sent 10 ms late: the next slot stays where the schedule put it.
    window.record(160);
    expect(window.delayAt(160)).toBe(90);
  });
});

describe('SlidingWindow.restamp', () => {
  it('moves an event to when it really happened, keeping the log in order', () => {
    // Prepare
    const window = new SlidingWindow(3, 1000);
    for (const t of [0, 10, 20]) window.record(t);

    // Act: the event counted at 0 happened at 15.
    window.restamp(0, 15);

    // Assess: the oldest that counts is now the one at 10, and the moved one leaves the window at 1015.
    expect(window.delayAt(30)).toBe(980);
    window.record(1010);
    expect(window.delayAt(1011)).toBe(4);
  });
});

describe('RateLimiter', () => {
  it('limits private chats per second, groups per minute and the bot overall', () => {
    const limiter = new RateLimiter({ perBotPerSecond: 3, perPrivateChatPerSecond: 1, perGroupPerMinute: 2 }, 0, 0);
    // Sends the bot's pacing allows (one per 333 ms), to different kinds of chat.
    limiter.record(1, 0);
    expect(limiter.delayAt(1, 500)).toBe(500);
    expect(limiter.delayAt(2, 500)).toBe(0);
    limiter.record(-5, 400);
    limiter.record(-5, 750);
    // Three sends in this second used the bot's whole allowance, whatever the chat.
    expect(limiter.delayAt(3, 920)).toBe(80);
    expect(limiter.delayAt(-5, 1000)).toBe(59_400);
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
  const TELEGRAM = { perBotPerSecond: 30, perPrivateChatPerSecond: 1, perGroupPerMinute: 20 };

  /**
   * Drives the limiter the way the client does (wait what it says, then record) over virtual time, one
   * send per chat; `late(i)` is how many ms after its wait the i-th send's timer fires.
   */
  function sendFlatOut(limiter: RateLimiter, untilMs: number, late: (i: number) => number = () => 0): number[] {
    const sent: number[] = [];
    let now = 0;
    for (let chatId = 1; ; chatId++) {
      const wait = limiter.delayAt(chatId, now);
      if (wait > 0) now += wait + late(chatId);
      if (now >= untilMs) return sent;
      limiter.record(chatId, now);
      sent.push(now);
    }
  }

  /** The most events in any window of `windowMs` (a window starting at each event). */
  function busiest(times: readonly number[], windowMs: number): number {
    const sorted = [...times].sort((a, b) => a - b);
    let most = 0;
    for (let i = 0, j = 0; i < sorted.length; i++) {
      while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j++;
      most = Math.max(most, j - i);
    }
    return most;
  }

  it('sends 29.4 per second when the queue never empties, never more than 30 in any 1,020 ms', () => {
    // Prepare
    const limiter = new RateLimiter(TELEGRAM);

    // Act: a minute flat out.
    const sent = sendFlatOut(limiter, 60_000);

    // Assess: 30 per 1,020 ms, paced one per 34 ms (half a slot at most after a pause): no bursts.
    expect(sent.length).toBeGreaterThanOrEqual(Math.floor(60 * 29.4));
    expect(busiest(sent, 1000 + BOT_MARGIN_MS)).toBe(30);
    expect(busiest(sent, 100)).toBeLessThanOrEqual(4);
    const gaps = sent.slice(1).map((t, i) => t - sent[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(17);
  });

  it('keeps 29.x per second when every timer fires a few ms late', () => {
    // Prepare: 0–4 ms late, varying (timers on a busy event loop).
    const limiter = new RateLimiter(TELEGRAM);

    // Act
    const sent = sendFlatOut(limiter, 60_000, (i) => (i * 7) % 5);

    // Assess: the ideal schedule absorbs the lateness instead of adding it up (4 ms a send would be 26.3/s).
    expect(sent.length / 60).toBeGreaterThanOrEqual(29.3);
    expect(busiest(sent, 1000 + BOT_MARGIN_MS)).toBeLessThanOrEqual(30);
  });

  it('leaves enough headroom that sends arriving up to 20 ms apart from when they left are all admitted by Telegram-like flood control', () => {
    // Prepare: departures flat out; each arrives 0–20 ms later, so some arrive closer together than they left.
    const sent = sendFlatOut(new RateLimiter(TELEGRAM), 30_000);
    const arrivals = sent.map((t, i) => t + ((i * 37) % 3 === 0 ? 20 : (i * 13) % 21)).sort((a, b) => a - b);
    const telegram = new FloodControl({ perBotPerSecond: 30 });

    // Act
    let rejected = 0;
    for (const [i, at] of arrivals.entries()) {
      try {
        telegram.admit(100 + i, at);
      } catch {
        rejected++;
      }
    }

    // Assess: no 429. Without the margin the same jitter is rejected.
    expect(rejected).toBe(0);
    const tight = sendFlatOut(new RateLimiter(TELEGRAM, 100, 0), 30_000);
    const tightTelegram = new FloodControl({ perBotPerSecond: 30 });
    let tightRejected = 0;
    for (const [i, at] of tight.map((t, i) => t + ((i * 37) % 3 === 0 ? 20 : (i * 13) % 21)).sort((a, b) => a - b).entries()) {
      try {
        tightTelegram.admit(100 + i, at);
      } catch {
        tightRejected++;
      }
    }
    expect(tightRejected).toBeGreaterThan(0);
  });

  it('counts a send that left late (a stall after it was counted) from when it may have arrived, so no second at Telegram holds 31', () => {
    // Prepare: 30 s flat out; every 40th request is written 150 ms after it was counted. Answers come
    // back 5 ms after arrival; the fastest round trip is 10 ms.
    function run(settle: boolean): { sent: number; rejected: number } {
      const limiter = new RateLimiter(TELEGRAM);
      const telegram = new FloodControl({ perBotPerSecond: 30 });
      const answers: Array<{ at: number; sentAt: number }> = [];
      const arrivals: number[] = [];
      let now = 0;
      let sent = 0;
      for (let chatId = 1; now < 30_000; chatId++) {
        now += limiter.delayAt(chatId, now);
        // Answers that came back meanwhile, in order.
        answers.sort((a, b) => a.at - b.at);
        while (settle && answers.length > 0 && answers[0]!.at <= now) {
          const answer = answers.shift()!;
          limiter.settle(answer.sentAt, answer.at - 10);
        }
        if (limiter.delayAt(chatId, now) > 0) continue;
        limiter.record(chatId, now);
        const arrival = now + (chatId % 40 === 0 ? 150 : 5);
        arrivals.push(arrival);
        answers.push({ at: arrival + 5, sentAt: now });
        sent++;
      }
      let rejected = 0;
      for (const [i, at] of arrivals.sort((a, b) => a - b).entries()) {
        try {
          telegram.admit(10_000 + i, at);
        } catch {
          rejected++;
        }
      }
      return { sent, rejected };
    }

    // Act
    const counted = run(true);
    const uncounted = run(false);

    // Assess: without settling, the late sends earn 429s; with it none, at little cost to the rate.
    expect(uncounted.rejected).toBeGreaterThan(0);
    expect(counted.rejected).toBe(0);
    expect(counted.sent / 30).toBeGreaterThanOrEqual(29);
  });

  it('keeps the per-chat margin while pacing the bot', () => {
    // Prepare
    const limiter = new RateLimiter(TELEGRAM);
    for (let chatId = 1; chatId <= 30; chatId++) limiter.record(chatId, 0);

    // Act / Assess: chat 1 waits its second plus the margin; a new chat waits the bot's 1,020 ms.
    expect(limiter.delayAt(1, 0)).toBe(1100);
    expect(limiter.delayAt(99, 0)).toBe(1000 + BOT_MARGIN_MS);
    expect(limiter.delayAt(99, 1000 + BOT_MARGIN_MS)).toBe(0);
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
