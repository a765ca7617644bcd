import type { World } from './world.ts';
import type { TgUpdate } from './types.ts';

export interface WebhookSettings {
  url: string;
  secretToken?: string;
  allowedUpdates?: string[];
  maxConnections: number;
}

export interface WebhookRetryOptions {
  /** First wait after a failed delivery. Default 200 ms (Telegram waits longer; tests should not). */
  initialMs?: number;
  /** Longest wait between attempts. Default 5 s. */
  maxMs?: number;
  /** How long one delivery may take before it counts as failed. Default 10 s. */
  timeoutMs?: number;
}

/**
 * Pushes queued updates to the webhook: one in flight per chat (so a chat's updates arrive in
 * order), up to `max_connections` chats at once, each failure retried with doubling waits.
 * An update leaves the queue only on a 2xx answer.
 */
export class WebhookDelivery {
  settings: WebhookSettings | undefined;
  lastErrorDate: number | undefined;
  lastErrorMessage: string | undefined;
  private readonly inFlight = new Set<number>();
  private readonly backoff = new Map<number, { attempts: number; until: number }>();
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private stopped = false;
  private readonly stopping = new AbortController();

  constructor(
    private readonly world: World,
    private readonly retry: Required<WebhookRetryOptions>,
    /** Executes a method call the webhook answered with (Telegram's "webhook reply"). */
    private readonly onReply: (payload: Record<string, unknown>) => Promise<void>,
  ) {
    world.events.on('update', () => this.pump());
  }

  set(settings: WebhookSettings): void {
    this.settings = settings;
    this.generation++;
    this.backoff.clear();
    this.lastErrorDate = undefined;
    this.lastErrorMessage = undefined;
    this.pump();
  }

  clear(): void {
    this.settings = undefined;
    this.generation++;
    this.backoff.clear();
  }

  stop(): void {
    this.stopped = true;
    this.stopping.abort();
    this.clear();
    if (this.timer) clearTimeout(this.timer);
  }

  /** Starts every delivery that may start now; schedules a wake-up for the earliest back-off. */
  pump(): void {
    const settings = this.settings;
    if (!settings || this.stopped) return;
    const now = Date.now();
    let nextWake = Infinity;
    const seen = new Set<number>();
    for (const { update, chatId } of this.world.pending) {
      if (seen.has(chatId)) continue;
      seen.add(chatId);
      if (this.inFlight.has(chatId)) continue;
      const wait = this.backoff.get(chatId);
      if (wait && wait.until > now) {
        nextWake = Math.min(nextWake, wait.until);
        continue;
      }
      if (this.inFlight.size >= settings.maxConnections) break;
      void this.deliver(settings, chatId, update);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = nextWake < Infinity ? setTimeout(() => this.pump(), nextWake - now) : undefined;
  }

  private async deliver(settings: WebhookSettings, chatId: number, update: TgUpdate): Promise<void> {
    const generation = this.generation;
    this.inFlight.add(chatId);
    let failure: string | undefined;
    try {
      const response = await fetch(settings.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(settings.secretToken ? { 'x-telegram-bot-api-secret-token': settings.secretToken } : {}) },
        body: JSON.stringify(update),
        signal: AbortSignal.any([AbortSignal.timeout(this.retry.timeoutMs), this.stopping.signal]),
      });
      const body = await response.text();
      if (response.ok) {
        this.world.acknowledge(update.update_id);
        this.backoff.delete(chatId);
        await this.replyFrom(body);
      } else {
        failure = `Wrong response from the webhook: ${response.status} ${response.statusText}`.trim();
      }
    } catch (error) {
      failure = describeNetworkFailure(error);
    } finally {
      this.inFlight.delete(chatId);
    }
    if (failure !== undefined && generation === this.generation) {
      this.lastErrorDate = Math.floor(Date.now() / 1000);
      this.lastErrorMessage = failure;
      const attempts = (this.backoff.get(chatId)?.attempts ?? 0) + 1;
      const wait = Math.min(this.retry.maxMs, this.retry.initialMs * 2 ** (attempts - 1));
      this.backoff.set(chatId, { attempts, until: Date.now() + wait });
    }
    this.pump();
  }

  private async replyFrom(body: string): Promise<void> {
    if (!body.trim().startsWith('{')) return;
    try {
      const payload = JSON.parse(body) as Record<string, unknown>;
      if (typeof payload.method === 'string') await this.onReply(payload);
    } catch {
      // Telegram ignores a webhook answer it cannot use.
    }
  }
}

function describeNetworkFailure(error: unknown): string {
  const cause = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.name) : '';
  if (cause === 'ECONNREFUSED') return 'Connection refused';
  if (cause === 'TimeoutError' || cause === 'AbortError') return 'Read timeout expired';
  return 'Connection failed';
}
