import { startTelegramStandIn, type ChatMessageView, type TelegramStandIn, type TgUser } from '../../local/telegram-standin/index.ts';

/** The Telegram stand-in, driven through its user-side HTTP API the way the chat page and people use it. */
export interface StandIn {
  apiRoot: string;
  server: TelegramStandIn;
  /** `GET /user/<chatId>/messages`, bot messages only. */
  botMessages(chatId: number): Promise<ChatMessageView[]>;
  /** `POST /user/<chatId>/messages`; returns the update id. */
  userWrites(chatId: number, text: string, from?: TgUser): Promise<number>;
  stop(): Promise<void>;
}

export async function startStandIn(token: string): Promise<StandIn> {
  const server = await startTelegramStandIn({ token, webhookRetry: { initialMs: 50, maxMs: 500, timeoutMs: 5_000 } });
  const userApi = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${server.url}/user${path}`, init);
    if (!response.ok) throw new Error(`stand-in ${path} answered ${response.status}: ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  return {
    apiRoot: server.apiRoot,
    server,
    async botMessages(chatId) {
      const { messages } = (await userApi(`/${chatId}/messages`)) as { messages: ChatMessageView[] };
      return messages.filter((m) => m.from === 'bot');
    },
    async userWrites(chatId, text, from) {
      const answer = await userApi(`/${chatId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text, ...(from ? { from } : {}) }),
      });
      return answer.update_id as number;
    },
    stop: () => server.stop(),
  };
}
