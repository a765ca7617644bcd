import { InvalidReminderInputError, ReminderNotFoundError } from '../core/store/errors.ts';
import type { Draft, Reminder } from '../core/store/port.ts';
import {
  describeSchedule, formatInstant, nextOccurrence, parseDuration, resolveZone, scheduleFromStructured, type ParsedReminder, type ReadingAlternative,
  type StructuredRecurrence,
} from '../core/time/index.ts';
import type { ReminderWork } from '../schema/index.ts';
import type { ChatContext } from './chat-context.ts';
import type { AgentDeps } from './deps.ts';
import { ReminderCapReachedError, UserInputError } from './errors.ts';
import { assertMayChange, isBlankText } from './group-rights.ts';
import { readReminderPhrase } from './i18n/read-phrase.ts';
import { t } from './i18n/translate.ts';
import { UnsureReadingError } from './unsure-reading.ts';

/**
 * What a person (by command) or the model (by tool) can do to reminders. Every function takes the
 * server-built `ChatContext`, so the chat acted on is always the chat that asked; failures a person
 * can fix are `UserInputError`s with a sentence for them.
 */

/**
 * A wrong reading is worse than none: when time words stay in the text ("and 20", "evening", "03.12"),
 * say what was understood and which words were not, and save nothing.
 */
function unsureReading(parsed: Extract<ParsedReminder, { ok: true }>, ctx: ChatContext, work: ReminderWork): UnsureReadingError {
  const when = describeSchedule(parsed.schedule, parsed.dueAt, ctx.tz, ctx.now);
  const words = parsed.unread.map((w) => `"${w}"`).join(', ');
  const message = `I'm not sure I read that right, so I haven't saved it. I understood: ${when} — ${parsed.text}. ` +
    `I couldn't place ${words}. Save it as shown, or send it again with the time said differently, e.g. "every day at 8 and 20 take pills".`;
  return new UnsureReadingError(message, { text: parsed.text, work, schedule: parsed.schedule, dueAt: parsed.dueAt }, parsed.alternatives ? { alternatives: parsed.alternatives } : {});
}

/** ✅ Save as shown on an unsure reading: the draft as understood, at its next occurrence if the first has passed. */
export async function createFromDraft(deps: AgentDeps, ctx: ChatContext, draft: Draft): Promise<Reminder> {
  let dueAt = draft.dueAt;
  if (dueAt.getTime() <= ctx.now.getTime()) {
    const next = draft.schedule.kind === 'recurring' ? nextOccurrence(draft.schedule, ctx.now, 0) : null;
    if (next === null) throw new UserInputError(`${formatInstant(dueAt, draft.tz, ctx.now)} has passed meanwhile, so I didn't save it. Send it again with a new time.`);
    dueAt = next;
  }
  return create(deps, ctx, { text: draft.text, work: draft.work, schedule: draft.schedule, dueAt });
}

/** Creates a reminder from a phrase such as "tomorrow at 10 check emails" or "every weekday 8:30 standup". */
export async function scheduleFromPhrase(
  deps: AgentDeps,
  ctx: ChatContext,
  phrase: string,
  options: { expect?: 'once' | 'recurring'; work?: ReminderWork } = {},
): Promise<ReadReminder> {
  const parsed = readReminderPhrase(ctx.lang, phrase, { tz: ctx.tz, now: ctx.now });
  if (!parsed.ok) throw new UserInputError(parsed.message);
  if (parsed.unread.length > 0) throw unsureReading(parsed, ctx, options.work ?? 'message');
  if (options.expect === 'recurring' && parsed.kind !== 'recurring') {
    throw new UserInputError('That does not say how often to repeat. Try "/every weekday at 8:30 standup", or use /remind for a one-time reminder.');
  }
  const reminder = await create(deps, ctx, {
    text: parsed.text,
    work: options.work ?? 'message',
    schedule: parsed.schedule,
    dueAt: parsed.dueAt,
  });
  return withReading(reminder, parsed);
}

