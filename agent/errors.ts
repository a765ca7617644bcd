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

/** The model call failed or misbehaved (Bedrock error, no message, malformed reply). */
export class ModelCallError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelCallError';
  }
}
