// Calendar export: reminders as iCalendar (RFC 5545) text. Pure functions, no I/O.
export { remindersToIcs, type CalendarReminder } from './ics.ts';
