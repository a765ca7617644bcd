import { describe, expect, it } from 'vitest';
import { createGate } from '../../core/sweeper/gate.ts';

describe('createGate', () => {
  it('runs 100,000 queued tasks in order, never more than the limit at once', async () => {
    // Prepare
    const gate = createGate(16);
    const order: number[] = [];
    let active = 0;
    let peak = 0;
    const task = (i: number) => async () => {
      active++;
      peak = Math.max(peak, active);
      await Promise.resolve();
      order.push(i);
      active--;
      return i;
    };

    // Act: everything queued at once, as a sweep of a 100k backlog did before sweeps were bounded.
    const results = await Promise.all(Array.from({ length: 100_000 }, (_, i) => gate(task(i))));

    // Assess
    expect(results).toHaveLength(100_000);
    expect(results.every((value, i) => value === i)).toBe(true);
    expect(order.every((value, i) => value === i)).toBe(true);
    expect(peak).toBe(16);
    expect(active).toBe(0);
  });

  it('releases its slot when a task throws, and keeps admitting in order', async () => {
    // Prepare
    const gate = createGate(1);
    const seen: string[] = [];

    // Act
    const failing = gate(async () => {
      seen.push('a');
      throw new Error('boom');
    });
    const next = gate(async () => {
      seen.push('b');
      return 'b';
    });

    // Assess
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('b');
    expect(seen).toEqual(['a', 'b']);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => createGate(0)).toThrow(RangeError);
    expect(() => createGate(1.5)).toThrow(RangeError);
  });
});
