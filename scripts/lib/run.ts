import { redact, ScriptError } from './errors.ts';

/**
 * Runs a script's main function: a {@link ScriptError} prints its sentence and exits 1; anything
 * else prints its name and message (never a payload) and exits 2. Both pass through `redact`.
 */
export async function runScript(main: () => Promise<void>, secrets: () => Array<string | undefined>): Promise<void> {
  try {
    await main();
  } catch (error) {
    const known = error instanceof ScriptError;
    const text = known ? error.message : `Unexpected ${(error as Error)?.name ?? 'error'}: ${(error as Error)?.message ?? String(error)}`;
    process.stderr.write(`${redact(text, secrets())}\n`);
    process.exitCode = known ? 1 : 2;
  }
}
