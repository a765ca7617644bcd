// Drafts: reminders Nudge was unsure how to read ("and 20" left in the text). Kept with a TTL until the
// person taps ✅ Save as shown, ✏️ Change or ❌ Cancel; taking one deletes it, so a double-tap saves once.
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DraftItem, keys } from '../../schema/index.ts';
import type { Draft, DraftInput } from '../../core/store/draft-port.ts';
import { epochSeconds, isAlive, parseOrSkip, type StoreContext } from './store-context.ts';
import { checkChatId, checkDate, checkPositiveInteger, checkSchedule, checkText } from '../../core/store/validate-input.ts';

export type { Draft, DraftInput } from '../../core/store/draft-port.ts';

export async function putDraft(ctx: StoreContext, input: DraftInput, now: Date, ttlSeconds: number): Promise<Draft> {
  checkChatId(input.chatId);
  checkDate(now, 'now');
  checkPositiveInteger(ttlSeconds, 'ttlSeconds');
  const id = ctx.newId();
  const item: DraftItem = {
    pk: keys.chatPk(input.chatId),
    sk: keys.draftSk(id),
    type: 'draft',
    chatId: input.chatId,
    id,
    text: checkText(input.text),
    work: input.work,
    schedule: checkSchedule(input.schedule),
    tz: input.tz,
    dueAt: input.dueAt.toISOString(),
    at: now.toISOString(),
    expiresAt: epochSeconds(now) + ttlSeconds,
  };
  await ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item: item }));
  return { ...input, id };
}

/** Deletes and returns the draft; undefined when it is gone, expired, or was taken by an earlier tap. */
export async function takeDraft(ctx: StoreContext, chatId: number, id: string, now: Date): Promise<Draft | undefined> {
  checkChatId(chatId);
  checkDate(now, 'now');
  const { Attributes } = await ctx.client.send(
    new DeleteCommand({ TableName: ctx.tableName, Key: { pk: keys.chatPk(chatId), sk: keys.draftSk(id) }, ReturnValues: 'ALL_OLD' }),
  );
  const item = Attributes ? parseOrSkip(ctx, DraftItem, Attributes) : undefined;
  if (!item || !isAlive(item.expiresAt, now)) return undefined;
  return { chatId: item.chatId, id: item.id, text: item.text, work: item.work, schedule: item.schedule, tz: item.tz, dueAt: new Date(item.dueAt) };
}
