/**
 * Finds phrases in a reminder request one at a time and remembers which characters they used, so
 * later patterns cannot reuse them and the reminder text is what is left over.
 */
export class PhraseScanner {
  readonly text: string;
  readonly spans: Array<[start: number, end: number]> = [];
  private masked: string;

  constructor(text: string) {
    this.text = text;
    // Lowercase code unit by code unit so indexes stay aligned with the original text.
    this.masked = Array.from(text, (ch) => {
      const lower = ch.toLowerCase();
      return lower.length === ch.length ? lower : ch;
    }).join('');
  }

  /** The lowercase text with consumed phrases blanked out by a non-word, non-space character. */
  get lower(): string {
    return this.masked;
  }

  find(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = 0;
    return pattern.exec(this.masked);
  }

  consume(start: number, end: number): void {
    this.masked = this.masked.slice(0, start) + '\u0001'.repeat(end - start) + this.masked.slice(end);
    this.spans.push([start, end]);
  }

  /** Finds `pattern` and, when `accept` (default: always) agrees, consumes the match. */
  take(pattern: RegExp, accept: (m: RegExpExecArray) => boolean = () => true): RegExpExecArray | null {
    const m = this.find(pattern);
    if (!m || !accept(m)) return null;
    this.consume(m.index, m.index + m[0].length);
    return m;
  }
}
