// The research statistics on hand-computed cases, and null (never NaN) where a value is undefined.
import { describe, expect, it } from 'vitest';
import { correlation, mean, quantile, rSquared, sampleSd, simpleRegression } from '../../src/research/index.js';

describe('research statistics', () => {
  it('mean, sample sd, correlation and quantiles by hand', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935, 9);
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
  });

  it('R² against the actuals\' mean, or against a given reference (a training mean)', () => {
    expect(rSquared([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(rSquared([1, 2, 3], [2, 2, 2])).toBe(0);
    expect(rSquared([1, 2, 3], [2, 2, 2], 0)).toBeCloseTo(1 - 2 / 14, 12); // beats predicting 0
  });

  it('simple regression with its t-statistic', () => {
    const r = simpleRegression([1, 2, 3, 4, 5], [1.1, 1.9, 3.2, 3.9, 5.1]);
    // By hand: Sxx = 10, Sxy = 10, Syy = 10.072, SSres = 0.072.
    expect(r?.beta).toBeCloseTo(1, 12);
    expect(r?.alpha).toBeCloseTo(0.04, 12);
    expect(r?.r2).toBeCloseTo(1 - 0.072 / 10.072, 12);
    expect(r?.tBeta).toBeCloseTo(1 / Math.sqrt(0.072 / 3 / 10), 9);
  });

  it('says null, never NaN, where a value is undefined', () => {
    expect(mean([])).toBeNull();
    expect(sampleSd([1])).toBeNull();
    expect(correlation([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(rSquared([2, 2], [1, 3])).toBeNull();
    expect(simpleRegression([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(quantile([], 0.5)).toBeNull();
  });

  it('says null for a constant side whose mean is not exact in floating point (no correlation or R² made of rounding)', () => {
    const constant = new Array<number>(10).fill(0.1); // its mean is 0.09999999999999999
    expect(mean(constant)).not.toBe(0.1);
    const varying = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(correlation(varying, constant)).toBeNull();
    expect(correlation(constant, varying)).toBeNull();
    expect(rSquared(constant, varying)).toBeNull();
  });
});
