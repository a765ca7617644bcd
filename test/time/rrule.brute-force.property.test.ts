import { describe, expect, it } from 'vitest';
import { prng } from '../support/seeded-random.ts';
import { formatLocal, formatRule, upcomingOccurrences, type RecurrenceRule } from '../../core/time/index.ts';
import type { RecurringSchedule } from '../../schema/index.ts';

/**
 * The RFC 5545 evaluator against an independent one: a brute-force walk over every wall-clock minute of
 * three years, asking of each "does the rule hold here?" with plain calendar arithmetic, then placing the
 * matching wall times in the zone with its own Intl search (no code shared with core/time). Our semantics:
 * a wall time in a spring-forward gap fires at the jump, a repeated one fires once (the first).
 */

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Chatham', 'UTC'];
const DAY = 86_400_000;
const YEARS = 3;

interface Case { rule: RecurrenceRule; tz: string; dtstart: number /* wall ms */ }

function randomCase(rand: () => number): Case {
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const hours = [...new Set([int(0, 23), ...(rand() < 0.3 ? [int(0, 23)] : [])])].sort((a, b) => a - b);
  // Hours 1–3 hit the DST gaps and overlaps of the zones above; weight them up.
  if (rand() < 0.4) hours[0] = pick([1, 2, 3]);
  const time = { byHour: [...new Set(hours)].sort((a, b) => a - b), byMinute: [pick([0, 15, 30, 45, int(0, 59)])] };
  const interval = pick([1, 1, 2, 3]);
  const weekdays = [...new Set([int(0, 6), int(0, 6)])].sort();
  const rule: RecurrenceRule = pick<() => RecurrenceRule>([
    () => ({ freq: 'DAILY', interval, ...time }),
    () => ({ freq: 'WEEKLY', interval, byDay: weekdays.map((weekday) => ({ weekday })), ...time }),
    () => ({ freq: 'MONTHLY', interval, byMonthDay: [pick([int(1, 28), 31, -1])], ...time }),
    () => ({ freq: 'MONTHLY', interval, byDay: [{ weekday: int(0, 6), nth: pick([1, 2, 3, -1]) }], ...time }),
    () => ({ freq: 'MONTHLY', interval: 1, byDay: [1, 2, 3, 4, 5].map((weekday) => ({ weekday })), bySetPos: [-1], byHour: [time.byHour[0]!], byMinute: time.byMinute }),
    () => ({ freq: 'YEARLY', interval: 1, byMonth: [int(1, 12)], byMonthDay: [int(1, 28)], ...time }),
  ])();
  const start = Date.UTC(2026, int(0, 11), int(1, 28));
  return { rule, tz: pick(ZONES), dtstart: start + (time.byHour[0]! * 60 + time.byMinute[0]!) * 60_000 };
}

/** Does the rule hold on this wall-clock minute? Interval counted from DTSTART's day/week/month/year. */
function holds({ rule, dtstart }: Case, wall: number): boolean {
  const d = new Date(wall);
  const [y, m, day, wd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCDay()];
  if (!(rule.byHour ?? []).includes(d.getUTCHours()) || !(rule.byMinute ?? []).includes(d.getUTCMinutes())) return false;
  const s = new Date(dtstart);
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mondayOf = (t: number): number => { const x = new Date(t); return Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate() - ((x.getUTCDay() + 6) % 7)); };
  const months = (y - s.getUTCFullYear()) * 12 + (m - 1 - s.getUTCMonth());
  switch (rule.freq) {
    case 'DAILY':
      return Math.round((Date.UTC(y, m - 1, day) - Date.UTC(s.getUTCFullYear(), s.getUTCMonth(), s.getUTCDate())) / DAY) % rule.interval === 0;
    case 'WEEKLY':
      return (rule.byDay ?? []).some((b) => b.weekday === wd) && Math.round((mondayOf(wall) - mondayOf(dtstart)) / (7 * DAY)) % rule.interval === 0;
    case 'MONTHLY': {
      if (months % rule.interval !== 0) return false;
      if (rule.bySetPos) {
        // The last Monday–Friday of the month.
        let last = lastDay;
        while ([0, 6].includes(new Date(Date.UTC(y, m - 1, last)).getUTCDay())) last--;
        return day === last;
      }
      if (rule.byMonthDay) return rule.byMonthDay.some((n) => (n > 0 ? n : lastDay + 1 + n) === day);
      return (rule.byDay ?? []).some((b) => b.weekday === wd && (b.nth! > 0 ? Math.ceil(day / 7) === b.nth : Math.ceil((lastDay - day + 1) / 7) === -b.nth!));
    }
    case 'YEARLY':
      return (rule.byMonth ?? []).includes(m) && (rule.byMonthDay ?? []).includes(day);
    default:
      return false;
  }
}

const fmt = new Map<string, Intl.DateTimeFormat>();
function wallOf(t: number, tz: string): number {
  let f = fmt.get(tz);
  if (!f) fmt.set(tz, (f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })));
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
}

/** The first instant whose wall clock shows `wall`, or — in a gap — the first instant after it (the jump). */
function place(wall: number, tz: string): number {
  // Candidate offsets: every quarter hour from −14 h to +14 h.
  for (let off = 14 * 60; off >= -14 * 60; off -= 15) {
    const t = wall - off * 60_000;
    if (wallOf(t, tz) === wall) return t;
  }
  // A gap: walk minute by minute from where the wall clock was still before `wall`.
  let t = wall - 14 * 3_600_000;
  while (wallOf(t, tz) < wall) t += 60_000;
  return t;
}

function bruteForce(c: Case, from: number, to: number): number[] {
  const out: number[] = [];
  for (let day = Math.floor(c.dtstart / DAY) * DAY; day < to; day += DAY) {
    for (let minute = 0; minute < 1440; minute++) {
      const wall = day + minute * 60_000;
      if (wall < c.dtstart || !holds(c, wall)) continue;
      const at = place(wall, c.tz);
      if (at > from && at <= to && at > (out.at(-1) ?? -Infinity)) out.push(at);
    }
  }
  return out;
}

describe('RFC 5545 schedules against a brute-force wall-clock walk (seeded)', () => {
  const rand = prng(20261129);
  const cases = Array.from({ length: 24 }, () => randomCase(rand));
  it.each(cases.map((c, i) => [i, formatRule(c.rule), c.tz, c] as const))('#%i %s in %s over 3 years', (_i, _rule, _tz, c) => {
    // Prepare
    const d = new Date(c.dtstart);
    const schedule: RecurringSchedule = {
      kind: 'recurring', rrule: formatRule(c.rule), tz: c.tz,
      dtstart: formatLocal(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()),
    };
    const from = c.dtstart - 2 * DAY;
    const to = c.dtstart + YEARS * 365 * DAY;
    // Act
    const expected = bruteForce(c, from, to);
    const ours: number[] = [];
    for (let after = new Date(from); ;) {
      const [next] = upcomingOccurrences(schedule, after, 1);
      if (next === undefined || next.getTime() > to) break;
      ours.push(next.getTime());
      after = next;
    }
    // Assess
    expect(expected.length).toBeGreaterThan(0);
    expect(ours.map((t) => new Date(t).toISOString())).toEqual(expected.map((t) => new Date(t).toISOString()));
  }, 60_000);
});
