import { draftKeyboard } from '../core/draft-buttons.ts';
import type { OtherReadingPress } from '../core/other-reading-buttons.ts';
import type { InlineKeyboardButton } from '../core/telegram/port.ts';
import { nextOccurrence } from '../core/time/index.ts';
import type { Schedule } from '../schema/index.ts';
import type { ChatContext } from './chat-context.ts';
import type { AgentDeps } from './deps.ts';
import { UserInputError } from './errors.ts';
import { assertMayChange } from './group-rights.ts';
import { describeScheduleIn, formatInstantIn } from './i18n/dates.ts';
import { t } from './i18n/translate.ts';
import { OTHER_READING_TTL_SECONDS } from './other-reading-offer.ts';
import type { TelegramCallbackQuery } from './payload.ts';
import { describeConfirmation } from './replies.ts';
import { editReminder } from './reminder-ops.ts';

/**
 * A tap on "↔️ I meant …". Taking the kept reading deletes it, so only the first tap acts; a second tap
 * (a double-tap, or after the message was edited) is told where the reminder stands now. A saved
 * reminder moves to the other reading and keeps its #N and text; an unsure reading becomes a new draft
 * with that reading, asked about again with ✅ Save as shown / ✏️ Change / ❌ Cancel.
 */
export async function handleOtherReadingPress(deps: AgentDeps, ctx: ChatContext, query: TelegramCallbackQuery, press: OtherReadingPress): Promise<void> {
  try {
    if (press.target === 'reminder') {
      // Checked before the reading is taken, so a tap by someone who may not change it (a group member
      // who did not set it) uses nothing up: the person who set it can still tap.
      const reminder = await deps.store.getReminder(ctx.chatId, press.id);
      if (reminder) await assertMayChange(deps, ctx, reminder);
      const kept = reminder ? await deps.store.takeDraft(ctx.chatId, press.altId, ctx.now) : undefined;
      if (!kept) {
        await deps.telegram.answerCallbackQuery(query.id, await whereItStands(deps, ctx, press.id));
        return;
      }
      const moved = await editReminder(deps, ctx, press.id, { at: firstStillAhead(kept, ctx.now, reminder?.firedCount ?? 0), schedule: kept.schedule });
      await deps.telegram.answerCallbackQuery(query.id, t(ctx.lang, 'otherReadingAnswer', { n: moved.shortId }));
      // The buttons go, as after any choice: the tap is made, "move 3 to …" or "cancel 3" still work.
      await edit(deps, ctx, query, t(ctx.lang, 'otherReadingDone', { line: describeConfirmation(moved, ctx) }));
      return;
    }
    // The unsure reading is replaced: it goes, and the other reading is kept as the draft to answer.
    const kept = await deps.store.takeDraft(ctx.chatId, press.altId, ctx.now);
    const replaced = kept ? await deps.store.takeDraft(ctx.chatId, press.id, ctx.now) : undefined;
    if (!kept || !replaced) {
      await deps.telegram.answerCallbackQuery(query.id, t(ctx.lang, 'draftAlreadyAnswered'));
      return;
    }
    const { id: _taken, ...reading } = kept;
    const draft = await deps.store.putDraft(reading, ctx.now, OTHER_READING_TTL_SECONDS);
    const when = describeScheduleIn(ctx.lang, draft.schedule, draft.dueAt, ctx.tz, ctx.now);
    await deps.telegram.answerCallbackQuery(query.id, t(ctx.lang, 'otherReadingButton', { when: formatInstantIn(ctx.lang, draft.dueAt, ctx.tz, ctx.now) }));
    await edit(deps, ctx, query, t(ctx.lang, 'otherReadingDraft', { when, text: draft.text }), draftKeyboard(draft.id));
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    await deps.telegram.answerCallbackQuery(query.id, error.message.slice(0, 190));
  }
}

/**
 * The button waits a day, and a rule's offered first occurrence ("every day at 17:00": today 17:00) may have
 * passed by the tap: the rule's next one after now is meant then, counting what the reminder already fired.
 */
function firstStillAhead(kept: { dueAt: Date; schedule: Schedule }, now: Date, firedCount: number): Date {
  if (kept.dueAt.getTime() > now.getTime() || kept.schedule.kind !== 'recurring') return kept.dueAt;
  return nextOccurrence(kept.schedule, now, firedCount) ?? kept.dueAt;
}

/** "Already answered — #3 is set for Thu 3 Dec 10:00.", or that it is gone. */
async function whereItStands(deps: AgentDeps, ctx: ChatContext, reminderId: string): Promise<string> {
  const reminder = await deps.store.getReminder(ctx.chatId, reminderId);
  if (!reminder) return t(ctx.lang, 'alreadyGone');
  return t(ctx.lang, 'otherReadingAlready', { n: reminder.shortId, when: formatInstantIn(ctx.lang, new Date(reminder.dueAt), ctx.tz, ctx.now) }).slice(0, 190);
}

/** Adds what the tap did under the message, with the buttons that still apply (none unless given). */
async function edit(deps: AgentDeps, ctx: ChatContext, query: TelegramCallbackQuery, line: string, buttons?: InlineKeyboardButton[][]): Promise<void> {
  const message = query.message;
  if (!message) return;
  if (message.text) await deps.telegram.editMessageText(ctx.chatId, message.message_id, `${message.text}\n\n${line}`, buttons ? { buttons } : {});
  else await deps.telegram.editMessageReplyMarkup(ctx.chatId, message.message_id, buttons);
}
