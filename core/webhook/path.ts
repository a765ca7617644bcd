/** Where Telegram POSTs updates: the API Gateway route on AWS and the local webhook's URL path. */
export const WEBHOOK_PATH = '/telegram/webhook';
