/**
 * `npm run webhook:register` — points Telegram at the deployed webhook: URL from the deploy's
 * outputs file, the webhook secret and bot token from SSM (or NUDGE_WEBHOOK_SECRET /
 * TELEGRAM_BOT_TOKEN), and the update kinds Nudge handles.
 *
 *   npm run webhook:register -- [--drop-pending-updates] [--outputs cdk-outputs.json]
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { parseArgs } from 'node:util';
import { WEBHOOK_SECRET, checkBotToken } from './lib/bot-token.ts';
import { ScriptError } from './lib/errors.ts';
import { parameterNames } from './lib/parameter-names.ts';
import { runScript } from './lib/run.ts';
import { requireSecureString } from './lib/secure-parameters.ts';
import { readStackOutputs } from './lib/stack-outputs.ts';
import { botApi, explainTelegramError } from './lib/telegram.ts';

/** Update kinds the webhook handles; everything else Telegram should not even send. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

let token: string | undefined;
let secret: string | undefined;

async function main(): Promise<void> {
  const names = parameterNames();
  const { values } = parseArgs({
    options: {
      outputs: { type: 'string', default: 'cdk-outputs.json' },
      'drop-pending-updates': { type: 'boolean', default: false },
      'token-parameter': { type: 'string', default: names.botToken },
      'secret-parameter': { type: 'string', default: names.webhookSecret },
    },
  });
  const { webhookUrl } = readStackOutputs(values.outputs as string);

  let ssm: SSMClient | undefined;
  const ssmClient = (): SSMClient => (ssm ??= new SSMClient({}));
  const hint = 'Store it first with `npm run token:store`.';
  token = process.env.TELEGRAM_BOT_TOKEN
    ? checkBotToken(process.env.TELEGRAM_BOT_TOKEN, 'TELEGRAM_BOT_TOKEN')
    : checkBotToken(await requireSecureString(ssmClient(), values['token-parameter'] as string, hint), `SSM parameter ${values['token-parameter']}`);
  secret = process.env.NUDGE_WEBHOOK_SECRET?.trim() || (await requireSecureString(ssmClient(), values['secret-parameter'] as string, hint));
  if (!WEBHOOK_SECRET.test(secret)) {
    throw new ScriptError('The webhook secret must be 1–256 characters of A–Z, a–z, 0–9, _ or -. Rotate it with `npm run token:store -- --rotate-secret`.');
  }

  const api = botApi(token);
  try {
    await api.setWebhook(webhookUrl, {
      secret_token: secret,
      allowed_updates: [...ALLOWED_UPDATES],
      drop_pending_updates: values['drop-pending-updates'] as boolean,
    });
  } catch (error) {
    throw explainTelegramError(error, 'setWebhook');
  }
  const dropped = values['drop-pending-updates'] ? ', pending updates dropped' : '';
  process.stdout.write(`Telegram now sends ${ALLOWED_UPDATES.join(', ')} updates to ${webhookUrl}${dropped}.\n`);
}

await runScript(main, () => [token, secret, process.env.TELEGRAM_BOT_TOKEN, process.env.NUDGE_WEBHOOK_SECRET]);
