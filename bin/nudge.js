#!/usr/bin/env node
// The CLI is TypeScript; tsx loads it so `npx nudge` works from a fresh clone without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
