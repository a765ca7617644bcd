import { z } from 'zod';
import { keys } from './table.ts';

/** Telegram chat ids are integers up to 52 bits; negative for groups and channels. */
export const ChatId = z.number().int().safe();

const isoInstant = z.iso.datetime({ offset: false, precision: 3 });

/** An IANA zone the runtime's Intl knows ("Europe/Berlin"); "UTC" included. */
export const IanaZone = z.string().min(1).refine(isValidZone, { message: 'unknown IANA time zone' });

/**
 * Zones already found valid. Building an Intl.DateTimeFormat costs ~0.3 ms, and every row read is
 * parsed, so uncached this was the sweeper's costliest own code (a page of 64 rows: ~20 ms of blocked
 * event loop). Only valid names are kept: there are a few hundred, while invalid input is unbounded.
 */
const validZones = new Set<string>();

export function isValidZone(zone: string): boolean {
  if (validZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  validZones.add(zone);
  return true;
}

export const OnceSchedule = z.object({ kind: z.literal('once') });

/** A local wall time without offset, "2026-11-30T10:00:00": read in the schedule's `tz`. */
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, 'a local date-time like 2026-11-30T10:00:00');

/**
 * A repeating schedule in one of two forms:
 * - RFC 5545 (what Nudge writes): `dtstart` (local wall time of the first occurrence) + `rrule` (the RRULE
 *   value, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=10;BYMINUTE=0") + optional `exdate` (local wall
 *   times skipped), all read in `tz`;
 * - cron (rows written before the RFC 5545 form, and `/every cron …`): a 5-field expression in `tz`.
 * Exactly one of `cron` and `rrule` is set; `until`/`maxCount` bound both forms.
 */
export const RecurringSchedule = z.object({
  kind: z.literal('recurring'),
  /** 5-field cron (minute hour day-of-month month day-of-week), evaluated by cron-parser in `tz`. */
  cron: z.string().min(9).optional(),
  rrule: z.string().regex(/^FREQ=[A-Z]+(;[A-Z]+=[-+,A-Z0-9]+)*$/, 'an RRULE value like FREQ=DAILY;BYHOUR=9;BYMINUTE=0').optional(),
  dtstart: localDateTime.optional(),
  exdate: z.array(localDateTime).max(100).optional(),
  tz: IanaZone,
  /** Last instant an occurrence may fall on (inclusive), UTC ISO. */
  until: isoInstant.optional(),
  /** Total occurrences to deliver, counting the first. */
  maxCount: z.number().int().positive().optional(),
}).refine((s) => (s.cron === undefined) !== (s.rrule === undefined) && (s.rrule === undefined) === (s.dtstart === undefined), {
  message: 'a recurring schedule has either cron, or rrule with dtstart',
});

export const Schedule = z.discriminatedUnion('kind', [OnceSchedule, RecurringSchedule]);

/**
 * Lifecycle of a reminder row:
 * - `pending`: in the due index, waiting for `dueSk`'s instant (the due time, or a retry's back-off);
 * - `sending`: claimed by an older sweeper, which moved `dueSk` to the lease end (a crashed claimer's row comes
 *   back then). Claims now leave `status` and `dueSk` alone and set `claimToken` + `claimedUntil` (one write
 *   unit, no index write); both forms are claimable again once their lease has run out;
 * - `paused`: out of the index because the chat cannot be reached (bot blocked, chat gone) or the person paused it (`userPausedAt`);
 * - `failed`: out of the index for good, `failureReason` says why;
 * - `delivered` (one-time reminders only): the settle turned the row into its own delivery-log entry in place
 *   (`type: 'sent'`, a DeliveryLogItem under `REMINDER#<id>`), out of the list index and under `SENT#<day>` in
 *   the due index, until its TTL (`expiresAt`) removes it. Not a reminder any more: see `isLiveReminderRow`.
 *   Recurring reminders are re-armed (`pending` again) and log each delivery as a separate `SENT#…` item.
 * `delivered` is not a ReminderStatus: a delivered row does not parse as a ReminderItem.
 */
