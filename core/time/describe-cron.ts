import { pad2 } from './pad.ts';

/**
 * Words for the cron expressions the parser produces. Anything else (a cron typed by an admin)
 * is shown as the expression itself rather than guessed at.
 */

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const NTH = ['', 'first', 'second', 'third', 'fourth', 'fifth'];

const isInt = (s: string): boolean => /^\d{1,2}$/.test(s);

/** "1st", "2nd", "15th", "22nd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function daysPart(dom: string, month: string, dow: string): string | undefined {
  if (dom === '*' && month === '*') {
    if (dow === '*') return 'every day';
    if (dow === '1-5') return 'every weekday';
    if (dow === '0,6' || dow === '6,0') return 'every weekend day';
    const nth = /^([0-7])#([1-5])$/.exec(dow);
    if (nth) return `every ${NTH[Number(nth[2])]} ${DAYS[Number(nth[1]) % 7]} of the month`;
    const last = /^([0-7])L$/.exec(dow);
    if (last) return `every last ${DAYS[Number(last[1]) % 7]} of the month`;
    const list = dow.split(',');
    if (list.every(isInt)) return `every ${joinAnd(list.map((d) => DAYS[Number(d) % 7] ?? d))}`;
    return undefined;
  }
  if (dow !== '*') return undefined;
  if (month === '*') {
    if (dom === 'L') return 'every month on the last day';
    if (isInt(dom)) {
      const skips = Number(dom) >= 29 ? ` (months without a ${ordinal(Number(dom))} are skipped)` : '';
      return `every month on the ${ordinal(Number(dom))}${skips}`;
    }
    return undefined;
  }
  if (isInt(dom) && isInt(month)) {
    // The cron is right (it fires on each 29 February), but "every year" would promise three dates that never come.
    if (Number(dom) === 29 && Number(month) === 2) return 'every 4 years on 29 February (leap years only)';
    return `every year on ${Number(dom)} ${MONTHS[Number(month) - 1]}`;
  }
  return undefined;
}

/** "every weekday" → " on weekdays", for interval schedules limited to some days. */
function scopeOf(days: string): string {
  if (days === 'every day') return '';
  if (days === 'every weekday') return ' on weekdays';
  if (days === 'every weekend day') return ' on weekends';
  return ` ${days.replace(/^every /, 'on ')}`;
}

/**
 * "every weekday at 08:30", "every 2 hours", "every first Monday of the month at 09:00", or
 * "cron 5 4 * * 2" for expressions outside the parser's grammar.
 */
export function describeCron(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return `cron ${cron}`;
  const [minute = '', hour = '', dom = '', month = '', dow = ''] = fields;
  const days = daysPart(dom, month, dow);
  if (isInt(minute) && isInt(hour) && days) return `${days} at ${pad2(Number(hour))}:${pad2(Number(minute))}`;
  const dayScope = days === undefined ? undefined : scopeOf(days);
  if (dayScope !== undefined) {
    if (minute === '*' && hour === '*') return `every minute${dayScope}`;
    const minuteStep = /^\*\/(\d+)$/.exec(minute);
    if (minuteStep && hour === '*') return `every ${minuteStep[1]} minutes${dayScope}`;
    if (isInt(minute) && hour === '*') {
      return minute === '0' ? `every hour${dayScope}` : `every hour at :${pad2(Number(minute))}${dayScope}`;
    }
    const minuteWindow = /^(\d{1,2})-(\d{1,2})$/.exec(hour);
    if (minuteStep && minuteWindow) {
      return `every ${minuteStep[1]} minutes from ${pad2(Number(minuteWindow[1]))}:00 to ${pad2(Number(minuteWindow[2]) + 1)}:00${dayScope}`;
    }
    if (minute === '*' && minuteWindow) {
      return `every minute from ${pad2(Number(minuteWindow[1]))}:00 to ${pad2(Number(minuteWindow[2]) + 1)}:00${dayScope}`;
    }
    const hourWindow = /^(\d{1,2})-(\d{1,2})(?:\/(\d+))?$/.exec(hour);
    if (minute === '0' && hourWindow) {
      const every = hourWindow[3] === undefined ? 'every hour' : `every ${hourWindow[3]} hours`;
      return `${every} from ${pad2(Number(hourWindow[1]))}:00 to ${pad2(Number(hourWindow[2]))}:00${dayScope}`;
    }
    const hourStep = /^\*\/(\d+)$/.exec(hour);
    if (isInt(minute) && hourStep) {
      const at = minute === '0' ? '' : ` at :${pad2(Number(minute))}`;
      return `every ${hourStep[1]} hours${at}${dayScope}`;
    }
  }
  return `cron ${cron}`;
}
