import { randomUUID } from 'node:crypto';
import type { SendOutcome } from '../core/telegram/index.ts';
import type { ScenarioContext } from './run.ts';
import { deliveriesAt } from './harness/deliveries.ts';
import type { ScenarioOutput } from './harness/results.ts';
import { ratio, round } from './harness/stats.ts';
import { benchTelegram, startSweeperRig, type SweeperRig } from './harness/sweeper-rig.ts';

/**
 * Rate limits: the stand-in answers 429 (with retry_after) beyond a per-bot limit — scaled to 100/s so
 * the run is short; the client is told the same limit — and beyond 1 msg/s per chat. Every message is
 * handed to the Telegram client at once (the worst case for a limiter). Then the same with a 429 storm:
 * the stand-in refuses the next sends with "retry after 1 s" regardless of rate. The client must keep
 * under the limits, honour retry_after, and lose nothing.
 */
export const name = 'rate-limits';
export const order = 40;

// Scaled from Telegram's 30/s so the run is short, yet low enough that a busy 2-core machine can serve it: at 300/s
// with 6,000 messages the client and the in-process stand-in starved each other here (timeouts, resends).
const PER_BOT = 100;
const PER_CHAT = 1;
const MESSAGES_PER_CHAT = 3;

export async function run({ quick }: ScenarioContext): Promise<ScenarioOutput> {
  const messages = quick ? 300 : 3_000;
  const stormSize = quick ? 50 : 300;
  const rig = await startSweeperRig({ perBotPerSecond: PER_BOT, perChatPerSecond: PER_CHAT });
  try {
    const rows = [await burst(rig, 'limits only', messages, 0), await burst(rig, `429 storm (next ${stormSize} sends refused)`, messages, stormSize)];
    return { parameters: { messages, chats: messages / MESSAGES_PER_CHAT, perBotPerSecond: PER_BOT, perChatPerSecond: PER_CHAT, stormSize, stormRetryAfterS: 1 }, rows };
  } finally {
    await rig.stop();
  }
}

async function burst(rig: SweeperRig, label: string, messages: number, stormSize: number): Promise<Record<string, unknown>> {
  const marker = `rl${randomUUID().slice(0, 4)}`;
  const chats = messages / MESSAGES_PER_CHAT;
  const firstChat = 70_000_000 + (stormSize > 0 ? 1_000_000 : 0);
  let tooManyRequests = 0;
  let requests = 0;
  // Requests the client gave up on (its timeout) or lost: a send that timed out may still have arrived.
  let failedRequests = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    requests++;
    try {
      const response = await fetch(input, init);
      if (response.status === 429) tooManyRequests++;
      return response;
    } catch (error) {
      failedRequests++;
      throw error;
    }
  };
  const telegram = benchTelegram(rig, { limits: { perBotPerSecond: PER_BOT, perPrivateChatPerSecond: PER_CHAT }, maxWaitMs: 120_000, fetch: countingFetch });
  if (stormSize > 0) rig.standIn.faults.failNext(stormSize, { code: 429, retryAfter: 1, method: 'sendMessage' });
  const started = Date.now();
  const outcomes: SendOutcome[] = await Promise.all(Array.from({ length: messages }, (_, i) => telegram.sendMessage(firstChat + (i % chats), `${marker}-${i}-end`)));
  const seconds = (Date.now() - started) / 1000;

  const { first, duplicates } = deliveriesAt(rig.standIn, marker);
  const times = [...first.values()].map((delivery) => delivery.receivedAt).sort((a, b) => a - b);
  // Busiest one-second window as the stand-in saw it.
  let busiest = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= 1000) lo++;
    busiest = Math.max(busiest, hi - lo + 1);
  }
  const activeSeconds = times.length > 1 ? (times.at(-1)! - times[0]!) / 1000 : seconds;
  const idealSeconds = Math.max(messages / PER_BOT, MESSAGES_PER_CHAT - 1 / PER_CHAT);
  return {
    case: label,
    messages,
    delivered: first.size,
    notDelivered: outcomes.filter((outcome) => outcome.kind !== 'delivered').length,
    duplicates,
    seconds: round(seconds, 1),
    idealSeconds: round(idealSeconds, 1),
    achievedPerSecond: round(first.size / activeSeconds, 0),
    achievedOverLimit: ratio(first.size / activeSeconds, PER_BOT, 2),
    busiestSecond: busiest,
    received429s: tooManyRequests,
    httpRequests: requests,
    timedOutOrFailed: failedRequests,
  };
}
