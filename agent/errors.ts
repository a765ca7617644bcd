/**
 * A request the agent cannot carry out because of what the person asked (unknown id, bad zone,
 * a time in the past). `message` is written for the person and is shown to them as is — to a
 * chat as a reply, to the model as a tool error it can relay.
 */
export class UserInputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserInputError';
  }
}

/** The chat already has as many active reminders as one chat may have. */
export class ReminderCapReachedError extends UserInputError {
  constructor(
    readonly limit: number,
    options?: { cause?: unknown },
  ) {
    super(reminderCapText(limit), options);
    this.name = 'ReminderCapReachedError';
  }
}

/** The person's sentence for the cap (user-facing text lives with the other replies' wording). */
export function reminderCapText(limit: number): string {
  return `🚫 You have ${limit.toLocaleString('en-US')} active reminders — the most one chat can have. Cancel some first (/list shows them, /cancel #N removes one).`;
}

/** The model call failed or misbehaved (Bedrock error, no message, malformed reply). */
export class ModelCallError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelCallError';
  }
}
