import { parseArgs } from 'node:util';
import { describeSchedule, parseReminder, resolveZone, rfc5545Lines, upcomingOccurrences } from '../core/time/index.ts';

const USAGE = `Usage: nudge parse "<text>" [--tz <zone>] [--now <ISO instant>] [--json]

Shows how Nudge reads a reminder request.
  --tz    the chat's timezone: an IANA name or a city (default UTC)
  --now   the instant to read the text at (default: the current time)
  --json  print one JSON object: {"ok":true,"kind","text","next":[…5 UTC instants],"rrule","tz","description"}
          ("rrule" is RFC 5545 DTSTART + RRULE text; "cron" instead when the input was cron)
          or {"ok":false,"error","message"} (exit status 1)

Examples:
  nudge parse "remind me tomorrow at 10 to check emails" --tz Europe/Berlin
  nudge parse "every weekday at 8:30 standup" --tz "new york" --json`;

/** `nudge parse`: what the time language makes of a request, for people and scripts. */
export async function parseCommand(args: string[]): Promise<number> {
  let values: { tz?: string; now?: string; json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { tz: { type: 'string' }, now: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    console.error(`nudge parse: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const text = positionals.join(' ').trim();
  if (text === '') {
    console.error(`nudge parse: missing the text to parse.\n\n${USAGE}`);
    return 2;
  }
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) {
    console.error(`nudge parse: --now "${values.now}" is not an ISO instant like 2026-11-24T14:00:00Z.`);
    return 2;
  }
  const tzInput = values.tz ?? 'UTC';
  const tz = resolveZone(tzInput) ?? tzInput;

  const parsed = parseReminder(text, { tz, now });
  if (!parsed.ok) {
    if (values.json) console.log(JSON.stringify({ ok: false, error: parsed.error, message: parsed.message }));
    else console.error(`Not understood (${parsed.error}): ${parsed.message}`);
    return 1;
  }
  const zone = parsed.kind === 'recurring' ? parsed.schedule.tz : tz;
  const next = parsed.kind === 'recurring' ? upcomingOccurrences(parsed.schedule, now, 5) : [parsed.dueAt];
  const description = describeSchedule(parsed.schedule, parsed.dueAt, zone, now);
  const lines5545 = parsed.kind === 'recurring' ? rfc5545Lines(parsed.schedule) : undefined;
  if (values.json) {
    console.log(JSON.stringify({
      ok: true,
      kind: parsed.kind,
      text: parsed.text,
      next: next.map((d) => d.toISOString()),
      ...(lines5545 ? { rrule: [lines5545.dtstart, lines5545.rrule, ...(lines5545.exdate ? [lines5545.exdate] : [])].join('\n') } : {}),
      ...(parsed.kind === 'recurring' && parsed.schedule.cron !== undefined ? { cron: parsed.schedule.cron } : {}),
      tz: zone,
      description,
    }));
    return 0;
  }
  const lines = [
    `${parsed.kind === 'once' ? 'One-time' : 'Recurring'} reminder: ${parsed.text}`,
    `When: ${description}${parsed.kind === 'once' ? ` (${zone})` : ''}`,
    ...(lines5545 ? [`Rule: ${lines5545.dtstart} ${lines5545.rrule}${lines5545.exdate ? ` ${lines5545.exdate}` : ''}`] : []),
    ...(parsed.kind === 'recurring' && parsed.schedule.cron !== undefined ? [`Cron: ${parsed.schedule.cron}`] : []),
    `Next: ${next.map((d) => d.toISOString()).join(', ')}`,
  ];
  console.log(lines.join('\n'));
  return 0;
}
