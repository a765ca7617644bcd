import { describe, expect, it } from 'vitest';
import { RecentUpdateIds } from '../../agent/recent-updates.ts';

describe('RecentUpdateIds', () => {
  it('says an id is a repeat only after it was recorded', () => {
    const recent = new RecentUpdateIds(3);
    expect([recent.seen(1), recent.seen(2), recent.seen(1), recent.seen(2)]).toEqual([false, false, true, true]);
  });

  it('stays bounded, evicting the least recently seen id first', () => {
    const recent = new RecentUpdateIds(3);
    for (const id of [1, 2, 3]) recent.seen(id);
    recent.seen(1); // 1 is now the most recent; 2 the least.
    recent.seen(4); // evicts 2

    expect(recent.size).toBe(3);
    expect(recent.seen(1)).toBe(true);
    expect(recent.seen(2)).toBe(false); // forgotten, so taken as new (and evicts 3)
    expect(recent.seen(3)).toBe(false);
    expect(recent.size).toBe(3);
  });

  it('refuses a capacity that cannot hold anything', () => {
    expect(() => new RecentUpdateIds(0)).toThrow(RangeError);
  });
});
