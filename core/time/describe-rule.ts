import { ordinal } from './describe-cron.ts';
import { parseRule, type RecurrenceRule, type RuleDay } from './rule.ts';
import { pad2 } from './pad.ts';

/**
 * An RFC 5545 rule in words, rendered from what is stored (never from what was typed): "every other
 * Monday at 10:00", "every day at 08:00 and 20:00", "every 3 hours", "every last workday of the month".
 */

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const NTH: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', 5: 'fifth', [-1]: 'last', [-2]: 'second-to-last' };
const UNIT: Record<RecurrenceRule['freq'], string> = { MINUTELY: 'minute', HOURLY: 'hour', DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' };


export function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function every(rule: RecurrenceRule, unit = UNIT[rule.freq]): string {
  if (rule.interval === 1) return `every ${unit}`;
  if (rule.interval === 2) return `every other ${unit}`;
  return `every ${rule.interval} ${unit}s`;
}

const isWorkdays = (days: RuleDay[]): boolean => days.length === 5 && [1, 2, 3, 4, 5].every((d) => days.some((x) => x.weekday === d && x.nth === undefined));
const isWeekend = (days: RuleDay[]): boolean => days.length === 2 && [0, 6].every((d) => days.some((x) => x.weekday === d && x.nth === undefined));

function dayName(d: RuleDay): string {
  return d.nth === undefined ? DAYS[d.weekday] ?? '?' : `${NTH[d.nth] ?? ordinal(d.nth)} ${DAYS[d.weekday]}`;
}

function monthDayName(d: number): string {
  return d === -1 ? 'the last day' : d < 0 ? `${ordinal(-d)}-to-last day` : `the ${ordinal(d)}`;
}

/** Times of day from BYHOUR × BYMINUTE, or undefined when the rule repeats within the day. */
function timesOf(rule: RecurrenceRule, dtHour: number, dtMinute: number): string[] {
  const hours = rule.byHour ?? [dtHour];
  const minutes = rule.byMinute ?? [dtMinute];
  return hours.flatMap((h) => minutes.map((m) => `${pad2(h)}:${pad2(m)}`)).sort();
}

/** The day part: "every other Monday", "every weekday", "every month on the 15th". */
function daysPart(rule: RecurrenceRule): string {
  const byDay = rule.byDay ?? [];
  const setPos = rule.bySetPos ?? [];
  switch (rule.freq) {
    case 'DAILY':
      return rule.interval === 1 ? 'every day' : every(rule);
    case 'WEEKLY': {
      if (byDay.length === 0) return every(rule);
      if (rule.interval === 1 && isWorkdays(byDay)) return 'every weekday';
      if (rule.interval === 1 && isWeekend(byDay)) return 'every weekend day';
      const names = joinAnd(byDay.map(dayName));
      if (rule.interval === 1) return `every ${names}`;
      if (rule.interval === 2) return `every other ${names}`;
      return `every ${rule.interval} weeks on ${names}`;
    }
    case 'MONTHLY':
    case 'YEARLY': {
      const unit = rule.freq === 'MONTHLY' ? 'month' : 'year';
      const base = rule.freq === 'MONTHLY' && rule.interval === 3 ? 'every quarter' : every(rule);
      const inMonths = rule.byMonth ? ` in ${joinAnd(rule.byMonth.map((m) => MONTHS[m - 1] ?? '?'))}` : '';
      if (isWorkdays(byDay) && setPos.length > 0 && setPos.every((p) => p < 0)) {
        return `${base}${inMonths} on the last workday`;
      }
      if (isWorkdays(byDay) && setPos.length > 0) return `${base}${inMonths} on the ${ordinal(setPos[0] ?? 1)} workday`;
      if (byDay.length > 0) return `${base}${inMonths} on the ${joinAnd(byDay.map(dayName))}`;
      if (rule.byMonthDay) {
        const days = joinAnd(rule.byMonthDay.map(monthDayName));
        if (rule.freq === 'YEARLY' && rule.interval === 1 && rule.byMonth?.[0] === 2 && rule.byMonthDay[0] === 29 && rule.byMonth.length === 1) {
          // Right (it fires on each 29 February), but "every year" would promise three dates that never come.
          return 'every 4 years on 29 February (leap years only)';
        }
        if (rule.freq === 'YEARLY' && rule.byMonth?.length === 1 && rule.byMonthDay.length === 1 && (rule.byMonthDay[0] ?? 0) > 0) {
          return `${every(rule, unit)} on ${rule.byMonthDay[0]} ${MONTHS[(rule.byMonth[0] ?? 1) - 1]}`;
        }
        return `${base}${inMonths} on ${days}`;
      }
      return `${base}${inMonths}`;
    }
    default:
      return every(rule);
  }
}

/**
 * Words for an RRULE with its first local time `dtstart` ("2026-11-30T10:00:00").
 * @example describeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=10;BYMINUTE=0', '2026-11-30T10:00:00') // "every other Monday at 10:00"
 */
export function describeRule(rrule: string, dtstart: string): string {
  const rule = parseRule(rrule);
  const [dtHour, dtMinute] = [Number(dtstart.slice(11, 13)), Number(dtstart.slice(14, 16))];
  if (rule.freq === 'MINUTELY' || rule.freq === 'HOURLY') {
    const scope = rule.byDay && rule.byDay.length > 0 ? ` on ${isWorkdays(rule.byDay) ? 'weekdays' : joinAnd(rule.byDay.map((d) => `${DAYS[d.weekday]}s`))}` : '';
    const step = every(rule);
    if (rule.byHour) {
      const from = Math.min(...rule.byHour);
      const to = Math.max(...rule.byHour);
      return `${step} from ${pad2(from)}:00 to ${pad2(to)}:59${scope}`;
    }
    return `${step}${scope}, counted from ${pad2(dtHour)}:${pad2(dtMinute)}`;
  }
  const times = timesOf(rule, dtHour, dtMinute);
  const days = daysPart(rule);
  if (times.length > 4) {
    const minutes = times.map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
    const gaps = minutes.slice(1).map((m, i) => m - (minutes[i] ?? 0));
    const gap = gaps[0] ?? 0;
    if (gaps.every((g) => g === gap)) {
      const step = gap % 60 === 0 ? (gap === 60 ? 'every hour' : `every ${gap / 60} hours`) : `every ${gap} minutes`;
      return `${step} from ${times[0]} to ${times.at(-1)}${days === 'every day' ? '' : ` ${days.replace(/^every /, 'on ')}`}`;
    }
    return `${days} at ${times.length} times from ${times[0]} to ${times.at(-1)}`;
  }
  return `${days} at ${joinAnd(times)}`;
}
