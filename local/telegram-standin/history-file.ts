import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChatRecord, StoredMessage, World } from './world.ts';
import type { TgChat } from './types.ts';

/** Messages kept per chat: enough to scroll back through a session, small enough to rewrite often. */
export const HISTORY_MESSAGES_PER_CHAT = 500;
/** Writes are coalesced: a burst of messages (a sweep delivering ten reminders) is one write. */
const WRITE_DELAY_MS = 200;

interface HistoryFileShape {
  version: 1;
  chats: Array<{ chat: TgChat; nextMessageId: number; messages: StoredMessage[] }>;
}

/**
 * Keeps the stand-in's chats (what Telegram would keep server-side) in a JSON file, so the chat
 * page shows the conversation after a restart. Loads what is there, then rewrites the file shortly
 * after every change, atomically (temp file + rename): a crash leaves the previous version, never
 * half a file. Pending updates and callback queries are not kept — like Telegram after 24 h.
 */
export class ChatHistoryFile {
  private timer: NodeJS.Timeout | undefined;
  private readonly onChange = (): void => this.schedule();

  constructor(
    private readonly world: World,
    private readonly path: string,
  ) {}

  /** Reads the file into the world (a missing or unreadable file starts empty) and starts saving. */
  start(): void {
    for (const saved of readHistory(this.path)) {
      const record: ChatRecord = { chat: saved.chat, messages: saved.messages, nextMessageId: saved.nextMessageId, answers: [], actions: [] };
      this.world.chats.set(saved.chat.id, record);
    }
    this.world.events.on('changed', this.onChange);
  }

  /** Writes what is pending now and stops listening. */
  stop(): void {
    this.world.events.off('changed', this.onChange);
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.write();
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.write();
    }, WRITE_DELAY_MS);
    this.timer.unref();
  }

  private write(): void {
    const shape: HistoryFileShape = {
      version: 1,
      chats: [...this.world.chats.values()].map((record) => ({
        chat: record.chat,
        nextMessageId: record.nextMessageId,
        messages: record.messages.slice(-HISTORY_MESSAGES_PER_CHAT),
      })),
    };
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, JSON.stringify(shape));
    renameSync(temp, this.path);
  }
}

function readHistory(path: string): HistoryFileShape['chats'] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  try {
    const parsed = JSON.parse(text) as Partial<HistoryFileShape>;
    if (parsed.version !== 1 || !Array.isArray(parsed.chats)) return [];
    return parsed.chats.filter((c) => typeof c?.chat?.id === 'number' && Number.isInteger(c.nextMessageId) && Array.isArray(c.messages));
  } catch {
    // A damaged history is not worth refusing to start over: the chat page starts empty.
    return [];
  }
}
