// The outlier rule and the scaling of a fit: winsor bounds are the q and 1 − q quantiles of the training
// rows, the mean and sd those of the winsorised training values; rows outside the training rows change
// nothing; a feature constant after winsorising is not kept; scoreRow is intercept + Σ β·(clamp − mean)/sd.
import { describe, expect, it } from 'vitest';
import { learnScaling, mean, quantile, sampleSd, scaledRows, scoreRow } from '../../src/research/index.js';

/** Column j of a row-major matrix, rows [start, end). */
function column(x: Float64Array, p: number, j: number, start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => x[(start + i) * p + j]!);
}

describe('learnScaling', () => {
  const p = 2;
  const rows = 200;
  const x = new Float64Array(rows * p);
  for (let i = 0; i < rows; i++) {
    x[i * p] = Math.sin(i) * 10 + (i === 50 ? 1e6 : 0); // one wild outlier inside the training rows
    x[i * p + 1] = i % 7;
  }

  it('takes winsor bounds at the q and 1 − q quantiles of the training rows and standardises the winsorised values', () => {
    const s = learnScaling(x, p, { start: 20, end: 120 }, 0.01);
    for (let j = 0; j < p; j++) {
      const values = column(x, p, j, 20, 120);
      const low = quantile(values, 0.01)!;
      const high = quantile(values, 0.99)!;
      const clipped = values.map((v) => Math.min(Math.max(v, low), high));
      expect([s.winsorLow[j], s.winsorHigh[j], s.mean[j], s.sd[j]]).toEqual([low, high, mean(clipped), sampleSd(clipped)]);
    }
    expect(s.winsorHigh[0]).toBeLessThan(1e6); // the outlier is clamped
    expect(s.kept).toEqual([true, true]);
  });

  it('does not depend on any row outside the training rows', () => {
    const before = learnScaling(x, p, { start: 20, end: 120 }, 0.01);
    const changed = Float64Array.from(x);
    for (let i = 0; i < rows; i++) if (i < 20 || i >= 120) changed[i * p] = -1e9 * (i + 1);
    expect(learnScaling(changed, p, { start: 20, end: 120 }, 0.01)).toEqual(before);
  });

  it('keeps the training range at q = 0', () => {
    const s = learnScaling(x, p, { start: 0, end: 100 }, 0);
    expect(s.winsorLow[1]).toBe(0);
    expect(s.winsorHigh[1]).toBe(6);
  });

  it('does not keep a feature left constant by winsorising (a sparse feature), and never gives NaN', () => {
    const sparse = new Float64Array(300 * 2);
    for (let i = 0; i < 300; i++) {
      sparse[i * 2] = i === 17 ? 5 : 0; // one non-zero in 300: the 1 % / 99 % bounds are both 0
      sparse[i * 2 + 1] = i;
    }
    const s = learnScaling(sparse, 2, { start: 0, end: 300 }, 0.01);
    expect(s.kept).toEqual([false, true]);
    expect([s.winsorLow[0], s.winsorHigh[0]]).toEqual([0, 0]);
    const z = scaledRows(sparse, 2, { start: 0, end: 300 }, s);
    expect(z.p).toBe(1);
    expect(z.z.every(Number.isFinite)).toBe(true);
    expect(learnScaling(sparse, 2, { start: 0, end: 300 }, 0).kept).toEqual([true, true]); // unclamped it varies
  });
});

describe('scoreRow', () => {
  it('is the intercept plus each coefficient times the clamped, standardised value', () => {
    const features = [
      { winsorLow: -1, winsorHigh: 1, mean: 0.5, sd: 2, coefficient: 3 },
      { winsorLow: 0, winsorHigh: 10, mean: 4, sd: 0.5, coefficient: -1 },
    ];
    expect(scoreRow(0.25, features, [5, 3])).toBe(0.25 + 3 * ((1 - 0.5) / 2) - 1 * ((3 - 4) / 0.5));
    expect(scoreRow(0.25, features, [-7, 12])).toBe(0.25 + 3 * ((-1 - 0.5) / 2) - 1 * ((10 - 4) / 0.5));
  });
});