export const ReminderStatus = z.enum(['pending', 'sending', 'paused', 'failed']);

export const ReminderWork = z.enum(['message', 'action']);

export const ReminderItem = z.object({
  pk: z.string(),
  sk: z.string(),
  type: z.literal('reminder'),
  id: z.string().min(10),
  chatId: ChatId,
  shortId: z.number().int().positive(),
  /** What the user sees (message) or the instruction the agent carries out (action). */
  text: z.string().min(1).max(4000),
  work: ReminderWork,
  schedule: Schedule,
  /** The zone the reminder was written in; times in replies are shown in it. */
  tz: IanaZone,
  /** The occurrence being waited for, UTC ISO. Unchanged by leases and back-off, so lateness is measurable. */
  dueAt: isoInstant,
  status: ReminderStatus,
  attempts: z.number().int().nonnegative(),
  /** Occurrences delivered so far (recurring). */
  firedCount: z.number().int().nonnegative(),
  claimToken: z.string().optional(),
  claimedAt: isoInstant.optional(),
  /**
   * End of the live claim's lease. A claim writes only this (and the token), never the index keys, so it
   * costs one write unit; the claim condition lets a row be claimed again once it has passed. Rows claimed
   * before this attribute existed moved `dueSk` to their lease end instead and carry none.
   */
  claimedUntil: isoInstant.optional(),
  lastFiredAt: isoInstant.optional(),
  lastError: z.string().optional(),
  failureReason: z.string().optional(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  /** Telegram user who asked, when known. */
  createdBy: z.number().int().optional(),
  /**
   * Set while the person paused the reminder themselves ("pause #3"); status is then `paused` and the row sits
   * under `PAUSED` in the due index. Unlike the automatic pause (bot blocked), lifting the chat's pause leaves
   * it paused: only "resume #3" (or a new time) brings it back.
   */
  userPausedAt: isoInstant.optional(),
  /** Language of the chat when the reminder was set ("de"): the delivered message and its buttons use it. */
  lang: z.string().min(2).max(10).optional(),
  /**
   * The sparse due index: `DUE#<shard>` while waiting to fire, `FAILED` / `PAUSED` while stopped (listed by
   * admins, never swept). Stopped rows written before the admin index existed carry none.
   */
  duePk: z.string().optional(),
  dueSk: z.string().optional(),
  /** Position in the chat's list (`keys.listSk`): the list index's sort key. */
  listSk: z.string().optional(),
});

export const ChatSettingsItem = z.object({
  pk: z.string(),
  sk: z.literal('SETTINGS'),
  type: z.literal('settings'),
  chatId: ChatId,
  timezone: IanaZone.optional(),
  /** Last short id handed out; incremented atomically by ADD. */
  shortIdCounter: z.number().int().nonnegative(),
  blocked: z.boolean().optional(),
  blockedReason: z.string().optional(),
  /** Language replies are written in, chosen with /lang ("de"); without it, Telegram's language_code decides. */
  language: z.string().min(2).max(10).optional(),
  /**
   * After ✏️ Change on a confirmation: the reminder the chat's next plain message edits ("9pm", "friday at 10"),
   * who pressed (in a group only their message is taken) and until when (a few minutes; a command cancels it).
   */
  pendingEdit: z.object({ reminderId: z.string().min(10), userId: z.number().int().optional(), until: isoInstant }).optional(),
  updatedAt: isoInstant,
});

export const ConversationTurnItem = z.object({
  pk: z.string(),
  sk: z.string(),
  type: z.literal('turn'),
  chatId: ChatId,
  role: z.enum(['user', 'assistant']),
  /** Plain text, or JSON of model content blocks for tool turns. */
  content: z.string(),
  at: isoInstant,
  expiresAt: z.number().int(),
});

export const ProcessedUpdateItem = z.object({
  pk: z.string(),
  sk: z.literal('UPDATE'),
  type: z.literal('update'),
  updateId: z.number().int(),
  chatId: ChatId.optional(),
  processedAt: isoInstant,
  expiresAt: z.number().int(),
});

/**
 * One delivery, in one of two places:
 * - `CHAT#<id> / SENT#<sentAt>#<reminder id>`: a separate log item (recurring deliveries, and one-time ones
 *   settled before they became their own entries);
 * - `CHAT#<id> / REMINDER#<reminder id>` with `status: 'delivered'`: a one-time reminder's own row after its
 *   delivery (one conditional write turned it into this entry instead of a delete plus a log item).
 * Both carry the same `SENT#<day>` due-index key and the same TTL; readers merge them (`isDeliveredReminderRow`).
 */
export const DeliveryLogItem = z.object({
  pk: z.string(),
  sk: z.string(),
  type: z.literal('sent'),
  /** Set on a delivered one-time reminder's own row only (`DELIVERED_STATUS`); separate log items carry none. */
  status: z.literal('delivered').optional(),
  chatId: ChatId,
  reminderId: z.string(),
  shortId: z.number().int().positive(),
  text: z.string(),
  work: ReminderWork,
  dueAt: isoInstant,
  sentAt: isoInstant,
  /** Telegram message id, when the delivery was a message. */
  messageId: z.number().int().optional(),
  expiresAt: z.number().int(),
  /** `SENT#<day>` / `<sentAt>#<reminder id>`: the time-keyed key admins read deliveries across chats by. */
  duePk: z.string().optional(),
  dueSk: z.string().optional(),
});

/** What the sweeper wrote after its last run (`ADMIN / SWEEP`), for `nudge stats`. */
export const SweepStatusItem = z.object({
  pk: z.literal('ADMIN'),
  sk: z.literal('SWEEP'),
  type: z.literal('sweep-status'),
  startedAt: isoInstant,
  finishedAt: isoInstant,
  durationMs: z.number().int().nonnegative(),
  stoppedBy: z.string(),
  dueFound: z.number().int().nonnegative(),
  delivered: z.number().int().nonnegative(),
  retried: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  lagP50Ms: z.number().nullable(),
  lagP95Ms: z.number().nullable(),
});

/** What the buttons under one delivered message did: the first press acts, later ones read this. */
export const MessageOutcomeItem = z.object({
  pk: z.string(),
  sk: z.string(),
  type: z.literal('press'),
  chatId: ChatId,
  messageId: z.number().int(),
  outcome: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('done') }),
    z.object({
      kind: z.literal('snoozed'),
      choice: z.string().min(1),
      reminderId: z.string().min(1),
      shortId: z.number().int().positive(),
      dueAt: isoInstant,
    }),
  ]),
  at: isoInstant,
  expiresAt: z.number().int(),
});

