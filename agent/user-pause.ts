import { ReminderNotFoundError } from '../core/store/errors.ts';
import type { Reminder } from '../core/store/port.ts';
import { nextOccurrence } from '../core/time/index.ts';
import type { ChatContext } from './chat-context.ts';
import type { Reply } from './reply.ts';
import type { AgentDeps } from './deps.ts';
import { UserInputError } from './errors.ts';
import { assertMayChange } from './group-rights.ts';
import { formatInstantIn } from './i18n/dates.ts';
import type { PauseRequest } from './i18n/pause-words.ts';
import { t } from './i18n/translate.ts';
import { matchWords, textMatches } from './plain-words.ts';
import { encodePauseButton } from './pause-buttons.ts';
import type { TelegramCallbackQuery } from './payload.ts';
import { describeReminder } from './replies.ts';
import { findReminder, listAllReminders, notifyScheduled } from './reminder-ops.ts';

/**
 * "pause #3" / "resume #3": the person's own pause. A paused reminder leaves the due index (no sweep
 * reads it) and stays paused when an automatic pause (bot blocked) is lifted. Resuming re-arms it at
 * its next occurrence from now; a one-time reminder whose time passed meanwhile is not fired or
 * moved on a guess: the reply says so and offers 🔔 Send now or a new time.
 */
export async function runPauseRequest(deps: AgentDeps, ctx: ChatContext, request: PauseRequest): Promise<Reply> {
  switch (request.kind) {
    case 'pause':
      return pause(deps, ctx, await findReminder(deps, ctx, request.ref));
    case 'resume':
      return resume(deps, ctx, await findReminder(deps, ctx, request.ref));
    case 'pause-words': {
      const picked = await pickByWords(deps, ctx, request.words, (r) => r.userPausedAt === undefined && r.status !== 'failed', 'pauseExample');
      return 'text' in picked ? picked : pause(deps, ctx, picked.reminder);
    }
    case 'resume-words': {
      const picked = await pickByWords(deps, ctx, request.words, (r) => r.userPausedAt !== undefined, 'resumeExample');
      return 'text' in picked ? picked : resume(deps, ctx, picked.reminder);
    }
  }
}

async function pause(deps: AgentDeps, ctx: ChatContext, reminder: Reminder): Promise<Reply> {
  const store = userPauseStore(deps, ctx);
  await assertMayChange(deps, ctx, reminder);
  const result = await notFoundAsInput(ctx, reminder, () => store.pauseByUser(ctx.chatId, reminder.id, ctx.now));
  const n = result.reminder.shortId;
  if (result.kind === 'already') return { text: t(ctx.lang, 'alreadyPaused', { n }), refused: true };
  if (result.kind === 'not-pausable') {
    return { text: t(ctx.lang, result.reminder.status === 'failed' ? 'pauseFailedRow' : 'pauseWhileSending', { n }), refused: true };
  }
  return { text: t(ctx.lang, 'pausedByYou', { n, text: result.reminder.text }) };
}

async function resume(deps: AgentDeps, ctx: ChatContext, reminder: Reminder): Promise<Reply> {
  await assertMayChange(deps, ctx, reminder);
  const n = reminder.shortId;
  if (reminder.userPausedAt === undefined) return { text: t(ctx.lang, 'notPaused', { n, line: describeReminder(reminder, ctx) }), refused: true };
  const dueAt = resumeTime(reminder, ctx.now);
  if (dueAt === 'passed') {
    const when = formatInstantIn(ctx.lang, new Date(reminder.dueAt), ctx.tz, ctx.now);
    return {
      text: t(ctx.lang, 'resumePassed', { n, when }),
      buttons: [[{ text: t(ctx.lang, 'sendNowButton'), callback_data: encodePauseButton({ action: 'send-now', reminderId: reminder.id }) }]],
      refused: true,
    };
  }
  if (dueAt === 'ended') return { text: t(ctx.lang, 'resumeEnded', { n }), refused: true };
  return resumed(deps, ctx, reminder, dueAt);
}

