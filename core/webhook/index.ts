export { BODY_TOO_LARGE, WRONG_SECRET, handleWebhook, MAX_BODY_BYTES, type WebhookAnswer, type WebhookDelivery, type WebhookDeps, type WebhookOutcome } from './handle.ts';
export { loadWebhookConfig, type AccessPolicy, type AgentTarget, type WebhookConfig } from './config.ts';
export { envSecretSource, SecretValue, type SecretName, type SecretSource } from './secrets.ts';
export { parseUpdate, routeUpdate, type UpdateParseResult, type UpdateRoute } from './update.ts';
export { SECRET_TOKEN_HEADER } from './secret-token.ts';
