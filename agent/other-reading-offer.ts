import { encodeOtherReading, type OtherReadingPress } from '../core/other-reading-buttons.ts';
import type { InlineKeyboardButton } from '../core/telegram/port.ts';
import type { ReadingAlternative } from '../core/time/index.ts';
import type { ReminderWork } from '../schema/index.ts';
import type { ChatContext } from './chat-context.ts';
import type { AgentDeps } from './deps.ts';
import { formatInstantIn } from './i18n/dates.ts';
import { t } from './i18n/translate.ts';

/** How long the other reading can be picked: as long as the unsure reading's draft waits. */
export const OTHER_READING_TTL_SECONDS = 24 * 3600;

/** At most this many other readings get a button ("from 03.12 until 05.01" has two). */
const MAX_SHOWN = 2;

/**
 * One button per other reading ("↔️ I meant Fri 12 Mar 2027 10:00"), each kept as a draft with the reminder's
 * text, so the tap needs nothing from the client but two ids. `target` is the saved reminder (or the unsure
 * reading's draft) the tap changes.
 */
export async function otherReadingRows(
  deps: AgentDeps,
  ctx: ChatContext,
  target: { kind: 'reminder' | 'draft'; id: string },
  reading: { text: string; work: ReminderWork; alternatives?: ReadingAlternative[] },
): Promise<InlineKeyboardButton[][]> {
  const rows: InlineKeyboardButton[][] = [];
  for (const alternative of (reading.alternatives ?? []).slice(0, MAX_SHOWN)) {
    const kept = await deps.store.putDraft(
      { chatId: ctx.chatId, tz: ctx.tz, text: reading.text, work: reading.work, schedule: alternative.schedule, dueAt: alternative.dueAt },
      ctx.now,
      OTHER_READING_TTL_SECONDS,
    );
    const press: OtherReadingPress = { target: target.kind, id: target.id, altId: kept.id };
    rows.push([{ text: t(ctx.lang, 'otherReadingButton', { when: buttonWhen(ctx, alternative) }), callback_data: encodeOtherReading(press) }]);
  }
  return rows;
}

/**
 * What the button names: the other time of day for a rule read in the other half of the day ("↔️ I meant 17:00":
 * every occurrence moves, so one date would mislead), the other first occurrence otherwise.
 */
function buttonWhen(ctx: ChatContext, alternative: ReadingAlternative): string {
  if (alternative.reason === 'half-day' && alternative.schedule.kind === 'recurring') return alternative.label;
  return formatInstantIn(ctx.lang, alternative.dueAt, ctx.tz, ctx.now);
}
