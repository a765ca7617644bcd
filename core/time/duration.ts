/** Durations as people type them for /snooze, and lateness as replies say it. */

const UNIT_MS: Record<string, number> = {
  s: 1_000, sec: 1_000, secs: 1_000, second: 1_000, seconds: 1_000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, wk: 604_800_000, week: 604_800_000, weeks: 604_800_000,
};

const WORD_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, 'forty-five': 45, fifty: 50, sixty: 60, ninety: 90, half: 0.5,
};

const PART = /(\d+(?:\.\d+)?|[a-z-]+)\s*([a-z]+)/y;

/**
 * Milliseconds in a duration such as "10m", "10 min", "1h", "2 hours", "1 day", "90 minutes",
 * "1h30m", "1 hour 30 minutes", "half an hour", "an hour"; undefined when it is not a positive duration.
 *
 * @example parseDuration('1h30m') // 5_400_000
 */
export function parseDuration(text: string): number | undefined {
  let s = text.trim().toLowerCase().replace(/^(?:for|in)\s+/, '');
  if (s === 'half an hour' || s === 'half hour') return 1_800_000;
  if (s === '') return undefined;
  s = s.replace(/\s*(?:,|and)\s*/g, ' ');
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    while (s[pos] === ' ') pos++;
    if (pos >= s.length) break;
    PART.lastIndex = pos;
    const m = PART.exec(s);
    if (!m) return undefined;
    const amount = /^\d/.test(m[1] ?? '') ? Number(m[1]) : WORD_NUMBERS[m[1] ?? ''];
    const unit = UNIT_MS[m[2] ?? ''];
    if (amount === undefined || unit === undefined || !Number.isFinite(amount)) return undefined;
    total += amount * unit;
    pos = PART.lastIndex;
  }
  return total > 0 ? Math.round(total) : undefined;
}

/**
 * How late something is, for "was due 3 h ago": "less than a minute", "25 min", "3 h", "1 h 20 min", "2 days".
 */
export function formatLateness(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 180) {
    const rest = minutes % 60;
    return rest === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${rest} min`;
  }
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours} h`;
  const days = Math.round(hours / 24);
  return `${days} days`;
}
