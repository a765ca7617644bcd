/**
 * The one-tap "other reading" under a confirmation or an unsure reading: "03.12" read as 3 December
 * offers 12 March, "at 5" read as 17:00 offers 05:00. The alternative itself (time, schedule, text) is
 * kept server-side as a draft; the button names the reminder (or draft) it changes and that draft.
 * Telegram caps callback_data at 64 bytes: "dalt:<26-char ULID>:<26-char ULID>" is 58.
 */
export type OtherReadingPress =
  /** Move the saved reminder to the reading kept in draft `altId`. */
  | { target: 'reminder'; id: string; altId: string }
  /** Replace the unsure reading in draft `id` by the one in draft `altId`. */
  | { target: 'draft'; id: string; altId: string };

const PREFIX = { reminder: 'alt', draft: 'dalt' } as const;
const PATTERN = /^(alt|dalt):([0-9A-Za-z]{10,26}):([0-9A-Za-z]{10,26})$/;

export function encodeOtherReading(press: OtherReadingPress): string {
  return `${PREFIX[press.target]}:${press.id}:${press.altId}`;
}

/** Undefined for anything that is not one of ours: callback data comes from the client and is untrusted. */
export function decodeOtherReading(data: string): OtherReadingPress | undefined {
  const match = PATTERN.exec(data);
  if (!match) return undefined;
  return { target: match[1] === 'alt' ? 'reminder' : 'draft', id: match[2] as string, altId: match[3] as string };
}
