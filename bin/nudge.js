#!/usr/bin/env node
// The CLI is TypeScript; tsx loads it so `npx nudge` works from a fresh clone without a build step.
import { register } from 'tsx/esm/api';

register();
// The SDK warns on every command that Node 22 will be required from 2027; an admin's terminal is the
// wrong place for it (the deployed code runs on Node 22 already).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
