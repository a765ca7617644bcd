export { handleWebhook, MAX_BODY_BYTES, type WebhookDeps, type WebhookOutcome, type WebhookRequest, type WebhookResponse } from './handle.ts';
export { loadWebhookConfig, type AccessPolicy, type AgentTarget, type WebhookConfig } from './config.ts';
export { envSecretSource, SecretValue, type SecretName, type SecretSource } from './secrets.ts';
export { parseUpdate, routeUpdate, type UpdateParseResult, type UpdateRoute } from './update.ts';
export { SECRET_TOKEN_HEADER } from './secret-token.ts';
