import { CronExpressionParser } from 'cron-parser';
import { nextOccurrence } from './next-occurrence.ts';
import { fail, type ParsedReminder } from './parse-result.ts';

/** "every cron 0 9 * * 1-5 standup" (from `/every cron …`): five cron fields, then the text. */
const RAW_CRON = /^\s*every\s+cron\s+(\S+\s+\S+\s+\S+\s+\S+\s+\S+)(?:\s+([\s\S]*))?$/i;

/**
 * Power users may still give cron, evaluated by cron-parser in the chat's zone (the form rows had before
 * RFC 5545 rules). Undefined when the text is not a raw cron request.
 */
export function parseRawCron(body: string, tz: string, now: Date): ParsedReminder | undefined {
  const m = RAW_CRON.exec(body);
  if (!m) return undefined;
  const cron = (m[1] ?? '').trim();
  const text = (m[2] ?? '').trim();
  try {
    CronExpressionParser.parse(cron, { tz });
  } catch (error) {
    return fail('no_time', `"${cron}" isn't a cron expression I can use (${(error as Error).message}). Five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1-5".`);
  }
  if (text === '') return fail('empty_text', 'What should I remind you about? Add the text after the five cron fields.');
  const schedule = { kind: 'recurring' as const, cron, tz };
  const dueAt = nextOccurrence(schedule, now, 0);
  if (dueAt === null) return fail('no_time', `"${cron}" never fires.`);
  return { ok: true, kind: 'recurring', text, dueAt, schedule, unread: [] };
}
