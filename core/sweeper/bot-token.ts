// Moved to core/telegram/current-token.ts (shared with the agent and the webhook); kept for existing imports.
export { telegramForCurrentToken, type TelegramForCurrentTokenOptions } from '../telegram/current-token.ts';
