import type { Language } from './i18n/languages.ts';
import { MANAGEMENT_WORDS } from './i18n/management-words.ts';
import type { ManagementRequest } from './management-request.ts';
import { readPauseRequest } from './i18n/pause-words.ts';

/**
 * Managing reminders in plain words, without a model: "list", "what's next", "what do I have
 * tomorrow", "cancel 2", "delete the pizza one", "move #1 to 9pm", "rename #1 to call Anna",
 * "skip the next one", "done #2", "pause #3", "resume the gym one". Pure: text in, what the person asked for out. Anything not read
 * with certainty is `undefined`, so the caller can try it as a reminder or answer the fallback —
 * a management word guessed wrongly would cancel or move the wrong thing.
 */
export type { ManagementRequest } from './management-request.ts';

const REF = '#?(\\d{1,9})';

/** Each pattern is anchored at both ends: a word inside a reminder text never triggers management. */
const PATTERNS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => ManagementRequest]> = [
  [/^(?:list|show(?: me)?(?: all)?(?: my)? reminders|(?:my|all(?: my)?) reminders|reminders|what(?: reminders)? do i have)$/, () => ({ kind: 'list' })],
  [/^(?:what(?:'s| is) (?:my )?next(?: reminder| one)?|next(?: reminder)?|what(?:'s| is) coming(?: up)?|when(?:'s| is) my next reminder)$/, () => ({ kind: 'next' })],
  [/^what(?:'s| is| do i have| have i got)(?: on| planned| scheduled)?(?: for)? (today|tomorrow)$/, (m) => ({ kind: 'day', day: m[1] as 'today' | 'tomorrow' })],
  [new RegExp(`^(?:cancel|delete|remove|drop|forget)(?: reminder)? ${REF}$`), (m) => ({ kind: 'cancel', ref: Number(m[1]) })],
  [/^(?:cancel|delete|remove|drop|forget) (?:the |my )?(.+?)(?: one| reminder)?$/, (m) => ({ kind: 'cancel-words', words: m[1] ?? '' })],
  [new RegExp(`^(?:move|reschedule|push|change|set) (?:reminder )?${REF} (?:to|for|until) (.+)$`), (m) => ({ kind: 'move', ref: Number(m[1]), when: m[2] ?? '' })],
  [new RegExp(`^rename (?:reminder )?${REF} (?:to|as) (.+)$`), (m) => ({ kind: 'rename', ref: Number(m[1]), text: m[2] ?? '' })],
  [new RegExp(`^skip (?:the next (?:one )?(?:of )?)?${REF}$`), (m) => ({ kind: 'skip', ref: Number(m[1]) })],
  [/^skip (?:the )?next(?: one| reminder)?$/, () => ({ kind: 'skip' })],
  [new RegExp(`^(?:done|did it|finished|mark done|mark)(?: with)? ${REF}(?: (?:as )?done)?$`), (m) => ({ kind: 'done', ref: Number(m[1]) })],
];

export function readManagementRequest(text: string, language?: Language): ManagementRequest | undefined {
  const normalized = text
    .trim()
    .replace(/[’`]/g, "'")
    .replace(/\s*[?!.]+$/, '')
    .replace(/^[¿¡]+/, '')
    .replace(/^(?:please|pls|nudge)[, ]+/i, '')
    .replace(/[, ]+please$/i, '')
    .replace(/\s+/g, ' ');
  // Lower-cased for matching only; a new name keeps the person's own capitals.
  const lower = normalized.toLowerCase();
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(lower);
    if (!match) continue;
    const request = build(match);
    if (request.kind === 'rename') {
      const original = new RegExp(pattern.source, 'i').exec(normalized);
      return { ...request, text: (original?.[2] ?? request.text).trim() };
    }
    return request;
  }
  const pause = readPauseRequest(normalized, language);
  if (pause) return pause;
  if (!language || language === 'en') return undefined;
  for (const [pattern, build] of MANAGEMENT_WORDS[language]) {
    const match = pattern.exec(normalized);
    if (match) return build(match);
  }
  return undefined;
}

/** Words too common to tell reminders apart ("delete the pizza one" → "pizza"). */
const STOP_WORDS = new Set(['the', 'a', 'an', 'one', 'reminder', 'about', 'for', 'to', 'my', 'that', 'this', 'of', 'with', 'and']);

/** The words a "delete the … one" request matches reminder texts by; empty when nothing specific is left. */
export function matchWords(words: string): string[] {
  return words
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && !STOP_WORDS.has(word));
}

/** True when every word appears in the text, as the start of one of its words ("pizza" matches "pizzas"). */
export function textMatches(text: string, words: readonly string[]): boolean {
  const own = text.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  return words.length > 0 && words.every((word) => own.some((candidate) => candidate.startsWith(word)));
}
