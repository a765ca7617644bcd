// What the admin questions need from the table: key-range reads of the sparse due-index partitions,
// batch reads of the items they point at, and a meter of everything read, so each answer can say it did not scan.
import type { SweepStatusItem } from '../../schema/index.ts';

/** Items DynamoDB read (ScannedCount for queries, items returned for gets) and the requests made. */
export interface ReadMeter {
  items: number;
  requests: number;
}

/** One entry of the due index as projected: keys plus chatId, status and dueAt. */
export interface IndexEntry {
  pk: string;
  sk: string;
  duePk: string;
  dueSk: string;
  chatId?: number;
  status?: string;
  dueAt?: string;
}

/** `dueSk` bounds, inclusive; absent means open. */
export interface KeyRange {
  from?: string;
  to?: string;
}

export interface ItemKey {
  pk: string;
  sk: string;
}

export interface AdminTable {
  /** Every read since this object was made. */
  readonly reads: ReadMeter;
  /** Index entries of one partition in `range`, oldest first (or newest first), at most `limit`. */
  queryIndex(partition: string, range: KeyRange, options?: { limit?: number; newestFirst?: boolean }): Promise<IndexEntry[]>;
  /** How many index entries one partition holds in `range` (`Select: COUNT`: billed the same, nothing transferred). */
  countIndex(partition: string, range: KeyRange): Promise<number>;
  /** The base items at `keys` (BatchGetItem, 100 at a time); missing ones are left out. */
  getItems(keys: readonly ItemKey[]): Promise<Record<string, unknown>[]>;
  getItem(key: ItemKey): Promise<Record<string, unknown> | undefined>;
  /** Base-table items of one partition whose sort key is in `range`. */
  queryPartition(pk: string, range: KeyRange, options?: { limit?: number; newestFirst?: boolean }): Promise<Record<string, unknown>[]>;
  /** Every item of the table (export only: the one admin command that reads everything, and says so). */
  scanAll(): AsyncIterable<Record<string, unknown>[]>;
  /** Writes `item` unless an item with its key exists; false when it did. */
  putIfAbsent(item: Record<string, unknown> & ItemKey): Promise<boolean>;
  putSweepStatus(item: SweepStatusItem): Promise<void>;
}
