/** `npm run deploy [-- -c key=value …]`: preflight first, then `cdk deploy` with the same arguments. */
import { spawnSync } from 'node:child_process';
import { ScriptError } from './lib/errors.ts';
import { runScript } from './lib/run.ts';
import { preflight } from './preflight.ts';

await runScript(async () => {
  const args = process.argv.slice(2);
  if (!(await preflight(args))) throw new ScriptError('Preflight failed: nothing was deployed. Fix the lines marked ✗ and run npm run deploy again.');
  const cdk = spawnSync('npx', ['cdk', 'deploy', 'Nudge', '--outputs-file', 'cdk-outputs.json', ...args], { stdio: 'inherit' });
  if (cdk.status !== 0) throw new ScriptError(`cdk deploy failed (exit ${cdk.status ?? cdk.signal}); see its output above.`);
}, () => []);
