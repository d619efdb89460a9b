// The z-baseline: z-scores of known series by hand, the window and capacity, and the numerics that a
// running sum of squares would get wrong.
import { describe, expect, it } from 'vitest';
import { RollingBaseline } from '../../src/signal/index.js';

const S = 1_000_000;

function filled(values: readonly number[], windowUs = 100 * S, capacity = 100): RollingBaseline {
  const b = new RollingBaseline(1, windowUs, capacity);
  values.forEach((v, i) => b.add(i * S, [v]));
  return b;
}

describe('RollingBaseline', () => {
  it('scores against the mean and population sd of the samples: 1..5 has mean 3 and sd √2', () => {
    const b = filled([1, 2, 3, 4, 5]);
    expect(b.mean(0)).toBe(3);
    expect(b.sd(0)).toBeCloseTo(Math.SQRT2, 15);
    expect(b.z(0, 5)).toBeCloseTo(Math.SQRT2, 14);
    expect(b.z(0, 3)).toBe(0);
    expect(b.z(0, 0)).toBeCloseTo(-3 / Math.SQRT2, 14);
  });

  it('keeps each input of a sample apart', () => {
    const b = new RollingBaseline(2, 100 * S, 10);
    b.add(0, [1, 10]);
    b.add(S, [3, 30]);
    // input 0: mean 2, sd 1; input 1: mean 20, sd 10
    expect([b.z(0, 4), b.z(1, 0)]).toEqual([2, -2]);
  });

  it('gives z = 0 with fewer than 2 samples and for a constant input, never NaN', () => {
    expect(new RollingBaseline(1, S, 4).z(0, 7)).toBe(0);
    expect(filled([7]).z(0, 9)).toBe(0);
    const constant = filled([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(constant.sd(0)).toBe(0);
    expect([constant.z(0, 0.1), constant.z(0, 5)]).toEqual([0, 0]);
  });

  it('holds only the samples of the last window: one exactly a window old has left', () => {
    const b = filled([100, 1, 2, 3], 3 * S);
    // at t = 3 s the sample of t = 0 (100) is exactly 3 s old: gone; 1, 2, 3 remain
    expect(b.count).toBe(3);
    expect(b.mean(0)).toBe(2);
    expect(b.firstSampleUs).toBe(0);
  });

  it('drops the oldest sample when full', () => {
    const b = filled([100, 1, 2, 3], 100 * S, 3);
    expect([b.count, b.mean(0)]).toEqual([3, 2]);
  });

  it('keeps the sd of a series far from zero to the last digits, where a running sum of squares cancels', () => {
    const values = [1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3];
    const b = filled(values);
    const exact = Math.sqrt(0.02 / 3);
    expect(b.sd(0)).toBeCloseTo(exact, 6);
    // The naive formula on the same floats is far off (this is what the two passes avoid).
    const n = values.length;
    const sum = values.reduce((a, v) => a + v, 0);
    const squares = values.reduce((a, v) => a + v * v, 0);
    const naive = Math.sqrt(Math.max(0, squares / n - (sum / n) ** 2));
    expect(Math.abs(naive - exact)).toBeGreaterThan(0.01);
    // After many samples pass through the window, the figures are those of the samples held.
    const rolling = new RollingBaseline(1, 3 * S, 10);
    for (let i = 0; i < 10_000; i++) rolling.add(i * S, [i % 2 === 0 ? 1e12 : -1e12]);
    for (const [i, v] of values.entries()) rolling.add((10_000 + i) * S, [v]);
    expect(rolling.sd(0)).toBeCloseTo(exact, 6);
  });

  it('refuses a sample of the wrong width or a value that is not finite', () => {
    const b = new RollingBaseline(2, S, 4);
    expect(() => b.add(0, [1])).toThrow(RangeError);
    expect(() => b.add(0, [1, Number.NaN])).toThrow(RangeError);
  });
});
