import type { Reminder } from '../core/store/port.ts';
import type { ChatContext } from './chat-context.ts';
import type { Reply } from './reply.ts';
import { confirmationKeyboard } from './conversation-buttons.ts';
import type { AgentDeps } from './deps.ts';
import { UserInputError } from './errors.ts';
import { assertMayChange } from './group-rights.ts';
import { formatInstantIn } from './i18n/dates.ts';
import { readReminderPhrase } from './i18n/read-phrase.ts';
import { t } from './i18n/translate.ts';
import { moveReminder } from './move-reminder.ts';
import { describeReminder } from './replies.ts';
import { editReminder, findReminder } from './reminder-ops.ts';

/** How long after ✏️ Change the chat's next message is taken as the edit: long enough to type, short enough not to surprise. */
export const PENDING_EDIT_MS = 10 * 60_000;

/** ✏️ Change pressed: the presser's next plain message in this chat edits `reminder`. */
export async function startPendingEdit(deps: AgentDeps, ctx: ChatContext, reminder: Reminder): Promise<boolean> {
  if (!deps.pendingEdits) return false;
  const until = new Date(ctx.now.getTime() + PENDING_EDIT_MS).toISOString();
  await deps.pendingEdits.setPendingEdit(ctx.chatId, { reminderId: reminder.id, until, ...(ctx.userId !== undefined ? { userId: ctx.userId } : {}) }, ctx.now);
  return true;
}

/**
 * The marker that applies to this message: unexpired, and set by this writer (in a group, another
 * member's message is theirs, not the edit). Undefined otherwise.
 */
export function pendingEditFor(ctx: ChatContext): string | undefined {
  const edit = ctx.pendingEdit;
  if (!edit || Date.parse(edit.until) <= ctx.now.getTime()) return undefined;
  if (edit.userId !== undefined && edit.userId !== ctx.userId) return undefined;
  return edit.reminderId;
}

/** The marker is used once, whatever the message turns out to be: a command or a management request cancels it. */
export async function consumePendingEdit(deps: AgentDeps, ctx: ChatContext, reminderId: string): Promise<void> {
  await deps.pendingEdits?.clearPendingEdit(ctx.chatId, reminderId);
}

/**
 * The message after ✏️ Change: a bare time ("9pm", "friday at 10") moves the reminder, text kept (a
 * repeating one asks "only the next one" or "every time", as `move` does); a whole reminder ("friday at 10
 * dentist") replaces time and text; a message with no time changes nothing and says so. Time words
 * left unread are refused like everywhere else: no guess is saved.
 */
export async function applyPendingEdit(deps: AgentDeps, ctx: ChatContext, reminderId: string, text: string): Promise<Reply> {
  const reminder = await findReminder(deps, ctx, reminderId);
  await assertMayChange(deps, ctx, reminder);
  const parsed = readReminderPhrase(ctx.lang, text, { tz: ctx.tz, now: ctx.now });
  if (parsed.ok) {
    if (parsed.unread.length > 0) {
      const when = formatInstantIn(ctx.lang, parsed.dueAt, ctx.tz, ctx.now);
      throw new UserInputError(t(ctx.lang, 'parseUnread', { when, words: parsed.unread.join(' ') }));
    }
    const edited = await editReminder(deps, ctx, reminder.id, { text: parsed.text, at: parsed.dueAt, schedule: parsed.schedule });
    return { text: t(ctx.lang, 'changedByEdit', { line: describeReminder(edited, ctx) }), buttons: confirmationKeyboard(edited.id, ctx.lang) };
  }
  if (parsed.error === 'empty_text') return moveReminder(deps, ctx, reminder.id, text);
  if (parsed.error === 'no_time') return { text: t(ctx.lang, 'changeNoTime', { n: reminder.shortId }), refused: true };
  throw new UserInputError(parsed.message);
}
