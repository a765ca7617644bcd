import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { describeError } from '../core/describe-error.ts';
import { BODY_TOO_LARGE, handleWebhook, MAX_BODY_BYTES, WRONG_SECRET, type WebhookDeps } from '../core/webhook/handle.ts';
import { matchesSecretToken, SECRET_TOKEN_HEADER } from '../core/webhook/secret-token.ts';
import { WEBHOOK_PATH } from '../core/webhook/path.ts';

/**
 * The webhook as one Hono app, like the agent: the Lambda (`hono/aws-lambda`) and local mode
 * (`@hono/node-server`) serve this same app, so HTTP details — body limit, method, path, JSON
 * answers — are handled once. The decisions stay in `handleWebhook`.
 *
 * @example
 * const app = createWebhookApp(deps);
 * const res = await app.request('/telegram/webhook', { method: 'POST', headers: { 'x-telegram-bot-api-secret-token': secret }, body });
 */
export function createWebhookApp(deps: WebhookDeps): Hono {
  const app = new Hono();
  app.post(
    WEBHOOK_PATH,
    // The secret first, so a stranger learns nothing (not even the size rule) and costs no body read.
    async (c, next) => (matchesSecretToken(c.req.header(SECRET_TOKEN_HEADER), deps.config.webhookSecret) ? next() : c.json({ ok: false, error: WRONG_SECRET }, 401)),
    // Stops reading at the limit (Content-Length or counted bytes), so an oversized upload is never held in memory.
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ ok: false, error: BODY_TOO_LARGE }, 413, { connection: 'close' }) }),
    async (c) => {
      const answer = await handleWebhook({ secretToken: c.req.header(SECRET_TOKEN_HEADER), body: await c.req.text() }, deps);
      return c.json(answer.body, answer.status);
    },
  );
  app.all(WEBHOOK_PATH, (c) => c.json({ ok: false, error: 'use POST' }, 405, { allow: 'POST' }));
  app.notFound((c) => c.json({ ok: false, error: 'not found' }, 404));
  app.onError((error, c) => {
    deps.log.error('webhook failed unexpectedly', { error: describeError(error) });
    return c.json({ ok: false, error: 'internal error' }, 500);
  });
  return app;
}
