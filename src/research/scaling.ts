// research/scaling: the outlier rule and the scaling of a fit's features, learned on training rows only.
// Each feature is winsorised at its q and 1 − q quantiles over the training rows (linear interpolation
// between order statistics), then standardised with the mean and sample sd (n − 1) of the winsorised
// training values. A feature whose winsorised training values are all equal (low = high) cannot be
// standardised: it is marked not kept, and the fit leaves it out of that fold. The same arithmetic scores
// a row in a fit and in a model file (scoreRow), so their predictions are equal to the last bit.

import { mean, quantile, sampleSd } from './stats.js';

/** A block of rows of a row-major n × p matrix: rows [start, end). */
export interface RowRange {
  readonly start: number;
  readonly end: number;
}

export interface FeatureScaling {
  readonly winsorLow: Float64Array;
  readonly winsorHigh: Float64Array;
  /** Mean and sample sd of the winsorised training values (0 and 0 for a feature not kept). */
  readonly mean: Float64Array;
  readonly sd: Float64Array;
  /** False for a feature constant in the training rows after winsorising. */
  readonly kept: readonly boolean[];
}

/** One feature's part of a linear score: winsor bounds, standardisation and coefficient. */
export interface ScoredFeature {
  readonly winsorLow: number;
  readonly winsorHigh: number;
  readonly mean: number;
  readonly sd: number;
  readonly coefficient: number;
}

/** The feature's value winsorised and standardised: (clamp(x, low, high) − mean) / sd. */
export function standardise(x: number, low: number, high: number, m: number, sd: number): number {
  return (Math.min(Math.max(x, low), high) - m) / sd;
}

/** intercept + Σ coefficient · standardise(value): the prediction of a fit and of a model file. */
export function scoreRow(intercept: number, features: readonly ScoredFeature[], values: ArrayLike<number>): number {
  let s = intercept;
  for (let j = 0; j < features.length; j++) {
    const f = features[j] as ScoredFeature;
    s += f.coefficient * standardise(values[j] as number, f.winsorLow, f.winsorHigh, f.mean, f.sd);
  }
  return s;
}

/**
 * Winsor bounds at the q and 1 − q quantiles (0 ≤ q < 0.5; q = 0 keeps the training range) and the
 * standardisation of each of the p columns of `x`, from the rows of `rows` only.
 */
export function learnScaling(x: Float64Array, p: number, rows: RowRange, q: number): FeatureScaling {
  if (!(q >= 0 && q < 0.5)) throw new RangeError(`winsor quantile ${q} is not in [0, 0.5)`);
  const n = rows.end - rows.start;
  if (n < 2) throw new RangeError(`scaling needs at least 2 rows, got ${n}`);
  const low = new Float64Array(p);
  const high = new Float64Array(p);
  const means = new Float64Array(p);
  const sds = new Float64Array(p);
  const kept: boolean[] = [];
  const column = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) column[i] = x[(rows.start + i) * p + j] as number;
    const lo = quantile(column, q) as number;
    const hi = quantile(column, 1 - q) as number;
    low[j] = lo;
    high[j] = hi;
    if (!(lo < hi)) {
      kept.push(false);
      continue;
    }
    for (let i = 0; i < n; i++) column[i] = Math.min(Math.max(column[i] as number, lo), hi);
    means[j] = mean(column) as number;
    sds[j] = sampleSd(column) as number;
    kept.push(true);
  }
  return { winsorLow: low, winsorHigh: high, mean: means, sd: sds, kept };
}

/** The kept columns of `rows`, winsorised and standardised: a row-major (rows) × (kept columns) matrix. */
export function scaledRows(x: Float64Array, p: number, rows: RowRange, s: FeatureScaling): { z: Float64Array; n: number; p: number } {
  const cols: number[] = [];
  for (let j = 0; j < p; j++) if (s.kept[j] === true) cols.push(j);
  const n = rows.end - rows.start;
  const k = cols.length;
  const z = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const base = (rows.start + i) * p;
    for (let c = 0; c < k; c++) {
      const j = cols[c] as number;
      z[i * k + c] = standardise(x[base + j] as number, s.winsorLow[j] as number, s.winsorHigh[j] as number, s.mean[j] as number, s.sd[j] as number);
    }
  }
  return { z, n, p: k };
}
