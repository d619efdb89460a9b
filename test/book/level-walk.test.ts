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

  it('sums ticks × lots exactly past the safe integers (2^53), from the level where the sum leaves them', () => {
    const levels = [3, 5, 2 ** 40, 2 ** 13, 2 ** 40 + 1, 2 ** 20 - 1, 2 ** 41 + 3, 7];
    const walk = walkLevels(flatLevels(levels), 'buy', 2 ** 21, null);
    let expected = 0n;
    for (let i = 0; i < levels.length; i += 2) expected += BigInt(levels[i] as number) * BigInt(levels[i + 1] as number);
    expect(walk.filledLots).toBe(5 + 2 ** 13 + 2 ** 20 - 1 + 7);
    expect(walk.sumTicksLots.toFixed()).toBe(expected.toString());
    expect(walkLevels(flatLevels([2 ** 45, 2 ** 10]), 'buy', 2 ** 10, null).sumTicksLots.toFixed()).toBe((2n ** 55n).toString());
  });

  it('skips a level with nothing left on it (a level an earlier own order used up)', () => {
    const takes: [number, number][] = [];
    const walk = walkLevels(flatLevels([100, 0, 99, 4]), 'sell', 3, 99, (ticks, lots) => takes.push([ticks, lots]));
    expect(takes).toEqual([[99, 3]]);
    expect(walk).toMatchObject({ filledLots: 3, levelsConsumed: 1, worstTicks: 99 });
  });
});
