import type { Reminder } from '../core/store/port.ts';
import type { ChatContext } from './chat-context.ts';
import type { AgentDeps } from './deps.ts';
import { send } from './send-reply.ts';
import { welcomeBackText } from './replies.ts';
import { notifyScheduled } from './reminder-ops.ts';

/** Resumed reminders due within this much of now are handed to `onReminderScheduled` (one sweeper period plus slack). */
export const RESUME_HOOK_WINDOW_MS = 90_000;

/** Bounds the after-resume scan of the chat's rows: pages of this size, at most this many pages. */
const SCAN_PAGE_SIZE = 100;
const SCAN_MAX_PAGES = 20;

/**
 * A chat the sweeper paused (bot blocked, chat gone) has written to us again, so it can be reached:
 * puts its paused reminders back in the due index, tells the person once, and hands the ones due
 * now (or within a minute and a half) to `onReminderScheduled` so they need not wait for a sweep.
 * Returns the number resumed. Resuming clears the blocked flag, so the next update does nothing
 * here; a store failure is logged and the update is still handled (the next one tries again).
 */
export async function resumeIfBlocked(deps: AgentDeps, ctx: ChatContext): Promise<number> {
  if (!ctx.blocked) return 0;
  let resumed: number;
  try {
    resumed = await deps.store.resumeChat(ctx.chatId, ctx.now);
  } catch (error) {
    deps.log.error('could not resume a paused chat; the next update tries again', { chatId: ctx.chatId, error: String(error) });
    return 0;
  }
  let rows: Reminder[] = [];
  try {
    rows = await chatRows(deps, ctx.chatId);
  } catch (error) {
    // The rows are back in the index either way; the sweeper delivers them.
    deps.log.warn('could not read a resumed chat\'s reminders', { chatId: ctx.chatId, error: String(error) });
  }
  const failed = rows.filter((r) => r.status === 'failed').length;
  deps.log.info('chat resumed', { chatId: ctx.chatId, resumed, failed });
  const text = welcomeBackText(resumed, failed);
  if (text) await send(deps, ctx.chatId, { text });
  const soon = ctx.now.getTime() + RESUME_HOOK_WINDOW_MS;
  for (const row of rows) {
    if (row.status === 'pending' && Date.parse(row.dueAt) <= soon) notifyScheduled(deps, row);
  }
  return resumed;
}

async function chatRows(deps: AgentDeps, chatId: number): Promise<Reminder[]> {
  const rows: Reminder[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < SCAN_MAX_PAGES; page++) {
    const result = await deps.store.listReminders(chatId, { limit: SCAN_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    rows.push(...result.items);
    cursor = result.cursor;
    if (!cursor) break;
  }
  return rows;
}
