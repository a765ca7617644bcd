// The sweeper's primitives on the sparse due index: find due, claim, complete, retry later, fail.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { DELIVERED_STATUS, DeliveryLogItem, dueShard, keys, ReminderItem, ReminderStatus, TABLE } from '../../schema/index.ts';
import { nextOccurrence } from '../../core/time/next-occurrence.ts';
import { InvalidReminderInputError, ReminderAlreadyClaimedError, ReminderNotFoundError, StaleClaimError } from '../../core/store/errors.ts';
import type { ClaimOptions, CompleteOptions, DeliveryLogEntry, DueCursor, DuePage, DuePageOptions, DueRow, FindDueResult, Reminder } from '../../core/store/port.ts';
import { epochSeconds, parseOrThrow, reminderKey, zodSummary, type StoreContext } from './store-context.ts';
import { checkChatId, checkDate, checkNonEmpty, checkPositiveInteger, isWellFormedReminderId, truncate } from '../../core/store/validate-input.ts';

const DEFAULT_LOG_TTL_SECONDS = 30 * 24 * 3600;
/**
 * Sorts after every `#<id>` suffix (ids are ASCII), so `dueSk <= "<windowEnd>#\uffff"` includes a row
 * due exactly at windowEnd and excludes one due a millisecond later.
 */
const AFTER_ANY_ID = '\uffff';

/** What the due index projects: keys plus `TABLE.dueIndex.projected`. */
const DueIndexRow = z.object({
  pk: z.string(),
  sk: z.string().startsWith(keys.reminderSkPrefix),
  duePk: z.string(),
  dueSk: z.string(),
  chatId: z.number().int(),
  status: ReminderStatus,
  dueAt: z.string(),
});

export async function findDue(ctx: StoreContext, windowEnd: Date): Promise<FindDueResult> {
  checkDate(windowEnd, 'windowEnd');
  const upTo = `${windowEnd.toISOString()}#${AFTER_ANY_ID}`;
  const shards = Array.from({ length: ctx.dueShards }, (_, shard) => queryDueShard(ctx, shard, upTo));
  const results = await Promise.all(shards);
  const rows = results.flatMap((result) => result.rows).sort((a, b) => (a.dueSk < b.dueSk ? -1 : a.dueSk > b.dueSk ? 1 : 0));
  return {
    rows,
    itemsRead: results.reduce((sum, result) => sum + result.itemsRead, 0),
    pages: results.reduce((sum, result) => sum + result.pages, 0),
  };
}

async function queryDueShard(ctx: StoreContext, shard: number, upTo: string): Promise<FindDueResult> {
  const rows: DueRow[] = [];
  let itemsRead = 0;
  let pages = 0;
  let startKey: DueCursor | undefined;
  do {
    const page = await readDuePage(ctx, shard, upTo, undefined, startKey);
    pages++;
    itemsRead += page.itemsRead;
    rows.push(...page.rows);
    startKey = page.next;
  } while (startKey);
  return { rows, itemsRead, pages };
}

/**
 * One page of one shard, at most `limit` rows, starting after `options.after` (the `next` of the page
 * before). The bounded sweep reads this way: only as many rows as it has room to deliver, so its reads
 * and its memory follow what it delivers, not the size of the backlog.
 */
export async function findDuePage(ctx: StoreContext, shard: number, windowEnd: Date, options: DuePageOptions): Promise<DuePage> {
  checkDate(windowEnd, 'windowEnd');
  if (!Number.isInteger(shard) || shard < 0 || shard >= ctx.dueShards) throw new InvalidReminderInputError('shard', `shard must be an integer from 0 to ${ctx.dueShards - 1}, got ${shard}`);
  checkPositiveInteger(options.limit, 'limit');
  return readDuePage(ctx, shard, `${windowEnd.toISOString()}#${AFTER_ANY_ID}`, options.limit, options.after);
}

