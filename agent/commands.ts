import type { Reply } from './reply.ts';
import type { ChatContext } from './chat-context.ts';
import { confirmationKeyboard } from './conversation-buttons.ts';
import type { AgentDeps } from './deps.ts';
import { UserInputError } from './errors.ts';
import { emailCommand } from './email-commands.ts';
import { exportCalendar } from './export-calendar.ts';
import { forgetCommand, memoryCommand, newConversationCommand } from './memory-commands.ts';
import { fallbackReply } from './fallback.ts';
import { formatInstantIn } from './i18n/dates.ts';
import { LANGUAGES, pickLanguage, type Language } from './i18n/languages.ts';
import { readReminderPhrase } from './i18n/read-phrase.ts';
import { t } from './i18n/translate.ts';
import { cancelledReply, runManagementRequest } from './manage.ts';
import { moveReminder } from './move-reminder.ts';
import { readManagementRequest } from './plain-words.ts';
import { offerDraft, UnsureReadingError } from './unsure-reading.ts';
import { otherReadingRows } from './other-reading-offer.ts';
import { applyPendingEdit, consumePendingEdit, pendingEditFor } from './pending-edit.ts';
import { assumedZoneNote, describeConfirmation, describeReminder, helpText } from './replies.ts';
import type { Reminder } from '../core/store/port.ts';
import {
  cancelReminder,
  listAllReminders,
  listReminderPage,
  readingNotesText,
  scheduleFromPhrase,
  type ReadReminder,
  scheduleRecurringSentence,
  setTimezone,
  snoozeReminder,
} from './reminder-ops.ts';

export type { Reply } from './reply.ts';

/** Reminders per /list page: keeps a page well under Telegram's 4096-character message limit. */
export const LIST_PAGE_SIZE = 10;
/** Characters of reminder lines on one /list page: a Telegram message holds 4,096, and the header and footer need some. */
export const LIST_PAGE_CHARS = 3_500;

/** A line cut to `max` characters, marked as cut. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Callback data of the /start button that picks the default zone. */
export const TZ_BUTTON_PREFIX = 'tz:';

/** Plain sentences that may be repeating reminders; "everyone …" does not match. */
const REPEATING_SENTENCE = /^(?:every|daily|weekly)\b/i;

/**
 * The deterministic path: commands, "remind me …" sentences and — when no model is configured —
 * sentences starting "every …" / "daily …" / "weekly …" that the time parser reads as repeating.
 * (With a model, those go to it: "every morning at 7 send me a quote" is an action only it can
 * recognise, where this path would schedule the words as a plain reminder.) Returns the
 * reply, or `undefined` when the text is not something this path understands (the caller then
 * asks the model, or answers politely that only commands work).
 */
export async function handleCommandText(deps: AgentDeps, ctx: ChatContext, rawText: string): Promise<Reply | undefined> {
  const text = rawText.trim();
  const command = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text);
  try {
    // After ✏️ Change the next plain message edits that reminder; a command or a management request cancels that.
    const editing = pendingEditFor(ctx);
    if (editing) await consumePendingEdit(deps, ctx, editing);
    if (command) return await runCommand(deps, ctx, (command[1] ?? '').toLowerCase(), (command[2] ?? '').trim());
    const request = readManagementRequest(text, ctx.lang);
    if (editing && !request) return await applyPendingEdit(deps, ctx, editing, text);
    // "remove the pizza from the oven at 5" names a time: that is a reminder, not a cancellation.
    // "remove the pizza from the oven at 5" / "pause the music at 9" name a time: those are reminders, not management.
    const byWords = request?.kind === 'cancel-words' || request?.kind === 'pause-words' || request?.kind === 'resume-words';
    if (request && !(byWords && hasTime(ctx, text))) return await runManagementRequest(deps, ctx, request);
    if (/^remind me\b/i.test(text)) return await remindMe(deps, ctx, text);
    if (deps.model === undefined && REPEATING_SENTENCE.test(text)) {
      const repeating = await repeatingSentence(deps, ctx, text);
      if (repeating) return repeating;
    }
    if (deps.model === undefined) return await plainSentence(deps, ctx, text);
    return undefined;
  } catch (error) {
    if (error instanceof UnsureReadingError) return await offerDraft(deps, ctx, error);
    if (error instanceof UserInputError) return { text: error.message, refused: true };
    throw error;
  }
}