/** A reminder just saved, with what its reading assumed, for the confirmation. */
export type ReadReminder = Reminder & ReadingAssumptions;

/** What a reading assumed ("03.12" as 3 December, "at 5" as 17:00), and the readings it did not take. */
export interface ReadingAssumptions {
  readingNotes?: string[];
  readingAlternatives?: ReadingAlternative[];
}

function withReading<T extends object>(value: T, parsed: { notes?: string[]; alternatives?: ReadingAlternative[] }): T & ReadingAssumptions {
  return { ...value, ...(parsed.notes ? { readingNotes: parsed.notes } : {}), ...(parsed.alternatives ? { readingAlternatives: parsed.alternatives } : {}) };
}

/** "\nℹ️ I read 03.12 as 3 December …" lines for a confirmation; empty when nothing was assumed. */
export function readingNotesText(reminder: { readingNotes?: string[] }): string {
  return (reminder.readingNotes ?? []).map((n) => `\nℹ️ ${n}`).join('');
}

/**
 * A plain sentence that may be a repeating reminder ("every weekday at 8:30 standup", "daily at 9
 * vitamins"): created when the parser reads it as recurring, `undefined` when it does not (the
 * caller falls through to whatever handles free text). Store refusals still throw.
 */
export async function scheduleRecurringSentence(deps: AgentDeps, ctx: ChatContext, sentence: string): Promise<ReadReminder | undefined> {
  const parsed = readReminderPhrase(ctx.lang, sentence, { tz: ctx.tz, now: ctx.now });
  if (!parsed.ok || parsed.kind !== 'recurring') return undefined;
  if (parsed.unread.length > 0) throw unsureReading(parsed, ctx, 'message');
  return withReading(await create(deps, ctx, { text: parsed.text, work: 'message', schedule: parsed.schedule, dueAt: parsed.dueAt }), parsed);
}

/** Creates a one-time reminder at an exact instant. */
export async function scheduleAt(deps: AgentDeps, ctx: ChatContext, input: { text: string; at: Date; work?: ReminderWork }): Promise<Reminder> {
  return create(deps, ctx, { text: input.text, work: input.work ?? 'message', schedule: { kind: 'once' }, dueAt: input.at });
}

/** Finds a reminder of this chat by "#3", "3" or its full id; other chats' reminders simply do not exist here. */
export async function findReminder(deps: AgentDeps, ctx: ChatContext, ref: string | number): Promise<Reminder> {
  const text = String(ref).trim();
  const short = /^#?(\d{1,9})$/.exec(text);
  if (short?.[1]) {
    const reminder = await deps.store.getReminderByShortId(ctx.chatId, Number(short[1]));
    if (!reminder) throw new UserInputError(t(ctx.lang, 'notFound', { n: short[1] }));
    return reminder;
  }
  if (/^[0-9A-Za-z]{26}$/.test(text)) {
    const reminder = await deps.store.getReminder(ctx.chatId, text);
    if (!reminder) throw new UserInputError("I can't find that reminder in this chat. /list shows your reminders and their numbers.");
    return reminder;
  }
  throw new UserInputError(`"${text.slice(0, 40)}" is not a reminder number. Use the number from /list, e.g. #3.`);
}

export async function cancelReminder(deps: AgentDeps, ctx: ChatContext, ref: string | number): Promise<Reminder> {
  const reminder = await findReminder(deps, ctx, ref);
  await assertMayChange(deps, ctx, reminder);
  return withStoreErrors(() => deps.store.cancelReminder(ctx.chatId, reminder.id), reminder.shortId);
}

/**
 * Postpones a reminder by a duration ("10m", "2 hours") or to a time ("tomorrow 9am"). A duration
 * counts from the reminder's due time, or from now when that has passed (a paused or failed row):
 * snoozing tomorrow's 10:00 by 1 h makes it 11:00 tomorrow, never an hour from now.
 */
