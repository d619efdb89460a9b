import { describe, expect, it } from 'vitest';
import { flatLevels, walkLevels } from '../../src/book/index.js';

describe('walkLevels: a taker order down one side of levels', () => {
  it('takes level by level up to the limit and tells each take in order', () => {
    const takes: [number, number][] = [];
    const walk = walkLevels(flatLevels([100, 5, 101, 7, 102, 9]), 'buy', 20, 101, (ticks, lots) => takes.push([ticks, lots]));
    expect(takes).toEqual([
      [100, 5],
      [101, 7],
    ]);
    expect(walk).toMatchObject({ filledLots: 12, unfilledLots: 8, levelsConsumed: 2, worstTicks: 101 });
    expect(walk.sumTicksLots.toString()).toBe(String(100 * 5 + 101 * 7));
  });

  it('skips a level with nothing left on it (a level an earlier own order used up)', () => {
    const takes: [number, number][] = [];
    const walk = walkLevels(flatLevels([100, 0, 99, 4]), 'sell', 3, 99, (ticks, lots) => takes.push([ticks, lots]));
    expect(takes).toEqual([[99, 3]]);
    expect(walk).toMatchObject({ filledLots: 3, levelsConsumed: 1, worstTicks: 99 });
  });
});
