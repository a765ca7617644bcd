import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../schema/index.ts';
import { liveRemindersOnly } from './store-context.ts';

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
          ...liveRemindersOnly({
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            FilterExpression: '#status <> :failed',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pk': keys.chatPk(chatId), ':prefix': keys.reminderSkPrefix, ':failed': 'failed' },
          }),
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
