import type { RecurringSchedule } from '../../schema/index.ts';
import { icsLocal } from './rule.ts';

/** A schedule's RFC 5545 properties as text: DTSTART with its zone, the RRULE with UNTIL/COUNT, EXDATE. */
export interface Rfc5545Lines {
  dtstart: string;
  rrule: string;
  exdate?: string;
}

const icsUtc = (iso: string): string => `${iso.replace(/[-:]/g, '').slice(0, 15)}Z`;

/**
 * The lines an iCalendar VEVENT carries for a stored schedule, e.g.
 * `DTSTART;TZID=Europe/Berlin:20261130T100000` and `RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=10;BYMINUTE=0;COUNT=5`.
 * Undefined for cron rows, which RFC 5545 cannot express in general.
 */
export function rfc5545Lines(schedule: RecurringSchedule): Rfc5545Lines | undefined {
  if (schedule.rrule === undefined || schedule.dtstart === undefined) return undefined;
  const limits = [
    ...(schedule.until !== undefined ? [`UNTIL=${icsUtc(schedule.until)}`] : []),
    ...(schedule.maxCount !== undefined ? [`COUNT=${schedule.maxCount}`] : []),
  ];
  const exdates = (schedule.exdate ?? []).map(icsLocal);
  return {
    dtstart: `DTSTART;TZID=${schedule.tz}:${icsLocal(schedule.dtstart)}`,
    rrule: `RRULE:${[schedule.rrule, ...limits].join(';')}`,
    ...(exdates.length > 0 ? { exdate: `EXDATE;TZID=${schedule.tz}:${exdates.join(',')}` } : {}),
  };
}
