import type { World } from './world.ts';
import type { TgUpdate } from './types.ts';
import { BotApiFailure } from './types.ts';

/**
 * getUpdates' waiting half: one poll may wait at a time (a newer one ends the older with 409, as
 * Telegram does when two bot instances poll), and an arriving update answers it at once.
 */
export class LongPoll {
  private waiting: { finish: (outcome: TgUpdate[] | BotApiFailure) => void } | undefined;

  constructor(private readonly world: World) {
    world.events.on('update', () => this.waiting?.finish([]));
  }

  /** Resolves with updates from `offset` on, waiting up to `timeoutSeconds` for the first one. */
  async poll(limit: number, timeoutSeconds: number, signal: AbortSignal): Promise<TgUpdate[]> {
    const ready = this.available(limit);
    if (ready.length > 0 || timeoutSeconds <= 0) return ready;
    this.supersede(new BotApiFailure(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
    const outcome = await new Promise<TgUpdate[] | BotApiFailure>((resolve) => {
      const entry = {
        finish: (result: TgUpdate[] | BotApiFailure) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          if (this.waiting === entry) this.waiting = undefined;
          resolve(result);
        },
      };
      const onAbort = (): void => entry.finish([]);
      const timer = setTimeout(() => entry.finish([]), timeoutSeconds * 1000);
      signal.addEventListener('abort', onAbort);
      this.waiting = entry;
    });
    if (outcome instanceof BotApiFailure) throw outcome;
    return this.available(limit);
  }

  /** Ends a waiting poll (webhook set, stand-in stopping). */
  supersede(failure?: BotApiFailure): void {
    this.waiting?.finish(failure ?? []);
  }

  private available(limit: number): TgUpdate[] {
    return this.world.pending.slice(0, limit).map((p) => p.update);
  }
}
