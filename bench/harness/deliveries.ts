import type { TelegramStandIn } from '../../local/telegram-standin/index.ts';

export interface Delivery {
  index: number;
  chatId: number;
  receivedAt: number;
}

export interface DeliveryCount {
  /** First arrival of each reminder, by its index. */
  first: Map<number, Delivery>;
  duplicates: number;
}

/** What the stand-in received for reminders whose text is `<marker>-<i>-end`: first arrivals and repeats. */
export function deliveriesAt(standIn: TelegramStandIn, marker: string): DeliveryCount {
  const pattern = new RegExp(`\\b${marker}-(\\d+)-end\\b`);
  const first = new Map<number, Delivery>();
  let duplicates = 0;
  for (const message of standIn.sentMessages()) {
    const match = pattern.exec(message.text);
    if (!match) continue;
    const index = Number(match[1]);
    if (first.has(index)) duplicates++;
    else first.set(index, { index, chatId: message.chat_id, receivedAt: message.received_at });
  }
  return { first, duplicates };
}
