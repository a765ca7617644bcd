import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConfigError, integer, optionalString, type Env } from '../core/config/env.ts';
import { EMAIL_RULES } from '../core/email/verification.ts';
import { createBraveSearch } from '../adapters/search/brave-search.ts';
import type { WebSearch } from '../core/search/port.ts';
import { createDynamoDbEmailBook } from '../adapters/dynamodb/email-book.ts';
import { createDynamoDbMemoryControl } from '../adapters/dynamodb/memory.ts';
import { createOutboxMailSender } from '../adapters/mail/mail-outbox.ts';
import type { AgentToolDeps } from '../agent/tools/deps.ts';
import { startSearchStandIn } from './search-standin/index.ts';

/** Search in local mode: off (the default: offline), the local stand-in, a real provider by key, or any port (tests). */
export type LocalSearchChoice = { kind: 'off' } | { kind: 'standin' } | { kind: 'brave'; apiKey: string; apiRoot?: string } | { kind: 'custom'; search: WebSearch };

export interface LocalToolOptions {
  search?: LocalSearchChoice;
  /** E-mails per chat per UTC day (default 20). */
  emailDailyLimit?: number;
}

/** Local mode's mail: .eml files here, never sent anywhere. */
export function outboxDirOf(dataDir: string): string {
  return join(dataDir, 'outbox');
}

/** The sender address local mail carries. */
export const LOCAL_EMAIL_FROM = 'nudge@localhost';

/** `NUDGE_SEARCH_PROVIDER` = `standin` or `brave` (+ `NUDGE_SEARCH_API_KEY`, optional `NUDGE_SEARCH_API_ROOT`); `NUDGE_EMAIL_DAILY_LIMIT`. */
export function readLocalToolSettings(env: Env): LocalToolOptions {
  const provider = optionalString(env, 'NUDGE_SEARCH_PROVIDER')?.toLowerCase();
  const emailDailyLimit = integer(env, 'NUDGE_EMAIL_DAILY_LIMIT', EMAIL_RULES.defaultDailyLimit, { min: 1, max: 1000 });
  if (provider === undefined || provider === 'off') return { emailDailyLimit };
  if (provider === 'standin') return { search: { kind: 'standin' }, emailDailyLimit };
  if (provider === 'brave') {
    const apiKey = optionalString(env, 'NUDGE_SEARCH_API_KEY');
    if (!apiKey) throw new ConfigError('NUDGE_SEARCH_API_KEY', 'NUDGE_SEARCH_PROVIDER=brave needs NUDGE_SEARCH_API_KEY');
    const apiRoot = optionalString(env, 'NUDGE_SEARCH_API_ROOT');
    return { search: { kind: 'brave', apiKey, ...(apiRoot ? { apiRoot } : {}) }, emailDailyLimit };
  }
  throw new ConfigError('NUDGE_SEARCH_PROVIDER', `NUDGE_SEARCH_PROVIDER must be standin, brave or off in local mode, got "${provider}"`);
}

export interface LocalAgentTools {
  tools: AgentToolDeps;
  outboxDir: string;
  /** The search stand-in's URL, when it runs. */
  searchUrl?: string;
  /** One line for the banner. */
  description: string;
  stop(): Promise<void>;
}

/**
 * The agent's tools in local mode: e-mail always on, into the outbox folder (verification codes
 * included, so a newcomer reads them on the chat page); search as chosen; memory controls on the
 * local table.
 */
export async function startLocalAgentTools(options: {
  dataDir: string;
  host: string;
  clock: () => Date;
  table: { client: DynamoDBDocumentClient; tableName: string };
  tools?: LocalToolOptions;
}): Promise<LocalAgentTools> {
  const outboxDir = outboxDirOf(options.dataDir);
  const tools: AgentToolDeps = {
    memory: createDynamoDbMemoryControl(options.table),
    email: {
      from: LOCAL_EMAIL_FROM,
      dailyLimit: options.tools?.emailDailyLimit ?? EMAIL_RULES.defaultDailyLimit,
      book: createDynamoDbEmailBook(options.table),
      sender: createOutboxMailSender(outboxDir, options.clock),
    },
  };
  const choice = options.tools?.search ?? { kind: 'off' };
  let stop = async () => {};
  let searchUrl: string | undefined;
  if (choice.kind === 'standin') {
    const standIn = await startSearchStandIn({ host: options.host });
    tools.search = createBraveSearch({ apiKey: standIn.apiKey, apiRoot: standIn.url });
    searchUrl = standIn.url;
    stop = () => standIn.stop();
  } else if (choice.kind === 'brave') {
    tools.search = createBraveSearch({ apiKey: choice.apiKey, ...(choice.apiRoot ? { apiRoot: choice.apiRoot } : {}) });
  } else if (choice.kind === 'custom') {
    tools.search = choice.search;
  }
  const search = { off: 'off', standin: 'local stand-in', brave: 'Brave Search', custom: 'custom' }[choice.kind];
  return { tools, outboxDir, ...(searchUrl ? { searchUrl } : {}), description: `web search ${search}; e-mail to the outbox folder (${outboxDir})`, stop };
}
