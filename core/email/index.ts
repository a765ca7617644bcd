export * from './port.ts';
export * from './errors.ts';
export * from './verification.ts';
export { plainTextMessage, readPlainTextMessage } from './mime.ts';
