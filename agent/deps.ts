import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { Log } from '../core/log.ts';
import type { AgentStore } from '../core/store/consumer-ports.ts';
import type { Reminder } from '../core/store/port.ts';
import type { ActiveReminderCounter } from '../adapters/dynamodb/active-count.ts';
import type { UpdateInbox } from '../core/store/queue-port.ts';
import type { UserPauseStore } from '../core/store/user-pause-port.ts';
import type { PendingEditStore } from '../core/store/pending-edit-port.ts';
import type { GroupAdmins } from './group-admins.ts';
import type { TelegramClient } from '../core/telegram/port.ts';
import type { EarlyDelivery } from './early-delivery.ts';
import type { KeptReplies } from './kept-replies.ts';
import type { AgentToolDeps } from './tools/deps.ts';

/** Claude on Bedrock, when configured. Without it the agent runs the deterministic path only. */
export interface ModelConfig {
  client: BedrockRuntimeClient;
  modelId: string;
  /** Upper bound on model calls per request (each tool round is one). */
  maxTurns: number;
  /** Upper bound on tokens per model reply. */
  maxTokens: number;
}

/** Everything the agent talks to, passed in so tests and local mode can supply their own. */
export interface AgentDeps {
  store: AgentStore;
  telegram: TelegramClient;
  clock: () => Date;
  log: Log;
  model?: ModelConfig;
  /** Zone assumed for a chat that has not set one ('UTC'). */
  defaultTimezone: string;
  /**
   * Called after every create / snooze / edit that sets a due time, so a sweeper can set a short
   * timer for reminders due before its next sweep. Must not throw (errors are logged and ignored).
   */
  onReminderScheduled?: (reminder: Reminder) => void;
  /**
   * The short-lived delivery timers behind `onReminderScheduled` on AWS (see buildAgentDeps). The
   * agent app hands them its work queue (for scheduled actions) and counts them as busy in /ping.
   */
  earlyDelivery?: EarlyDelivery;
  /**
   * Durable before acknowledged (#12): an update is stored here before /invocations answers
   * "accepted", and removed once acted on; a restarted agent resumes what is left. Without it
   * (unit tests) updates live in memory only.
   */
  inbox?: UpdateInbox;
  /**
   * Only one agent process can hold inbox items (local mode: the data folder is locked), so a drain
   * may take over items a crashed run left leased instead of waiting for their lease to end.
   */
  inboxSingleProcess?: boolean;
  /** Replies Telegram did not take are kept in the table and sent later in order, instead of being dropped. */
  keptReplies?: KeptReplies;
  /** "pause #3" / "resume #3": without it those words are answered with a refusal saying pausing is unavailable. */
  userPause?: UserPauseStore;
  /** ✏️ Change makes the chat's next plain message edit that reminder; without it ✏️ Change only explains how. */
  pendingEdits?: PendingEditStore;
  /** Who is a group admin (Telegram's getChatMember, kept briefly); without it only a reminder's creator may change it in a group. */
  groupAdmins?: GroupAdmins;
  /** At most `limit` reminders that are not failed per chat (#12 item 10); unlimited when absent. */
  reminderCap?: { limit: number; counter: ActiveReminderCounter };
  /** Conversation memory bounds; defaults 20 turns, 7 days. */
  memory?: { maxTurns: number; ttlSeconds: number };
  /** Web search, e-mail and the memory controls (/forget, /new); each part optional. */
  tools?: AgentToolDeps;
}

export const DEFAULT_MEMORY = { maxTurns: 20, ttlSeconds: 7 * 24 * 3600 } as const;
