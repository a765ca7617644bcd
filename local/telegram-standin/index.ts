export { startTelegramStandIn, type TelegramStandIn, type TelegramStandInOptions } from './server.ts';
export type { FaultSpec, StandInLimits } from './faults.ts';
export type { WebhookRetryOptions } from './webhook.ts';
export { StandInRequestError, type CallbackAnswerView, type ChatActionView, type ChatMessageView, type TgButton, type TgChat, type TgMessage, type TgUpdate, type TgUser } from './types.ts';
