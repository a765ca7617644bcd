import { SlidingWindow } from '../../core/telegram/rate-window.ts';
import { BotApiFailure } from './types.ts';

export interface FaultSpec {
  /** HTTP status and Bot API `error_code`, e.g. 500, 502, 429, 403. */
  code: number;
  description?: string;
  /** For 429: seconds in `parameters.retry_after`. Default 1. */
  retryAfter?: number;
  /** Only calls to this Bot API method (case-insensitive). Default: every method but getUpdates. */
  method?: string;
}

export interface StandInLimits {
  /** Messages per second to one private chat before 429. */
  perChatPerSecond?: number;
  /** Messages per second for the bot across chats before 429. */
  perBotPerSecond?: number;
  /** Messages per minute to one group before 429. */
  perGroupPerMinute?: number;
}

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden: bot was blocked by the user',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Switchable misbehaviour, for tests and for trying Nudge against a bad day at Telegram. */
export class Faults {
  private queued: Array<{ remaining: number; spec: FaultSpec }> = [];
  private drops: Array<{ remaining: number; method?: string }> = [];
  slowMs = 0;
  private flood: { until: number; retryAfter: number } | undefined;
  readonly blocked = new Set<number>();
  readonly deactivated = new Set<number>();
  readonly missing = new Set<number>();

  /** The next `n` matching calls answer with this error instead of working. */
  failNext(n: number, spec: FaultSpec): void {
    this.queued.push({ remaining: n, spec });
  }

  /** The next `n` matching calls get their connection closed without an answer (a network failure). */
  dropNext(n: number, method?: string): void {
    this.drops.push({ remaining: n, ...(method ? { method } : {}) });
  }

  /** Every sendMessage answers 429 with `retry_after` (seconds) for the next `ms` — a long flood wait. */
  floodFor(ms: number, retryAfterSeconds: number): void {
    this.flood = { until: Date.now() + ms, retryAfter: retryAfterSeconds };
  }

  /** Every Bot API answer is delayed by `ms` (0 turns it off). */
  setSlow(ms: number): void {
    this.slowMs = Math.max(0, ms);
  }

  /** The user of this private chat blocks the bot: sends get 403 "bot was blocked by the user". */
  block(chatId: number): void {
    this.blocked.add(chatId);
  }
  unblock(chatId: number): void {
    this.blocked.delete(chatId);
  }
  /** The user deletes their account (or the group is deleted): sends get 403. */
  deactivate(chatId: number): void {
    this.deactivated.add(chatId);
  }
  reactivate(chatId: number): void {
    this.deactivated.delete(chatId);
  }
  /** Telegram no longer knows this chat: sends get 400 "chat not found". */
  chatNotFound(chatId: number): void {
    this.missing.add(chatId);
  }
  /** Clears every switch above (limits are separate). */
  reset(): void {
    this.queued = [];
    this.drops = [];
    this.slowMs = 0;
    this.flood = undefined;
    this.blocked.clear();
    this.deactivated.clear();
    this.missing.clear();
  }

  /** The injected failure for this call, if any (consumes one). */
  takeFailure(method: string): BotApiFailure | undefined {
    if (this.flood && method.toLowerCase() === 'sendmessage' && Date.now() < this.flood.until) {
      const seconds = this.flood.retryAfter;
      return new BotApiFailure(429, `Too Many Requests: retry after ${seconds}`, { retry_after: seconds });
    }
    const entry = take(this.queued, method, (e) => e.spec.method);
    if (!entry) return undefined;
    const { code, retryAfter } = entry.spec;
    if (code === 429) {
      const seconds = retryAfter ?? 1;
      return new BotApiFailure(429, entry.spec.description ?? `Too Many Requests: retry after ${seconds}`, { retry_after: seconds });
    }
    return new BotApiFailure(code, entry.spec.description ?? DEFAULT_DESCRIPTIONS[code] ?? `Error ${code}`);
  }

  takeDrop(method: string): boolean {
    return take(this.drops, method, (e) => e.method) !== undefined;
  }

  /** The refusal Telegram gives for sending into this chat, if any. */
  chatRefusal(chatId: number): BotApiFailure | undefined {
    if (this.missing.has(chatId)) return new BotApiFailure(400, 'Bad Request: chat not found');
    if (this.deactivated.has(chatId)) {
      return new BotApiFailure(403, chatId > 0 ? 'Forbidden: user is deactivated' : 'Forbidden: the group chat was deleted');
    }
    if (this.blocked.has(chatId)) return new BotApiFailure(403, chatId > 0 ? 'Forbidden: bot was blocked by the user' : 'Forbidden: bot was kicked from the group chat');
    return undefined;
  }
}

function take<T extends { remaining: number }>(list: T[], method: string, methodOf: (entry: T) => string | undefined): T | undefined {
  const entry = list.find((e) => {
    const only = methodOf(e);
    return only ? only.toLowerCase() === method.toLowerCase() : method.toLowerCase() !== 'getupdates';
  });
  if (!entry) return undefined;
  entry.remaining--;
  if (entry.remaining <= 0) list.splice(list.indexOf(entry), 1);
  return entry;
}

/** Telegram-like flood control: answers 429 with `retry_after` (whole seconds) when a window is full. */
export class FloodControl {
  private bot?: SlidingWindow;
  private readonly chats = new Map<number, SlidingWindow>();
  /** 429s answered, by the limit that was full (the bot's wins when both were): tells jitter at the bot-wide limit from a chat's. */
  readonly rejected = { bot: 0, chat: 0 };

  constructor(private limits: StandInLimits = {}) {
    this.set(limits);
  }

  set(limits: StandInLimits): void {
    this.limits = { ...limits };
    this.bot = limits.perBotPerSecond ? windowFor(limits.perBotPerSecond, 1000) : undefined;
    this.chats.clear();
  }

  /** Throws a 429 if this send would exceed a limit; otherwise counts it. */
  admit(chatId: number, now: number): void {
    const chatWindow = this.chatWindow(chatId);
    const botDelay = this.bot?.delayAt(now) ?? 0;
    const delay = Math.max(botDelay, chatWindow?.delayAt(now) ?? 0);
    if (delay > 0) {
      if (botDelay > 0) this.rejected.bot++;
      else this.rejected.chat++;
      const seconds = Math.max(1, Math.ceil(delay / 1000));
      throw new BotApiFailure(429, `Too Many Requests: retry after ${seconds}`, { retry_after: seconds });
    }
    this.bot?.record(now);
    chatWindow?.record(now);
  }

  private chatWindow(chatId: number): SlidingWindow | undefined {
    const perUnit = chatId < 0 ? this.limits.perGroupPerMinute : this.limits.perChatPerSecond;
    if (!perUnit) return undefined;
    let window = this.chats.get(chatId);
    if (!window) {
      window = windowFor(perUnit, chatId < 0 ? 60_000 : 1000);
      this.chats.set(chatId, window);
    }
    return window;
  }
}

function windowFor(perUnit: number, unitMs: number): SlidingWindow {
  const limit = Math.max(1, Math.floor(perUnit));
  return new SlidingWindow(limit, (unitMs * limit) / perUnit);
}