async function runCommand(deps: AgentDeps, ctx: ChatContext, name: string, args: string): Promise<Reply> {
  switch (name) {
    case 'start':
      return start(deps, ctx);
    case 'help':
      return { text: helpText(deps.model !== undefined, ctx.lang) };
    case 'remind': {
      if (!args) throw new UserInputError('Tell me when and what, e.g. /remind tomorrow at 10 check emails');
      return confirmation(deps, ctx, await scheduleFromPhrase(deps, ctx, args));
    }
    case 'every': {
      if (!args) throw new UserInputError('Tell me how often and what, e.g. /every weekday at 8:30 standup');
      const phrase = /^every\b/i.test(args) ? args : `every ${args}`;
      return confirmation(deps, ctx, await scheduleFromPhrase(deps, ctx, phrase, { expect: 'recurring' }));
    }
    case 'list':
      return list(deps, ctx, args);
    case 'export':
      return { text: await exportCalendar(deps, ctx) };
    case 'cancel': {
      if (!args) throw new UserInputError('Which one? Give its number, e.g. /cancel #3 (/list shows them).');
      return cancelledReply(await cancelReminder(deps, ctx, args.split(/\s+/)[0] ?? args), ctx);
    }
    case 'snooze': {
      const [ref, ...rest] = args.split(/\s+/).filter(Boolean);
      if (!ref || rest.length === 0) throw new UserInputError('Use it like /snooze #3 10m (or 1h, 2 days, "tomorrow 9am").');
      const moved = await snoozeReminder(deps, ctx, ref, rest.join(' '));
      return { text: t(ctx.lang, 'snoozedReply', { line: describeReminder(moved, ctx) }) };
    }
    case 'tz':
    case 'timezone':
      return timezone(deps, ctx, args);
    case 'email':
      return emailCommand(deps, ctx, args);
    case 'forget':
      return forgetCommand(deps, ctx);
    case 'new':
      return newConversationCommand(deps, ctx);
    case 'memory':
      return memoryCommand(deps, ctx);
    case 'lang':
    case 'language': {
      if (!args) return { text: t(ctx.lang, 'langCurrent') };
      const language = pickLanguage(args);
      if (!language) throw new UserInputError(t(ctx.lang, 'langUnknown'));
      await deps.store.setChatLanguage(ctx.chatId, language, ctx.now);
      return { text: t(language, 'langSet') };
    }
    case 'edit':
    case 'move': {
      const [ref, ...when] = args.split(/\s+/).filter(Boolean);
      if (!ref || when.length === 0) throw new UserInputError('Use it like /edit #1 tomorrow at 9 (the text stays; "rename 1 to …" changes the text).');
      return moveReminder(deps, ctx, ref, when.join(' '));
    }
    case 'rename': {
      const match = /^#?(\d{1,9})\s+(?:to\s+)?([\s\S]+)$/i.exec(args);
      if (!match) throw new UserInputError('Use it like /rename #1 call Anna.');
      return runManagementRequest(deps, ctx, { kind: 'rename', ref: Number(match[1]), text: match[2] ?? '' });
    }
    case 'pause':
    case 'resume': {
      const ref = /^#?(\d{1,9})$/.exec(args)?.[1];
      if (!ref) throw new UserInputError(`Which one? Give its number, e.g. /${name} #3 (/list shows them).`);
      return runManagementRequest(deps, ctx, { kind: name, ref: Number(ref) });
    }
    case 'done':
    case 'skip': {
      const ref = /^#?(\d{1,9})$/.exec(args)?.[1];
      if (name === 'skip' && !args) return runManagementRequest(deps, ctx, { kind: 'skip' });
      if (!ref) throw new UserInputError(`Which one? Give its number, e.g. /${name} #3 (/list shows them).`);
      return runManagementRequest(deps, ctx, { kind: name, ref: Number(ref) });
    }
    default:
      return { text: `I don't know /${name}. /help lists what I understand.` };
  }
}

