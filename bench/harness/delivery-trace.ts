import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { DeliveryStore } from '../../core/store/consumer-ports.ts';
import type { TelegramClient } from '../../core/telegram/index.ts';
import { dueShard } from '../../schema/table.ts';

/**
 * What happened to each reminder between the due index and Telegram, recorded around the store and the
 * Telegram client the sweeper and the early timers use, plus the bench process's event-loop stalls and
 * the slowest store calls. Cheap (a few numbers per call), so it runs in every precision run and only
 * the late reminders' stories are written out.
 */
export interface RowTrace {
  shard: number;
  /** When (epoch ms) a due-index page first held the row. */
  firstReadAt?: number;
  reads: number;
  claims: Array<{ at: number; ms: number; won: boolean }>;
  /** Reads of the row before a claim (a live lease met, or its shard contested). */
  checks: number;
}

export interface SendTrace {
  at: number;
  answeredAt: number;
  outcome: string;
}

export interface StoreCall {
  op: string;
  at: number;
  ms: number;
  shard?: number;
}

export interface Stall {
  /** When the event loop got back to the timer (epoch ms). */
  at: number;
  /** How much later than asked the timer fired. */
  ms: number;
}

const STALL_TICK_MS = 20;
const STALL_MS = 100;
const SLOW_CALL_MS = 250;

export interface DeliveryTrace {
  store: DeliveryStore;
  telegram: TelegramClient;
  rows: Map<string, RowTrace>;
  /** By message text. */
  sends: Map<string, SendTrace[]>;
  /** Lost claims by shard (time of each): another claimer (an early timer, another run) was first. */
  lostClaimsByShard: Map<number, number[]>;
  slowCalls: StoreCall[];
  /** Every due-index page read: when it was asked for, of which shard, how long it took, rows it held. */
  pages: Array<{ at: number; shard: number; ms: number; rows: number; lastDueAt?: number }>;
  /** Reads of a row before claiming it, by shard (time of each): the sweeper does them where it met a lease or its shard is contested. */
  checksByShard: Map<number, number[]>;
  stalls: Stall[];
  /** Stops the stall watch; returns the event loop's delay figures over the run. */
  stop(): { loopDelayMaxMs: number; loopDelayP99Ms: number; stallsOver100Ms: number; longestStallMs: number };
}

export function traceDeliveries(store: DeliveryStore, telegram: TelegramClient): DeliveryTrace {
  const rows = new Map<string, RowTrace>();
  const sends = new Map<string, SendTrace[]>();
  const lostClaimsByShard = new Map<number, number[]>();
  const slowCalls: StoreCall[] = [];
  const pages: DeliveryTrace['pages'] = [];
  const checksByShard = new Map<number, number[]>();
  const stalls: Stall[] = [];
  const rowOf = (id: string): RowTrace => {
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { shard: dueShard(id, store.dueShards), reads: 0, claims: [], checks: 0 }));
    return row;
  };
  const timed = async <T>(op: string, call: () => Promise<T>, shard?: number): Promise<T> => {
    const at = Date.now();
    try {
      return await call();
    } finally {
      const ms = Date.now() - at;
      if (ms >= SLOW_CALL_MS) slowCalls.push({ op, at, ms, ...(shard === undefined ? {} : { shard }) });
    }
  };

  const overrides: Partial<DeliveryStore> = {};
  const traced = withOverrides(store, overrides);
  overrides.findDuePage = async (shard, windowEnd, options) => {
    const asked = Date.now();
    const page = await timed('findDuePage', () => store.findDuePage(shard, windowEnd, options), shard);
    const at = Date.now();
    const last = page.rows.at(-1);
    pages.push({ at: asked, shard, ms: at - asked, rows: page.rows.length, ...(last ? { lastDueAt: Date.parse(last.fireAt) } : {}) });
    for (const due of page.rows) {
      const row = rowOf(due.id);
      row.reads++;
      if (row.firstReadAt === undefined) {
        row.firstReadAt = at;
      }
    }
    return page;
  };
  overrides.getReminder = async (chatId, id) => {
    const row = rowOf(id);
    row.checks++;
    checksByShard.set(row.shard, [...(checksByShard.get(row.shard) ?? []), Date.now()]);
    return timed('getReminder', () => store.getReminder(chatId, id));
  };
  overrides.claim = async (due, options) => {
    const at = Date.now();
    const row = rowOf(due.id);
    try {
      const claimed = await timed('claim', () => store.claim(due, options), row.shard);
      row.claims.push({ at, ms: Date.now() - at, won: true });
      return claimed;
    } catch (error) {
      row.claims.push({ at, ms: Date.now() - at, won: false });
      lostClaimsByShard.set(row.shard, [...(lostClaimsByShard.get(row.shard) ?? []), at]);
      throw error;
    }
  };

  const tracedTelegram = withOverrides(telegram, {
    sendMessage: async (chatId, text, options) => {
    const at = Date.now();
    const outcome = await telegram.sendMessage(chatId, text, options);
    sends.set(text, [...(sends.get(text) ?? []), { at, answeredAt: Date.now(), outcome: outcome.kind }]);
    return outcome;
    },
  });

  // A timer that should fire every 20 ms: when it fires much later, the process could not run anything
  // else either (GC, a long synchronous stretch, the machine's other work taking the CPU).
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let expected = Date.now() + STALL_TICK_MS;
  const watch = setInterval(() => {
    const now = Date.now();
    if (now - expected >= STALL_MS) stalls.push({ at: now, ms: now - expected });
    expected = now + STALL_TICK_MS;
  }, STALL_TICK_MS);
  watch.unref();

  return {
    store: traced,
    telegram: tracedTelegram,
    rows,
    sends,
    lostClaimsByShard,
    slowCalls,
    pages,
    checksByShard,
    stalls,
    stop() {
      clearInterval(watch);
      histogram.disable();
      const ms = (ns: number) => Math.round(ns / 1e6);
      return {
        loopDelayMaxMs: ms(histogram.max),
        loopDelayP99Ms: ms(histogram.percentile(99)),
        stallsOver100Ms: stalls.length,
        longestStallMs: stalls.reduce((max, stall) => Math.max(max, stall.ms), 0),
      };
    },
  };
}

/** `target` with some methods replaced; everything else is the target's own, bound to it (private fields work). */
function withOverrides<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, key) {
      if (key in overrides) return overrides[key as keyof T];
      const value: unknown = Reflect.get(object, key, object);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}
