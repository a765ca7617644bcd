/**
 * The one definition of Nudge's single DynamoDB table. CDK, local mode, the CLI and the tests
 * all build the table from these names, so they cannot drift apart.
 */
export const TABLE = {
  /** Default physical name in local mode; on AWS CloudFormation names it. */
  localName: 'nudge',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds. Only housekeeping: nothing fires off TTL, and reads filter expired items themselves. */
  ttlAttribute: 'expiresAt',
  dueIndex: {
    name: 'due-index',
    partitionKey: 'duePk',
    sortKey: 'dueSk',
    projected: ['chatId', 'status', 'dueAt'],
  },
} as const;

/** Shards of the due index. 16 partitions take ~16k writes/s at the 09:00 spike. */
export const DEFAULT_DUE_SHARDS = 16;

/** Readable key builders: an admin reading the console sees `CHAT#42 / REMINDER#01J…`. */
export const keys = {
  chatPk: (chatId: number): string => `CHAT#${chatId}`,
  reminderSk: (id: string): string => `REMINDER#${id}`,
  reminderSkPrefix: 'REMINDER#',
  settingsSk: 'SETTINGS',
  turnSk: (atIso: string, seq = 0): string => `TURN#${atIso}#${String(seq).padStart(3, '0')}`,
  turnSkPrefix: 'TURN#',
  updatePk: (updateId: number): string => `UPDATE#${updateId}`,
  updateSk: 'UPDATE',
  sentSk: (sentAtIso: string, reminderId: string): string => `SENT#${sentAtIso}#${reminderId}`,
  sentSkPrefix: 'SENT#',
  /** Buttons under a delivered message (Telegram message id): `CHAT#42 / PRESS#1234`. */
  pressSk: (messageId: number): string => `PRESS#${messageId}`,
  /** A reading Nudge was unsure of, waiting for ✅ Save / ✏️ Change / ❌ Cancel: `CHAT#42 / DRAFT#<ulid>`. */
  draftSk: (id: string): string => `DRAFT#${id}`,
  duePk: (shard: number): string => `DUE#${shard}`,
  dueSk: (fireAtIso: string, reminderId: string): string => `${fireAtIso}#${reminderId}`,
} as const;

/**
 * Stable shard of a reminder id: FNV-1a (32-bit) of the id, mod `shards`.
 * Stable across processes and Node versions, unlike anything built on object identity.
 */
export function dueShard(id: string, shards: number = DEFAULT_DUE_SHARDS): number {
  if (!Number.isInteger(shards) || shards < 1) throw new RangeError(`due shards must be a positive integer, got ${shards}`);
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/** CreateTable input for local servers (dynalite, DynamoDB Local) and tests. */
export function createTableInput(tableName: string = TABLE.localName) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: TABLE.partitionKey, AttributeType: 'S' as const },
      { AttributeName: TABLE.sortKey, AttributeType: 'S' as const },
      { AttributeName: TABLE.dueIndex.partitionKey, AttributeType: 'S' as const },
      { AttributeName: TABLE.dueIndex.sortKey, AttributeType: 'S' as const },
    ],
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: TABLE.dueIndex.name,
        KeySchema: [
          { AttributeName: TABLE.dueIndex.partitionKey, KeyType: 'HASH' as const },
          { AttributeName: TABLE.dueIndex.sortKey, KeyType: 'RANGE' as const },
        ],
        // The sweeper only needs enough to claim: the claim's conditional update returns the full
        // item. Projecting ALL would copy every reminder's text into the index for nothing.
        Projection: { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...TABLE.dueIndex.projected] },
      },
    ],
  };
}
