import type { InlineKeyboardButton } from './telegram/port.ts';

/**
 * Buttons under an unsure reading: ✅ Save as shown / ✏️ Change / ❌ Cancel. Kept apart from the delivered
 * reminder's buttons (`reminder-buttons.ts`) so each set of kinds grows on its own.
 * "draft:save:<26-char ULID>" is 37 bytes, under Telegram's 64.
 */
export type DraftChoice = 'save' | 'change' | 'cancel';
export type DraftButtonPress = { draftId: string; choice: DraftChoice };

const CHOICES: readonly DraftChoice[] = ['save', 'change', 'cancel'];

export function isDraftButton(data: string): boolean {
  return data.startsWith('draft:');
}

/** Undefined for anything that is not one of ours: callback data is untrusted. */
export function decodeDraftButton(data: string): DraftButtonPress | undefined {
  const [prefix, choice, draftId, ...rest] = data.split(':');
  if (prefix !== 'draft' || rest.length > 0 || !draftId || !/^[0-9A-Za-z]{10,40}$/.test(draftId)) return undefined;
  return CHOICES.includes(choice as DraftChoice) ? { draftId, choice: choice as DraftChoice } : undefined;
}

export function draftKeyboard(draftId: string): InlineKeyboardButton[][] {
  return [[
    { text: '✅ Save as shown', callback_data: `draft:save:${draftId}` },
    { text: '✏️ Change', callback_data: `draft:change:${draftId}` },
    { text: '❌ Cancel', callback_data: `draft:cancel:${draftId}` },
  ]];
}
