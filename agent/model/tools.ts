import type { Tool } from '@aws-sdk/client-bedrock-runtime';
import { z } from 'zod';
import type { InlineKeyboardButton } from '../../core/telegram/port.ts';
import { StructuredRecurrence } from '../../core/time/index.ts';
import type { ChatContext } from '../chat-context.ts';
import type { AgentDeps } from '../deps.ts';
import { UserInputError } from '../errors.ts';
import { otherReadingRows } from '../other-reading-offer.ts';
import { describeConfirmation, describeReminder } from '../replies.ts';
import {
  cancelReminder,
  editReminder,
  listReminderPage,
  readingNotesText,
  type ReadReminder,
  scheduleAt,
  scheduleStructured,
  scheduleWhen,
  setTimezone,
  snoozeReminder,
} from '../reminder-ops.ts';

/**
 * The model's tools. None of them takes a chat id: every call runs against the `ChatContext` the
 * server built from the Telegram update (or the due reminder), so nothing the model writes can
 * reach another chat. Inputs are strict zod objects: unknown keys — a smuggled `chatId` included —
 * are refused, not ignored silently.
 */
export interface ToolContext {
  deps: AgentDeps;
  chat: ChatContext;
  /** Texts the model sent with send_message during this request. */
  sent: string[];
  /** Lines the reply must carry whatever the model writes (e.g. "📧 E-mailed …"), added by tools. */
  notes?: string[];
  /** Buttons the reply must carry ("↔️ I meant …" for an ambiguous date or hour), added by tools. */
  buttons?: InlineKeyboardButton[][];
}

export interface AgentTool {
  name: string;
  description: string;
  input: z.ZodType;
  run(input: never, ctx: ToolContext): Promise<string>;
}

function tool<S extends z.ZodType>(spec: { name: string; description: string; input: S; run(input: z.infer<S>, ctx: ToolContext): Promise<string> }): AgentTool {
  return spec as unknown as AgentTool;
}

const isoWithOffset = z.iso.datetime({ offset: true }).describe('Exact instant, ISO 8601 with offset, e.g. 2026-11-26T10:00:00+01:00');
const reminderRef = z.union([z.string(), z.number()]).describe('The reminder number shown to the person, e.g. "#3" or 3');
const reminderText = z.string().min(1).max(4000);
const whenPhrase = z.string().min(1).max(200);

/**
 * "Scheduled: 🔁 #5 …, next: …, then: …", rendered from the stored row. What the reading assumed ("03.12" as
 * 3 December) is told to the model and added to the reply whatever it writes, with a button for the other reading.
 */
async function confirm(ctx: ToolContext, reminder: ReadReminder): Promise<string> {
  const notes = readingNotesText(reminder);
  if (notes) (ctx.notes ??= []).push(notes.trim());
  const others = await otherReadingRows(ctx.deps, ctx.chat, { kind: 'reminder', id: reminder.id }, {
    text: reminder.text, work: reminder.work, ...(reminder.readingAlternatives ? { alternatives: reminder.readingAlternatives } : {}),
  });
  if (others.length > 0) (ctx.buttons ??= []).push(...others);
  return `Scheduled: ${describeConfirmation(reminder, ctx.chat)}${notes}`;
}