/** An e-mail address the chat owner proved they read (a 6-digit code sent there came back): `CHAT#42 / EMAIL#<address>`. */
export const VerifiedEmailItem = z.object({
  pk: z.string(),
  sk: z.string(),
  type: z.literal('email'),
  chatId: ChatId,
  /** Lower-cased; the only kind of recipient the e-mail tool may use. */
  address: z.string().min(3).max(254),
  /** What the person (or the model) calls it: "work", "home"; unique per chat. */
  label: z.string().min(1).max(40),
  verifiedAt: isoInstant,
});

/** The one pending verification of a chat (a newer /email replaces it): `CHAT#42 / EMAILCODE`. Only the code's hash is stored. */
export const EmailCodeItem = z.object({
  pk: z.string(),
  sk: z.literal('EMAILCODE'),
  type: z.literal('email-code'),
  chatId: ChatId,
  address: z.string().min(3).max(254),
  label: z.string().min(1).max(40),
  codeHash: z.string().min(16),
  /** Wrong codes tried so far; the code is void after a few. */
  attempts: z.number().int().nonnegative(),
  createdAt: isoInstant,
  expiresAt: z.number().int(),
});

/** E-mails a chat sent on one UTC day (tool sends and verification codes): `CHAT#42 / EMAILCOUNT#2026-11-24`. */
export const EmailSendCountItem = z.object({
  pk: z.string(),
  sk: z.string(),
  type: z.literal('email-count'),
  chatId: ChatId,
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  count: z.number().int().nonnegative(),
  expiresAt: z.number().int(),
});

