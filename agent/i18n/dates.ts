import { describeSchedule, formatInstant, pad2, wallTimeOf } from '../../core/time/index.ts';
import type { Schedule } from '../../schema/index.ts';
import type { Language } from './languages.ts';
import { t } from './translate.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: Language, tz: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${language}|${tz}|${withYear}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, {
      timeZone: tz,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      ...(withYear ? { year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, format);
  }
  return format;
}

/**
 * An instant as a chat reads it, in its language: English keeps the bot's "Thu 26 Nov 10:00";
 * others use Intl's own words and order ("Do., 26. Nov., 10:00", "jeu. 26 nov., 10:00"). 24-hour
 * everywhere, like the English replies; the year only when it is not this year.
 */
export function formatInstantIn(language: Language | undefined, at: Date, tz: string, now?: Date): string {
  if (!language || language === 'en') return formatInstant(at, tz, now);
  const withYear = now !== undefined && wallTimeOf(now, tz).year !== wallTimeOf(at, tz).year;
  return formatter(language, tz, withYear).format(at);
}

/** A local time of day, "09:15". */
export function formatTimeOfDay(hour: number, minute: number): string {
  return `${pad2(hour)}:${pad2(minute)}`;
}

/**
 * A schedule in words. Recurring rules are described by the time language in English; in other
 * languages the next occurrence is given in the chat's language after it. `then`, the occurrence after
 * the next, follows it when given (confirmations: ", then Mon 14 Dec 10:00").
 */
export function describeScheduleIn(language: Language | undefined, schedule: Schedule, next: Date, tz: string, now: Date, then?: Date): string {
  const thenText = then === undefined || schedule.kind === 'once' ? '' : `, ${t(language, 'thenLabel', { when: formatInstantIn(language, then, schedule.tz, now) })}`;
  if (!language || language === 'en' || schedule.kind === 'once') {
    return schedule.kind === 'once' ? formatInstantIn(language, next, tz, now) : describeSchedule(schedule, next, tz, now) + thenText;
  }
  const nextText = t(language, 'nextLabel', { when: formatInstantIn(language, next, schedule.tz, now) });
  const cron = schedule.cron ?? (schedule.rrule !== undefined ? simpleRuleAsCron(schedule.rrule) : undefined);
  const bounded = schedule.until !== undefined || schedule.maxCount !== undefined;
  const rule = bounded ? undefined : (cron !== undefined ? localRule(language, cron) : undefined) ?? (schedule.rrule !== undefined ? localIntervalRule(language, schedule.rrule) : undefined);
  if (rule) return `${rule} (${schedule.tz}), ${nextText}${thenText}`;
  const english = describeSchedule(schedule, null, tz, now).replace(/, no further occurrences$/, '');
  return `${english}, ${nextText}${thenText}`;
}

/** A weekday's name in a language: 0 = Sunday, as in cron. 2026-11-29 was a Sunday. */
function weekdayName(language: Language, day: number): string {
  return new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 10, 29 + day, 12)));
}

/**
 * The common shapes, "every day / every weekday / every Monday and Thursday at 09:00", in the chat's
 * language; undefined for anything else (the English description is used then).
 */
function localRule(language: Language, cron: string): string | undefined {
  const [minute, hour, dom, month, dow] = cron.trim().split(/\s+/);
  if (!/^\d{1,2}$/.test(minute ?? '') || !/^\d{1,2}$/.test(hour ?? '') || dom !== '*' || month !== '*' || dow === undefined) return undefined;
  const time = formatTimeOfDay(Number(hour), Number(minute));
  if (dow === '*') return t(language, 'ruleDaily', { time });
  if (dow === '1-5') return t(language, 'ruleWeekdays', { time });
  if (!/^[0-7](?:,[0-7])*$/.test(dow)) return undefined;
  const days = new Intl.ListFormat(language, { type: 'conjunction' }).format(dow.split(',').map((d) => weekdayName(language, Number(d) % 7)));
  return t(language, 'ruleDays', { days, time });
}

const CRON_DAY: Record<string, number> = { SU: 0, MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6 };

/**
 * The RRULEs `localRule` can word — daily, or weekly on plain weekdays, at one time — as the same cron
 * shape; undefined for intervals, ordinals, several times or anything else (worded in English then).
 */
function simpleRuleAsCron(rrule: string): string | undefined {
  const parts = new Map(rrule.split(';').map((part) => part.split('=') as [string, string]));
  const hour = parts.get('BYHOUR');
  const minute = parts.get('BYMINUTE');
  const known = new Set(['FREQ', 'BYHOUR', 'BYMINUTE', 'BYDAY', 'INTERVAL']);
  if ([...parts.keys()].some((key) => !known.has(key)) || (parts.get('INTERVAL') ?? '1') !== '1') return undefined;
  if (!/^\d{1,2}$/.test(hour ?? '') || !/^\d{1,2}$/.test(minute ?? '')) return undefined;
  const byDay = parts.get('BYDAY');
  if (parts.get('FREQ') === 'DAILY' && byDay === undefined) return `${minute} ${hour} * * *`;
  if (parts.get('FREQ') !== 'WEEKLY' || byDay === undefined) return undefined;
  const days = byDay.split(',').map((day) => CRON_DAY[day]);
  if (days.some((day) => day === undefined)) return undefined;
  const dow = days.join(',') === '1,2,3,4,5' ? '1-5' : days.join(',');
  return `${minute} ${hour} * * ${dow}`;
}

const ORDINAL: Record<string, string> = { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', '-1': 'last' };

/**
 * "every other Monday", "every 3 weeks on Friday", "the first Monday of the month", at one time, in the
 * chat's language (#15); undefined for anything else (worded in English then).
 */
function localIntervalRule(language: Language, rrule: string): string | undefined {
  const parts = new Map(rrule.split(';').map((part) => part.split('=') as [string, string]));
  const known = new Set(['FREQ', 'BYHOUR', 'BYMINUTE', 'BYDAY', 'INTERVAL']);
  const hour = parts.get('BYHOUR');
  const minute = parts.get('BYMINUTE');
  const byDay = parts.get('BYDAY');
  if ([...parts.keys()].some((key) => !known.has(key)) || byDay === undefined) return undefined;
  if (!/^\d{1,2}$/.test(hour ?? '') || !/^\d{1,2}$/.test(minute ?? '')) return undefined;
  const time = formatTimeOfDay(Number(hour), Number(minute));
  const interval = Number(parts.get('INTERVAL') ?? '1');
  if (parts.get('FREQ') === 'WEEKLY' && interval > 1) {
    const days = byDay.split(',').map((day) => CRON_DAY[day]);
    if (days.some((day) => day === undefined)) return undefined;
    const names = new Intl.ListFormat(language, { type: 'conjunction' }).format(days.map((day) => weekdayName(language, day as number)));
    return t(language, 'ruleEveryNWeeks', { n: interval, days: names, time });
  }
  const nth = /^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.exec(byDay);
  if (parts.get('FREQ') === 'MONTHLY' && interval === 1 && nth) {
    return t(language, 'ruleMonthlyNth', { ord: ORDINAL[nth[1] as string] as string, day: weekdayName(language, CRON_DAY[nth[2] as string] as number), time });
  }
  return undefined;
}
