import { describe, expect, it } from 'vitest';
import { silentLog } from '../../core/log.ts';
import type { SendOutcome } from '../../core/telegram/port.ts';
import { RateLimiter } from '../../core/telegram/rate-limits.ts';
import { compose, OUT_OF_BUDGET, type Deliver, type Layer, type TelegramCall } from '../../adapters/telegram/layers/call.ts';
import { withinRateLimits } from '../../adapters/telegram/layers/rate-limit.ts';
import { retriedWithinBudget } from '../../adapters/telegram/layers/retry.ts';

/** A clock that only moves when the code under test sleeps. */
function fakeTime(startMs = 1_000_000) {
  let nowMs = startMs;
  const slept: number[] = [];
  return {
    now: () => nowMs,
    sleep: async (ms: number) => {
      slept.push(ms);
      nowMs += ms;
    },
    slept,
  };
}

const call = (over: Partial<TelegramCall>): TelegramCall => ({
  method: 'sendMessage',
  chatId: 42,
  request: () => Promise.reject(new Error('the inner layer answers instead')),
  chatLimited: true,
  deadline: 0,
  ...over,
});

/** Answers each call with the next outcome given: a Telegram that misbehaves on cue. */
const answering = (...outcomes: SendOutcome[]): Deliver & { calls: number } => {
  const deliver = Object.assign(async () => outcomes[Math.min(deliver.calls++, outcomes.length - 1)]!, { calls: 0 });
  return deliver;
};

describe('Telegram client layers', () => {
  it('compose runs layers outermost first, like grammY transformers', async () => {
    // Prepare
    const seen: string[] = [];
    const tag = (name: string): Layer => (next) => async (c) => {
      seen.push(`${name}>`);
      const outcome = await next(c);
      seen.push(`<${name}`);
      return outcome;
    };
    const deliver = compose([tag('lanes'), tag('retry'), tag('limiter')], async () => {
      seen.push('request');
      return { kind: 'delivered', messageId: 7 };
    });

    // Act
    const outcome = await deliver(call({ deadline: 1 }));

    // Assess
    expect(outcome).toEqual({ kind: 'delivered', messageId: 7 });
    expect(seen).toEqual(['lanes>', 'retry>', 'limiter>', 'request', '<limiter', '<retry', '<lanes']);
  });

  it('the retry layer backs off a 5xx, then reports the 5xx (not "out of budget") when the limiter cannot fit another try', async () => {
    // Prepare
    const time = fakeTime();
    const inner = answering({ kind: 'retry', reason: 'server_error' }, { kind: 'retry', reason: OUT_OF_BUDGET, retryAfterMs: 900 });
    const deliver = retriedWithinBudget({ ...time, random: () => 0.5, log: silentLog, token: 't', onRateLimited: () => undefined })(inner);

    // Act
    const outcome = await deliver(call({ deadline: time.now() + 5_000 }));

    // Assess
    expect(outcome).toEqual({ kind: 'retry', reason: 'server_error', retryAfterMs: 900 });
    expect(inner.calls).toBe(2);
    expect(time.slept).toHaveLength(1);
  });

  it('the retry layer pauses the chat for Telegram\'s retry_after on a 429 and never repeats a send that may have arrived', async () => {
    // Prepare
    const time = fakeTime();
    const paused: Array<[number, number]> = [];
    const inner = answering({ kind: 'retry', reason: 'rate_limited', retryAfterMs: 3_000 }, { kind: 'maybe-delivered', reason: 'timeout' });
    const deliver = retriedWithinBudget({ ...time, random: () => 0.5, log: silentLog, token: 't', onRateLimited: (chatId, until) => paused.push([chatId, until]) })(inner);
    const start = time.now();

    // Act
    const outcome = await deliver(call({ deadline: start + 10_000 }));

    // Assess
    expect(outcome).toEqual({ kind: 'maybe-delivered', reason: 'timeout' });
    expect(paused).toEqual([[42, start + 3_000]]);
    expect(time.slept).toEqual([3_000]);
    expect(inner.calls).toBe(2);
  });

  it('the limiter layer waits for a free slot within the budget and refuses a wait past the deadline', async () => {
    // Prepare: one message per second to a private chat.
    const time = fakeTime();
    const limiter = new RateLimiter({ perBotPerSecond: 30, perPrivateChatPerSecond: 1, perGroupPerMinute: 20 });
    const inner = answering({ kind: 'delivered', messageId: 1 });
    const deliver = withinRateLimits(limiter, time)(inner);

    // Act
    const first = await deliver(call({ deadline: time.now() + 5_000 }));
    const second = await deliver(call({ deadline: time.now() + 5_000 }));
    const third = await deliver(call({ deadline: time.now() + 10 }));

    // Assess
    expect([first.kind, second.kind]).toEqual(['delivered', 'delivered']);
    expect(time.slept.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(third).toMatchObject({ kind: 'retry', reason: OUT_OF_BUDGET });
    expect(inner.calls).toBe(2);
  });
});