async function readDuePage(ctx: StoreContext, shard: number, upTo: string, limit: number | undefined, startKey: DueCursor | undefined): Promise<DuePage> {
  const input = {
    TableName: ctx.tableName,
    IndexName: TABLE.dueIndex.name,
    KeyConditionExpression: 'duePk = :duePk AND dueSk <= :upTo',
    ExpressionAttributeValues: { ':duePk': keys.duePk(shard), ':upTo': upTo },
    ExclusiveStartKey: startKey,
    Limit: limit,
  };
  const page = await withPageRetry(() => ctx.client.send(new QueryCommand(input)));
  const rows: DueRow[] = [];
  for (const raw of page.Items ?? []) {
    const parsed = DueIndexRow.safeParse(raw);
    if (!parsed.success) {
      await takeCorruptRowOutOfIndex(ctx, raw, parsed.error);
      continue;
    }
    const row = parsed.data;
    const id = row.sk.slice(keys.reminderSkPrefix.length);
    rows.push({ chatId: row.chatId, id, dueSk: row.dueSk, fireAt: row.dueSk.slice(0, row.dueSk.length - id.length - 1), dueAt: row.dueAt, status: row.status });
  }
  return { rows, itemsRead: page.ScannedCount ?? page.Count ?? 0, ...(page.LastEvaluatedKey ? { next: page.LastEvaluatedKey } : {}) };
}

/**
 * A due-index row that fails the schema would be skipped by every query, every minute, forever, and the
 * reminder would never fire nor show up as failed. So it leaves the index: status `failed` with the reason,
 * where an admin's list of failed reminders finds it. Conditional on the `dueSk` as read, so a row that a
 * writer fixed or moved meanwhile is left alone. Never throws: the query's other rows matter more, and a
 * row that could not be moved is simply met (and tried) again by the next query.
 *
 * No `updatedAt`: findDue has no `now`, and the store never reads the clock itself.
 */
async function takeCorruptRowOutOfIndex(ctx: StoreContext, raw: Record<string, unknown>, error: z.ZodError): Promise<void> {
  const { pk, sk, dueSk } = raw;
  const issues = zodSummary(error);
  if (typeof pk !== 'string' || typeof sk !== 'string' || typeof dueSk !== 'string') {
    ctx.log.warn('skipping corrupt due-index row without usable keys', { pk, sk, issues });
    return;
  }
  try {
    await ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: { pk, sk },
        ConditionExpression: 'dueSk = :asRead',
        // Into the FAILED partition (never swept, listed by `nudge failed`), keeping dueSk as its time.
        UpdateExpression: 'SET #status = :failed, failureReason = :reason, duePk = :failedPk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':asRead': dueSk, ':failed': 'failed', ':reason': truncate(`corrupt item: ${issues}`), ':failedPk': keys.failedPk },
      }),
    );
    ctx.log.error('corrupt row taken out of the due index and marked failed', { pk, sk, dueSk, issues });
  } catch (updateError) {
    if (updateError instanceof ConditionalCheckFailedException) {
      ctx.log.info('corrupt due-index row changed since it was read; left to the next query', { pk, sk, dueSk });
      return;
    }
    ctx.log.warn('could not take a corrupt row out of the due index; skipped this time', { pk, sk, dueSk, issues, error: String(updateError) });
  }
}

/** Tries per due-index page, the first included, and the pause before the second (doubling after). */
const PAGE_TRIES = 4;
const PAGE_RETRY_FIRST_DELAY_MS = 50;

/**
 * findDue fans out to every shard, and one failed page fails the whole query: at a 20% fault rate all 16
 * shards answer only ~3% of the time, so whole-query retries by the caller mostly fail too (a sweeper
 * run could end having seen nothing, again and again), and each one re-reads every shard, adding load to
 * a table that is already throttling. So a page that failed transiently is tried again on its own, after
 * a short jittered pause, keeping every page already read. The SDK has retried underneath already; this
 * absorbs the bursts that get through. Anything else (a missing table, a bad request) is thrown at once.
 */
async function withPageRetry<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= PAGE_TRIES || !isTransient(error)) throw error;
      const step = PAGE_RETRY_FIRST_DELAY_MS * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, step / 2 + (step / 2) * Math.random()));
    }
  }
}

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Throttling, 5xx and network failures (no HTTP answer at all); not client errors such as a missing table. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (TRANSIENT_NAMES.has(error.name)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  return 'code' in error && typeof error.code === 'string' && /^E[A-Z]+/.test(error.code); // ECONNRESET, ETIMEDOUT, …
}

