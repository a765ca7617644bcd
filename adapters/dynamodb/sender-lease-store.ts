import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { leaseKeys, SenderLeaseItem } from '../../schema/index.ts';
import type { SenderLease, SenderLeaseStore } from '../../core/store/sender-lease-port.ts';

export type { SenderLease, SenderLeaseStore };

/** Free, lapsed or ours — and no older tick is in line (or its place lapsed). */
const MAY_TAKE =
  '(attribute_not_exists(pk) OR expiresAtMs <= :now OR holder = :holder) AND (attribute_not_exists(waitingTickAtMs) OR waitingTickAtMs >= :tick OR waitingUntilMs <= :now)';

/**
 * The lease in Nudge's table (`LEASE#<name> / LEASE`). Every write is conditional on the holder or
 * on expiry, so two runs can never both believe they hold it; reads are consistent so a waiting
 * run sees a release at once.
 */
export class DynamoDbSenderLeaseStore implements SenderLeaseStore {
  private readonly key: { pk: string; sk: typeof leaseKeys.sk };

  constructor(private readonly options: { client: DynamoDBDocumentClient; tableName: string; name?: string }) {
    this.key = { pk: leaseKeys.pk(options.name ?? 'sweeper'), sk: leaseKeys.sk };
  }

  async acquire(lease: SenderLease, nowMs: number): Promise<boolean> {
    const item: SenderLeaseItem = { ...this.key, type: 'lease', ...lease };
    return conditional(
      this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: item,
          ConditionExpression: MAY_TAKE,
          ExpressionAttributeValues: { ':now': nowMs, ':holder': lease.holder, ':tick': lease.tickAtMs },
        }),
      ),
    );
  }

  queue(tickAtMs: number, untilMs: number, nowMs: number): Promise<boolean> {
    return this.updateIf(
      'SET waitingTickAtMs = :tick, waitingUntilMs = :until',
      'attribute_exists(pk) AND (attribute_not_exists(waitingTickAtMs) OR waitingTickAtMs >= :tick OR waitingUntilMs <= :now)',
      { ':tick': tickAtMs, ':until': untilMs, ':now': nowMs },
    );
  }

  renew(holder: string, expiresAtMs: number, releaseAtMs: number): Promise<boolean> {
    return this.updateIf('SET expiresAtMs = :expires, releaseAtMs = :release', 'holder = :holder', { ':expires': expiresAtMs, ':release': releaseAtMs, ':holder': holder });
  }

  async release(holder: string): Promise<void> {
    // Lapse it rather than delete it: the queued waiter's place stays in the row.
    await this.updateIf('SET expiresAtMs = :zero', 'holder = :holder', { ':holder': holder, ':zero': 0 });
  }

  async read(): Promise<SenderLease | undefined> {
    const { Item } = await this.options.client.send(new GetCommand({ TableName: this.options.tableName, Key: this.key, ConsistentRead: true }));
    if (!Item) return undefined;
    const parsed = SenderLeaseItem.safeParse(Item);
    // A damaged row is treated as free: the next acquire overwrites it only if it has lapsed.
    if (!parsed.success) return undefined;
    const { pk: _pk, sk: _sk, type: _type, ...lease } = parsed.data;
    return lease;
  }

  /** One conditional update of the lease row: true when it was written, false when the condition did not hold. */
  private updateIf(update: string, condition: string, values: Record<string, unknown>): Promise<boolean> {
    return conditional(
      this.options.client.send(
        new UpdateCommand({ TableName: this.options.tableName, Key: this.key, UpdateExpression: update, ConditionExpression: condition, ExpressionAttributeValues: values }),
      ),
    );
  }
}

async function conditional(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
