/**
 * Wall-clock arithmetic in an IANA zone using only Intl, so nothing depends on the process's own zone.
 */

/** A local date and time as a person in `tz` reads it off the wall. Month is 1–12; weekday 0 = Sunday. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    // h23 because some locales/ICU versions print midnight as "24" with hour12: false.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      era: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall time at instant `at` in `tz`. Throws RangeError for an unknown zone. */
export function wallTimeOf(at: Date, tz: string): WallTime {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(tz).formatToParts(at)) parts[p.type] = p.value;
  const yearOfEra = Number(parts.year);
  return {
    year: parts.era === 'BC' || parts.era === 'B' ? 1 - yearOfEra : yearOfEra,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
  };
}

/** Minutes `tz` is ahead of UTC at instant `at` (Berlin in winter: 60; New York in summer: -240). */
export function zoneOffsetMinutes(at: Date, tz: string): number {
  const w = wallTimeOf(at, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const whole = Math.floor(at.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000);
}

const DAY_MS = 86_400_000;

/**
 * The UTC instant at which the wall clock in `tz` shows the given local date and time.
 * Month is 1–12; out-of-range days/hours roll over like `Date.UTC` (day 32 → next month).
 *
 * - A local time that falls in a spring-forward gap (02:30 on the EU's last Sunday of March) does not
 *   exist; it resolves to the first valid instant after it, the moment the clocks jump (03:00 local,
 *   01:00Z in Europe/Berlin on 2026-03-29). Recurring schedules follow the same rule (see
 *   `next-occurrence.ts`), so one-time and recurring reminders agree.
 * - A local time that occurs twice on a fall-back day resolves to the first (earlier) instant.
 *
 * @example zonedWallTimeToUtc(2026, 11, 26, 10, 0, 'Europe/Berlin') // 2026-11-26T09:00:00.000Z
 * @example zonedWallTimeToUtc(2026, 3, 29, 2, 30, 'Europe/Berlin') // 2026-03-29T01:00:00.000Z (in the gap)
 */
export function zonedWallTimeToUtc(year: number, month: number, day: number, hour: number, minute: number, tz: string): Date {
  const local = Date.UTC(year, month - 1, day, hour, minute);
  // Offsets a day either side bracket any single transition near this wall time.
  const before = zoneOffsetMinutes(new Date(local - DAY_MS), tz);
  const after = zoneOffsetMinutes(new Date(local + DAY_MS), tz);
  const candidates = [...new Set([before, after])]
    .map((offset) => local - offset * 60_000)
    .filter((t) => wallMs(new Date(t), tz) === local)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return new Date(first);
  // In a gap the clocks jumped from before the wall time to after it; the jump itself is the answer.
  return gapEnd(local - after * 60_000, local - before * 60_000, before, tz);
}

/**
 * The instant a spring-forward jump happens, given `lo` (still on the old offset `before`) and `hi` (at
 * or after the jump). Transitions fall on whole seconds, so a binary search to the second is exact and
 * needs no table of zone rules (half-hour shifts such as Australia/Lord_Howe included).
 */
function gapEnd(lo: number, hi: number, before: number, tz: string): Date {
  if (hi <= lo || zoneOffsetMinutes(new Date(lo), tz) !== before) return new Date(hi);
  let [low, high] = [Math.floor(lo / 1000), Math.ceil(hi / 1000)];
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (zoneOffsetMinutes(new Date(mid * 1000), tz) === before) low = mid;
    else high = mid;
  }
  return new Date(high * 1000);
}

function wallMs(at: Date, tz: string): number {
  const w = wallTimeOf(at, tz);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The calendar date `days` after the wall date of `at` in `tz` (no time of day). */
export function localDatePlusDays(at: Date, tz: string, days: number): { year: number; month: number; day: number } {
  const w = wallTimeOf(at, tz);
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** True when `tz` is a zone the runtime's Intl (and so cron-parser) knows. */
export function isKnownZone(tz: string): boolean {
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}
