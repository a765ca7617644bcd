// Reminder rows as the user sees them: create (with the per-chat short id), read, list, cancel, snooze, edit.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { dueShard, isLiveReminderRow, keys, ReminderItem, TABLE, type Schedule } from '../../schema/index.ts';
import { InvalidReminderInputError, ReminderNotFoundError, StoreError } from '../../core/store/errors.ts';
import { compareListPositions, decodeCursor, encodeCursor, listPosition, type ListPosition } from '../../core/store/list-order.ts';
import type { NewReminder, Page, Reminder } from '../../core/store/port.ts';
import { chatReminders, LIVE_REMINDER_TYPE, liveRemindersOnly, parseOrSkip, parseOrThrow, queryAll, reminderKey, type StoreContext } from './store-context.ts';
import { checkChatId, checkDate, checkFutureDate, checkPositiveInteger, checkSchedule, checkText, checkWork, checkZone, isWellFormedReminderId } from '../../core/store/validate-input.ts';

const DEFAULT_LIST_LIMIT = 20;
const MAX_LIST_LIMIT = 100;

export async function createReminder(ctx: StoreContext, input: NewReminder, now: Date): Promise<Reminder> {
  // Everything is checked before the first write: a rejected input must not even use up a short id.
  checkDate(now, 'now');
  const chatId = checkChatId(input.chatId);
  const text = checkText(input.text);
  const work = checkWork(input.work);
  const tz = checkZone(input.tz);
  const schedule = checkSchedule(input.schedule);
  const dueAt = checkFutureDate(input.dueAt, now);
  if (input.createdBy !== undefined && !Number.isSafeInteger(input.createdBy)) {
    throw new InvalidReminderInputError('createdBy', 'createdBy must be a Telegram user id');
  }
  const id = ctx.newId();
  const nowIso = now.toISOString();
  const draft = ReminderItem.safeParse({
    pk: keys.chatPk(chatId),
    sk: keys.reminderSk(id),
    type: 'reminder',
    id,
    chatId,
    shortId: 1, // placeholder until the counter hands out the real one
    text,
    work,
    schedule,
    tz,
    dueAt: dueAt.toISOString(),
    status: 'pending',
    attempts: 0,
    firedCount: 0,
    createdAt: nowIso,
    updatedAt: nowIso,
    createdBy: input.createdBy,
    ...(input.lang !== undefined ? { lang: input.lang } : {}),
    duePk: keys.duePk(dueShard(id, ctx.dueShards)),
    dueSk: keys.dueSk(dueAt.toISOString(), id),
    listSk: keys.listSk(true, dueAt.toISOString(), id),
  });
  if (!draft.success) throw new InvalidReminderInputError(String(draft.error.issues[0]?.path[0] ?? 'reminder'), z.prettifyError(draft.error));
  if (!isWellFormedReminderId(id)) throw new StoreError(`id generator produced an unusable id "${id}"`);

  if (input.reuseShortId !== undefined) {
    checkPositiveInteger(input.reuseShortId, 'reuseShortId');
    const item: Reminder = { ...draft.data, shortId: input.reuseShortId };
    await ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return item;
  }
  // ADD is atomic on the server: concurrent creates in one chat each get their own number.
  // A failed Put below leaves a gap in the numbering, which is harmless.
  const counter = await ctx.client.send(
    new UpdateCommand({
      TableName: ctx.tableName,
      Key: { pk: keys.chatPk(chatId), sk: keys.settingsSk },
      UpdateExpression: 'ADD shortIdCounter :one SET #type = :type, chatId = :chatId, updatedAt = if_not_exists(updatedAt, :now)',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'settings', ':chatId': chatId, ':now': nowIso },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const shortId = Number(counter.Attributes?.shortIdCounter);
  if (!Number.isSafeInteger(shortId) || shortId < 1) throw new StoreError(`chat ${chatId} short-id counter returned ${String(shortId)}`);
  const item: Reminder = { ...draft.data, shortId };
  try {
    await ctx.client.send(
      new PutCommand({ TableName: ctx.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new StoreError(`reminder id ${id} already exists`, { cause: error });
    throw error;
  }
  if (shortId === 1) await countNewChat(ctx);
  return item;
}

/**
 * A chat's first reminder (short id 1 is handed out once per chat) adds one to `ADMIN / CHATS`, so
 * `nudge stats` reads the number of chats with one GetItem instead of a scan: one extra write per chat,
 * ever. A failure here must not undo the user's reminder; the count is then one short, and says so in the log.
 */
async function countNewChat(ctx: StoreContext): Promise<void> {
  try {
    await ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: { pk: keys.adminPk, sk: keys.chatCounterSk },
        UpdateExpression: 'ADD chats :one SET #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':type': 'chat-counter' },
      }),
    );
  } catch (error) {
    ctx.log.warn('chat counter not incremented; nudge stats will count one chat short', { error: String(error) });
  }
}

export async function getReminder(ctx: StoreContext, chatId: number, id: string): Promise<Reminder | undefined> {
  checkChatId(chatId);
  if (!isWellFormedReminderId(id)) return undefined;
  const { Item } = await ctx.client.send(
    new GetCommand({ TableName: ctx.tableName, Key: reminderKey(chatId, id), ConsistentRead: true }),
  );
  // A delivered one-time reminder's row is its delivery-log entry now: not found, as when it was deleted.
  return Item && isLiveReminderRow(Item) ? parseOrThrow(ReminderItem, Item) : undefined;
}

export async function getReminderByShortId(ctx: StoreContext, chatId: number, shortId: number): Promise<Reminder | undefined> {
  checkChatId(chatId);
  if (!Number.isSafeInteger(shortId) || shortId < 1) return undefined;
  // A chat holds tens of reminders, not thousands: a filtered query of its partition beats a second index.
  const rows = await queryAll(ctx,
    liveRemindersOnly({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'shortId = :shortId',
      ExpressionAttributeValues: { ':pk': keys.chatPk(chatId), ':prefix': keys.reminderSkPrefix, ':shortId': shortId },
      ConsistentRead: true,
    }),
    ReminderItem,
  );
  return rows[0];
}

/**
 * One page of a chat's reminders in list order, read through the list index: `limit + 1` keys (the
 * extra one only says whether there is more) and `limit` items by key, whatever the chat's size and
 * whichever page — constant cost per page. The cursor is the position of the last row shown, so the
 * next page starts strictly after it even if rows were added or removed in between.
 */
export async function listReminders(ctx: StoreContext, chatId: number, options: { limit?: number; cursor?: string } = {}): Promise<Page<Reminder>> {
  checkChatId(chatId);
  const limit = Math.min(checkPositiveInteger(options.limit ?? DEFAULT_LIST_LIMIT, 'limit'), MAX_LIST_LIMIT);
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  const afterSk = after === undefined ? undefined : keys.listSk(after.group === 0, after.dueAt, after.id);
  let Items: Record<string, unknown>[];
  try {
    ({ Items = [] } = await ctx.client.send(
      new QueryCommand({
        TableName: ctx.tableName,
        IndexName: TABLE.listIndex.name,
        KeyConditionExpression: afterSk === undefined ? 'pk = :pk' : 'pk = :pk AND listSk > :after',
        ExpressionAttributeValues: { ':pk': keys.chatPk(chatId), ...(afterSk === undefined ? {} : { ':after': afterSk }) },
        ConsistentRead: true,
        Limit: limit + 1,
      }),
    ));
  } catch (error) {
    if (!isMissingIndex(error)) throw error;
    // A local table created before the list index existed (an LSI cannot be added later): still correct, just not constant-cost.
    ctx.log.warn('table has no list index; listing by reading the whole chat (recreate the local table to fix)', { tableName: ctx.tableName });
    return listBySorting(ctx, chatId, limit, after);
  }
  const shown = Items.slice(0, limit).flatMap((item) => (typeof item.sk === 'string' ? [item.sk] : []));
  const byKey = await getReminders(ctx, chatId, shown);
  // In index order; a row deleted between the two reads is simply not shown.
  const items = shown.flatMap((sk) => byKey.get(sk) ?? []).sort((a, b) => compareListPositions(listPosition(a), listPosition(b)));
  const last = items.at(-1);
  return { items, ...(Items.length > limit && last ? { cursor: encodeCursor(listPosition(last)) } : {}) };
}

function isMissingIndex(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException' && /index/i.test(error.message);
}

/** The list before the list index: the whole chat read and sorted here. Only for tables created without the index. */
async function listBySorting(ctx: StoreContext, chatId: number, limit: number, after: ListPosition | undefined): Promise<Page<Reminder>> {
  const all = await chatReminders(ctx, chatId);
  const ordered = all
    .map((reminder) => ({ reminder, position: listPosition(reminder) }))
    .sort((a, b) => compareListPositions(a.position, b.position))
    .filter(({ position }) => after === undefined || compareListPositions(position, after) > 0);
  const page = ordered.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(({ reminder }) => reminder), ...(ordered.length > limit && last ? { cursor: encodeCursor(last.position) } : {}) };
}

/** Reminders by sort key, consistently, in one BatchGetItem (plus retries of what it left unprocessed). */
async function getReminders(ctx: StoreContext, chatId: number, sks: string[]): Promise<Map<string, Reminder>> {
  const out = new Map<string, Reminder>();
  let keysLeft: Record<string, unknown>[] = sks.map((sk) => ({ pk: keys.chatPk(chatId), sk }));
  for (let round = 0; keysLeft.length > 0; round++) {
    if (round >= 5) throw new StoreError(`could not read ${keysLeft.length} reminders of chat ${chatId} (unprocessed after ${round} rounds)`);
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
    const { Responses, UnprocessedKeys } = await ctx.client.send(
      new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: keysLeft, ConsistentRead: true } } }),
    );
    for (const raw of Responses?.[ctx.tableName] ?? []) {
      // Delivered between the list-index read and this one: history now, not shown.
      if (!isLiveReminderRow(raw)) continue;
      const reminder = parseOrSkip(ctx, ReminderItem, raw);
      if (reminder) out.set(reminder.sk, reminder);
    }
    keysLeft = (UnprocessedKeys?.[ctx.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }
  return out;
}

