// Hand-computed cases of the Cont–Kukanov–Stoikov touch OFI (weak inequalities) and the multi-level OFI.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multiLevelOfi, touchOfi, type Quotes } from '../../src/features/index.js';

const q = (bidTicks: number, bidLots: number, askTicks: number, askLots: number): Quotes => ({ bidTicks, bidLots, askTicks, askLots });

describe('touchOfi (CKS, weak inequalities)', () => {
  const prev = q(100, 10, 101, 20);
  it.each([
    ['bid unchanged, size up: qb − qb′', q(100, 15, 101, 20), 5],
    ['bid unchanged, size down', q(100, 4, 101, 20), -6],
    ['bid up: +qb', q(101, 3, 102, 20), 3 + 20], // ask up too: +qa′
    ['bid down: −qb′', q(99, 7, 101, 20), -10],
    ['ask unchanged, size up: −(qa − qa′)', q(100, 10, 101, 26), -6],
    ['ask unchanged, size down', q(100, 10, 101, 5), 15],
    ['ask down: −qa', q(100, 10, 100.5, 8), -8],
    ['ask up: +qa′', q(100, 10, 102, 8), 20],
    ['nothing changed: 0', q(100, 10, 101, 20), 0],
  ])('%s', (_name, cur, expected) => {
    expect(touchOfi(prev, cur)).toBe(expected);
  });

  it('counts a size change at an unchanged price (the strict-inequality bug would give 0)', () => {
    expect(touchOfi(q(100, 10, 101, 20), q(100, 11, 101, 20))).toBe(1);
  });

  it('is 0 for any sequence of identical quotes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), (bid, spread, size) => {
        const s = q(bid, size, bid + spread, size + 1);
        expect(touchOfi(s, s)).toBe(0);
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});

describe('multiLevelOfi (by level rank)', () => {
  it('computes bid and ask flows per level: rise, unchanged, fall', () => {
    const out = [0, 0, 0];
    // level 1: bid price up (→ +5), ask unchanged 7→9 (→ ask flow 2); level 2: bid unchanged 4→1 (−3), ask up (→ −6);
    // level 3: bid down (→ −2), ask down (→ +3).
    multiLevelOfi([100, 3, 99, 4, 98, 2], [101, 5, 99, 1, 97, 8], [102, 7, 103, 6, 105, 1], [102, 9, 104, 2, 104, 3], 3, out);
    expect(out).toEqual([5 - 2, -3 - -6, -2 - 3]);
  });

  it('treats a level that appears or disappears as its own size change', () => {
    const out = [0, 0];
    multiLevelOfi([100, 3], [100, 3, 99, 4], [101, 2, 102, 5], [101, 2], 2, out);
    expect(out).toEqual([0, 4 - -5]);
  });
});
