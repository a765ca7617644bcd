/**
 * An RFC 5545 recurrence rule (the RRULE value) as data. Nudge stores the text form next to a DTSTART wall
 * time and the IANA zone; this is what the grammar builds, the agent's tools validate, and words describe.
 * COUNT and UNTIL are kept on the schedule (`maxCount`, `until`), not here, so they count deliveries.
 */
export type Frequency = 'MINUTELY' | 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
export const FREQUENCIES: readonly Frequency[] = ['MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];

/** A weekday (0 = Sunday, as in cron) and, in monthly/yearly rules, which one of the period (1, 2, -1 = last). */
export interface RuleDay {
  weekday: number;
  nth?: number;
}

export interface RecurrenceRule {
  freq: Frequency;
  interval: number;
  byDay?: RuleDay[];
  byMonthDay?: number[];
  byMonth?: number[];
  bySetPos?: number[];
  byHour?: number[];
  byMinute?: number[];
}

const DAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** Thrown for rule text Nudge cannot hold; the message names the part. */
export class InvalidRuleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidRuleError';
  }
}

const list = (xs: number[] | undefined): string | undefined => (xs && xs.length > 0 ? xs.join(',') : undefined);

/** The RRULE value text, parts in a fixed order so equal rules print equal: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=10;BYMINUTE=0". */
export function formatRule(rule: RecurrenceRule): string {
  const parts: Array<[string, string | undefined]> = [
    ['FREQ', rule.freq],
    ['INTERVAL', rule.interval > 1 ? String(rule.interval) : undefined],
    ['BYMONTH', list(rule.byMonth)],
    ['BYMONTHDAY', list(rule.byMonthDay)],
    ['BYDAY', rule.byDay && rule.byDay.length > 0 ? rule.byDay.map((d) => `${d.nth ?? ''}${DAY_CODES[d.weekday]}`).join(',') : undefined],
    ['BYSETPOS', list(rule.bySetPos)],
    ['BYHOUR', list(rule.byHour)],
    ['BYMINUTE', list(rule.byMinute)],
  ];
  return parts.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`).join(';');
}

function numbers(key: string, value: string, min: number, max: number, allowNegative = false): number[] {
  return value.split(',').map((s) => {
    const n = Number(s);
    const ok = /^[+-]?\d{1,3}$/.test(s) && Math.abs(n) >= (allowNegative ? 1 : min) && Math.abs(n) <= max && (allowNegative || n >= min);
    if (!ok) throw new InvalidRuleError(`${key}=${value} is out of range (${allowNegative ? `±${Math.max(1, min)}` : min}…${max})`);
    return n;
  });
}

/**
 * Reads RRULE text ("FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=9;BYMINUTE=0", with or without "RRULE:"). Throws
 * {@link InvalidRuleError} for unknown parts, out-of-range values, and COUNT/UNTIL (given separately).
 */
export function parseRule(text: string): RecurrenceRule {
  const body = text.trim().replace(/^RRULE:/i, '');
  const rule: Partial<RecurrenceRule> = { interval: 1 };
  for (const part of body.split(';').filter((p) => p !== '')) {
    const [key = '', value = ''] = part.toUpperCase().split('=');
    switch (key) {
      case 'FREQ':
        if (!FREQUENCIES.includes(value as Frequency)) throw new InvalidRuleError(`FREQ=${value} is not one of ${FREQUENCIES.join(', ')}`);
        rule.freq = value as Frequency;
        break;
      case 'INTERVAL': rule.interval = numbers(key, value, 1, 999)[0] ?? 1; break;
      case 'BYMONTH': rule.byMonth = numbers(key, value, 1, 12); break;
      case 'BYMONTHDAY': rule.byMonthDay = numbers(key, value, 1, 31, true); break;
      case 'BYSETPOS': rule.bySetPos = numbers(key, value, 1, 366, true); break;
      case 'BYHOUR': rule.byHour = numbers(key, value, 0, 23); break;
      case 'BYMINUTE': rule.byMinute = numbers(key, value, 0, 59); break;
      case 'BYDAY':
        rule.byDay = value.split(',').map((d) => {
          const m = /^([+-]?[1-5])?(SU|MO|TU|WE|TH|FR|SA)$/.exec(d);
          if (!m) throw new InvalidRuleError(`BYDAY=${value}: "${d}" is not a day such as MO, 1MO or -1FR`);
          return m[1] === undefined ? { weekday: DAY_CODES.indexOf(m[2] ?? '') } : { weekday: DAY_CODES.indexOf(m[2] ?? ''), nth: Number(m[1]) };
        });
        break;
      case 'WKST':
        if (value !== 'MO') throw new InvalidRuleError('only WKST=MO is supported');
        break;
      case 'COUNT': case 'UNTIL':
        throw new InvalidRuleError(`give ${key} as the schedule's ${key === 'COUNT' ? 'count' : 'until'}, not inside the rule`);
      default:
        throw new InvalidRuleError(`"${key}" is not a rule part Nudge supports`);
    }
  }
  if (rule.freq === undefined) throw new InvalidRuleError('a rule needs FREQ');
  if (rule.byDay?.some((d) => d.nth !== undefined) && !['MONTHLY', 'YEARLY'].includes(rule.freq)) {
    throw new InvalidRuleError('numbered days such as 1MO or -1FR need FREQ=MONTHLY or FREQ=YEARLY');
  }
  return rule as RecurrenceRule;
}

/** Local wall time "2026-11-30T10:00:00" ↔ parts; the DTSTART of a stored schedule. */
export function formatLocal(year: number, month: number, day: number, hour: number, minute: number): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(year, 4)}-${p(month)}-${p(day)}T${p(hour)}:${p(minute)}:00`;
}

export function parseLocal(local: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) throw new InvalidRuleError(`"${local}" is not a local date-time like 2026-11-30T10:00:00`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]) };
}

/** "2026-11-30T10:00:00" → "20261130T100000", the iCalendar DATE-TIME form. */
export function icsLocal(local: string): string {
  return local.replace(/[-:]/g, '').slice(0, 15);
}
