import { BotApiFailure } from './types.ts';

const HTML_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);

/**
 * What the user sees for a formatted text, failing like Telegram on markup it cannot parse —
 * so a missing escape in Nudge shows up locally, not only in production.
 */
export function visibleText(text: string, parseMode: string | undefined): string {
  if (parseMode === 'HTML') return fromHtml(text);
  if (parseMode === 'MarkdownV2') return fromMarkdownV2(text);
  if (parseMode === undefined || parseMode === '' || parseMode === 'Markdown') return text;
  throw new BotApiFailure(400, `Bad Request: unsupported parse_mode`);
}

function fromHtml(text: string): string {
  const tag = /<\/?([a-zA-Z-]+)(\s[^>]*)?>/g;
  for (const match of text.matchAll(tag)) {
    if (!HTML_TAGS.has(match[1]!.toLowerCase())) {
      throw new BotApiFailure(400, `Bad Request: can't parse entities: Unsupported start tag "${match[1]}" at byte offset ${match.index}`);
    }
  }
  const stripped = text.replace(tag, '');
  const stray = stripped.indexOf('<');
  if (stray >= 0) throw new BotApiFailure(400, `Bad Request: can't parse entities: Unsupported start tag at byte offset ${stray}`);
  return stripped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** Telegram rejects these characters unescaped anywhere outside code; the rest are formatting. */
const MUST_ESCAPE = new Set(['#', '+', '-', '=', '{', '}', '.', '!']);

function fromMarkdownV2(text: string): string {
  let out = '';
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      out += text[++i];
      continue;
    }
    if (ch === '`') {
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      out += ch;
      continue;
    }
    if (MUST_ESCAPE.has(ch)) {
      throw new BotApiFailure(400, `Bad Request: can't parse entities: Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
    }
    if (ch === ']' && text[i + 1] === '(') {
      // A link's URL is not shown; skip it (it may hold dots and dashes legitimately).
      const close = text.indexOf(')', i);
      i = close < 0 ? text.length : close;
      continue;
    }
    if ('*_~|[]()>'.includes(ch)) continue;
    out += ch;
  }
  return out;
}
