import { integer, optionalString } from '../../core/config/env.ts';
import { startTelegramStandIn } from './index.ts';

/** Runs the stand-in on its own: `npx tsx local/telegram-standin/main.ts`. */
async function main(env: Record<string, string | undefined>): Promise<void> {
  const token = optionalString(env, 'NUDGE_TELEGRAM_TOKEN');
  const standIn = await startTelegramStandIn({
    port: integer(env, 'NUDGE_TELEGRAM_PORT', 8083, { min: 0, max: 65535 }),
    host: optionalString(env, 'NUDGE_TELEGRAM_HOST') ?? '127.0.0.1',
    ...(token ? { token } : {}),
  });
  console.log(`Telegram stand-in listening: apiRoot ${standIn.apiRoot}, user side ${standIn.url}/user/<chatId>/messages`);
  const stop = (): void => {
    void standIn.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.env).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