/** Where the chat's current conversation starts (/new): turns up to `afterSk` are no longer used. `CHAT#42 / MEMORY`. */
export const MemoryMarkerItem = z.object({
  pk: z.string(),
  sk: z.literal('MEMORY'),
  type: z.literal('memory'),
  chatId: ChatId,
  /** Sort key of the newest turn when /new was sent; turns with a greater key belong to the new conversation. */
  afterSk: z.string(),
  startedAt: isoInstant,
});

export type VerifiedEmailItem = z.infer<typeof VerifiedEmailItem>;
export type EmailCodeItem = z.infer<typeof EmailCodeItem>;
export type EmailSendCountItem = z.infer<typeof EmailSendCountItem>;
export type MemoryMarkerItem = z.infer<typeof MemoryMarkerItem>;

/**
 * A reminder as Nudge understood it when time words stayed unread: nothing is scheduled until the person
 * taps ✅ Save as shown. Expires (TTL) if they never answer; no index, never fires.
 */
export const DraftItem = z.object({
  pk: z.string(),
  sk: z.string(),
  type: z.literal('draft'),
  chatId: ChatId,
  id: z.string().min(10),
  text: z.string().min(1).max(4000),
  work: ReminderWork,
  schedule: Schedule,
  tz: IanaZone,
  dueAt: isoInstant,
  at: isoInstant,
  expiresAt: z.number().int(),
});

/** The status a delivered one-time reminder's row carries once it is a delivery-log entry. */
export const DELIVERED_STATUS = 'delivered';

/**
 * The one test of "is this row a reminder that can still fire, be listed, counted, changed or cancelled":
 * a row under `REMINDER#` is live until its delivery turns it into a log entry (`type: 'sent'`). Readers
 * skip non-live rows quietly (they are history, not corrupt reminders).
 */
export function isLiveReminderRow(item: { type?: unknown }): boolean {
  return item.type === ReminderItem.shape.type.value;
}

/** A one-time reminder's own row after its delivery: a delivery-log entry kept under its reminder key. */
export function isDeliveredReminderRow(item: { type?: unknown; sk?: unknown }): boolean {
  return item.type === 'sent' && typeof item.sk === 'string' && item.sk.startsWith(keys.reminderSkPrefix);
}

export type ChatId = z.infer<typeof ChatId>;
export type DraftItem = z.infer<typeof DraftItem>;
export type MessageOutcomeItem = z.infer<typeof MessageOutcomeItem>;
export type OnceSchedule = z.infer<typeof OnceSchedule>;
export type RecurringSchedule = z.infer<typeof RecurringSchedule>;
export type Schedule = z.infer<typeof Schedule>;
export type ReminderStatus = z.infer<typeof ReminderStatus>;
export type ReminderWork = z.infer<typeof ReminderWork>;
export type ReminderItem = z.infer<typeof ReminderItem>;
export type ChatSettingsItem = z.infer<typeof ChatSettingsItem>;
export type ConversationTurnItem = z.infer<typeof ConversationTurnItem>;
export type ProcessedUpdateItem = z.infer<typeof ProcessedUpdateItem>;
export type DeliveryLogItem = z.infer<typeof DeliveryLogItem>;
export type SweepStatusItem = z.infer<typeof SweepStatusItem>;
