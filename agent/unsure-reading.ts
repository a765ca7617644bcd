import { draftKeyboard } from '../core/draft-buttons.ts';
import type { ReadingAlternative } from '../core/time/index.ts';
import type { Schedule, ReminderWork } from '../schema/index.ts';
import type { ChatContext } from './chat-context.ts';
import type { Reply } from './reply.ts';
import type { AgentDeps } from './deps.ts';
import { UserInputError } from './errors.ts';
import { otherReadingRows } from './other-reading-offer.ts';

/** How long an unsure reading waits for ✅ Save / ✏️ Change / ❌ Cancel. */
export const DRAFT_TTL_SECONDS = 24 * 3600;

/**
 * Time words stayed unread, so nothing was scheduled. Carries the reading as understood, so the reply can
 * offer to save exactly that with one tap. A UserInputError, so paths without buttons (the model's tools)
 * still get a sentence.
 */
export class UnsureReadingError extends UserInputError {
  readonly reading: { text: string; work: ReminderWork; schedule: Schedule; dueAt: Date };
  /** Other readings of an ambiguous date or hour in the same phrase, offered with one tap. */
  readonly alternatives: ReadingAlternative[];
  constructor(message: string, reading: UnsureReadingError['reading'], options?: { cause?: unknown; alternatives?: ReadingAlternative[] }) {
    super(message, options);
    this.name = 'UnsureReadingError';
    this.reading = reading;
    this.alternatives = options?.alternatives ?? [];
  }
}

/**
 * Keeps the reading as a draft and asks: the reply shows what was understood, with the three buttons, and a
 * "↔️ I meant …" button per other reading of an ambiguous date or hour.
 */
export async function offerDraft(deps: AgentDeps, ctx: ChatContext, error: UnsureReadingError): Promise<Reply> {
  const draft = await deps.store.putDraft({ chatId: ctx.chatId, tz: ctx.tz, ...error.reading }, ctx.now, DRAFT_TTL_SECONDS);
  const others = await otherReadingRows(deps, ctx, { kind: 'draft', id: draft.id }, { ...error.reading, alternatives: error.alternatives });
  return { text: error.message, buttons: [...draftKeyboard(draft.id), ...others] };
}
