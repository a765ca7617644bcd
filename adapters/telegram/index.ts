export { createTelegramClient, type TelegramClientOptions, type TelegramClientWithApi } from './client.ts';
export { classifySendError, classifyTelegramAnswer, type ClassifyContext, type RetryReason } from './classify.ts';
