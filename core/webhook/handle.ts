import { AgentRelayError, AgentRelayRejectedError, AgentRelayTimeoutError, type AgentRelay } from '../agent-relay/port.ts';
import type { Log } from '../log.ts';
import type { UpdateDedupe } from '../store/consumer-ports.ts';
import type { TelegramClient } from '../telegram/port.ts';
import type { AccessPolicy, WebhookConfig } from './config.ts';
import { refusalMarkerId, refusalText } from './refusal.ts';
import { matchesSecretToken } from './secret-token.ts';
import { parseUpdate, routeUpdate } from './update.ts';
import { describeError as describe } from '../describe-error.ts';

/** Telegram's own cap on a webhook body is far lower; anything above 1 MB is not from Telegram. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** One POST from Telegram, as the HTTP layer (the Hono app in `handlers/webhook-app.ts`) hands it over: body already decoded and bounded. */
export interface WebhookDelivery {
  /** The `X-Telegram-Bot-Api-Secret-Token` header, if any. */
  secretToken: string | undefined;
  body: string;
}

/** What to answer Telegram: a status and a JSON body; the HTTP layer only serializes it. */
export interface WebhookAnswer {
  status: 200 | 400 | 401 | 413 | 500 | 502 | 503 | 504;
  body: { ok: true; outcome: WebhookOutcome; reason?: string } | { ok: false; error: string };
}

export interface WebhookDeps {
  config: WebhookConfig;
  store: UpdateDedupe;
  relay: AgentRelay;
  telegram: TelegramClient;
  log: Log;
  clock: () => Date;
}

/** What happened to an update, as answered to Telegram (and logged). */
export type WebhookOutcome = 'relayed' | 'duplicate' | 'ignored' | 'refused' | 'unprocessable';

/**
 * The webhook, independent of runtime: verify the secret token, bound and validate the body, route by
 * update type, authorize the sender, drop duplicates, relay to the agent, remember the update.
 * Any 5xx makes Telegram deliver the update again, so 5xx is answered only when nothing was relayed.
 *
 * @example
 * const answer = await handleWebhook({ secretToken, body }, deps); // { status: 200, body: { ok: true, outcome: 'relayed' } }
 */
export async function handleWebhook(delivery: WebhookDelivery, deps: WebhookDeps): Promise<WebhookAnswer> {
  const { config, log } = deps;
  if (!matchesSecretToken(delivery.secretToken, config.webhookSecret)) return failure(401, WRONG_SECRET);

  const text = delivery.body;
  // The HTTP layer stops reading at the limit; this keeps the rule true for any other caller.
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) return failure(413, BODY_TOO_LARGE);
  if (text.trim() === '') return failure(400, 'empty body');

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return failure(400, 'body is not valid JSON');
  }
  const parsed = parseUpdate(json);
  if (!parsed.ok && parsed.poison) {
    // From Telegram (the secret matched) but never handleable: a non-2xx would be re-sent for a day and
    // hold up the chat's later updates. Acknowledged, logged and counted instead (#12 item 8).
    log.error('poison update acknowledged and dropped', { updateId: parsed.poison.updateId, reason: parsed.reason, poisonUpdate: 1 });
    return success('unprocessable', parsed.reason);
  }
  if (!parsed.ok) return failure(400, parsed.reason);
  const update = parsed.update;
  const route = routeUpdate(update);
  if (route.kind === 'ignore') {
    log.debug('update ignored', { updateId: update.update_id, reason: route.reason });
    return success('ignored');
  }
  const context = { updateId: update.update_id, chatId: route.chatId, userId: route.userId, field: route.field };

  try {
    if (!isAllowed(config.access, route.userId)) {
      await refuseOnce(route.chatId, route.userId, deps);
      log.info('update from a stranger refused', context);
      return success('refused');
    }

    // Check, relay, then mark: a failed relay leaves no marker, so Telegram's retry gets through.
    // The price is a window: two deliveries of one update that overlap for the length of a relay
    // call (Telegram re-sending while the first delivery is still in flight) are both relayed. The
    // relay only waits for "accepted", so the window is that short; marking first would instead
    // lose the update whenever the relay fails after the mark.
    if (await deps.store.isUpdateProcessed(update.update_id, deps.clock())) {
      log.info('duplicate update acknowledged', context);
      return success('duplicate');
    }
  } catch (error) {
    log.error('store unavailable', { ...context, error: describe(error) });
    return failure(503, 'store unavailable, retry later');
  }

  try {
    await deps.relay.invoke(route.chatId, { type: 'telegram_update', update });
  } catch (error) {
    log.error('relay to the agent failed', { ...context, error: describe(error) });
    if (error instanceof AgentRelayTimeoutError) return failure(504, 'agent did not answer in time');
    if (error instanceof AgentRelayRejectedError && error.status !== undefined && isNeverAcceptable(error.status)) {
      // The agent refused the update itself (4xx): sending it again cannot change that.
      log.error('poison update acknowledged and dropped: the agent refused it', { ...context, status: error.status, poisonUpdate: 1 });
      return success('unprocessable', `agent refused the update (${error.status})`);
    }
    if (error instanceof AgentRelayError) return failure(502, 'agent did not accept the update');
    return failure(500, 'relay failed');
  }

  try {
    const recorded = await deps.store.markUpdateProcessed(update.update_id, deps.clock(), config.processedUpdateTtlSeconds, route.chatId);
    if (!recorded) log.warn('update was relayed by a concurrent delivery too', context);
  } catch (error) {
    // The agent has the update: a 5xx now would only make Telegram send it a second time.
    log.error('relayed update could not be marked processed', { ...context, error: describe(error) });
  }
  log.info('update relayed', context);
  return success('relayed');
}

function isAllowed(access: AccessPolicy, userId: number): boolean {
  return access.mode === 'open' || access.userIds.has(userId);
}

/**
 * Marks first, then answers: if the send fails the stranger hears nothing rather than risking a
 * second answer. No relay, no chat rows — only the marker.
 */
async function refuseOnce(chatId: number, userId: number, deps: WebhookDeps): Promise<void> {
  const first = await deps.store.markUpdateProcessed(refusalMarkerId(userId), deps.clock(), deps.config.refusalTtlSeconds, chatId);
  if (!first) return;
  try {
    const outcome = await deps.telegram.sendMessage(chatId, refusalText(userId));
    if (outcome.kind !== 'delivered') deps.log.warn('refusal not delivered', { chatId, userId, outcome: outcome.kind });
  } catch (error) {
    deps.log.warn('refusal not delivered', { chatId, userId, error: describe(error) });
  }
}


export const BODY_TOO_LARGE = 'body larger than 1 MB';
export const WRONG_SECRET = 'missing or wrong secret token';

function success(outcome: WebhookOutcome, reason?: string): WebhookAnswer {
  return { status: 200, body: { ok: true, outcome, ...(reason ? { reason } : {}) } };
}

/** 4xx answers that say the request itself is wrong; 401/403 (auth), 408 and 429 (load) may pass on a retry. */
function isNeverAcceptable(status: number): boolean {
  return status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status);
}

function failure(status: Exclude<WebhookAnswer['status'], 200>, error: string): WebhookAnswer {
  return { status, body: { ok: false, error } };
}