export async function claim(ctx: StoreContext, row: DueRow, options: ClaimOptions): Promise<Reminder> {
  checkChatId(row.chatId);
  checkDate(options.now, 'now');
  checkPositiveInteger(options.leaseMs, 'leaseMs');
  checkNonEmpty(options.token, 'token');
  checkNonEmpty(row.dueSk, 'dueSk');
  if (!isWellFormedReminderId(row.id)) throw new ReminderNotFoundError(row.chatId, row.id);
  const leaseEnd = new Date(options.now.getTime() + options.leaseMs).toISOString();
  try {
    const { Attributes } = await ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: reminderKey(row.chatId, row.id),
        // dueSk as read pins the occurrence: any snooze, edit, retry or pause since the read changed it (a
        // missing attribute never equals, so a deleted row fails here too). Only a row still in a DUE# shard:
        // a paused or delivered row's dueSk is `<since>#<id>`, which can equal the one read when it was sent
        // (or paused) in the very millisecond it was due. The lease is the lock:
        // no live claim (no token — every settle, edit and resume removes it — or one whose lease has run out;
        // rows claimed by older sweepers carry a token but no claimedUntil, and come due at their lease end).
        ConditionExpression: 'dueSk = :asRead AND begins_with(duePk, :duePrefix) AND (attribute_not_exists(claimToken) OR attribute_not_exists(claimedUntil) OR claimedUntil <= :now)',
        // Neither the index keys nor a projected attribute change, so the claim is one write unit and no index
        // write (moving dueSk to the lease end cost three). A crashed claimer's row stays due where it is and
        // is claimed again by the first sweep after claimedUntil.
        UpdateExpression: 'SET claimToken = :token, claimedAt = :now, claimedUntil = :leaseEnd, updatedAt = :now',
        ExpressionAttributeValues: {
          ':asRead': row.dueSk,
          ':duePrefix': keys.duePkPrefix,
          ':token': options.token,
          ':now': options.now.toISOString(),
          ':leaseEnd': leaseEnd,
        },
        ReturnValues: 'ALL_NEW',
        // No ReturnValuesOnConditionCheckFailure: dynalite ignores it, so losers get no `current` anywhere alike.
      }),
    );
    return parseOrThrow(ReminderItem, Attributes ?? {});
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      // Only a retry can have lost to itself; a first try's conflict is someone else's, and reading the row
      // for every lost race would add a read to each of them.
      throw new ReminderAlreadyClaimedError(row.id, options.retry ? await readAfterConflict(ctx, row) : undefined, { cause: error });
    }
    throw error;
  }
}

/**
 * The row as it is now, after a claim lost its condition. A claim whose answer was lost (timeout,
 * reset) and is tried again with the same token loses against itself: the row carries our token, and
 * only this read can tell the caller so — otherwise the row would sit out the whole lease. A consistent
 * read, because an eventually consistent one may still show the row before our own claim.
 * `ReturnValuesOnConditionCheckFailure` would save the read on AWS, but dynalite ignores it, and the
 * store must behave alike everywhere. Undefined when the row is gone or unreadable (a plain conflict).
 */
async function readAfterConflict(ctx: StoreContext, row: DueRow): Promise<Reminder | undefined> {
  try {
    const { Item } = await ctx.client.send(new GetCommand({ TableName: ctx.tableName, Key: reminderKey(row.chatId, row.id), ConsistentRead: true }));
    const parsed = Item ? ReminderItem.safeParse(Item) : undefined;
    return parsed?.success ? parsed.data : undefined;
  } catch (readError) {
    // The conflict stands either way; without the read the caller treats it as someone else's claim.
    ctx.log.warn('could not read a row after a claim conflict', { reminderId: row.id, chatId: row.chatId, error: String(readError) });
    return undefined;
  }
}

