/**
 * `npm run token:store` — stores the bot token as an SSM SecureString (overwriting), and creates
 * a random webhook secret the first time. Reads the token from stdin when piped, else from
 * TELEGRAM_BOT_TOKEN. Never prints either value.
 *
 *   printf %s "$TOKEN" | npm run token:store
 *   TELEGRAM_BOT_TOKEN=… npm run token:store -- --rotate-secret
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { explainAwsError } from './lib/aws-errors.ts';
import { checkBotToken, readStdin } from './lib/bot-token.ts';
import { ScriptError } from './lib/errors.ts';
import { parameterNames } from './lib/parameter-names.ts';
import { runScript } from './lib/run.ts';
import { readSecureString, writeSecureString } from './lib/secure-parameters.ts';

let token: string | undefined;

async function main(): Promise<void> {
  const names = parameterNames();
  const { values } = parseArgs({
    options: {
      'token-parameter': { type: 'string', default: names.botToken },
      'secret-parameter': { type: 'string', default: names.webhookSecret },
      'rotate-secret': { type: 'boolean', default: false },
    },
  });
  const piped = !process.stdin.isTTY ? (await readStdin()).trim() : '';
  const fromEnv = process.env.TELEGRAM_BOT_TOKEN?.trim();
  if (!piped && !fromEnv) {
    throw new ScriptError('No bot token: pipe it on stdin (printf %s "$TOKEN" | npm run token:store) or set TELEGRAM_BOT_TOKEN. Get one from @BotFather with /newbot.');
  }
  token = checkBotToken(piped || fromEnv, piped ? 'stdin' : 'TELEGRAM_BOT_TOKEN');

  const ssm = new SSMClient({});
  try {
    await ssm.config.region();
  } catch (error) {
    throw explainAwsError(error, 'store the bot token');
  }
  const tokenParameter = values['token-parameter'] as string;
  const secretParameter = values['secret-parameter'] as string;
  await writeSecureString(ssm, tokenParameter, token, true, 'Nudge Telegram bot token');
  process.stdout.write(`Stored the bot token in ${tokenParameter} (SecureString).\n`);

  const existing = values['rotate-secret'] ? undefined : await readSecureString(ssm, secretParameter);
  if (existing) {
    process.stdout.write(`Kept the existing webhook secret in ${secretParameter}.\n`);
    return;
  }
  // 32 random bytes in base64url: 43 characters from Telegram's allowed secret_token alphabet.
  const secret = randomBytes(32).toString('base64url');
  await writeSecureString(ssm, secretParameter, secret, true, 'Nudge Telegram webhook secret token');
  process.stdout.write(`Stored a new random webhook secret in ${secretParameter}. Run \`npm run webhook:register\` to tell Telegram.\n`);
}

await runScript(main, () => [token, process.env.TELEGRAM_BOT_TOKEN]);
