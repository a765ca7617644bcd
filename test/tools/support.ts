import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbEmailBook } from '../../adapters/dynamodb/email-book.ts';
import { createDynamoDbMemoryControl } from '../../adapters/dynamodb/memory.ts';
import { createOutboxMailSender, listOutbox, type OutboxMessage } from '../../adapters/mail/mail-outbox.ts';
import { createSesMailSender } from '../../adapters/ses/ses-mail-sender.ts';
import type { AgentToolDeps } from '../../agent/tools/deps.ts';
import type { WebSearch } from '../../core/search/port.ts';

export const FROM = 'nudge@bot.example';

type Table = { client: DynamoDBDocumentClient; tableName: string };

/** Tools over the test table: e-mail into an outbox folder (or SES at `sesUrl`), optional search. */
export function testTools(options: { outboxDir?: string; sesUrl?: string; search?: WebSearch; dailyLimit?: number; clock?: () => Date }) {
  return (table: Table): AgentToolDeps => {
    const sender = options.sesUrl
      ? createSesMailSender(
          new SESv2Client({
            endpoint: options.sesUrl,
            region: 'us-east-1',
            credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
            // Scripted faults must reach the agent as they are, not be retried away.
            maxAttempts: 1,
          }),
        )
      : createOutboxMailSender(options.outboxDir ?? '/nonexistent', options.clock);
    return {
      memory: createDynamoDbMemoryControl(table),
      email: { from: FROM, dailyLimit: options.dailyLimit ?? 20, book: createDynamoDbEmailBook(table), sender },
      ...(options.search ? { search: options.search } : {}),
    };
  };
}

export async function tempOutbox(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'nudge-outbox-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function mailsTo(dir: string, address: string): Promise<OutboxMessage[]> {
  return (await listOutbox(dir)).filter((m) => m.to === address);
}

/** The 6-digit code in the newest verification e-mail to `address`. */
export async function codeSentTo(dir: string, address: string): Promise<string> {
  const [newest] = await mailsTo(dir, address);
  const code = /Your code is (\d{6})\./.exec(newest?.text ?? '')?.[1];
  if (!code) throw new Error(`no verification code in the outbox for ${address}`);
  return code;
}

/** A 6-digit code that is not `code`. */
export function otherCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}
