/**
 * The words around a time phrase: command prefixes to drop, and the "to"/"that" glue left behind once
 * the time phrase is cut out ("remind me to call mom in 2 hours" → "call mom").
 */

const PREFIX =
  /^\s*(?:(?:hey|hi|ok|okay)[\s,]+)?(?:(?:please|pls|can you|could you)[\s,]+)?(?:\/remind(?:@\w+)?\b|remind\s+(?:me|us|everyone|all)\b|remind\b|set\s+(?:a\s+)?reminder\b|reminder\s*:|new\s+reminder\s*:?)?/i;

/** Strips a leading "/remind", "remind me", "please remind me"; "/every X" becomes "every X". */
export function stripCommandPrefix(text: string): string {
  const every = /^\s*\/every(?:@\w+)?\b\s*/i.exec(text);
  if (every) return `every ${text.slice(every[0].length)}`;
  return text.replace(PREFIX, '').replace(/^\s*(?:please|pls)\b\s*/i, '');
}

const LEADING_GLUE = /^(?:\s|[,:;.\-–—]|\b(?:to|that|about|me to|me that|me about|please)\b)+/i;
const TRAILING_PUNCTUATION = /[\s,:;\-–—]+$/;
/**
 * A preposition right before a cut-out time phrase belongs to it ("at" in "at noon", "on" in "on december 3",
 * which chrono leaves out of its match). Not "in": chrono keeps "in 2 hours" whole, and "log in tomorrow" needs it.
 */
const STRANDED_PREPOSITION = /\b(?:at|on|by|around|starting|beginning)\s+$/i;

/**
 * The reminder text once the time phrases are gone: spans removed (with a preposition just before
 * one), whitespace collapsed, leading "to"/"that"/"about" glue dropped. Case is kept as written.
 */
export function cleanReminderText(text: string, removed: Array<[start: number, end: number]>): string {
  let out = '';
  let pos = 0;
  for (const [start, end] of [...removed].sort((a, b) => a[0] - b[0])) {
    if (start > pos) out += text.slice(pos, start).replace(STRANDED_PREPOSITION, '');
    out += ' ';
    pos = Math.max(pos, end);
  }
  out += text.slice(pos);
  let s = out.replace(/\s+/g, ' ').replace(/\s+([,;:.!?])/g, '$1').trim();
  for (let previous = ''; previous !== s; ) {
    previous = s;
    s = s.replace(LEADING_GLUE, '').replace(TRAILING_PUNCTUATION, '').trim();
  }
  return s;
}
