import { writesTwelveHourClock } from './clock-habit.ts';
import { pad2 } from './pad.ts';

/** An hour read without am/pm: where it was written and the other half of the day ("17:00" for a 05:00 reading). */
export interface OtherHalf {
  span: [start: number, end: number];
  written: string;
  time: string;
}

/**
 * A number written with a leading zero ("05", "5:00", "17:05"): the 24-hour clock, however the hour reads. Also
 * "5 Uhr", "à 5h" and "om 5 uur", which the other languages' readers write as "5:00" before reading them.
 */
export const ZERO_LED = /(?:^|\D)0\d/;

const FIRST_TIME = /(\d{1,2})(?:[:.h](\d{2}))?/i;
const SAID_HALF = /\d\s*(?:[ap]\.?m\b\.?)|\b(?:noon|midday|midnight)\b/i;


/**
 * The hour and minute of a clock time in a repeating rule when it reads as either half of the day: an hour 1–11
 * with no am/pm and no leading zero ("at 5", and "at 9:15" where the 12-hour clock is usual — see
 * `clock-habit.ts`). Undefined for "5pm", "17", "0", "05:00", "5:00" and, in a 24-hour-clock zone, "9:15".
 * Day parts ("in the evening") are the caller's to rule out: they are not in `written`.
 */
function eitherHalfOfDay(written: string, tz: string): { hour: number; minute: number; said: string } | undefined {
  if (SAID_HALF.test(written) || ZERO_LED.test(written)) return undefined;
  const m = FIRST_TIME.exec(written);
  if (!m) return undefined;
  const hour = Number(m[1]);
  if (hour < 1 || hour > 11) return undefined;
  if (m[2] !== undefined && !writesTwelveHourClock(tz)) return undefined;
  const minute = Number(m[2] ?? 0);
  return { hour, minute, said: `${hour}${m[2] === undefined ? '' : `:${m[2]}`}` };
}

/** Whether a clock time names its half of the day ("5pm", "noon"), so it tells a 12-hour clock is in use. */
function saysHalfOfDay(written: string): boolean {
  return SAID_HALF.test(written);
}

/**
 * The other half of the day for a rule's times, or undefined when none is open to doubt. Only one time may be
 * open: "at 8 and 5pm" (the 8 could be 20:00) is offered, "at 8 and 5" (which one?) and "at 8 and 20" (a
 * 24-hour clock) are not; nor a flip onto a time the rule already has ("at 8 and 8pm").
 */
export function ruleOtherHalf(times: Array<{ span: [number, number]; written: string; hour: number }>, tz: string): OtherHalf | undefined {
  const open = times.map((time) => ({ time, reading: eitherHalfOfDay(time.written, tz) })).filter((t) => t.reading !== undefined);
  const [only] = open;
  if (open.length !== 1 || !only?.reading) return undefined;
  const others = times.filter((time) => time !== only.time);
  if (!others.every((time) => saysHalfOfDay(time.written))) return undefined;
  const other = only.reading.hour + 12;
  if (others.some((time) => time.hour === other)) return undefined;
  return { span: only.time.span, written: only.time.written, time: `${pad2(other)}:${pad2(only.reading.minute)}` };
}

/** The confirmation's line for a rule read as written ("at 5" as 05:00 every time). */
export function ruleHalfDayNote(written: string, tz: string): string | undefined {
  const reading = eitherHalfOfDay(written, tz);
  if (!reading) return undefined;
  const { hour, minute, said } = reading;
  return `I took "${said}" as ${pad2(hour)}:${pad2(minute)} each time; write ${said}pm for the evening one.`;
}
