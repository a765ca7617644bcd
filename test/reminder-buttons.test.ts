import { describe, expect, it } from 'vitest';
import { decodeButton, encodeButton, reminderKeyboard } from '../core/reminder-buttons.ts';

const id = '01JDQ8ZK3V4W5X6Y7Z8A9B0C1D';

describe('reminder buttons', () => {
  it('round-trips every button under the 64-byte callback limit', () => {
    for (const row of reminderKeyboard(id)) {
      for (const button of row) {
        const data = (button as { callback_data: string }).callback_data;
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
        expect(decodeButton(data)).toBeDefined();
      }
    }
    expect(decodeButton(encodeButton({ action: 'snooze', reminderId: id, choice: 'tomorrow' }))).toEqual({
      action: 'snooze', reminderId: id, choice: 'tomorrow',
    });
  });

  it('rejects data that is not ours', () => {
    for (const data of ['', 'done', 'done:', `done:${id}:x`, `snooze:${id}`, `snooze:${id}:5y`, `delete:${id}`, 'done:../../etc']) {
      expect(decodeButton(data)).toBeUndefined();
    }
  });
});
