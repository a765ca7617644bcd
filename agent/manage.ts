import type { Reminder } from '../core/store/port.ts';
import { nextOccurrence, wallTimeOf } from '../core/time/index.ts';
import type { ChatContext } from './chat-context.ts';
import type { Reply } from './reply.ts';
import { encodeConversationButton } from './conversation-buttons.ts';
import type { AgentDeps } from './deps.ts';
import { UserInputError } from './errors.ts';
import { formatInstantIn } from './i18n/dates.ts';
import { t } from './i18n/translate.ts';
import { moveReminder } from './move-reminder.ts';
import { matchWords, textMatches, type ManagementRequest } from './plain-words.ts';
import { describeReminder } from './replies.ts';
import { runPauseRequest } from './user-pause.ts';
import { cancelReminder, editReminder, findReminder, listAllReminders } from './reminder-ops.ts';

/** Most matches offered as buttons for "delete the … one"; more means the words were too vague. */
const MAX_PICKS = 6;
/** Longest reminder text on a pick button. */
const PICK_TEXT_CHARS = 32;

/** Carries out a plain-words request (see plain-words.ts) for the asking chat. */
export async function runManagementRequest(deps: AgentDeps, ctx: ChatContext, request: ManagementRequest): Promise<Reply> {
  switch (request.kind) {
    case 'list':
      // Like /list: active ones soonest first, then paused and failed ones, which say so.
      return listReply(await listAllReminders(deps, ctx), ctx, t(ctx.lang, 'listHeader'), t(ctx.lang, 'listEmpty'));
    case 'next': {
      const next = (await activeReminders(deps, ctx))[0];
      return { text: next ? t(ctx.lang, 'next', { line: describeReminder(next, ctx) }) : t(ctx.lang, 'nothingNext') };
    }
    case 'day':
      return dayReply(deps, ctx, request.day);
    case 'cancel':
      return cancelledReply(await cancelReminder(deps, ctx, request.ref), ctx);
    case 'cancel-words':
      return cancelByWords(deps, ctx, request.words);
    case 'move':
      return moveReminder(deps, ctx, request.ref, request.when);
    case 'rename': {
      const renamed = await editReminder(deps, ctx, request.ref, { text: request.text });
      return { text: t(ctx.lang, 'renamed', { line: describeReminder(renamed, ctx) }) };
    }
    case 'skip':
      return skip(deps, ctx, request.ref);
    case 'done':
      return done(deps, ctx, request.ref);
    case 'pause':
    case 'resume':
    case 'pause-words':
    case 'resume-words':
      return runPauseRequest(deps, ctx, request);
  }
}

export function cancelledReply(cancelled: Reminder, ctx: ChatContext): Reply {
  return { text: t(ctx.lang, 'cancelled', { n: cancelled.shortId, text: cancelled.text }) };
}

