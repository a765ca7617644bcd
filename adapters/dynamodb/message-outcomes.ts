// What the buttons under one delivered message did. A delivered message acts once: the first press
// (Done, or a Snooze) is recorded conditionally; later presses — a double-tap, or a second choice
// tapped before the buttons disappear — read what happened instead of acting again.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys, MessageOutcomeItem } from '../../schema/index.ts';
import { InvalidReminderInputError } from '../../core/store/errors.ts';
import type { MessageOutcome, MessageOutcomeRecord, RecordMessageOutcomeResult } from '../../core/store/port.ts';
import { epochSeconds, isAlive, parseOrSkip, putUnlessAlive, type StoreContext } from './store-context.ts';
import { checkChatId, checkDate, checkNonEmpty, checkPositiveInteger } from '../../core/store/validate-input.ts';


export async function recordMessageOutcome(
  ctx: StoreContext,
  chatId: number,
  messageId: number,
  outcome: MessageOutcome,
  now: Date,
  ttlSeconds: number,
): Promise<RecordMessageOutcomeResult> {
  checkChatId(chatId);
  checkMessageId(messageId);
  checkDate(now, 'now');
  checkPositiveInteger(ttlSeconds, 'ttlSeconds');
  checkOutcome(outcome);
  const item: MessageOutcomeItem = {
    pk: keys.chatPk(chatId),
    sk: keys.pressSk(messageId),
    type: 'press',
    chatId,
    messageId,
    outcome,
    at: now.toISOString(),
    expiresAt: epochSeconds(now) + ttlSeconds,
  };
  if (await putUnlessAlive(ctx, item, now)) return { recorded: true };
  // Undefined only if the winner's record is unreadable (corrupt): still not ours to act on.
  return { recorded: false, existing: await getMessageOutcome(ctx, chatId, messageId, now) };
}

export async function getMessageOutcome(ctx: StoreContext, chatId: number, messageId: number, now: Date): Promise<MessageOutcomeRecord | undefined> {
  checkChatId(chatId);
  checkMessageId(messageId);
  checkDate(now, 'now');
  const { Item } = await ctx.client.send(
    new GetCommand({ TableName: ctx.tableName, Key: { pk: keys.chatPk(chatId), sk: keys.pressSk(messageId) }, ConsistentRead: true }),
  );
  const item = Item ? parseOrSkip(ctx, MessageOutcomeItem, Item) : undefined;
  if (!item || !isAlive(item.expiresAt, now)) return undefined;
  return { chatId: item.chatId, messageId: item.messageId, outcome: item.outcome, at: item.at };
}

function checkMessageId(messageId: number): void {
  if (!Number.isSafeInteger(messageId)) throw new InvalidReminderInputError('messageId', `message id must be a whole number, got ${String(messageId)}`);
}

function checkOutcome(outcome: MessageOutcome): void {
  if (outcome.kind === 'done') return;
  if (outcome.kind !== 'snoozed') throw new InvalidReminderInputError('outcome', 'outcome must be done or snoozed');
  checkNonEmpty(outcome.choice, 'outcome.choice');
  checkNonEmpty(outcome.reminderId, 'outcome.reminderId');
  checkPositiveInteger(outcome.shortId, 'outcome.shortId');
  if (!MessageOutcomeItem.shape.outcome.safeParse(outcome).success) throw new InvalidReminderInputError('outcome.dueAt', 'outcome.dueAt must be a UTC ISO instant');
}
