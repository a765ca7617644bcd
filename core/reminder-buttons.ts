import { deliveredWords } from './delivered-words.ts';
import type { InlineKeyboardButton } from './telegram/port.ts';

/**
 * Inline buttons under a delivered reminder. The sweeper attaches them; the agent handles presses.
 * Telegram caps callback_data at 64 bytes: "snooze:<26-char ULID>:tomorrow" is 40.
 */
export type ReminderButtonAction =
  | { action: 'done'; reminderId: string }
  | { action: 'snooze'; reminderId: string; choice: SnoozeChoice };

export type SnoozeChoice = '10m' | '1h' | 'tomorrow';

const SNOOZE_CHOICES: readonly SnoozeChoice[] = ['10m', '1h', 'tomorrow'];

export function encodeButton(press: ReminderButtonAction): string {
  return press.action === 'done' ? `done:${press.reminderId}` : `snooze:${press.reminderId}:${press.choice}`;
}

/** Undefined for anything that is not one of ours: callback data comes from the client and is untrusted. */
export function decodeButton(data: string): ReminderButtonAction | undefined {
  const [action, reminderId, choice, ...rest] = data.split(':');
  if (rest.length > 0 || !reminderId || !/^[0-9A-Za-z]{10,40}$/.test(reminderId)) return undefined;
  if (action === 'done' && choice === undefined) return { action, reminderId };
  if (action === 'snooze' && SNOOZE_CHOICES.includes(choice as SnoozeChoice)) {
    return { action, reminderId, choice: choice as SnoozeChoice };
  }
  return undefined;
}

/** The buttons in the reminder's language (`lang` as stored on it; English when absent). */
export function reminderKeyboard(reminderId: string, lang?: string): InlineKeyboardButton[][] {
  const words = deliveredWords(lang);
  return [
    [{ text: words.done, callback_data: encodeButton({ action: 'done', reminderId }) }],
    [
      { text: words.tenMinutes, callback_data: encodeButton({ action: 'snooze', reminderId, choice: '10m' }) },
      { text: words.oneHour, callback_data: encodeButton({ action: 'snooze', reminderId, choice: '1h' }) },
      { text: words.tomorrow, callback_data: encodeButton({ action: 'snooze', reminderId, choice: 'tomorrow' }) },
    ],
  ];
}
