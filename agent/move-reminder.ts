import type { Reminder } from '../core/store/port.ts';
import type { InlineKeyboardButton } from '../core/telegram/port.ts';
import { nextOccurrence, pad2, wallTimeOf } from '../core/time/index.ts';
import type { RecurringSchedule } from '../schema/index.ts';
import type { ChatContext } from './chat-context.ts';
import type { Reply } from './reply.ts';
import { encodeConversationButton } from './conversation-buttons.ts';
import type { AgentDeps } from './deps.ts';
import { UserInputError } from './errors.ts';
import { assertMayChange } from './group-rights.ts';
import { formatInstantIn, formatTimeOfDay } from './i18n/dates.ts';
import { t } from './i18n/translate.ts';
import { otherReadingRows } from './other-reading-offer.ts';
import { describeConfirmation, describeReminder } from './replies.ts';
import { editReminder, findReminder, parseWhen, readingNotesText } from './reminder-ops.ts';


/**
 * "move #1 to 9pm" / "/edit #1 tomorrow at 9": the time changes, the text stays. A one-time
 * reminder moves at once. A repeating one given a one-time phrase is ambiguous — this occurrence
 * or all of them? — so the person picks with a button; a repeating phrase replaces the schedule.
 */
export async function moveReminder(deps: AgentDeps, ctx: ChatContext, ref: number | string, when: string): Promise<Reply> {
  const reminder = await findReminder(deps, ctx, ref);
  await assertMayChange(deps, ctx, reminder);
  const parsed = parseWhen(ctx, when);
  // What the reading assumed ("9:15" as 21:15) is said, and its other reading is one tap away.
  const notes = readingNotesText(parsed);
  if (reminder.schedule.kind === 'once' || parsed.kind === 'recurring') {
    const moved = await editReminder(deps, ctx, reminder.id, { at: parsed.dueAt, schedule: parsed.schedule });
    const others = await otherReadingRows(deps, ctx, { kind: 'reminder', id: moved.id }, {
      text: moved.text, work: moved.work, ...(parsed.readingAlternatives ? { alternatives: parsed.readingAlternatives } : {}),
    });
    return { text: t(ctx.lang, 'moved', { line: describeConfirmation(moved, ctx) }) + notes, ...(others.length > 0 ? { buttons: others } : {}) };
  }
  const schedule = reminder.schedule;
  const everyTime = withTimeOfDay(schedule, 0, 0) !== undefined;
  // The other reading of the time gets the same two choices, below the reading taken.
  const times = [parsed.dueAt, ...(parsed.readingAlternatives ?? []).filter((a) => a.schedule.kind === 'once').map((a) => a.dueAt)];
  const buttons = times.flatMap((at) => moveChoices(ctx, reminder.id, schedule, at, everyTime));
  const question = t(ctx.lang, everyTime ? 'moveQuestion' : 'moveOnlyNextPossible');
  return { text: `${describeReminder(reminder, ctx)}\n${question}${notes}`, buttons };
}

/** "Only the next one (Wed 25 Nov 09:15)" and, where the schedule has one time of day, "Every time, at 09:15". */
function moveChoices(ctx: ChatContext, reminderId: string, schedule: RecurringSchedule, at: Date, everyTime: boolean): InlineKeyboardButton[][] {
  const local = wallTimeOf(at, schedule.tz);
  const rows = [[{ text: t(ctx.lang, 'onlyNextButton', { when: formatInstantIn(ctx.lang, at, ctx.tz, ctx.now) }), callback_data: encodeConversationButton({ action: 'move-next', reminderId, at: Math.floor(at.getTime() / 1000) }) }]];
  if (everyTime) {
    rows.push([{ text: t(ctx.lang, 'everyTimeButton', { time: formatTimeOfDay(local.hour, local.minute) }), callback_data: encodeConversationButton({ action: 'move-all', reminderId, hour: local.hour, minute: local.minute }) }]);
  }
  return rows;
}

/** "Only the next one": this occurrence moves; the schedule is untouched, so later ones keep their time. */
export async function moveNextOccurrence(deps: AgentDeps, ctx: ChatContext, reminderId: string, at: Date): Promise<Reminder> {
  return editReminder(deps, ctx, reminderId, { at });
}

/** "Every time": the schedule's time of day changes; the next occurrence follows the new schedule. */
export async function moveEveryOccurrence(deps: AgentDeps, ctx: ChatContext, reminderId: string, hour: number, minute: number): Promise<Reminder> {
  const reminder = await findReminder(deps, ctx, reminderId);
  if (reminder.schedule.kind !== 'recurring') throw new UserInputError(`#${reminder.shortId} no longer repeats. Send "move ${reminder.shortId} to …" again.`);
  const schedule = withTimeOfDay(reminder.schedule, hour, minute);
  if (!schedule) throw new UserInputError(`#${reminder.shortId} fires at several times a day; cancel it and set it again with the new times.`);
  const next = nextOccurrence(schedule, ctx.now, reminder.firedCount);
  if (!next) throw new UserInputError(`At ${pad2(hour)}:${pad2(minute)}, #${reminder.shortId} would have no occurrence left.`);
  return editReminder(deps, ctx, reminder.id, { at: next, schedule });
}

/**
 * The schedule at another time of day, when it fires at one time of day (a single minute and hour
 * in its cron or RRULE); undefined for "every 30 minutes" or "at 8 and 20", where one new time is no answer.
 */
export function withTimeOfDay(schedule: RecurringSchedule, hour: number, minute: number): RecurringSchedule | undefined {
  if (schedule.cron === undefined) return rruleAtTimeOfDay(schedule, hour, minute);
  const fields = schedule.cron.trim().split(/\s+/);
  if (fields.length !== 5 || !/^\d{1,2}$/.test(fields[0] ?? '') || !/^\d{1,2}$/.test(fields[1] ?? '')) return undefined;
  return { ...schedule, cron: [String(minute), String(hour), ...fields.slice(2)].join(' ') };
}

/** An RRULE with one BYHOUR and one BYMINUTE moved to another time; DTSTART's time follows so the series starts at it. */
function rruleAtTimeOfDay(schedule: RecurringSchedule, hour: number, minute: number): RecurringSchedule | undefined {
  const { rrule, dtstart } = schedule;
  if (rrule === undefined || dtstart === undefined) return undefined;
  if (!/(^|;)BYHOUR=\d{1,2}(;|$)/.test(rrule) || !/(^|;)BYMINUTE=\d{1,2}(;|$)/.test(rrule)) return undefined;
  const moved = rrule.replace(/(^|;)BYHOUR=\d{1,2}/, `$1BYHOUR=${hour}`).replace(/(^|;)BYMINUTE=\d{1,2}/, `$1BYMINUTE=${minute}`);
  return { ...schedule, rrule: moved, dtstart: `${dtstart.slice(0, 11)}${pad2(hour)}:${pad2(minute)}:00` };
}