export const AGENT_TOOLS: readonly AgentTool[] = [
  tool({
    name: 'schedule_once',
    description:
      'Schedule a one-time reminder in this chat. Give the reminder text and either `when` (a time phrase in the chat\'s zone, e.g. "tomorrow at 10", "in 20 minutes", "friday 9am") or `at` (exact ISO instant).',
    input: z.strictObject({ text: reminderText.describe('What to remind the person of'), when: whenPhrase.optional(), at: isoWithOffset.optional() }),
    async run(input, ctx) {
      if (input.at) return confirm(ctx, await scheduleAt(ctx.deps, ctx.chat, { text: input.text, at: new Date(input.at) }));
      if (!input.when) throw new UserInputError('Give either `when` or `at`.');
      return confirm(ctx, await scheduleWhen(ctx.deps, ctx.chat, { text: input.text, when: input.when, expect: 'once' }));
    },
  }),
  tool({
    name: 'schedule_recurring',
    description:
      'Schedule a repeating reminder in this chat. Give either `when`, a repeating phrase such as "every weekday at 8:30", "every other monday at 10", ' +
      '"every day at 8 and 20", "every 3 hours from 9 to 21", "every last workday of the month", optionally with "starting …", "until …" or "N times"; ' +
      'or `recurrence`, a structured schedule (RFC 5545 terms, local times) for anything a phrase cannot say.',
    input: z.strictObject({ text: reminderText, when: whenPhrase.optional(), recurrence: StructuredRecurrence.optional() }),
    async run(input, ctx) {
      if (input.recurrence) return confirm(ctx, await scheduleStructured(ctx.deps, ctx.chat, { text: input.text, recurrence: input.recurrence }));
      if (!input.when) throw new UserInputError('Give either `when` or `recurrence`.');
      return confirm(ctx, await scheduleWhen(ctx.deps, ctx.chat, { text: input.text, when: input.when, expect: 'recurring' }));
    },
  }),
  tool({
    name: 'schedule_action',
    description:
      'Schedule an instruction that you (the assistant) will carry out at the time and send the result to this chat, e.g. "write a motivational quote". `when` is a one-time or repeating phrase; or give `at`, or a structured `recurrence`.',
    input: z.strictObject({ instruction: reminderText, when: whenPhrase.optional(), at: isoWithOffset.optional(), recurrence: StructuredRecurrence.optional() }),
    async run(input, ctx) {
      if (input.at) return confirm(ctx, await scheduleAt(ctx.deps, ctx.chat, { text: input.instruction, at: new Date(input.at), work: 'action' }));
      if (input.recurrence) return confirm(ctx, await scheduleStructured(ctx.deps, ctx.chat, { text: input.instruction, recurrence: input.recurrence, work: 'action' }));
      if (!input.when) throw new UserInputError('Give either `when` or `at`.');
      return confirm(ctx, await scheduleWhen(ctx.deps, ctx.chat, { text: input.instruction, when: input.when, work: 'action' }));
    },
  }),
  tool({
    name: 'list_reminders',
    description: "List this chat's reminders, soonest first (up to 50).",
    input: z.strictObject({}),
    async run(_input, ctx) {
      const { items, hasMore } = await listReminderPage(ctx.deps, ctx.chat, 1, 50);
      if (items.length === 0) return 'No reminders.';
      return items.map((r) => describeReminder(r, ctx.chat)).join('\n') + (hasMore ? '\n(more not shown)' : '');
    },
  }),
  tool({
    name: 'cancel_reminder',
    description: 'Cancel (delete) one reminder of this chat by its number.',
    input: z.strictObject({ id: reminderRef }),
    async run(input, ctx) {
      const cancelled = await cancelReminder(ctx.deps, ctx.chat, input.id);
      return `Cancelled #${cancelled.shortId} (${cancelled.text}).`;
    },
  }),
  tool({
    name: 'snooze_reminder',
    description: 'Postpone a reminder of this chat: `duration` like "10m", "1h", "2 days" (counted from its due time, or from now if that has passed), or `until` an exact ISO instant.',
    input: z.strictObject({ id: reminderRef, duration: z.string().min(1).max(40).optional(), until: isoWithOffset.optional() }),
    async run(input, ctx) {
      const target = input.until ? new Date(input.until) : input.duration;
      if (!target) throw new UserInputError('Give either `duration` or `until`.');
      return `Snoozed: ${describeReminder(await snoozeReminder(ctx.deps, ctx.chat, input.id, target), ctx.chat)}`;
    },
  }),
  tool({
    name: 'edit_reminder',
    description: 'Change the text and/or time of a reminder of this chat. `when` is a time phrase (a repeating phrase changes the schedule); `at` an exact ISO instant.',
    input: z.strictObject({ id: reminderRef, text: reminderText.optional(), when: whenPhrase.optional(), at: isoWithOffset.optional() }),
    async run(input, ctx) {
      const edited = await editReminder(ctx.deps, ctx.chat, input.id, {
        ...(input.text !== undefined ? { text: input.text } : {}),
        ...(input.when !== undefined ? { when: input.when } : {}),
        ...(input.at !== undefined ? { at: new Date(input.at) } : {}),
      });
      return `Updated: ${describeConfirmation(edited, ctx.chat)}`;
    },
  }),
  tool({
    name: 'set_timezone',
    description: "Set this chat's time zone from a city or IANA zone name (e.g. \"Berlin\", \"America/New_York\").",
    input: z.strictObject({ zone: z.string().min(1).max(80) }),
    async run(input, ctx) {
      const zone = await setTimezone(ctx.deps, ctx.chat, input.zone);
      return `Time zone set to ${zone}.`;
    },
  }),
  tool({
    name: 'send_message',
    description: 'Send a message to this chat right away (your final answer is sent anyway; use this only for an extra message).',
    input: z.strictObject({ text: z.string().min(1).max(4000) }),
    async run(input, ctx) {
      const outcome = await ctx.deps.telegram.sendMessage(ctx.chat.chatId, input.text);
      // A send Telegram may have taken is not repeated, so the model must not be told to try again.
      if (outcome.kind !== 'delivered' && outcome.kind !== 'maybe-delivered') throw new Error(`message not delivered (${outcome.kind})`);
      ctx.sent.push(input.text);
      return 'Sent.';
    },
  }),
];

