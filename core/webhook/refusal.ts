/**
 * Strangers are told once. The "already told" marker reuses the processed-update record under a
 * negative id: Telegram update ids are never negative and user ids are positive, so `-userId` can't
 * collide with a real update, and the store's conditional write makes "first refusal" atomic even
 * when a stranger's messages arrive concurrently. An admin sees it as `UPDATE#-<userId>`.
 */
export function refusalMarkerId(userId: number): number {
  return -Math.abs(userId);
}

/** The one polite answer a stranger gets. Carries their id so the operator can add them. */
export function refusalText(userId: number): string {
  return (
    'Sorry — this Nudge bot is private and only answers the people it was set up for. ' +
    `If you know who runs it, they can add your Telegram user id: ${userId}.`
  );
}
