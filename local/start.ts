// `npm start`: the whole of Nudge on this machine. Settings are env vars, documented in the README
// (NUDGE_DATA_DIR, NUDGE_HOST, NUDGE_*_PORT, TELEGRAM_BOT_TOKEN, NUDGE_MODEL_ID, …).
import { redactToken } from '../core/telegram/index.ts';
import { createShutdownHandler, runLocalMode, startupFailureMessage } from './run.ts';

// The AWS SDK warns on every start that its 2027 releases will need Node 22; Nudge supports Node
// 20.19+ today, and a newcomer's first screen should be the banner, not that.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const write = (stream: NodeJS.WriteStream) => (text: string) => stream.write(`${text}\n`);

try {
  const stack = await runLocalMode({
    env: process.env,
    cwd: process.cwd(),
    machineZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    out: write(process.stdout),
    err: write(process.stderr),
  });
  const shutdown = createShutdownHandler(stack, {
    err: write(process.stderr),
    exit: (code) => process.exit(code),
    ...(process.env.TELEGRAM_BOT_TOKEN ? { token: process.env.TELEGRAM_BOT_TOKEN } : {}),
  });
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  process.stderr.write(`Nudge could not start: ${redactToken(startupFailureMessage(error), process.env.TELEGRAM_BOT_TOKEN)}\n`);
  process.exit(1);
}
