import type { InlineKeyboardButton } from '../core/telegram/port.ts';
import { formatInstant } from '../core/time/index.ts';
import type { ChatContext } from './chat-context.ts';
import type { AgentDeps } from './deps.ts';
import { UserInputError } from './errors.ts';
import { assumedZoneNote, describeReminder, helpText } from './replies.ts';
import { cancelReminder, listReminderPage, scheduleFromPhrase, setTimezone, snoozeReminder } from './reminder-ops.ts';

export interface Reply {
  text: string;
  buttons?: InlineKeyboardButton[][];
  /** The request was understood but refused (unknown id, past time, unreadable phrase…). */
  refused?: boolean;
}

/** Reminders per /list page: keeps a page well under Telegram's 4096-character message limit. */
export const LIST_PAGE_SIZE = 10;

/** Callback data of the /start button that picks the default zone. */
export const TZ_BUTTON_PREFIX = 'tz:';

/**
 * The deterministic path: commands and "remind me …" sentences, no model involved. Returns the
 * reply, or `undefined` when the text is not something this path understands (the caller then
 * asks the model, or answers politely that only commands work).
 */
export async function handleCommandText(deps: AgentDeps, ctx: ChatContext, rawText: string): Promise<Reply | undefined> {
  const text = rawText.trim();
  const command = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text);
  try {
    if (command) return await runCommand(deps, ctx, (command[1] ?? '').toLowerCase(), (command[2] ?? '').trim());
    if (/^remind me\b/i.test(text)) return await remindMe(deps, ctx, text);
    return undefined;
  } catch (error) {
    if (error instanceof UserInputError) return { text: error.message, refused: true };
    throw error;
  }
}

async function runCommand(deps: AgentDeps, ctx: ChatContext, name: string, args: string): Promise<Reply> {
  switch (name) {
    case 'start':
      return start(deps, ctx);
    case 'help':
      return { text: helpText(deps.model !== undefined) };
    case 'remind': {
      if (!args) throw new UserInputError('Tell me when and what, e.g. /remind tomorrow at 10 check emails');
      const reminder = await scheduleFromPhrase(deps, ctx, args);
      return { text: describeReminder(reminder, ctx.now) + assumedZoneNote(ctx) };
    }
    case 'every': {
      if (!args) throw new UserInputError('Tell me how often and what, e.g. /every weekday at 8:30 standup');
      const phrase = /^every\b/i.test(args) ? args : `every ${args}`;
      const reminder = await scheduleFromPhrase(deps, ctx, phrase, { expect: 'recurring' });
      return { text: describeReminder(reminder, ctx.now) + assumedZoneNote(ctx) };
    }
    case 'list':
      return list(deps, ctx, args);
    case 'cancel': {
      if (!args) throw new UserInputError('Which one? Give its number, e.g. /cancel #3 (/list shows them).');
      const cancelled = await cancelReminder(deps, ctx, args.split(/\s+/)[0] ?? args);
      return { text: `🗑 Cancelled #${cancelled.shortId} — ${cancelled.text}` };
    }
    case 'snooze': {
      const [ref, ...rest] = args.split(/\s+/).filter(Boolean);
      if (!ref || rest.length === 0) throw new UserInputError('Use it like /snooze #3 10m (or 1h, 2 days, "tomorrow 9am").');
      const moved = await snoozeReminder(deps, ctx, ref, rest.join(' '));
      return { text: `😴 Snoozed: ${describeReminder(moved, ctx.now)}` };
    }
    case 'tz':
    case 'timezone':
      return timezone(deps, ctx, args);
    default:
      return { text: `I don't know /${name}. /help lists what I understand.` };
  }
}

function remindMe(deps: AgentDeps, ctx: ChatContext, text: string): Promise<Reply> {
  return scheduleFromPhrase(deps, ctx, text).then((reminder) => ({ text: describeReminder(reminder, ctx.now) + assumedZoneNote(ctx) }));
}

function start(deps: AgentDeps, ctx: ChatContext): Reply {
  const hello = "👋 Hi! I'm Nudge. Tell me what to remind you of and when, e.g. \"remind me tomorrow at 10 to check emails\".";
  if (!ctx.tzAssumed) return { text: `${hello}\nYour time zone is ${ctx.tz} (change it with /tz). /help shows more.` };
  return {
    text: `${hello}\nFirst, which time zone are you in? Send a city or zone name, e.g. /tz Berlin or /tz America/New_York — or tap the button to use ${deps.defaultTimezone}.`,
    buttons: [[{ text: `Use ${deps.defaultTimezone}`, callback_data: `${TZ_BUTTON_PREFIX}${deps.defaultTimezone}` }]],
  };
}

async function list(deps: AgentDeps, ctx: ChatContext, args: string): Promise<Reply> {
  const page = args ? Number(args.replace(/^page\s*/i, '')) : 1;
  if (!Number.isInteger(page) || page < 1) throw new UserInputError('Use /list, or /list 2 for the next page.');
  const { items, hasMore } = await listReminderPage(deps, ctx, page, LIST_PAGE_SIZE);
  if (items.length === 0) {
    return { text: page === 1 ? 'You have no reminders. Try "remind me in 10 minutes to stretch".' : `There is no page ${page}. /list starts at the top.` };
  }
  const header = page === 1 ? 'Your reminders:' : `Your reminders (page ${page}):`;
  const lines = items.map((reminder) => describeReminder(reminder, ctx.now));
  const footer = hasMore ? `\nMore: /list ${page + 1}` : '';
  return { text: `${header}\n${lines.join('\n')}${footer}` };
}

async function timezone(deps: AgentDeps, ctx: ChatContext, args: string): Promise<Reply> {
  if (!args) {
    const current = ctx.tzAssumed ? `You haven't set a time zone; I'm using ${ctx.tz}.` : `Your time zone is ${ctx.tz}.`;
    return { text: `${current} Change it with /tz Berlin or /tz America/New_York.` };
  }
  const zone = await setTimezone(deps, ctx, args);
  return { text: timezoneSetText(zone, ctx.now) };
}

export function timezoneSetText(zone: string, now: Date): string {
  return `🌍 Time zone set to ${zone}. It's ${formatInstant(now, zone)} there now.`;
}