function remindMe(deps: AgentDeps, ctx: ChatContext, text: string): Promise<Reply> {
  return scheduleFromPhrase(deps, ctx, text).then((reminder) => confirmation(deps, ctx, reminder));
}

/** Undefined when the parser does not read it as repeating: the caller answers as for any free text. */
async function repeatingSentence(deps: AgentDeps, ctx: ChatContext, text: string): Promise<Reply | undefined> {
  const reminder = await scheduleRecurringSentence(deps, ctx, text);
  return reminder ? confirmation(deps, ctx, reminder) : undefined;
}

/**
 * Without a model, any message with a time and a text is a reminder ("in 2 hours check the oven").
 * A question is not ("what's on tomorrow?" must not become a reminder to ask it), and neither is a
 * message with no time: both get the short fallback. The confirmation's Undo/Change buttons make a
 * wrong reading cost one tap.
 */
async function plainSentence(deps: AgentDeps, ctx: ChatContext, text: string): Promise<Reply> {
  if (/\?\s*$/.test(text)) return fallbackReply(deps, ctx, 'question');
  const parsed = readReminderPhrase(ctx.lang, text, { tz: ctx.tz, now: ctx.now });
  if (!parsed.ok && parsed.error === 'no_time') {
    const other = onlyOtherReading(ctx, text);
    return other ? remindMe(deps, { ...ctx, lang: other }, text) : fallbackReply(deps, ctx, 'no_time');
  }
  return remindMe(deps, ctx, text);
}

/**
 * The other language that reads the message best, when the chat's own finds no time ("erinnere mich
 * morgen um 9 an den Arzt" from an app set to English): answered in that language for this message.
 * Best means it leaves the shortest reminder text (Dutch reads "morgen" too, but only German reads
 * "erinnere mich … um 9"); a tie is no answer — the fallback asks instead of guessing.
 */
function onlyOtherReading(ctx: ChatContext, text: string): Language | undefined {
  const readings = LANGUAGES.filter((language) => language !== ctx.lang).flatMap((language) => {
    const parsed = readReminderPhrase(language, text, { tz: ctx.tz, now: ctx.now });
    return parsed.ok ? [{ language, left: parsed.text.length }] : [];
  });
  const shortest = Math.min(...readings.map((reading) => reading.left));
  const best = readings.filter((reading) => reading.left === shortest);
  return best.length === 1 ? best[0]?.language : undefined;
}

function hasTime(ctx: ChatContext, text: string): boolean {
  const parsed = readReminderPhrase(ctx.lang, text, { tz: ctx.tz, now: ctx.now });
  return parsed.ok || parsed.error !== 'no_time';
}

/**
 * "⏰ #3 Wed 25 Nov 10:00 — gym" with ↩️ Undo and ✏️ Change: how it was read, and a one-tap fix. What the
 * reading assumed ("03.12" as 3 December) is said, with a "↔️ I meant …" button for the other reading.
 */
async function confirmation(deps: AgentDeps, ctx: ChatContext, reminder: ReadReminder): Promise<Reply> {
  const setBy = ctx.chatId < 0 && ctx.userName ? `\n${t(ctx.lang, 'setBy', { name: ctx.userName })}` : '';
  const others = await otherReadingRows(deps, ctx, { kind: 'reminder', id: reminder.id }, { text: reminder.text, work: reminder.work, ...(reminder.readingAlternatives ? { alternatives: reminder.readingAlternatives } : {}) });
  return {
    text: describeConfirmation(reminder, ctx) + readingNotesText(reminder) + setBy + assumedZoneNote(ctx),
    buttons: [...confirmationKeyboard(reminder.id, ctx.lang), ...others],
  };
}

function start(deps: AgentDeps, ctx: ChatContext): Reply {
  const hello = t(ctx.lang, 'startHello');
  if (!ctx.tzAssumed) return { text: `${hello}\n${t(ctx.lang, 'startKnownZone', { zone: ctx.tz })}` };
  return {
    text: `${hello}\n${t(ctx.lang, 'startAskZone', { zone: deps.defaultTimezone })}`,
    buttons: [[{ text: t(ctx.lang, 'startZoneButton', { zone: deps.defaultTimezone }), callback_data: `${TZ_BUTTON_PREFIX}${deps.defaultTimezone}` }]],
  };
}

