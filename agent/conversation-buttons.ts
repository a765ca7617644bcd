import type { InlineKeyboardButton } from '../core/telegram/port.ts';
import type { Language } from './i18n/languages.ts';
import { t } from './i18n/translate.ts';

/**
 * Buttons under the bot's own replies (not under delivered reminders, see core/reminder-buttons.ts):
 * ↩️ Undo and ✏️ Change on a confirmation, one button per match when "delete the pizza one" fits
 * several, and "only the next one" / "every time" when a repeating reminder is moved.
 * Telegram caps callback_data at 64 bytes: "mva:<26-char ULID>:2130" is 35.
 */
export type ConversationButton =
  | { action: 'undo'; reminderId: string }
  | { action: 'change'; reminderId: string }
  | { action: 'delete'; reminderId: string }
  /** Move only the coming occurrence to this instant (unix seconds). */
  | { action: 'move-next'; reminderId: string; at: number }
  /** Move every occurrence to this local time of day. */
  | { action: 'move-all'; reminderId: string; hour: number; minute: number };

const ID = '([0-9A-Za-z]{10,40})';
const PREFIX = { undo: 'undo', change: 'chg', delete: 'del', 'move-next': 'mv1', 'move-all': 'mva' } as const;

export function encodeConversationButton(button: ConversationButton): string {
  const head = `${PREFIX[button.action]}:${button.reminderId}`;
  if (button.action === 'move-next') return `${head}:${button.at}`;
  if (button.action === 'move-all') return `${head}:${String(button.hour).padStart(2, '0')}${String(button.minute).padStart(2, '0')}`;
  return head;
}

/** Undefined for anything that is not one of these: callback data comes from the client and is untrusted. */
export function decodeConversationButton(data: string): ConversationButton | undefined {
  let m = new RegExp(`^(undo|chg|del):${ID}$`).exec(data);
  if (m) {
    const action = m[1] === 'undo' ? 'undo' : m[1] === 'chg' ? 'change' : 'delete';
    return { action, reminderId: m[2] as string };
  }
  m = new RegExp(`^mv1:${ID}:(\\d{9,11})$`).exec(data);
  if (m) return { action: 'move-next', reminderId: m[1] as string, at: Number(m[2]) };
  m = new RegExp(`^mva:${ID}:([01]\\d|2[0-3])([0-5]\\d)$`).exec(data);
  if (m) return { action: 'move-all', reminderId: m[1] as string, hour: Number(m[2]), minute: Number(m[3]) };
  return undefined;
}

/** ↩️ Undo / ✏️ Change under "⏰ #3 Wed 25 Nov 10:00 — gym": a wrong reading costs one tap. */
export function confirmationKeyboard(reminderId: string, lang?: Language): InlineKeyboardButton[][] {
  return [
    [
      { text: t(lang, 'undoButton'), callback_data: encodeConversationButton({ action: 'undo', reminderId }) },
      { text: t(lang, 'changeButton'), callback_data: encodeConversationButton({ action: 'change', reminderId }) },
    ],
  ];
}
