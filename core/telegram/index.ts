export type { InlineKeyboardButton, OutgoingDocument, PermanentFailureReason, SendOptions, SendOutcome, TelegramClient, Update } from './port.ts';
export { RateLimiter, TELEGRAM_RATE_LIMITS, isGroupChat, type RateLimits } from './rate-limits.ts';
export { redactToken } from './redact.ts';
export { createBotTokenReader, type BotTokenReaderOptions, type ParameterReader } from './bot-token-reader.ts';
export { currentTokenTelegram, telegramForCurrentToken, type CurrentTokenTelegramOptions, type TelegramForCurrentTokenOptions } from './current-token.ts';
