/** Plays a person in a chat through the Telegram stand-in's user-side API (real HTTP). */
export interface ChatMessage {
  message_id: number;
  from: 'bot' | 'user';
  text: string;
  buttons: { text: string; callback_data?: string }[][];
  received_at: number;
  edited_at?: number;
}

export class ChatUser {
  constructor(
    private readonly baseUrl: string,
    readonly chatId: number,
    readonly from: { id: number; first_name: string } = { id: Math.abs(chatId), first_name: `User ${Math.abs(chatId)}` },
  ) {}

  async messages(): Promise<ChatMessage[]> {
    const response = await fetch(`${this.baseUrl}/user/${this.chatId}/messages`);
    if (!response.ok) throw new Error(`GET messages answered ${response.status}`);
    return ((await response.json()) as { messages: ChatMessage[] }).messages;
  }

  /** Writes `text`; resolves with the id of the user's message. */
  async say(text: string): Promise<number> {
    const response = await fetch(`${this.baseUrl}/user/${this.chatId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text, from: this.from }),
    });
    if (!response.ok) throw new Error(`POST messages answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { message_id: number }).message_id;
  }

  async press(messageId: number, data: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/user/${this.chatId}/callbacks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message_id: messageId, data, from: this.from }),
    });
    if (!response.ok) throw new Error(`POST callbacks answered ${response.status}: ${await response.text()}`);
  }

  /** The first bot message after `afterId` that matches, polling until `timeoutMs`. */
  async waitForBot(afterId: number, match: (message: ChatMessage) => boolean, timeoutMs = 5_000): Promise<ChatMessage> {
    const deadline = Date.now() + timeoutMs;
    let seen: ChatMessage[] = [];
    while (Date.now() < deadline) {
      seen = (await this.messages()).filter((m) => m.from === 'bot' && m.message_id > afterId);
      const found = seen.find(match);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no matching bot message within ${timeoutMs} ms; bot said: ${JSON.stringify(seen.map((m) => m.text))}`);
  }

  /** Sends `text` and waits for the bot's first answer to it. */
  async ask(text: string, timeoutMs = 5_000): Promise<ChatMessage> {
    const id = await this.say(text);
    return this.waitForBot(id, () => true, timeoutMs);
  }
}

export function buttonData(message: ChatMessage, matches: (data: string) => boolean): string {
  const data = message.buttons.flat().map((b) => b.callback_data ?? '').find(matches);
  if (!data) throw new Error(`no such button on message ${message.message_id}: ${JSON.stringify(message.buttons)}`);
  return data;
}
