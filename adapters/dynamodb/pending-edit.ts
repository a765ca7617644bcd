// The ✏️ Change marker on the chat's settings item: one attribute, set and removed with conditional updates.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../schema/index.ts';
import type { PendingEdit, PendingEditStore } from '../../core/store/pending-edit-port.ts';
import { checkChatId, checkDate } from '../../core/store/validate-input.ts';

/**
 * On the settings item because every message already reads it (the chat's zone and language): the marker
 * costs no extra read. Expiry is checked by the reader against `until`; TTL cannot be used on a shared item.
 */
export class DynamoDbPendingEdits implements PendingEditStore {
  constructor(private readonly options: { client: DynamoDBDocumentClient; tableName: string }) {}

  async setPendingEdit(chatId: number, edit: PendingEdit, now: Date): Promise<void> {
    checkChatId(chatId);
    checkDate(now, 'now');
    await this.options.client.send(
      new UpdateCommand({
        TableName: this.options.tableName,
        Key: { pk: keys.chatPk(chatId), sk: keys.settingsSk },
        UpdateExpression: 'SET #type = :type, chatId = :chatId, pendingEdit = :edit, updatedAt = :now, shortIdCounter = if_not_exists(shortIdCounter, :zero)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':type': 'settings',
          ':chatId': chatId,
          ':edit': { reminderId: edit.reminderId, until: edit.until, ...(edit.userId !== undefined ? { userId: edit.userId } : {}) },
          ':now': now.toISOString(),
          ':zero': 0,
        },
      }),
    );
  }

  async clearPendingEdit(chatId: number, reminderId: string): Promise<void> {
    checkChatId(chatId);
    try {
      await this.options.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { pk: keys.chatPk(chatId), sk: keys.settingsSk },
          ConditionExpression: 'pendingEdit.reminderId = :id',
          UpdateExpression: 'REMOVE pendingEdit',
          ExpressionAttributeValues: { ':id': reminderId },
        }),
      );
    } catch (error) {
      // Already cleared, or replaced by a newer ✏️ Change: nothing of ours to remove.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