export async function complete(ctx: StoreContext, reminder: Reminder, token: string, options: CompleteOptions): Promise<void> {
  checkNonEmpty(token, 'token');
  const now = checkDate(options.now, 'now');
  const logTtl = checkPositiveInteger(options.logTtlSeconds ?? DEFAULT_LOG_TTL_SECONDS, 'logTtlSeconds');
  const key = reminderKey(checkChatId(reminder.chatId), reminder.id);
  const schedule = reminder.schedule;
  let next: Date | null = null;
  if (schedule.kind === 'recurring') {
    // `undefined` means "work it out": the first occurrence after both the one just delivered and now,
    // so a reminder that fired late does not replay the occurrences it missed.
    const after = new Date(Math.max(now.getTime(), Date.parse(reminder.dueAt)));
    next = options.nextDueAt === undefined ? nextOccurrence(schedule, after, reminder.firedCount + 1) : options.nextDueAt;
    if (next !== null && (checkDate(next, 'nextDueAt').getTime() <= Date.parse(reminder.dueAt))) {
      throw new InvalidReminderInputError('nextDueAt', `next occurrence ${next.toISOString()} is not after the one delivered (${reminder.dueAt})`);
    }
  }

  if (next === null) {
    await settleAsHistory(ctx, reminder, token, now, logTtl, options.messageId);
    return;
  }
  const nextIso = next.toISOString();
  let delivered: Reminder;
  try {
    const { Attributes } = await ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: key,
        ConditionExpression: 'claimToken = :token',
        UpdateExpression:
          'SET #status = :pending, attempts = :zero, firedCount = firedCount + :one, lastFiredAt = :now, dueAt = :next, duePk = :duePk, dueSk = :dueSk, listSk = :listSk, updatedAt = :now REMOVE claimToken, claimedAt, claimedUntil, lastError',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':token': token,
          ':pending': 'pending',
          ':zero': 0,
          ':one': 1,
          ':now': now.toISOString(),
          ':next': nextIso,
          ':duePk': keys.duePk(dueShard(reminder.id, ctx.dueShards)),
          ':dueSk': keys.dueSk(nextIso, reminder.id),
          ':listSk': keys.listSk(true, nextIso, reminder.id),
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
    delivered = parseOrFallback(ctx, Attributes, reminder);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new StaleClaimError(reminder.id, { cause: error });
    throw error;
  }

  // A re-armed row is the next occurrence, so its delivery needs a separate log item.
  const entry: DeliveryLogEntry = {
    pk: keys.chatPk(delivered.chatId),
    sk: keys.sentSk(now.toISOString(), delivered.id),
    type: 'sent',
    chatId: delivered.chatId,
    reminderId: delivered.id,
    shortId: delivered.shortId,
    text: delivered.text,
    work: delivered.work,
    dueAt: delivered.dueAt,
    sentAt: now.toISOString(),
    messageId: options.messageId,
    expiresAt: epochSeconds(now) + logTtl,
    // The time-keyed key for "deliveries across chats since …": one more index write per delivery.
    duePk: keys.sentDayPk(now.toISOString()),
    dueSk: keys.dueSk(now.toISOString(), delivered.id),
  };
  try {
    await ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item: entry }));
  } catch (error) {
    // The reminder is already re-armed. Throwing now would make the caller treat a finished delivery as
    // failed and retry it; a missing log line is the lesser harm.
    ctx.log.error('delivery log write failed after completion', { reminderId: delivered.id, chatId: delivered.chatId, error: String(error) });
  }
}

/**
 * What a one-time row keeps as its own delivery-log entry; every other attribute is removed (the
 * schedule, the claim, counters, the list position), so the entry is never larger than the claimed row
 * it replaces and the write costs what the row costs (1 WRU per KB of the larger of old and new item).
 * Derived from the two schemas, so an attribute added to reminders later never lingers on a delivered row.
 */
const ONE_TIME_REMOVED = Object.keys(ReminderItem.shape).filter((name) => !(name in DeliveryLogItem.shape));

/**
 * Settles a delivered one-time reminder (or a repeating one whose last occurrence this was) with ONE
 * conditional write that turns its row into its own delivery-log entry (a DeliveryLogItem kept under
 * `REMINDER#<id>`): the claim token proves we still hold it, as the delete did; the due-index key moves
 * from `DUE#<shard>` to the log's `SENT#<day>` (no sweep sees it again, admins read it across chats),
 * `listSk` goes (out of /list), and the TTL that removes log items removes it too (TTL deletes are free).
 * Nothing is left for a crash to split, where a delete and a separate log put could lose the log line.
 * 4 WRU (row 1, due-index move 2, list-index removal 1; 5 with the claim) instead of a delete (3) plus a
 * log item (2).
 */
async function settleAsHistory(ctx: StoreContext, reminder: Reminder, token: string, now: Date, logTtl: number, messageId: number | undefined): Promise<void> {
  const sentAt = now.toISOString();
  const names: Record<string, string> = { '#type': 'type', '#status': 'status' };
  ONE_TIME_REMOVED.forEach((name, i) => (names[`#r${i}`] = name));
  try {
    await ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: reminderKey(checkChatId(reminder.chatId), reminder.id),
        ConditionExpression: 'claimToken = :token',
        UpdateExpression:
          `SET #type = :sent, #status = :delivered, reminderId = :id, sentAt = :sentAt, expiresAt = :expiresAt, duePk = :sentDayPk, dueSk = :sentDueSk${messageId === undefined ? '' : ', messageId = :messageId'} ` +
          `REMOVE ${ONE_TIME_REMOVED.map((_, i) => `#r${i}`).join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ':token': token,
          ':sent': DeliveryLogItem.shape.type.value,
          ':delivered': DELIVERED_STATUS,
          ':id': reminder.id,
          ':sentAt': sentAt,
          ':expiresAt': epochSeconds(now) + logTtl,
          ':sentDayPk': keys.sentDayPk(sentAt),
          ':sentDueSk': keys.dueSk(sentAt, reminder.id),
          ...(messageId === undefined ? {} : { ':messageId': messageId }),
        },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new StaleClaimError(reminder.id, { cause: error });
    throw error;
  }
}