/** Bedrock tool specs, JSON Schema generated from the zod inputs. */
export function toolSpecs(tools: readonly AgentTool[] = AGENT_TOOLS): Tool[] {
  return tools.map((t) => ({
    toolSpec: {
      name: t.name,
      description: t.description,
      // Plain JSON data; the SDK's DocumentType is structurally the same but not declared so.
      inputSchema: { json: z.toJSONSchema(t.input, { target: 'draft-7' }) as unknown as Record<string, never> },
    },
  }));
}

/** Keys that would name a target other than the current chat. Their mere presence is refused. */
const FOREIGN_TARGET_KEY = /^(chat|chat_?id|user_?id|target|recipient|to)$/i;

/**
 * Runs one tool call. Never throws: the outcome is text for a toolResult, marked as an error when the
 * input was invalid or the action was refused, so the model can explain it to the person.
 */
export async function runTool(
  tools: readonly AgentTool[],
  name: string,
  rawInput: unknown,
  ctx: ToolContext,
): Promise<{ ok: boolean; text: string }> {
  const spec = tools.find((t) => t.name === name);
  if (!spec) return { ok: false, text: `Unknown tool "${name}".` };
  if (rawInput && typeof rawInput === 'object' && Object.keys(rawInput).some((key) => FOREIGN_TARGET_KEY.test(key))) {
    ctx.deps.log.warn('tool call named another target; refused', { tool: name, chatId: ctx.chat.chatId, keys: Object.keys(rawInput) });
    return { ok: false, text: 'Refused: tools act only on the current chat and take no chat or user id. Nothing was done.' };
  }
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return { ok: false, text: `Invalid input: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ')}` };
  }
  try {
    return { ok: true, text: await spec.run(parsed.data as never, ctx) };
  } catch (error) {
    if (error instanceof UserInputError) return { ok: false, text: error.message };
    ctx.deps.log.error('tool failed', { tool: name, chatId: ctx.chat.chatId, error: String(error) });
    return { ok: false, text: 'The action failed because of an internal error. Nothing more is known; tell the person to try again later.' };
  }
}
