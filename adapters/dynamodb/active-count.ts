import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../schema/index.ts';
import { LIVE_REMINDER_TYPE } from './store-context.ts';

/** Counts a chat's live reminders that are not `failed`, stopping once `atLeast` is reached (the per-chat cap, #12 item 10). */
export interface ActiveReminderCounter {
  countActive(chatId: number, atLeast: number): Promise<number>;
}

/**
 * Counts with `Select: COUNT` on the chat's reminder rows: reads at most the chat's own rows (bounded
 * by the cap itself), returns no items.
 */
export class DynamoDbActiveReminderCounter implements ActiveReminderCounter {
  constructor(private readonly options: { client: DynamoDBDocumentClient; tableName: string }) {}

  async countActive(chatId: number, atLeast: number): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          // Live rows only (`isLiveReminderRow`): a delivered one-time reminder's row is history until its TTL.
          FilterExpression: '#status <> :failed AND #type = :liveType',
          ExpressionAttributeNames: { '#status': 'status', '#type': 'type' },
          ExpressionAttributeValues: { ':pk': keys.chatPk(chatId), ':prefix': keys.reminderSkPrefix, ':failed': 'failed', ':liveType': LIVE_REMINDER_TYPE },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey && count < atLeast);
    return count;
  }
}
