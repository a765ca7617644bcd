import type { ChatMemberStatus } from '../../core/telegram/port.ts';

/** The one grammY call this needs, typed by shape so this file stays free of the client library. */
interface ChatMemberApi {
  getChatMember(chatId: number, userId: number, signal?: never): Promise<{ status: string }>;
}

const STATUSES: readonly ChatMemberStatus[] = ['creator', 'administrator', 'member', 'restricted', 'left', 'kicked'];

/**
 * A member's status in a chat, or undefined when Telegram could not say (network, timeout, refusal):
 * callers then grant nothing extra. One attempt: a rights check is not worth retrying behind a button press.
 */
export async function fetchChatMemberStatus(api: ChatMemberApi, chatId: number, userId: number, timeoutMs: number, onError: (error: unknown) => void): Promise<ChatMemberStatus | undefined> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const member = await api.getChatMember(chatId, userId, controller.signal as never);
    return STATUSES.find((status) => status === member.status);
  } catch (error) {
    onError(error);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
