import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { plainTextMessage, readPlainTextMessage } from '../../core/email/mime.ts';
import type { MailSender, OutgoingMail } from '../../core/email/port.ts';

/** Header naming the chat a local message was sent for, so the chat page shows each chat its own. */
const CHAT_HEADER = 'X-Nudge-Chat';

export interface OutboxMessage {
  file: string;
  chatId?: number;
  from: string;
  to: string;
  subject: string;
  date: string;
  text: string;
}

/**
 * Local mode's mail: every message becomes an .eml file in `dir` (under the data folder) instead of
 * leaving the machine. Names sort by time, so the folder lists in sending order.
 */
export function createOutboxMailSender(dir: string, clock: () => Date = () => new Date()): MailSender {
  // Same-millisecond messages (a test clock, a burst) keep their sending order in the file names.
  let sequence = 0;
  return {
    kind: 'outbox',
    async send(mail: OutgoingMail) {
      await mkdir(dir, { recursive: true });
      const date = clock();
      const messageId = `${randomUUID()}@nudge.local`;
      const file = `${date.toISOString().replace(/[:.]/g, '-')}-${String(++sequence).padStart(6, '0')}-${messageId.slice(0, 8)}.eml`;
      await writeFile(join(dir, file), plainTextMessage({ ...mail, date, messageId, headers: { [CHAT_HEADER]: String(mail.chatId) } }), { flag: 'wx' });
      return { messageId };
    },
  };
}

/** The outbox's messages, newest first (for one chat when `chatId` is given). A missing folder is an empty outbox. */
export async function listOutbox(dir: string, options: { chatId?: number; limit?: number } = {}): Promise<OutboxMessage[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.eml'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: OutboxMessage[] = [];
  for (const file of files.sort().reverse()) {
    const { headers, text } = readPlainTextMessage(await readFile(join(dir, file), 'utf8'));
    const chatId = headers[CHAT_HEADER.toLowerCase()] ? Number(headers[CHAT_HEADER.toLowerCase()]) : undefined;
    if (options.chatId !== undefined && chatId !== options.chatId) continue;
    out.push({ file, ...(chatId !== undefined ? { chatId } : {}), from: headers.from ?? '', to: headers.to ?? '', subject: headers.subject ?? '', date: headers.date ?? '', text });
    if (out.length >= (options.limit ?? 50)) break;
  }
  return out;
}