/** 🔔 Send now under "its time passed while it was paused": back in the due index, due at once. */
export async function sendPausedNow(deps: AgentDeps, ctx: ChatContext, reminderId: string): Promise<Reply> {
  const reminder = await findReminder(deps, ctx, reminderId);
  await assertMayChange(deps, ctx, reminder);
  if (reminder.userPausedAt === undefined) return { text: t(ctx.lang, 'notPaused', { n: reminder.shortId, line: describeReminder(reminder, ctx) }), refused: true };
  return resumed(deps, ctx, reminder, ctx.now);
}

async function resumed(deps: AgentDeps, ctx: ChatContext, reminder: Reminder, dueAt: Date): Promise<Reply> {
  const store = userPauseStore(deps, ctx);
  const back = await notFoundAsInput(ctx, reminder, () => store.resumeByUser(ctx.chatId, reminder.id, dueAt, ctx.now));
  if (!back) return { text: t(ctx.lang, 'notPaused', { n: reminder.shortId, line: describeReminder(reminder, ctx) }), refused: true };
  if (back.status === 'pending') notifyScheduled(deps, back);
  return { text: t(ctx.lang, 'resumedByYou', { line: describeReminder(back, ctx) }) };
}

/**
 * When a resumed reminder fires next: its own due time if that is still ahead; for a repeating one
 * whose time passed, the next occurrence after now (missed ones are not replayed); a one-time one
 * whose time passed is `passed` (the person decides), a repeating one with nothing left is `ended`.
 */
export function resumeTime(reminder: Reminder, now: Date): Date | 'passed' | 'ended' {
  const due = new Date(reminder.dueAt);
  if (due.getTime() > now.getTime()) return due;
  if (reminder.schedule.kind !== 'recurring') return 'passed';
  return nextOccurrence(reminder.schedule, now, reminder.firedCount) ?? 'ended';
}

/** "pause the gym one": the one reminder whose text has those words, or a reply asking which (by number). */
async function pickByWords(
  deps: AgentDeps,
  ctx: ChatContext,
  asked: string,
  eligible: (reminder: Reminder) => boolean,
  example: 'pauseExample' | 'resumeExample',
): Promise<{ reminder: Reminder } | Reply> {
  const wanted = matchWords(asked);
  if (wanted.length === 0) throw new UserInputError(t(ctx.lang, 'whichOne'));
  const matches = (await listAllReminders(deps, ctx)).filter((r) => eligible(r) && textMatches(r.text, wanted));
  const words = wanted.join(' ').slice(0, 40);
  if (matches.length === 0) throw new UserInputError(t(ctx.lang, 'noMatch', { words }));
  if (matches.length === 1) return { reminder: matches[0] as Reminder };
  const first = (matches[0] as Reminder).shortId;
  const question = t(ctx.lang, 'pickByNumber', { count: matches.length, words, example: t(ctx.lang, example, { n: first }) });
  return { text: [question, ...matches.map((r) => describeReminder(r, ctx))].join('\n'), refused: true };
}

function userPauseStore(deps: AgentDeps, ctx: ChatContext): NonNullable<AgentDeps['userPause']> {
  if (!deps.userPause) throw new UserInputError(t(ctx.lang, 'pauseUnavailable'));
  return deps.userPause;
}

async function notFoundAsInput<T>(ctx: ChatContext, reminder: Reminder, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ReminderNotFoundError) throw new UserInputError(t(ctx.lang, 'notFound', { n: reminder.shortId }), { cause: error });
    throw error;
  }
}

/** A press on 🔔 Send now: answers the query, then replaces the button with what happened (it cannot be pressed twice). */
export async function handlePausePress(deps: AgentDeps, ctx: ChatContext, query: TelegramCallbackQuery, reminderId: string): Promise<void> {
  let reply: Reply;
  try {
    reply = await sendPausedNow(deps, ctx, reminderId);
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    await deps.telegram.answerCallbackQuery(query.id, error.message.slice(0, 190));
    return;
  }
  await deps.telegram.answerCallbackQuery(query.id, reply.text.split('\n')[0]?.slice(0, 190));
  const message = query.message;
  if (message?.text) await deps.telegram.editMessageText(ctx.chatId, message.message_id, `${message.text}\n\n${reply.text}`);
  else if (message) await deps.telegram.editMessageReplyMarkup(ctx.chatId, message.message_id);
}
