import type { Reminder } from '../core/store/port.ts';
import type { ChatContext } from './chat-context.ts';
import type { AgentDeps } from './deps.ts';
import { UserInputError } from './errors.ts';
import { t } from './i18n/translate.ts';

/**
 * In a group, a reminder belongs to whoever set it: only they or a group admin may cancel, edit,
 * snooze or pause it, so one member cannot quietly remove another's reminder. Private chats,
 * reminders with no recorded creator (written before creators were kept) and requests with no known
 * sender are not limited. Admin status comes from Telegram (getChatMember, kept a minute); when it
 * cannot be asked, nobody counts as an admin.
 */
export async function assertMayChange(deps: Pick<AgentDeps, 'groupAdmins'>, ctx: ChatContext, reminder: Reminder): Promise<void> {
  if (ctx.chatId > 0 || reminder.createdBy === undefined || ctx.userId === undefined) return;
  if (reminder.createdBy === ctx.userId) return;
  if (deps.groupAdmins && (await deps.groupAdmins.isAdmin(ctx.chatId, ctx.userId))) return;
  throw new UserInputError(t(ctx.lang, 'notYours', { n: reminder.shortId }));
}

/** Characters that print nothing: a reminder made only of these is as empty as "". */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\s\u115F\u1160\u3164\uFFA0\u2800]/gu;

export function isBlankText(text: string): boolean {
  return text.replace(INVISIBLE, '') === '';
}
