/**
 * The button under "its time passed while it was paused": 🔔 Send now. Kept apart from the other
 * conversation buttons so each kind stays in its own file. "psn:<26-char ULID>" is 30 of Telegram's 64 bytes.
 */
export type PauseButton = { action: 'send-now'; reminderId: string };

const PATTERN = /^psn:([0-9A-Za-z]{10,40})$/;

export function encodePauseButton(button: PauseButton): string {
  return `psn:${button.reminderId}`;
}

/** Undefined for anything else: callback data comes from the client and is untrusted. */
export function decodePauseButton(data: string): PauseButton | undefined {
  const m = PATTERN.exec(data);
  return m ? { action: 'send-now', reminderId: m[1] as string } : undefined;
}
