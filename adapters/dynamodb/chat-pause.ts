// Taking a chat that cannot be reached out of the due index, and putting it back.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dueShard, isWaitingToFire, keys } from '../../schema/index.ts';
import { chatReminders, mapWithConcurrency, reminderKey, type StoreContext } from './store-context.ts';
import { checkChatId, checkDate, truncate } from '../../core/store/validate-input.ts';

/** Parallel per-row updates: enough to be quick, few enough not to throttle. */
const ROW_UPDATE_CONCURRENCY = 8;

export async function pauseChat(ctx: StoreContext, chatId: number, reason: string, now: Date): Promise<number> {
  checkChatId(chatId);
  checkDate(now, 'now');
  await ctx.client.send(
    new UpdateCommand({
      TableName: ctx.tableName,
      Key: { pk: keys.chatPk(chatId), sk: keys.settingsSk },
      UpdateExpression:
        'SET #type = :type, chatId = :chatId, blocked = :true, blockedReason = :reason, updatedAt = :now, shortIdCounter = if_not_exists(shortIdCounter, :zero)',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':type': 'settings',
        ':chatId': chatId,
        ':true': true,
        ':reason': truncate(String(reason)),
        ':now': now.toISOString(),
        ':zero': 0,
      },
    }),
  );
  const paused = await pauseRows(ctx, chatId, now);
  // A resume that ran meanwhile cleared the flag before our rows were out of the index: put them
  // back, so the rows always end up matching the flag whatever the interleaving (#12 item 6).
  if (!(await isBlocked(ctx, chatId))) return paused - (await resumeRows(ctx, chatId, now));
  return paused;
}

/** The flag as stored now (consistent read): what the last pause or resume wrote. */
async function isBlocked(ctx: StoreContext, chatId: number): Promise<boolean> {
  const out = await ctx.client.send(new GetCommand({ TableName: ctx.tableName, Key: { pk: keys.chatPk(chatId), sk: keys.settingsSk }, ConsistentRead: true }));
  return out.Item?.blocked === true;
}

async function pauseRows(ctx: StoreContext, chatId: number, now: Date): Promise<number> {
  const waiting = (await chatReminders(ctx, chatId)).filter(isWaitingToFire);
  const paused = await mapWithConcurrency(waiting, ROW_UPDATE_CONCURRENCY, async (reminder) => {
    try {
      await ctx.client.send(
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: reminderKey(chatId, reminder.id),
          // Conditional on the index position as read, like a claim: a row that moved meanwhile is left to its mover.
          // A claim token is kept, so a sweeper holding one of these rows can still complete or fail it.
          ConditionExpression: 'dueSk = :asRead',
          // Out of the DUE# shards into the PAUSED partition, which admins list and the sweeper never reads.
          UpdateExpression: 'SET #status = :paused, listSk = :listSk, updatedAt = :now, duePk = :pausedPk, dueSk = :pausedSk',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':asRead': reminder.dueSk,
            ':paused': 'paused',
            ':listSk': keys.listSk(false, reminder.dueAt, reminder.id),
            ':now': now.toISOString(),
            ':pausedPk': keys.pausedPk,
            ':pausedSk': keys.dueSk(now.toISOString(), reminder.id),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  });
  return paused.filter(Boolean).length;
}

export async function resumeChat(ctx: StoreContext, chatId: number, now: Date): Promise<number> {
  checkChatId(chatId);
  checkDate(now, 'now');
  try {
    await ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: { pk: keys.chatPk(chatId), sk: keys.settingsSk },
        ConditionExpression: 'attribute_exists(pk)',
        UpdateExpression: 'SET updatedAt = :now REMOVE blocked, blockedReason',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    );
  } catch (error) {
    // Nothing stored for this chat: nothing was paused, and nothing is written.
    if (error instanceof ConditionalCheckFailedException) return 0;
    throw error;
  }
  const resumed = await resumeRows(ctx, chatId, now);
  // A pause that ran meanwhile set the flag again after its rows left the index: take ours back out.
  if (await isBlocked(ctx, chatId)) return resumed - (await pauseRows(ctx, chatId, now));
  return resumed;
}

async function resumeRows(ctx: StoreContext, chatId: number, now: Date): Promise<number> {
  // Rows the person paused themselves stay paused: only their own "resume" brings them back.
  const paused = (await chatReminders(ctx, chatId)).filter((r) => r.status === 'paused' && r.userPausedAt === undefined);
  const resumed = await mapWithConcurrency(paused, ROW_UPDATE_CONCURRENCY, async (reminder) => {
    // A missed occurrence fires once, now, rather than being skipped: the sweeper re-arms recurring rows after it.
    const fireAt = new Date(Math.max(Date.parse(reminder.dueAt), now.getTime())).toISOString();
    try {
      await ctx.client.send(
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: reminderKey(chatId, reminder.id),
          ConditionExpression: '#status = :paused AND attribute_not_exists(userPausedAt)',
          UpdateExpression: 'SET #status = :pending, attempts = :zero, duePk = :duePk, dueSk = :dueSk, listSk = :listSk, updatedAt = :now REMOVE claimToken, claimedAt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':paused': 'paused',
            ':pending': 'pending',
            ':zero': 0,
            ':duePk': keys.duePk(dueShard(reminder.id, ctx.dueShards)),
            ':dueSk': keys.dueSk(fireAt, reminder.id),
            ':listSk': keys.listSk(true, reminder.dueAt, reminder.id),
            ':now': now.toISOString(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  });
  return resumed.filter(Boolean).length;
}
