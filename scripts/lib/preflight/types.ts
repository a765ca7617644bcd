/** One preflight check's verdict: what was found, or the problem and the one thing to do about it. */
export type CheckResult = { name: string; ok: true; detail: string } | { name: string; ok: false; problem: string; fix: string };

export const pass = (name: string, detail: string): CheckResult => ({ name, ok: true, detail });
export const fail = (name: string, problem: string, fix: string): CheckResult => ({ name, ok: false, problem, fix });

/** The single line a check prints: `✓ name: detail` or `✗ name: problem — fix`. */
export function formatResult(result: CheckResult): string {
  return result.ok ? `✓ ${result.name}: ${result.detail}` : `✗ ${result.name}: ${result.problem} — fix: ${result.fix}`;
}

/** The SDK error's name and message, for matching (names are the SDK's stable discriminator). */
export function errorFacts(error: unknown): { name: string; message: string; code: string | undefined } {
  const e = error as { name?: string; message?: string; code?: string; Code?: string };
  return { name: e?.name ?? 'Error', message: e?.message ?? String(error), code: e?.code ?? e?.Code };
}