export async function snoozeReminder(deps: AgentDeps, ctx: ChatContext, ref: string | number, until: string | Date): Promise<Reminder> {
  const reminder = await findReminder(deps, ctx, ref);
  await assertMayChange(deps, ctx, reminder);
  const from = new Date(Math.max(Date.parse(reminder.dueAt), ctx.now.getTime()));
  const dueAt = until instanceof Date ? until : resolveSnoozeTime(ctx, until, from);
  const moved = await withStoreErrors(() => deps.store.snoozeReminder(ctx.chatId, reminder.id, dueAt, ctx.now), reminder.shortId);
  notifyScheduled(deps, moved);
  return moved;
}

/** Changes a reminder's text and/or time. `when` is a phrase; a repeating phrase changes the schedule. */
export async function editReminder(
  deps: AgentDeps,
  ctx: ChatContext,
  ref: string | number,
  changes: { text?: string; when?: string; at?: Date; schedule?: Reminder['schedule'] },
): Promise<Reminder> {
  const reminder = await findReminder(deps, ctx, ref);
  await assertMayChange(deps, ctx, reminder);
  const update: { text?: string; dueAt?: Date; schedule?: Reminder['schedule'] } = {};
  if (changes.text !== undefined) {
    if (isBlankText(changes.text)) throw new UserInputError(t(ctx.lang, 'parseEmptyText'));
    update.text = changes.text.trim();
  }
  if (changes.at) update.dueAt = changes.at;
  if (changes.schedule) update.schedule = changes.schedule;
  if (changes.when) {
    const parsed = parseWhen(ctx, changes.when);
    update.dueAt = parsed.dueAt;
    update.schedule = parsed.schedule;
  }
  if (Object.keys(update).length === 0) throw new UserInputError('Tell me what to change: the text, the time, or both.');
  const edited = await withStoreErrors(() => deps.store.editReminder(ctx.chatId, reminder.id, update, ctx.now), reminder.shortId);
  if (update.dueAt) notifyScheduled(deps, edited);
  return edited;
}

/** Sets the chat's zone from a zone name or a city; returns the IANA name stored. */
export async function setTimezone(deps: AgentDeps, ctx: ChatContext, input: string): Promise<string> {
  const zone = resolveZone(input.trim());
  if (!zone) {
    throw new UserInputError(`I don't know the time zone "${input.trim().slice(0, 60)}". Try a city (/tz Berlin) or a zone name (/tz America/New_York).`);
  }
  await deps.store.setChatTimezone(ctx.chatId, zone, ctx.now);
  return zone;
}

