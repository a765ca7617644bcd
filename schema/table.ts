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
  /**
   * A chat's reminders in list order (`listSk` = waiting-or-not, due time, id), so `/list` reads one
   * page at a time instead of the whole chat. Local (same `pk`), so list pages can be read consistently;
   * keys only, so it is written only when a reminder's list position changes (create, reschedule,
   * re-arm, fail, pause, resume, delete, delivery) — not by claims, lease renewals or retries. A delivered
   * one-time reminder's row loses its `listSk`, so /list never reads it.
   */
  listIndex: {
    name: 'list-index',
    sortKey: 'listSk',
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
  /** A verified e-mail address of the chat: `CHAT#42 / EMAIL#ann@example.com`. */
  emailSk: (address: string): string => `EMAIL#${address}`,
  emailSkPrefix: 'EMAIL#',
  emailCodeSk: 'EMAILCODE',
  emailCountSk: (day: string): string => `EMAILCOUNT#${day}`,
  memorySk: 'MEMORY',
  /** A reading Nudge was unsure of, waiting for ✅ Save / ✏️ Change / ❌ Cancel: `CHAT#42 / DRAFT#<ulid>`. */
  draftSk: (id: string): string => `DRAFT#${id}`,
  duePk: (shard: number): string => `DUE#${shard}`,
  dueSk: (fireAtIso: string, reminderId: string): string => `${fireAtIso}#${reminderId}`,
  /** `0#…` waiting (pending/sending) before `1#…` paused/failed; then due time, then id. */
  listSk: (waiting: boolean, dueAtIso: string, reminderId: string): string => `${waiting ? 0 : 1}#${dueAtIso}#${reminderId}`,
  duePkPrefix: 'DUE#',
  /**
   * The due index's other sparse partitions, which the sweeper never queries (it asks only for `DUE#<shard>`):
   * failed rows and paused rows sit under these with `dueSk = <since ISO>#<id>`, so an admin lists them
   * without a scan. Failures and pauses are rare writes, so one partition each is far from its limit.
   */
  failedPk: 'FAILED',
  pausedPk: 'PAUSED',
  /**
   * Deliveries sit under one partition per UTC day with `dueSk = <sentAt ISO>#<reminder id>`: the separate
   * log items (`SENT#…` sort keys) and delivered one-time reminder rows (`REMINDER#…`, `type: 'sent'`), so
   * "deliveries across chats since …" is a key-range query. One partition is enough: Telegram lets a bot
   * send ~30 messages a second (1,000 with paid broadcast), a GSI partition takes ~1,000 writes a second.
   */
  sentDayPk: (sentAtIso: string): string => `SENT#${sentAtIso.slice(0, 10)}`,
  /** Admin bookkeeping: `ADMIN / SWEEP` (the last sweep), `ADMIN / CHATS` (a counter of chats with reminders). */
  adminPk: 'ADMIN',
  sweepStatusSk: 'SWEEP',
  chatCounterSk: 'CHATS',
} as const;

/** True when a row's due-index key says it is waiting to fire (not failed, paused or a log line). */
export function isWaitingToFire(item: { duePk?: string | undefined }): boolean {
  return item.duePk?.startsWith(keys.duePkPrefix) === true;
}

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
      { AttributeName: TABLE.listIndex.sortKey, AttributeType: 'S' as const },
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
    LocalSecondaryIndexes: [
      {
        IndexName: TABLE.listIndex.name,
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' as const },
          { AttributeName: TABLE.listIndex.sortKey, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' as const },
      },
    ],
  };
}
