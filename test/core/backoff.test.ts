// Backoff with full jitter and the attempt budget: the waits stay inside their exponential ceilings, and no
// sequence of random draws can make more attempts than the budget allows in any window.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AttemptBudget, backoffCeilingMs, fullJitterMs, type Random } from '../../src/core/index.js';

const policy = { initialMs: 500, maxMs: 30_000 };
const fixed = (value: number): Random => ({ next: () => value });

describe('full-jitter backoff', () => {
  it('doubles its ceiling from the first wait up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map((k) => backoffCeilingMs(policy, k))).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('draws a whole number of ms anywhere from 0 to the ceiling', () => {
    expect(fullJitterMs(policy, 3, fixed(0))).toBe(0);
    expect(fullJitterMs(policy, 3, fixed(0.999_999_9))).toBe(2000);
    expect(fullJitterMs(policy, 3, fixed(0.5))).toBe(1000);
  });
});

describe('AttemptBudget', () => {
  it('allows a burst, then one attempt per interval', () => {
    const budget = new AttemptBudget({ burst: 3, everyMs: 10_000 });
    const at = [0, 0, 0, 0, 0].map(() => budget.reserve(0) / 1000);
    expect(at).toEqual([0, 0, 0, 10_000, 20_000]);
  });

  it('is full again after a quiet spell', () => {
    const budget = new AttemptBudget({ burst: 2, everyMs: 1000 });
    budget.reserve(0);
    budget.reserve(0);
    expect(budget.reserve(60_000_000)).toBe(60_000_000);
    expect(budget.reserve(60_000_000)).toBe(60_000_000);
    expect(budget.reserve(60_000_000)).toBe(61_000_000);
  });

  it('never allows more than burst + W/interval attempts in any window of W, whatever is asked (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 200 }), (waitsMs) => {
        const budget = new AttemptBudget({ burst: 10, everyMs: 10_000 });
        let nowUs = 0;
        const times: number[] = [];
        for (const wait of waitsMs) {
          nowUs = budget.reserve(nowUs + wait * 1000);
          times.push(nowUs);
        }
        const windowUs = 60_000_000;
        for (let i = 0; i < times.length; i++) {
          const inWindow = times.filter((t) => t >= (times[i] as number) && t < (times[i] as number) + windowUs).length;
          expect(inWindow).toBeLessThanOrEqual(10 + 6);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a burst below 1 or an interval that is not positive', () => {
    expect(() => new AttemptBudget({ burst: 0, everyMs: 1000 })).toThrow(RangeError);
    expect(() => new AttemptBudget({ burst: 1, everyMs: 0 })).toThrow(RangeError);
  });
});