export async function retryLater(ctx: StoreContext, reminder: Reminder, token: string, retryAt: Date, error: string, now: Date): Promise<Reminder> {
  checkNonEmpty(token, 'token');
  checkDate(now, 'now');
  const at = checkDate(retryAt, 'retryAt').toISOString();
  return updateClaimed(ctx, reminder, token, {
    // dueAt stays the occurrence being retried, so lateness is still measured from it.
    UpdateExpression:
      'SET #status = :pending, attempts = attempts + :one, lastError = :error, duePk = :duePk, dueSk = :dueSk, updatedAt = :now REMOVE claimToken, claimedAt, claimedUntil',
    ExpressionAttributeValues: {
      ':pending': 'pending',
      ':one': 1,
      ':error': truncate(String(error)),
      ':duePk': keys.duePk(dueShard(reminder.id, ctx.dueShards)),
      ':dueSk': keys.dueSk(at, reminder.id),
      ':now': now.toISOString(),
    },
  });
}

export async function renewClaim(ctx: StoreContext, reminder: Reminder, token: string, leaseEnd: Date, now: Date): Promise<Reminder> {
  checkNonEmpty(token, 'token');
  checkDate(now, 'now');
  const end = checkDate(leaseEnd, 'leaseEnd').toISOString();
  // Only the lease end moves (no index write). Only while the row waits in a DUE# shard: a pause keeps our
  // token on the row it moved to PAUSED, and renewing there would mean nothing to the resume.
  return updateClaimed(ctx, reminder, token, {
    ConditionExpression: 'begins_with(duePk, :duePrefix)',
    UpdateExpression: 'SET claimedUntil = :leaseEnd, updatedAt = :now',
    ExpressionAttributeValues: { ':leaseEnd': end, ':now': now.toISOString(), ':duePrefix': keys.duePkPrefix },
  });
}

export async function fail(ctx: StoreContext, reminder: Reminder, token: string, reason: string, now: Date): Promise<Reminder> {
  checkNonEmpty(token, 'token');
  checkDate(now, 'now');
  return updateClaimed(ctx, reminder, token, {
    // Out of the DUE# shards for good, into the FAILED partition that `nudge failed` pages through.
    UpdateExpression: 'SET #status = :failed, failureReason = :reason, listSk = :listSk, updatedAt = :now, duePk = :failedPk, dueSk = :failedSk REMOVE claimToken, claimedAt, claimedUntil',
    ExpressionAttributeValues: {
      ':failed': 'failed',
      ':reason': truncate(String(reason)),
      ':listSk': keys.listSk(false, reminder.dueAt, reminder.id),
      ':now': now.toISOString(),
      ':failedPk': keys.failedPk,
      ':failedSk': keys.dueSk(now.toISOString(), reminder.id),
    },
  });
}

async function updateClaimed(
  ctx: StoreContext,
  reminder: Reminder,
  token: string,
  update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown>; ConditionExpression?: string },
): Promise<Reminder> {
  try {
    const { Attributes } = await ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: reminderKey(checkChatId(reminder.chatId), reminder.id),
        ConditionExpression: update.ConditionExpression ? `claimToken = :token AND ${update.ConditionExpression}` : 'claimToken = :token',
        UpdateExpression: update.UpdateExpression,
        // Only when used: DynamoDB rejects an expression that names an attribute it never mentions.
        ...(update.UpdateExpression.includes('#status') ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':token': token },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return parseOrThrow(ReminderItem, Attributes ?? {});
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new StaleClaimError(reminder.id, { cause: error });
    throw error;
  }
}

/** The row as it was before a completing write; the caller's copy if the old image is unreadable (the write already happened). */
function parseOrFallback(ctx: StoreContext, raw: Record<string, unknown> | undefined, fallback: Reminder): Reminder {
  const parsed = raw ? ReminderItem.safeParse(raw) : undefined;
  if (parsed?.success) return parsed.data;
  if (raw) ctx.log.warn('completed a corrupt reminder row', { pk: raw.pk, sk: raw.sk });
  return fallback;
}
