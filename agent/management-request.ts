import type { PauseRequest } from './i18n/pause-words.ts';

/** What a person asked for when managing reminders in plain words (see `readManagementRequest`). */
export type ManagementRequest =
  | { kind: 'list' }
  | { kind: 'next' }
  | { kind: 'day'; day: 'today' | 'tomorrow' }
  | { kind: 'cancel'; ref: number }
  | { kind: 'cancel-words'; words: string }
  | { kind: 'move'; ref: number; when: string }
  | { kind: 'rename'; ref: number; text: string }
  | { kind: 'skip'; ref?: number }
  | { kind: 'done'; ref: number }
  | PauseRequest;
