import type { Reminder } from '../core/store/port.ts';
import { upcomingOccurrences } from '../core/time/index.ts';
import type { ChatContext } from './chat-context.ts';
import { describeScheduleIn, formatInstantIn } from './i18n/dates.ts';
import type { Language } from './i18n/languages.ts';
import { t } from './i18n/translate.ts';

/** Where and when a reply is read: the chat's current zone and the instant (a `ChatContext` fits). */
export interface ReadingPoint {
  readonly tz: string;
  readonly now: Date;
  /** Dates in this language (English when absent). */
  readonly lang?: Language;
}

/**
 * One line per reminder, times in the chat's current zone:
 * "⏰ #4 Thu 26 Nov 10:00 — check emails",
 * "🔁 #5 every weekday at 08:30 (Europe/Berlin), next: Wed 25 Nov 08:30 — standup".
 * A one-time reminder is an instant, so it is shown where the person is now, whatever zone it was
 * written in; a recurring one runs on its own zone's clock, which its description names.
 * Scheduled actions get 🤖 so the person can tell them from plain reminders; paused and failed rows
 * end in " (⏸ paused)" / " (⚠️ failed: <reason>)".
 */
export function describeReminder(reminder: Reminder, at: ReadingPoint, options: { then?: boolean } = {}): string {
  const { now, tz, lang } = at;
  const due = new Date(reminder.dueAt);
  const what = reminder.work === 'action' ? `(action) ${reminder.text}` : reminder.text;
  const status = statusNote(reminder, lang);
  if (reminder.schedule.kind === 'recurring') {
    const icon = reminder.work === 'action' ? '🤖' : '🔁';
    // "every weekday at 08:30 (Europe/Berlin), next: Wed 25 Nov 08:30"
    const then = options.then ? occurrenceAfter(reminder, due) : undefined;
    return `${icon} #${reminder.shortId} ${describeScheduleIn(lang, reminder.schedule, due, reminder.tz, now, then)} — ${what}${status}`;
  }
  const icon = reminder.work === 'action' ? '🤖' : '⏰';
  return `${icon} #${reminder.shortId} ${formatInstantIn(lang, due, tz, now)} — ${what}${status}`;
}

/**
 * A reminder as a confirmation shows it: like {@link describeReminder}, and a repeating one also names the
 * occurrence after the next, worked out from the stored rule ("…, next: Mon 30 Nov 10:00, then Mon 14 Dec
 * 10:00 — 1:1"), so a misread interval shows at a glance. No "then" when the rule has no second occurrence.
 */
export function describeConfirmation(reminder: Reminder, at: ReadingPoint): string {
  return describeReminder(reminder, at, { then: true });
}

/** The occurrence after `due` (the one coming next, not yet delivered), or undefined when the rule ends first. */
function occurrenceAfter(reminder: Reminder, due: Date): Date | undefined {
  if (reminder.schedule.kind !== 'recurring') return undefined;
  return upcomingOccurrences(reminder.schedule, due, 1, (reminder.firedCount ?? 0) + 1)[0];
}

/** Longest failure reason quoted in a list line: enough to tell "blocked" from "chat not found". */
const REASON_CHARS = 100;

/**
 * Rows that will not fire say so, so nobody mistakes them for scheduled ones:
 * " (⏸ paused — resume 3)" — the person paused it; " (⏸ paused)" — the chat could not be reached; " (⚠️ failed: <reason>)" — given up on.
 */
function statusNote(reminder: Reminder, lang: Language | undefined): string {
  // Paused by the person: the note says how to undo it, in their language.
  if (reminder.userPausedAt !== undefined) return t(lang, 'pausedNote', { n: reminder.shortId });
  if (reminder.status === 'paused') return ' (⏸ paused)';
  if (reminder.status !== 'failed') return '';
  const reason = (reminder.failureReason ?? reminder.lastError ?? 'unknown reason').replace(/\s+/g, ' ').trim();
  return ` (⚠️ failed: ${reason.length > REASON_CHARS ? `${reason.slice(0, REASON_CHARS - 1)}…` : reason})`;
}

/**
 * Told once, to a chat that writes again after deliveries to it failed (bot blocked, chat gone):
 * "👋 Welcome back — I couldn't reach you, so 3 reminders were paused; they're active again
 * (overdue ones will arrive now)." Undefined when there is nothing to tell.
 */
export function welcomeBackText(resumed: number, failed: number): string | undefined {
  const parts: string[] = [];
  if (resumed === 1) parts.push("I couldn't reach you, so 1 reminder was paused; it's active again (if it's overdue, it will arrive now).");
  else if (resumed > 1) parts.push(`I couldn't reach you, so ${resumed} reminders were paused; they're active again (overdue ones will arrive now).`);
  if (failed > 0) {
    const which = failed === 1 ? '1 reminder could not be delivered — /list shows it' : `${failed} reminders could not be delivered — /list shows them`;
    parts.push(`${resumed > 0 ? '' : "I couldn't reach you for a while. "}⚠️ ${which}; /snooze #N 10m sends one again.`);
  }
  return parts.length ? `👋 Welcome back — ${parts.join('\n')}` : undefined;
}

/** Appended to confirmations until the chat picks a zone. */
export function assumedZoneNote(ctx: ChatContext): string {
  return ctx.tzAssumed ? t(ctx.lang, 'assumedZone', { zone: ctx.tz }) : '';
}

/** What works without a model; also the /help text. */
export function helpText(modelEnabled: boolean, lang?: Language): string {
  return `${t(lang, 'help')}\n${t(lang, modelEnabled ? 'helpModel' : 'helpNoModel')}`;
}

/** The answer to a message nothing understood, when no model is configured. */
export function noModelReply(): string {
  return `Sorry, I can only follow commands right now.\n${helpText(false)}`;
}

export const SOMETHING_WENT_WRONG = 'Sorry — something went wrong on my side and I could not finish that. Please try again in a moment.';
