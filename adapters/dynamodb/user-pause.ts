// The person's own pause of one reminder: out of the due index (under PAUSED) and back.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_DUE_SHARDS, dueShard, isLiveReminderRow, keys, ReminderItem } from '../../schema/index.ts';
import { ReminderNotFoundError } from '../../core/store/errors.ts';
import type { Reminder } from '../../core/store/port.ts';
import { parseOrThrow, reminderKey } from './store-context.ts';
import type { UserPauseResult, UserPauseStore } from '../../core/store/user-pause-port.ts';
import { checkChatId, checkDate } from '../../core/store/validate-input.ts';

export interface DynamoDbUserPauseOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The same shard count the reminder store writes with. */
  dueShards?: number;
}

/**
 * Every write is conditional on the row as read (`dueSk` and status), like a claim: a row the sweeper
 * claimed or another writer moved meanwhile is not paused behind its back; the caller reads again.
 */
function holdsLiveClaim(reminder: Reminder, now: Date): boolean {
  return reminder.claimToken !== undefined && (reminder.claimedUntil === undefined || new Date(reminder.claimedUntil) > now);
}

export class DynamoDbUserPause implements UserPauseStore {
  private readonly dueShards: number;

  constructor(private readonly options: DynamoDbUserPauseOptions) {
    this.dueShards = options.dueShards ?? DEFAULT_DUE_SHARDS;
  }

  async pauseByUser(chatId: number, id: string, now: Date): Promise<UserPauseResult> {
    checkChatId(chatId);
    checkDate(now, 'now');
    const reminder = await this.read(chatId, id);
    if (reminder.userPausedAt !== undefined) return { kind: 'already', reminder };
    if (reminder.status === 'failed' || reminder.status === 'sending' || holdsLiveClaim(reminder, now)) return { kind: 'not-pausable', reminder };
    const nowIso = now.toISOString();
    // A chat-paused row is already out of the index: it only gains the user's mark, so lifting the chat's pause leaves it paused.
    const fromChatPause = reminder.status === 'paused';
    try {
      const { Attributes } = await this.options.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: reminderKey(chatId, id),
          ConditionExpression: fromChatPause
            ? '#status = :paused AND attribute_not_exists(userPausedAt)'
            : // A claim leaves status and dueSk alone (it only sets claimToken + claimedUntil): a live lease means a sweeper is delivering it now.
              '#status = :pending AND dueSk = :asRead AND attribute_not_exists(userPausedAt) AND (attribute_not_exists(claimToken) OR claimedUntil <= :now)',
          // Into the PAUSED partition, which the sweeper never reads: a paused row costs no sweep.
          UpdateExpression: fromChatPause
            ? 'SET userPausedAt = :now, updatedAt = :now'
            : 'SET #status = :paused, userPausedAt = :now, updatedAt = :now, duePk = :pausedPk, dueSk = :pausedSk, listSk = :listSk REMOVE claimToken, claimedAt, claimedUntil',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: fromChatPause
            ? { ':paused': 'paused', ':now': nowIso }
            : {
                ':paused': 'paused',
                ':pending': 'pending',
                ':asRead': reminder.dueSk,
                ':now': nowIso,
                ':pausedPk': keys.pausedPk,
                ':pausedSk': keys.dueSk(nowIso, id),
                ':listSk': keys.listSk(false, reminder.dueAt, id),
              },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { kind: 'paused', reminder: parseOrThrow(ReminderItem, Attributes ?? {}) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Claimed, moved or paused meanwhile: say what it is now.
      const current = await this.read(chatId, id);
      return current.userPausedAt !== undefined ? { kind: 'already', reminder: current } : { kind: 'not-pausable', reminder: current };
    }
  }

  async resumeByUser(chatId: number, id: string, dueAt: Date, now: Date): Promise<Reminder | undefined> {
    checkChatId(chatId);
    checkDate(now, 'now');
    checkDate(dueAt, 'dueAt');
    const dueIso = dueAt.toISOString();
    const chatBlocked = await this.isChatBlocked(chatId);
    try {
      const { Attributes } = await this.options.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: reminderKey(chatId, id),
          ConditionExpression: 'attribute_exists(userPausedAt) AND #status = :paused',
          // While the bot is blocked the row stays under the chat's pause, which puts it back when the chat is reachable.
          UpdateExpression: chatBlocked
            ? 'SET dueAt = :dueAt, listSk = :listSkStopped, updatedAt = :now REMOVE userPausedAt'
            : 'SET #status = :pending, dueAt = :dueAt, attempts = :zero, duePk = :duePk, dueSk = :dueSk, listSk = :listSk, updatedAt = :now REMOVE userPausedAt, claimToken, claimedAt, lastError',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: chatBlocked
            ? { ':paused': 'paused', ':dueAt': dueIso, ':listSkStopped': keys.listSk(false, dueIso, id), ':now': now.toISOString() }
            : {
                ':paused': 'paused',
                ':pending': 'pending',
                ':dueAt': dueIso,
                ':zero': 0,
                ':duePk': keys.duePk(dueShard(id, this.dueShards)),
                ':dueSk': keys.dueSk(dueIso, id),
                ':listSk': keys.listSk(true, dueIso, id),
                ':now': now.toISOString(),
              },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return parseOrThrow(ReminderItem, Attributes ?? {});
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      await this.read(chatId, id); // throws ReminderNotFoundError when it is gone
      return undefined;
    }
  }

  private async read(chatId: number, id: string): Promise<Reminder> {
    const out = await this.options.client.send(new GetCommand({ TableName: this.options.tableName, Key: reminderKey(chatId, id), ConsistentRead: true }));
    // A delivered one-time reminder's row is history now: not found, as when it was deleted.
    if (!out.Item || !isLiveReminderRow(out.Item)) throw new ReminderNotFoundError(chatId, id);
    return parseOrThrow(ReminderItem, out.Item);
  }

  private async isChatBlocked(chatId: number): Promise<boolean> {
    const out = await this.options.client.send(
      new GetCommand({ TableName: this.options.tableName, Key: { pk: keys.chatPk(chatId), sk: keys.settingsSk }, ConsistentRead: true }),
    );
    return out.Item?.blocked === true;
  }
}
