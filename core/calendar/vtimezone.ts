import { zoneOffsetMinutes } from '../time/zoned-time.ts';

const DAY_MS = 86_400_000;

const offsetText = (minutes: number): string => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
};

const localStamp = (at: number, offsetMinutes: number): string => {
  const d = new Date(at + offsetMinutes * 60_000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
};

/** The instant the offset changes between `lo` (old offset) and `hi` (new), to the second. */
function transitionBetween(lo: number, hi: number, tz: string): number {
  const before = zoneOffsetMinutes(new Date(lo), tz);
  let [low, high] = [Math.floor(lo / 1000), Math.ceil(hi / 1000)];
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (zoneOffsetMinutes(new Date(mid * 1000), tz) === before) low = mid;
    else high = mid;
  }
  return high * 1000;
}

/**
 * A VTIMEZONE for `tz` covering [from, to]: one observance per offset change, found from the runtime's
 * zone data (Intl) rather than a bundled table, so calendars place each occurrence as Nudge does.
 * RFC 5545 requires one for every TZID a file uses; an observance's DTSTART is local time in the old offset.
 */
export function vtimezone(tz: string, from: Date, to: Date): string[] {
  const start = from.getTime() - 400 * DAY_MS;
  const first = zoneOffsetMinutes(new Date(start), tz);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tz}`];
  const observance = (at: number, fromOffset: number, toOffset: number, kind: 'STANDARD' | 'DAYLIGHT'): void => {
    lines.push(`BEGIN:${kind}`, `DTSTART:${localStamp(at, fromOffset)}`, `TZOFFSETFROM:${offsetText(fromOffset)}`, `TZOFFSETTO:${offsetText(toOffset)}`, `END:${kind}`);
  };
  observance(start, first, first, 'STANDARD');
  let previous = first;
  for (let t = start + DAY_MS; t <= to.getTime() + DAY_MS; t += DAY_MS) {
    const offset = zoneOffsetMinutes(new Date(t), tz);
    if (offset === previous) continue;
    const at = transitionBetween(t - DAY_MS, t, tz);
    observance(at, previous, offset, offset > previous ? 'DAYLIGHT' : 'STANDARD');
    previous = offset;
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
