import type { TelegramClient } from '../core/telegram/port.ts';

/** How long a member's admin status is trusted: a promotion or demotion takes effect within a minute. */
const DEFAULT_TTL_MS = 60_000;
/** Entries kept at most; the oldest go first (a busy bot sees many groups, each check is cheap to repeat). */
const MAX_ENTRIES = 5_000;

/**
 * Whether a member is a group admin (creator or administrator), asked from Telegram's getChatMember and
 * kept briefly per chat and member, so a burst of presses costs one call. An answer Telegram could not
 * give (network, timeout) is not kept and grants nothing: the member is treated as not an admin.
 */
export class GroupAdmins {
  private readonly known = new Map<string, { admin: boolean; until: number }>();

  constructor(
    private readonly telegram: Pick<TelegramClient, 'getChatMember'>,
    private readonly clock: () => Date,
    private readonly ttlMs = DEFAULT_TTL_MS,
  ) {}

  async isAdmin(chatId: number, userId: number): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const now = this.clock().getTime();
    const cached = this.known.get(key);
    if (cached && cached.until > now) return cached.admin;
    const status = await this.telegram.getChatMember?.(chatId, userId);
    if (status === undefined) return false;
    const admin = status === 'creator' || status === 'administrator';
    this.known.delete(key);
    this.known.set(key, { admin, until: now + this.ttlMs });
    if (this.known.size > MAX_ENTRIES) this.known.delete(this.known.keys().next().value as string);
    return admin;
  }
}