/** Reminders that will fire (paused and failed ones are left to /list), soonest first. */
async function activeReminders(deps: AgentDeps, ctx: ChatContext): Promise<Reminder[]> {
  const all = await listAllReminders(deps, ctx);
  return all.filter((r) => r.status === 'pending' || r.status === 'sending').sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

function listReply(reminders: Reminder[], ctx: ChatContext, header: string, empty: string): Reply {
  if (reminders.length === 0) return { text: empty };
  return { text: [header, ...reminders.map((r) => describeReminder(r, ctx))].join('\n') };
}

/** "What do I have tomorrow": what fires on that calendar day in the chat's zone. */
async function dayReply(deps: AgentDeps, ctx: ChatContext, day: 'today' | 'tomorrow'): Promise<Reply> {
  const probe = new Date(ctx.now.getTime() + (day === 'tomorrow' ? 24 * 3600_000 : 0));
  const target = wallTimeOf(probe, ctx.tz);
  const sameDay = (at: Date): boolean => {
    const w = wallTimeOf(at, ctx.tz);
    return w.year === target.year && w.month === target.month && w.day === target.day;
  };
  const onDay = (await activeReminders(deps, ctx)).filter((r) => sameDay(new Date(r.dueAt)));
  const date = formatInstantIn(ctx.lang, probe, ctx.tz, ctx.now).replace(/,? \d\d:\d\d$/, '');
  return listReply(onDay, ctx, t(ctx.lang, 'dayHeader', { day, date }), t(ctx.lang, 'dayEmpty', { day, date }));
}

/**
 * "delete the pizza one": one match is cancelled; several get a button each, because picking one
 * for the person could delete the wrong thing; none says so.
 */
async function cancelByWords(deps: AgentDeps, ctx: ChatContext, asked: string): Promise<Reply> {
  const wanted = matchWords(asked);
  if (wanted.length === 0) throw new UserInputError(t(ctx.lang, 'whichOne'));
  const matches = (await listAllReminders(deps, ctx)).filter((r) => textMatches(r.text, wanted));
  const words = wanted.join(' ').slice(0, 40);
  if (matches.length === 0) throw new UserInputError(t(ctx.lang, 'noMatch', { words }));
  if (matches.length === 1) return cancelledReply(await cancelReminder(deps, ctx, (matches[0] as Reminder).id), ctx);
  if (matches.length > MAX_PICKS) throw new UserInputError(t(ctx.lang, 'tooManyMatches', { count: matches.length, words }));
  return {
    text: `${t(ctx.lang, 'pickQuestion', { count: matches.length, words })}\n${matches.map((r) => describeReminder(r, ctx)).join('\n')}`,
    buttons: matches.map((r) => [{ text: `🗑 #${r.shortId} ${shorten(r.text)}`, callback_data: encodeConversationButton({ action: 'delete', reminderId: r.id }) }]),
  };
}

/**
 * "skip #3" / "skip the next one": a repeating reminder jumps over its coming occurrence. Without a
 * number it is the soonest reminder — but only if that one repeats; a one-time reminder is not
 * silently cancelled for a "skip".
 */
async function skip(deps: AgentDeps, ctx: ChatContext, ref: number | undefined): Promise<Reply> {
  let reminder: Reminder;
  if (ref === undefined) {
    const next = (await activeReminders(deps, ctx))[0];
    if (!next) throw new UserInputError(t(ctx.lang, 'nothingToSkip'));
    reminder = next;
  } else {
    reminder = await findReminder(deps, ctx, ref);
  }
  // Skipping re-arms the row: on a paused one that would quietly undo the pause.
  if (reminder.userPausedAt !== undefined) throw new UserInputError(t(ctx.lang, 'alreadyPaused', { n: reminder.shortId }));
  if (reminder.schedule.kind !== 'recurring') {
    throw new UserInputError(t(ctx.lang, 'onceOnly', { line: describeReminder(reminder, ctx), n: reminder.shortId }));
  }
  const after = nextOccurrence(reminder.schedule, new Date(Math.max(Date.parse(reminder.dueAt), ctx.now.getTime())), reminder.firedCount + 1);
  if (!after) throw new UserInputError(t(ctx.lang, 'noNextOccurrence', { n: reminder.shortId }));
  const skipped = formatInstantIn(ctx.lang, new Date(reminder.dueAt), reminder.schedule.tz, ctx.now);
  const moved = await editReminder(deps, ctx, reminder.id, { at: after });
  return { text: t(ctx.lang, 'skipped', { when: skipped, line: describeReminder(moved, ctx) }) };
}

/** "done #2": a one-time reminder is finished and removed; a repeating one says what would help instead. */
async function done(deps: AgentDeps, ctx: ChatContext, ref: number): Promise<Reply> {
  const reminder = await findReminder(deps, ctx, ref);
  if (reminder.schedule.kind === 'recurring') {
    throw new UserInputError(t(ctx.lang, 'repeatsDone', { n: reminder.shortId }));
  }
  const removed = await cancelReminder(deps, ctx, reminder.id);
  return { text: t(ctx.lang, 'done', { n: removed.shortId, text: removed.text }) };
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > PICK_TEXT_CHARS ? `${flat.slice(0, PICK_TEXT_CHARS - 1)}…` : flat;
}
