import type { InlineKeyboardButton } from '../core/telegram/port.ts';

/** What the agent answers a message with. */
export interface Reply {
  text: string;
  buttons?: InlineKeyboardButton[][];
  /** The request was understood but refused (unknown id, past time, unreadable phrase…). */
  refused?: boolean;
}
