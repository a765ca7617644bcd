import type { DeliveryLogEntry } from '../core/store/index.ts';
import { formatInstant, formatLateness } from '../core/time/index.ts';
import { ReminderStatus } from '../schema/index.ts';
import { parseChatId } from './admin-args.ts';
import { AdminLookupError, UsageError } from './admin-errors.ts';
import { processIo, runAdminCommand, TARGET_HELP, targetSummary, type AdminIo, type AdminSession } from './admin-run.ts';
import { allReminders } from './reminders.ts';
import { clip, renderTextTable, utcStamp } from './text-table.ts';

const RECENT_DELIVERIES = 10;

const USAGE = `Usage: nudge chat <id> [--json]

One chat at a glance: its settings (timezone, blocked and why), how many reminders it has in each
status, and the last ${RECENT_DELIVERIES} deliveries from the delivery log (kept 30 days).
  <id>   the Telegram chat id (negative for groups: nudge chat -1001234567890)

Exits 1 when the table holds nothing at all for the chat.

${TARGET_HELP}

--json prints {"target", "chatId", "settings": {"timezone","blocked","blockedReason","updatedAt"} | null,
"counts": {"pending","sending","paused","failed","total"},
"deliveries": [{"shortId","reminderId","text","work","dueAt","sentAt","lateMs","messageId"}]}.

Example:
  nudge chat 42`;

/** `nudge chat`: settings, counts by status and recent deliveries of one chat. */
export function chatCommand(args: string[], io: AdminIo = processIo()): Promise<number> {
  return runAdminCommand(
    {
      name: 'chat',
      usage: USAGE,
      parse(_values, positionals) {
        if (positionals.length === 0) throw new UsageError('missing the chat id: nudge chat <id>.');
        if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}" (give one chat id).`);
        return { chatId: parseChatId(positionals[0] ?? '', 'chat id') };
      },
      run: showChat,
    },
    args,
    io,
  );
}

async function showChat({ chatId }: { chatId: number }, session: AdminSession): Promise<number> {
  const { store, target } = session.open;
  const [settings, reminders, deliveries] = await Promise.all([
    store.getChatSettings(chatId),
    allReminders(session, chatId),
    store.listDeliveryLog(chatId, session.now, RECENT_DELIVERIES),
  ]);
  if (!settings && reminders.length === 0 && deliveries.length === 0) {
    throw new AdminLookupError(`nothing is stored for chat ${chatId} in table ${target.tableName} (no settings, reminders or deliveries).`);
  }
  const counts = Object.fromEntries(ReminderStatus.options.map((status) => [status, reminders.filter((r) => r.status === status).length])) as Record<
    ReminderStatus,
    number
  >;
  const zone = settings?.timezone ?? 'UTC';
  const log = deliveries.map((d) => deliveryView(d));
  session.print(
    {
      target: targetSummary(target),
      chatId,
      settings: settings
        ? { timezone: settings.timezone ?? null, blocked: settings.blocked === true, blockedReason: settings.blockedReason ?? null, updatedAt: settings.updatedAt }
        : null,
      counts: { ...counts, total: reminders.length },
      deliveries: log,
    },
    () => {
      const lines = [`Chat ${chatId} (table ${target.tableName})`, ''];
      if (!settings) lines.push('Settings:  none stored (timezone not set; not blocked)');
      else {
        lines.push(`Timezone:  ${settings.timezone ?? '(not set)'}`);
        lines.push(`Blocked:   ${settings.blocked ? `yes: ${settings.blockedReason ?? '(no reason recorded)'}` : 'no'}`);
      }
      lines.push(`Reminders: ${reminders.length} (${ReminderStatus.options.map((s) => `${s} ${counts[s]}`).join(', ')})`, '');
      if (log.length === 0) lines.push('No deliveries in the log.');
      else {
        lines.push(`Last ${log.length} deliver${log.length === 1 ? 'y' : 'ies'} (newest first, local times in ${zone}):`);
        lines.push(
          renderTextTable(
            ['SENT (UTC)', `SENT (LOCAL)`, '#', 'LATE', 'MESSAGE', 'TEXT'],
            log.map((d) => [
              utcStamp(d.sentAt),
              formatInstant(new Date(d.sentAt), zone, session.now),
              `#${d.shortId}`,
              d.lateMs < 1_000 ? 'on time' : formatLateness(d.lateMs),
              d.messageId === null ? (d.work === 'action' ? '(action)' : '-') : String(d.messageId),
              clip(d.text, 50),
            ]),
          ),
        );
      }
      return lines.join('\n');
    },
  );
  return 0;
}

function deliveryView(entry: DeliveryLogEntry) {
  return {
    shortId: entry.shortId,
    reminderId: entry.reminderId,
    text: entry.text,
    work: entry.work,
    dueAt: entry.dueAt,
    sentAt: entry.sentAt,
    /** How long after its occurrence it went out. */
    lateMs: Math.max(0, Date.parse(entry.sentAt) - Date.parse(entry.dueAt)),
    messageId: entry.messageId ?? null,
  };
}
