/**
 * `npm run webhook:info` — prints Telegram's view of the webhook (URL, pending updates, last
 * error) as JSON. The token (SSM or TELEGRAM_BOT_TOKEN) is never printed.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { parseArgs } from 'node:util';
import { checkBotToken } from './lib/bot-token.ts';
import { redact } from './lib/errors.ts';
import { parameterNames } from './lib/parameter-names.ts';
import { runScript } from './lib/run.ts';
import { requireSecureString } from './lib/secure-parameters.ts';
import { botApi, explainTelegramError } from './lib/telegram.ts';

let token: string | undefined;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'token-parameter': { type: 'string', default: parameterNames().botToken } } });
  token = process.env.TELEGRAM_BOT_TOKEN
    ? checkBotToken(process.env.TELEGRAM_BOT_TOKEN, 'TELEGRAM_BOT_TOKEN')
    : checkBotToken(
        await requireSecureString(new SSMClient({}), values['token-parameter'] as string, 'Store it first with `npm run token:store`.'),
        `SSM parameter ${values['token-parameter']}`,
      );
  try {
    const info = await botApi(token).getWebhookInfo();
    process.stdout.write(`${redact(JSON.stringify(info, null, 2), [token])}\n`);
  } catch (error) {
    throw explainTelegramError(error, 'getWebhookInfo');
  }
}

await runScript(main, () => [token, process.env.TELEGRAM_BOT_TOKEN]);
