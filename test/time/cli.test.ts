import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/nudge.js', import.meta.url));

function nudge(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('nudge parse (as a process)', () => {
  it('prints a recurring schedule as one JSON object with the next five fire times', async () => {
    const r = await nudge('parse', 'every weekday at 8:30 standup', '--tz', 'Europe/Berlin', '--now', '2026-11-24T14:00:00Z', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      kind: 'recurring',
      text: 'standup',
      next: ['2026-11-25T07:30:00.000Z', '2026-11-26T07:30:00.000Z', '2026-11-27T07:30:00.000Z', '2026-11-30T07:30:00.000Z', '2026-12-01T07:30:00.000Z'],
      rrule: 'DTSTART;TZID=Europe/Berlin:20261125T083000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=30',
      tz: 'Europe/Berlin',
      description: 'every weekday at 08:30 (Europe/Berlin), next: Wed 25 Nov 08:30',
    });
  });

  it('prints a one-time reminder with a single fire time, and defaults --tz to UTC', async () => {
    const r = await nudge('parse', 'remind me tomorrow at 10 to check emails', '--now', '2026-11-24T14:00:00Z', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true, kind: 'once', text: 'check emails', next: ['2026-11-25T10:00:00.000Z'], tz: 'UTC', description: 'Wed 25 Nov 10:00',
    });
  });

  it('exits 1 with the error object when the text cannot be scheduled', async () => {
    const r = await nudge('parse', 'yesterday at 10 call bob', '--tz', 'Asia/Tokyo', '--now', '2026-11-24T14:00:00Z', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['ok', 'error', 'message']);
    expect(out).toMatchObject({ ok: false, error: 'past' });
  });

  it('defaults --now to the current time', async () => {
    const before = Date.now();
    const r = await nudge('parse', 'in 2 hours stretch', '--json');
    expect(r.code).toBe(0);
    const due = Date.parse(JSON.parse(r.stdout).next[0]);
    expect(due - before).toBeGreaterThanOrEqual(2 * 3_600_000 - 1_000);
    expect(due - Date.now()).toBeLessThanOrEqual(2 * 3_600_000);
  });

  it('prints a readable summary without --json, accepting a city as --tz', async () => {
    const r = await nudge('parse', 'every', 'monday', 'at', '9', 'plan', 'the', 'week', '--tz', 'new york', '--now', '2026-11-24T14:00:00Z');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Recurring reminder: plan the week');
    expect(r.stdout).toContain('every Monday at 09:00 (America/New_York), next: Mon 30 Nov 09:00');
    expect(r.stdout).toContain('Rule: DTSTART;TZID=America/New_York:20261130T090000 RRULE:FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0');
  });

  it('returns cron only where the input was cron', async () => {
    const r = await nudge('parse', '/every cron 0 9 * * 1-5 standup', '--tz', 'Europe/Berlin', '--now', '2026-11-24T14:00:00Z', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, kind: 'recurring', text: 'standup', cron: '0 9 * * 1-5' });
    expect(out.rrule).toBeUndefined();
    expect(out.next[0]).toBe('2026-11-25T08:00:00.000Z');
  });

  it('explains an unknown zone and a missing text', async () => {
    const zone = await nudge('parse', 'tomorrow at 9 x', '--tz', 'Mars/Base', '--json');
    expect(zone.code).toBe(1);
    expect(JSON.parse(zone.stdout)).toMatchObject({ ok: false, error: 'bad_zone' });
    expect(JSON.parse(zone.stdout).message).toContain('Mars/Base');
    const missing = await nudge('parse', '--tz', 'UTC');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing the text to parse');
    const badNow = await nudge('parse', 'tomorrow x', '--now', 'yesterday-ish');
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toContain('--now');
  });
});
