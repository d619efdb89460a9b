// RollingSums: windows (t − W, t], eviction at the exact boundary, empty windows, growth, and running sums
// that stay within a rounding of their window's contents after 10^8 adds and removes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingSums } from '../../src/features/index.js';

describe('RollingSums', () => {
  it('drops an event exactly one window old and keeps one a microsecond younger', () => {
    const r = new RollingSums(1, [100]);
    r.add(1_000_000, [5]);
    r.advance(1_099_999);
    expect(r.sum(0)).toBe(5);
    expect(r.count(0)).toBe(1);
    r.advance(1_100_000);
    expect(r.sum(0)).toBe(0);
    expect(r.count(0)).toBe(0);
  });

  it('keeps every window at once, each with its own sum', () => {
    const r = new RollingSums(2, [100, 1000]);
    r.add(0, [1, 10]);
    r.add(50_000, [2, 20]);
    r.add(150_000, [4, 40]);
    expect([r.sum(0, 0), r.sum(0, 1), r.count(0)]).toEqual([4, 40, 1]);
    expect([r.sum(1, 0), r.sum(1, 1), r.count(1)]).toEqual([7, 70, 3]);
    r.advance(1_050_000);
    expect([r.sum(1, 0), r.count(1)]).toEqual([4, 1]);
  });

  it('gives 0 for an empty window and survives growth past its initial capacity', () => {
    const r = new RollingSums(1, [10_000]);
    expect(r.sum(0)).toBe(0);
    let expected = 0;
    for (let i = 0; i < 5000; i++) {
      r.add(i * 1000, [i]);
      expected += i;
    }
    expect(r.sum(0)).toBe(expected); // 5000 events 1 ms apart: all inside the 10 s window
    expect(r.count(0)).toBe(5000);
    r.advance(10_999_000); // cutoff 0.999 s: the first 1000 events (t <= 999 ms) have left
    expect(r.count(0)).toBe(4000);
    r.advance(10_000_000_000);
    expect(r.sum(0)).toBe(0);
  });

  it('equals a brute-force sum over each window for random integer streams, through growth and rebasing', () => {
    const windowsMs = [1, 3, 10, 40];
    const stepArb = fc.record({
      gapUs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: 3_000, max: 60_000 })),
      values: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: -1_000_000, max: 1_000_000 })), { minLength: 3, maxLength: 3 }),
      advanceOnly: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 300 }), (steps, rebaseAt) => {
        const r = new RollingSums(3, windowsMs, rebaseAt);
        const events: { t: number; values: number[] }[] = [];
        let t = 0;
        for (const step of steps) {
          t += step.gapUs;
          if (step.advanceOnly) r.advance(t);
          else {
            r.add(t, step.values);
            events.push({ t, values: step.values });
          }
          windowsMs.forEach((ms, w) => {
            const inside = events.filter((e) => e.t > t - ms * 1000);
            expect(r.count(w)).toBe(inside.length);
            for (let k = 0; k < 3; k++) expect(r.sum(w, k)).toBe(inside.reduce((sum, e) => sum + (e.values[k] as number), 0));
          });
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('keeps a sum of large and tiny values equal to its window\'s contents, to a rounding, after 10^8 adds and removes', () => {
    // One event every 10 µs in a 1 ms window: 100 events inside, each added once and removed once, so
    // 5·10^7 events make 10^8 updates of the running sum. Phases of 1000 events alternate large values
    // (~10^12) and tiny ones (~10^-6); at each checkpoint the window holds tiny values only, and never
    // emptied on the way (an empty window resets to 0 and would hide drift). Every value is a multiple of
    // 2^-40 below 2^52, so the window's exact sum is a BigInt count of 2^-40 units.
    const EVENTS = 50_000_000;
    const STEP_US = 10;
    const PHASE = 1000;
    const INSIDE = 100;
    const TINY_UNIT = 2 ** -40;
    const LARGE_UNIT = 2 ** -10;
    const value = (i: number): number => {
      let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      h = (h ^ (h >>> 16)) >>> 0; // 32 well-mixed bits of i
      return Math.floor(i / PHASE) % 2 === 0 ? (h * 2 ** 18 + (i & 0x3ffff)) * LARGE_UNIT : (h >>> 12) * TINY_UNIT;
    };
    const exactWindowSum = (last: number): number => {
      let units = 0n;
      for (let i = last - INSIDE + 1; i <= last; i++) units += BigInt(value(i) / TINY_UNIT);
      return Number(units) * TINY_UNIT;
    };
    const sums = new RollingSums(1, [1]);
    const one = [0];
    const errors: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      one[0] = value(i);
      sums.add(i * STEP_US, one);
      // Checkpoints: the last event of a tiny phase, every 10^7 updates.
      if ((i + 1) % 5_000_000 === 0) {
        expect(sums.count(0)).toBe(INSIDE);
        const exact = exactWindowSum(i);
        errors.push(Math.abs(sums.sum(0) - exact) / exact);
      }
    }
    expect(errors).toHaveLength(10);
    for (const error of errors) expect(error).toBeLessThan(2 ** -50); // a few units in the last place
  });
});
