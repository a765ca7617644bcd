import type { DeliveryLogItem } from '../../schema/index.ts';

type Delivery = Pick<DeliveryLogItem, 'sentAt' | 'reminderId'>;

/**
 * Newest delivery first; the reminder id breaks a tie within one millisecond. That is the order of the
 * separate log items' `SENT#<sentAt>#<id>` keys reversed, so delivered reminder rows (keyed `REMINDER#<id>`,
 * which says nothing about time) merge into it as if they had been log items.
 */
export function newestDeliveryFirst(a: Delivery, b: Delivery): number {
  if (a.sentAt !== b.sentAt) return a.sentAt < b.sentAt ? 1 : -1;
  return a.reminderId < b.reminderId ? 1 : a.reminderId > b.reminderId ? -1 : 0;
}
