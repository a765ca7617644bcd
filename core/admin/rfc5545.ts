// A stored schedule as RFC 5545 text: DTSTART+RRULE as stored, or an RRULE read back from the cron shapes
// older rows (and /every cron) carry.
import type { Schedule } from '../../schema/index.ts';
import { rfc5545Lines } from '../time/rule-text.ts';
import { wallTimeOf } from '../time/zoned-time.ts';

const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "DTSTART;TZID=Europe/Berlin:20261125T083000", the local wall time of `at` in `tz`. */
export function dtstart(at: Date, tz: string): string {
  const w = wallTimeOf(at, tz);
  return `DTSTART;TZID=${tz}:${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;
}

/** UTC basic format for UNTIL and DTSTAMP: 20261231T230000Z. */
export function utcBasic(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * DTSTART (and RRULE) lines for `schedule` whose next occurrence is `next`; `rrule` is null when the
 * cron has a shape RFC 5545 cannot say in one rule (then the cron is the truth).
 */
export function scheduleAsRfc5545(schedule: Schedule, next: Date, tz: string): { dtstart: string; rrule: string | null } {
  if (schedule.kind === 'once') return { dtstart: dtstart(next, tz), rrule: null };
  const stored = rfc5545Lines(schedule);
  if (stored) return { dtstart: stored.dtstart, rrule: stored.exdate ? `${stored.rrule}\n${stored.exdate}` : stored.rrule };
  const rule = cronAsRrule(schedule.cron ?? '');
  if (rule === null) return { dtstart: dtstart(next, schedule.tz), rrule: null };
  const limits = [
    ...(schedule.until ? [`UNTIL=${utcBasic(new Date(schedule.until))}`] : []),
    ...(schedule.maxCount ? [`COUNT=${schedule.maxCount}`] : []),
  ];
  return { dtstart: dtstart(next, schedule.tz), rrule: `RRULE:${[rule, ...limits].join(';')}` };
}

/** The RRULE body for a 5-field cron, or null for shapes outside what one rule says. */
export function cronAsRrule(cron: string): string | null {
  const [minute, hour, dom, month, dow, extra] = cron.trim().split(/\s+/);
  if (minute === undefined || hour === undefined || dom === undefined || month === undefined || dow === undefined || extra !== undefined) return null;
  const minutes = numbers(minute, 0, 59);
  const hours = numbers(hour, 0, 23);
  if (!minutes || !hours) return null;
  const time = `BYHOUR=${hours.join(',')};BYMINUTE=${minutes.join(',')}`;
  if (dom === '*' && month === '*' && dow === '*') return `FREQ=DAILY;${time}`;
  if (dom === '*' && month === '*') {
    const nth = /^([0-7])(?:#([1-5])|L)$/.exec(dow);
    if (nth) return `FREQ=MONTHLY;BYDAY=${nth[2] ?? '-1'}${BYDAY[Number(nth[1]) % 7]};${time}`;
    const days = numbers(dow, 0, 7);
    return days ? `FREQ=WEEKLY;BYDAY=${[...new Set(days.map((d) => BYDAY[d % 7]))].join(',')};${time}` : null;
  }
  if (dow !== '*') return null;
  const monthDays = dom === 'L' ? [-1] : numbers(dom, 1, 31);
  if (!monthDays) return null;
  if (month === '*') return `FREQ=MONTHLY;BYMONTHDAY=${monthDays.join(',')};${time}`;
  const months = numbers(month, 1, 12);
  return months ? `FREQ=YEARLY;BYMONTH=${months.join(',')};BYMONTHDAY=${monthDays.join(',')};${time}` : null;
}

/** "5", "1,3", "9-17", "*\/15", "9-17/2" → the numbers; null for anything else. */
function numbers(field: string, min: number, max: number): number[] | null {
  const out: number[] = [];
  for (const part of field.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) return null;
    const from = m[1] === '*' ? min : Number(m[2]);
    const to = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from < min || to > max || from > to || step < 1) return null;
    for (let n = from; n <= to; n += step) out.push(n);
  }
  return [...new Set(out)].sort((a, b) => a - b);
}
