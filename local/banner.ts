import type { LocalStack } from './stack.ts';

export interface BannerInput {
  stack: Pick<LocalStack, 'urls' | 'telegram' | 'botUsername' | 'access' | 'dataDir'>;
  brain: string;
  defaultTimezone: string;
  /** One line about web search and e-mail, when the stack has them. */
  tools?: string;
}

/** The few lines `npm start` prints once everything is up: where to go, where data lives, which brain, who may use it. */
export function formatBanner({ stack, brain, defaultTimezone, tools }: BannerInput): string {
  const lines = ['', '  Nudge is running locally.', ''];
  if (stack.urls.chat) {
    lines.push(`  Open the chat:  ${stack.urls.chat}`);
  } else {
    const bot = stack.botUsername ? `@${stack.botUsername}` : 'your bot';
    lines.push(`  Chat with ${bot} in Telegram (long polling; no public URL needed).`);
  }
  lines.push(
    `  Data:           ${stack.dataDir}`,
    `  Brain:          ${brain}`,
    `  Timezone:       ${defaultTimezone} for chats that have not set one (/tz to change)`,
  );
  if (tools) lines.push(`  Tools:          ${tools}`);
  if (stack.access.mode === 'open') {
    const who = stack.telegram === 'stand-in' ? 'local test users' : 'anyone who finds the bot — set NUDGE_ALLOWED_USER_IDS to restrict';
    lines.push(`  Access:         open (${who})`);
  } else {
    lines.push(`  Access:         allow-list (${[...stack.access.userIds].join(', ')})`);
  }
  lines.push('', '  Ctrl-C stops Nudge; reminders are kept for the next start.', '');
  return lines.join('\n');
}