/** Every reminder of the chat, in the store's order (a chat has dozens, not thousands). */
export async function listAllReminders(deps: AgentDeps, ctx: ChatContext): Promise<Reminder[]> {
  const all: Reminder[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listReminders(ctx.chatId, { limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return all;
}

/** How a list page is measured: each reminder's rendered size, and the most one page may hold. */
export interface ListPageFit {
  measure: (reminder: Reminder) => number;
  maxSize: number;
}

/**
 * Page `page` of the chat's reminders, active ones soonest first (the store's order). A page ends at
 * `pageSize` reminders or when the next would push it past `fit.maxSize` (long texts would otherwise
 * overflow one message and push reminders out of sight), but always holds at least one. The store is
 * read a page at a time in order, each read costing the same whatever the chat's size.
 */
export async function listReminderPage(
  deps: AgentDeps,
  ctx: ChatContext,
  page: number,
  pageSize: number,
  fit: ListPageFit = { measure: () => 0, maxSize: Number.POSITIVE_INFINITY },
): Promise<{ items: Reminder[]; hasMore: boolean }> {
  const buffer: Reminder[] = [];
  let cursor: string | undefined;
  let exhausted = false;
  const next = async (): Promise<Reminder | undefined> => {
    while (buffer.length === 0 && !exhausted) {
      const result = await deps.store.listReminders(ctx.chatId, { limit: pageSize, ...(cursor ? { cursor } : {}) });
      buffer.push(...result.items);
      cursor = result.cursor;
      exhausted = cursor === undefined;
    }
    return buffer[0];
  };
  for (let current = 1; ; current++) {
    const items: Reminder[] = [];
    let size = 0;
    for (let reminder = await next(); reminder && items.length < pageSize; reminder = await next()) {
      const own = fit.measure(reminder);
      if (items.length > 0 && size + own > fit.maxSize) break;
      items.push(buffer.shift()!);
      size += own;
    }
    if (current === page) return { items, hasMore: (await next()) !== undefined };
    if (items.length === 0) return { items: [], hasMore: false };
  }
}

function resolveSnoozeTime(ctx: ChatContext, until: string, from: Date): Date {
  const ms = parseDuration(until);
  if (ms !== undefined) {
    if (ms <= 0) throw new UserInputError('Snooze needs a positive duration, e.g. 10m, 1h or 2 days.');
    return new Date(from.getTime() + ms);
  }
  // Not a duration: maybe a time ("tomorrow 9am").
  try {
    const parsed = parseWhen(ctx, until);
    if (parsed.kind === 'once') return parsed.dueAt;
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
  }
  throw new UserInputError(`I couldn't read "${until.slice(0, 40)}" as a snooze time. Try 10m, 1h, 2 days or "tomorrow 9am".`);
}

/**
 * Reads a bare time phrase ("tomorrow at 10", "every weekday at 8:30"). The parser reads whole
 * reminder sentences, so a fixed word stands in for the text: the person's own text cannot then
 * contribute stray time words ("call Bob about the 5 pm meeting").
 */
export function parseWhen(ctx: ChatContext, when: string): { kind: 'once' | 'recurring'; dueAt: Date; schedule: Reminder['schedule'] } & ReadingAssumptions {
  const parsed = readReminderPhrase(ctx.lang, `${when.trim()} ${WHEN_PLACEHOLDER}`, { tz: ctx.tz, now: ctx.now });
  if (!parsed.ok) throw new UserInputError(parsed.message);
  return withReading({ kind: parsed.kind, dueAt: parsed.dueAt, schedule: parsed.schedule }, parsed);
}

const WHEN_PLACEHOLDER = 'reminder';

/** Creates a reminder from a time phrase plus separate text (the model's tools keep the two apart). */
export async function scheduleWhen(
  deps: AgentDeps,
  ctx: ChatContext,
  input: { text: string; when: string; work?: ReminderWork; expect?: 'once' | 'recurring' },
): Promise<ReadReminder> {
  const parsed = parseWhen(ctx, input.when);
  if (input.expect === 'recurring' && parsed.kind !== 'recurring') {
    throw new UserInputError(`"${input.when.slice(0, 60)}" does not repeat; give a repeating phrase such as "every weekday at 8:30".`);
  }
  if (input.expect === 'once' && parsed.kind !== 'once') {
    throw new UserInputError(`"${input.when.slice(0, 60)}" repeats; use the recurring tool for repeating reminders.`);
  }
  const reminder = await create(deps, ctx, { text: input.text, work: input.work ?? 'message', schedule: parsed.schedule, dueAt: parsed.dueAt });
  return withReading(reminder, { ...(parsed.readingNotes ? { notes: parsed.readingNotes } : {}), ...(parsed.readingAlternatives ? { alternatives: parsed.readingAlternatives } : {}) });
}

/** Creates a repeating reminder from a structured recurrence (the model's tools), validated and stored as RFC 5545. */
export async function scheduleStructured(
  deps: AgentDeps,
  ctx: ChatContext,
  input: { text: string; recurrence: StructuredRecurrence; work?: ReminderWork },
): Promise<Reminder> {
  const built = scheduleFromStructured(input.recurrence, ctx.tz, ctx.now);
  if ('ok' in built) throw new UserInputError(built.message);
  return create(deps, ctx, { text: input.text, work: input.work ?? 'message', schedule: built.schedule, dueAt: built.dueAt });
}

async function create(
  deps: AgentDeps,
  ctx: ChatContext,
  input: { text: string; work: ReminderWork; schedule: Reminder['schedule']; dueAt: Date; reuseShortId?: number },
): Promise<Reminder> {
  // Zero-width and other invisible characters pass a plain emptiness check but show nothing.
  if (isBlankText(input.text)) throw new UserInputError(t(ctx.lang, 'parseEmptyText'));
  const cap = deps.reminderCap;
  if (cap && (await withStoreErrors(() => cap.counter.countActive(ctx.chatId, cap.limit))) >= cap.limit) throw new ReminderCapReachedError(cap.limit);
  const reminder = await withStoreErrors(() =>
    deps.store.createReminder(
      {
        chatId: ctx.chatId,
        text: input.text.trim(),
        work: input.work,
        schedule: input.schedule,
        tz: ctx.tz,
        dueAt: input.dueAt,
        createdBy: ctx.userId,
        ...(ctx.lang && ctx.lang !== 'en' ? { lang: ctx.lang } : {}),
        ...(input.reuseShortId !== undefined ? { reuseShortId: input.reuseShortId } : {}),
      },
      ctx.now,
    ),
  );
  notifyScheduled(deps, reminder);
  return reminder;
}

/** Creates a reminder in this chat (used by button snoozes, which already know text, work and time). */
export async function createOnce(
  deps: AgentDeps,
  ctx: ChatContext,
  input: { text: string; work: ReminderWork; at: Date; tz?: string; reuseShortId?: number },
): Promise<Reminder> {
  return create(deps, input.tz ? { ...ctx, tz: input.tz } : ctx, {
    text: input.text,
    work: input.work,
    schedule: { kind: 'once' },
    dueAt: input.at,
    ...(input.reuseShortId !== undefined ? { reuseShortId: input.reuseShortId } : {}),
  });
}

/** Tells the hook (if any) about a reminder with a new due time; a throwing hook is logged, never fatal. */
export function notifyScheduled(deps: AgentDeps, reminder: Reminder): void {
  try {
    deps.onReminderScheduled?.(reminder);
  } catch (error) {
    deps.log.warn('onReminderScheduled hook threw', { reminderId: reminder.id, error: String(error) });
  }
}

/** Turns the store's typed refusals into sentences; anything else is not the person's fault and propagates. */
async function withStoreErrors<T>(action: () => Promise<T>, shortId?: number): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ReminderNotFoundError) {
      throw new UserInputError(`I can't find ${shortId ? `#${shortId}` : 'that reminder'} in this chat any more — it may have just been delivered or cancelled.`, { cause: error });
    }
    if (error instanceof InvalidReminderInputError) throw new UserInputError(invalidInputSentence(error), { cause: error });
    throw error;
  }
}

function invalidInputSentence(error: InvalidReminderInputError): string {
  // Worded from the store's field and reason, never from its (developer-facing) message.
  const reason = error.reason;
  switch (error.field) {
    case 'dueAt':
      return 'That time is already in the past — give me a time in the future.';
    case 'text':
      if (reason?.kind === 'too_long') return tooLongSentence(reason.length, reason.limit);
      if (reason?.kind === 'empty') return 'What should I remind you about? The reminder needs some text.';
      return "I couldn't use that reminder text. Please rephrase it.";
    case 'tz':
    case 'timezone':
      return "That time zone isn't valid. Try /tz Berlin or /tz America/New_York.";
    default:
      return `That reminder doesn't look right (${error.field}). Please rephrase it.`;
  }
}

/** "That reminder is too long (5,000 characters; the limit is 4,000)." */
export function tooLongSentence(length: number, limit: number): string {
  const count = (n: number) => n.toLocaleString('en-US');
  return `That reminder is too long (${count(length)} characters; the limit is ${count(limit)}).`;
}