async function list(deps: AgentDeps, ctx: ChatContext, args: string): Promise<Reply> {
  const page = args ? Number(args.replace(/^page\s*/i, '')) : 1;
  if (!Number.isInteger(page) || page < 1) throw new UserInputError('Use /list, or /list 2 for the next page.');
  // Pages break by length as well as count: a page must fit one Telegram message (4,096 characters).
  const line = (reminder: Reminder) => clip(describeReminder(reminder, ctx), LIST_PAGE_CHARS);
  const { items, hasMore } = await listReminderPage(deps, ctx, page, LIST_PAGE_SIZE, { measure: (reminder) => line(reminder).length + 1, maxSize: LIST_PAGE_CHARS });
  if (items.length === 0) {
    return { text: page === 1 ? t(ctx.lang, 'listCommandEmpty') : t(ctx.lang, 'listNoPage', { page }) };
  }
  const header = page === 1 ? t(ctx.lang, 'listHeader') : t(ctx.lang, 'listPageHeader', { page });
  const lines = items.map(line);
  const footer = hasMore ? `\n${t(ctx.lang, 'listMore', { page: page + 1 })}` : '';
  return { text: `${header}\n${lines.join('\n')}${footer}` };
}

async function timezone(deps: AgentDeps, ctx: ChatContext, args: string): Promise<Reply> {
  if (!args) return { text: t(ctx.lang, ctx.tzAssumed ? 'tzNotSet' : 'tzCurrent', { zone: ctx.tz }) };
  return { text: (await changeTimezone(deps, ctx, args)).text };
}

/** How many reminders the /tz confirmation lists before pointing at /list. */
const KEPT_TIMES_SHOWN = 5;

/**
 * Sets the chat's zone (by /tz or the /start button) and words the confirmation. When the chat
 * had only an assumed zone, reminders written under it keep their instants, so they now read
 * differently: the confirmation shows them in the new zone, so nobody is surprised by "11:00"
 * where they typed "10".
 */
export async function changeTimezone(deps: AgentDeps, ctx: ChatContext, input: string): Promise<{ zone: string; text: string }> {
  const zone = await setTimezone(deps, ctx, input);
  const note = ctx.tzAssumed && zone !== ctx.tz ? keptTimesNote(await listAllReminders(deps, ctx), ctx, zone) : '';
  return { zone, text: timezoneSetText(zone, ctx.now, ctx.lang) + note };
}

/**
 * "Your 2 reminders set while UTC was assumed keep their times — in Europe/Berlin that is:
 * ⏰ #1 Wed 25 Nov 11:00 — check emails …"; repeating ones stay on the assumed zone's clock.
 */
function keptTimesNote(reminders: Reminder[], ctx: ChatContext, zone: string): string {
  const once = reminders.filter((r) => r.schedule.kind === 'once' && r.tz === ctx.tz);
  const repeating = reminders.filter((r) => r.schedule.kind === 'recurring' && r.schedule.tz === ctx.tz);
  const parts: string[] = [];
  if (once.length > 0) {
    const head =
      once.length === 1
        ? `Your reminder set while ${ctx.tz} was assumed keeps its time — in ${zone} that is:`
        : `Your ${once.length} reminders set while ${ctx.tz} was assumed keep their times — in ${zone} that is:`;
    const lines = once.slice(0, KEPT_TIMES_SHOWN).map((r) => describeReminder(r, { tz: zone, now: ctx.now }));
    if (once.length > KEPT_TIMES_SHOWN) lines.push(`…and ${once.length - KEPT_TIMES_SHOWN} more (/list shows them).`);
    parts.push([head, ...lines].join('\n'));
  }
  if (repeating.length > 0) {
    const which = repeating.length === 1 ? 'Your repeating reminder stays' : `Your ${repeating.length} repeating reminders stay`;
    parts.push(`${which} on ${ctx.tz} clock time (/list shows them); to follow ${zone} instead, /cancel and set them again with /every.`);
  }
  return parts.length ? `\n${parts.join('\n')}` : '';
}

export function timezoneSetText(zone: string, now: Date, lang?: Language): string {
  return t(lang, 'tzSet', { zone, now: formatInstantIn(lang, now, zone, now) });
}
