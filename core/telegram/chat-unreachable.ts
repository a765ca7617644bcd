import type { PermanentFailureReason, SendOutcome } from './port.ts';

/** Permanent failures that mean the chat cannot be reached at all (not just this message refused): its deliveries pause. */
export const CHAT_UNREACHABLE: ReadonlySet<PermanentFailureReason> = new Set<PermanentFailureReason>(['blocked', 'chat_not_found', 'deactivated']);

export function isChatUnreachable(outcome: SendOutcome): outcome is Extract<SendOutcome, { kind: 'permanent' }> {
  return outcome.kind === 'permanent' && CHAT_UNREACHABLE.has(outcome.reason);
}
