// The figures of a fit's report on hand-computed cases: R² against the actuals' mean, correlation, the hit
// rate over rows where both sides are non-zero, means, and the top and bottom decile's realised mean.
import { describe, expect, it } from 'vitest';
import { predictionMetrics } from '../../src/research/index.js';

describe('predictionMetrics', () => {
  it('computes every figure by hand', () => {
    const actual = [1, -2, 0, 3, -1, 2, 0, -3, 1, 4, -4, 2];
    const predicted = [0.5, -1, 1, 1, 0.2, 0, -0.5, -2, -0.1, 3, -1, 0.4];
    const m = predictionMetrics(actual, predicted);
    const ma = actual.reduce((a, b) => a + b) / 12;
    const ssRes = actual.reduce((s, a, i) => s + (a - predicted[i]!) ** 2, 0);
    const ssTot = actual.reduce((s, a) => s + (a - ma) ** 2, 0);
    expect(m.r2).toBeCloseTo(1 - ssRes / ssTot, 12);
    // Rows with actual ≠ 0 and predicted ≠ 0: all but indices 2, 5, 6 → 9 rows; signs differ at 4 and 8.
    expect([m.hitN, m.hitRate]).toEqual([9, 7 / 9]);
    expect(m.meanRealised).toBeCloseTo(ma, 12);
    expect(m.meanPredicted).toBeCloseTo(predicted.reduce((a, b) => a + b) / 12, 12);
    // ⌈12/10⌉ = 2 rows: highest predictions 3 (actual 4) and 1 (index 2, actual 0; tie with index 3 → later row).
    expect(m.topDecileRealised).toBe((4 + 3) / 2);
    expect(m.bottomDecileRealised).toBe((-3 + -2) / 2); // predictions -2 (actual -3) and -1 (index 1 before 10)
    expect(m.n).toBe(12);
  });

  it('says null, never NaN, for figures without a meaning', () => {
    const m = predictionMetrics([0, 0, 0], new Array<number>(3).fill(0.1));
    expect([m.r2, m.corr, m.hitRate, m.topDecileRealised, m.bottomDecileRealised]).toEqual([null, null, null, null, null]);
    const constantPredictions = predictionMetrics([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], new Array<number>(11).fill(0.1));
    expect([constantPredictions.corr, constantPredictions.topDecileRealised]).toEqual([null, null]);
  });
});