export async function cancelReminder(ctx: StoreContext, chatId: number, id: string): Promise<Reminder> {
  checkChatId(chatId);
  if (!isWellFormedReminderId(id)) throw new ReminderNotFoundError(chatId, id);
  try {
    const { Attributes } = await ctx.client.send(
      new DeleteCommand({
        TableName: ctx.tableName,
        Key: reminderKey(chatId, id),
        // A delivered row is history, not a reminder: cancelling it is "not found", as when it was deleted.
        ConditionExpression: 'attribute_exists(pk) AND #type = :liveType',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':liveType': LIVE_REMINDER_TYPE },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return parseOrThrow(ReminderItem, Attributes ?? {});
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new ReminderNotFoundError(chatId, id);
    throw error;
  }
}

export async function snoozeReminder(ctx: StoreContext, chatId: number, id: string, dueAt: Date, now: Date): Promise<Reminder> {
  checkChatId(chatId);
  checkDate(now, 'now');
  checkFutureDate(dueAt, now);
  if (!isWellFormedReminderId(id)) throw new ReminderNotFoundError(chatId, id);
  return reschedule(ctx, chatId, id, { dueAt }, now);
}

export async function editReminder(
  ctx: StoreContext,
  chatId: number,
  id: string,
  changes: { text?: string; dueAt?: Date; schedule?: Schedule },
  now: Date,
): Promise<Reminder> {
  checkChatId(chatId);
  checkDate(now, 'now');
  const text = changes.text === undefined ? undefined : checkText(changes.text);
  const dueAt = changes.dueAt === undefined ? undefined : checkFutureDate(changes.dueAt, now);
  const schedule = changes.schedule === undefined ? undefined : checkSchedule(changes.schedule);
  if (text === undefined && dueAt === undefined && schedule === undefined) {
    throw new InvalidReminderInputError('changes', 'nothing to change: give a new text, time or schedule');
  }
  if (!isWellFormedReminderId(id)) throw new ReminderNotFoundError(chatId, id);
  if (dueAt !== undefined) return reschedule(ctx, chatId, id, { dueAt, text, schedule }, now);
  // Text or schedule only: the row keeps its place in the due index (and any claim on it).
  const sets = ['updatedAt = :now'];
  const values: Record<string, unknown> = { ':now': now.toISOString() };
  if (text !== undefined) {
    sets.push('#text = :text');
    values[':text'] = text;
  }
  if (schedule !== undefined) {
    sets.push('#schedule = :schedule');
    values[':schedule'] = schedule;
  }
  return updateExisting(ctx, chatId, id, {
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeNames: { ...(text !== undefined ? { '#text': 'text' } : {}), ...(schedule !== undefined ? { '#schedule': 'schedule' } : {}) },
    ExpressionAttributeValues: values,
  });
}

/**
 * Puts the row (back) into the due index at `dueAt` as a fresh pending occurrence. Drops any claim:
 * a sweeper still sending the old occurrence then gets StaleClaimError on completion, so the user's
 * change wins over an in-flight delivery. Revives paused (a user pause too: a new time is a resume) and failed rows.
 */
function reschedule(ctx: StoreContext, chatId: number, id: string, changes: { dueAt: Date; text?: string; schedule?: Schedule }, now: Date): Promise<Reminder> {
  const dueIso = changes.dueAt.toISOString();
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {
    ':dueAt': dueIso,
    ':duePk': keys.duePk(dueShard(id, ctx.dueShards)),
    ':dueSk': keys.dueSk(dueIso, id),
    ':listSk': keys.listSk(true, dueIso, id),
    ':pending': 'pending',
    ':zero': 0,
    ':now': now.toISOString(),
  };
  const sets = ['dueAt = :dueAt', 'duePk = :duePk', 'dueSk = :dueSk', 'listSk = :listSk', '#status = :pending', 'attempts = :zero', 'updatedAt = :now'];
  if (changes.text !== undefined) {
    sets.push('#text = :text');
    names['#text'] = 'text';
    values[':text'] = changes.text;
  }
  if (changes.schedule !== undefined) {
    sets.push('#schedule = :schedule');
    names['#schedule'] = 'schedule';
    values[':schedule'] = changes.schedule;
  }
  return updateExisting(ctx, chatId, id, {
    UpdateExpression: `SET ${sets.join(', ')} REMOVE claimToken, claimedAt, claimedUntil, failureReason, lastError, userPausedAt`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}

/** UpdateItem that must not create the row: ReminderNotFoundError when it is not there. */
async function updateExisting(
  ctx: StoreContext,
  chatId: number,
  id: string,
  update: { UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> },
): Promise<Reminder> {
  try {
    const { Attributes } = await ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: reminderKey(chatId, id),
        ...update,
        // Without this an UpdateItem on a missing key would create a half-built row, and one on a delivered
        // row (history now) would bring it back as a reminder.
        ConditionExpression: 'attribute_exists(pk) AND #liveType = :liveType',
        ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#liveType': 'type' },
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':liveType': LIVE_REMINDER_TYPE },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return parseOrThrow(ReminderItem, Attributes ?? {});
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new ReminderNotFoundError(chatId, id);
    throw error;
  }
}
