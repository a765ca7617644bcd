import type { Log, LogAttributes } from '../../core/log.ts';

/** Shaped like a real token, so the redaction pattern is exercised too. */
export const TOKEN = '7000001:AAH-test_SECRET-token-0123456789abcdefXYZ';

/** A logger that keeps every line as JSON text, for asserting on what would have been printed. */
export function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (message: string, ...extra: LogAttributes[]): void => {
      lines.push(JSON.stringify({ level, message, extra }));
    };
  return { lines, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

export async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export async function get(url: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}
