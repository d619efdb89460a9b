// research/prediction-metrics: how well predictions match what happened — R² against the actuals' own
// mean, correlation, hit rate of the sign, mean predicted and realised values, and the mean realised value
// of the top and bottom decile of predictions (does a threshold on the prediction hold?). Null, never NaN,
// where a figure is undefined.

import { correlation, mean, rSquared } from './stats.js';

export interface PredictionMetrics {
  readonly n: number;
  /** 1 − Σ(actual − predicted)² / Σ(actual − mean(actual))²; null when the actuals do not vary. */
  readonly r2: number | null;
  readonly corr: number | null;
  /** Share of rows with actual ≠ 0 and predicted ≠ 0 whose signs agree; null when there are none. */
  readonly hitRate: number | null;
  /** Rows the hit rate counts. */
  readonly hitN: number;
  readonly meanPredicted: number | null;
  readonly meanRealised: number | null;
  /**
   * Mean actual of the ⌈n/10⌉ rows with the highest (lowest) predictions, ties in row order; null below 10
   * rows or when every prediction is the same.
   */
  readonly topDecileRealised: number | null;
  readonly bottomDecileRealised: number | null;
}

export function predictionMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>): PredictionMetrics {
  const n = actual.length;
  if (predicted.length !== n) throw new RangeError(`${n} actual values for ${predicted.length} predictions`);
  let hits = 0;
  let hitN = 0;
  for (let i = 0; i < n; i++) {
    const a = actual[i] as number;
    const p = predicted[i] as number;
    if (a === 0 || p === 0) continue;
    hitN++;
    if (a > 0 === p > 0) hits++;
  }
  return {
    n,
    r2: rSquared(actual, predicted),
    corr: correlation(actual, predicted),
    hitRate: hitN === 0 ? null : hits / hitN,
    hitN,
    meanPredicted: mean(predicted),
    meanRealised: mean(actual),
    ...deciles(actual, predicted),
  };
}

function deciles(actual: ArrayLike<number>, predicted: ArrayLike<number>): { topDecileRealised: number | null; bottomDecileRealised: number | null } {
  const n = actual.length;
  let varies = false;
  for (let i = 1; i < n && !varies; i++) varies = predicted[i] !== predicted[0];
  if (n < 10 || !varies) return { topDecileRealised: null, bottomDecileRealised: null };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (predicted[a] as number) - (predicted[b] as number) || a - b);
  const k = Math.ceil(n / 10);
  const meanOf = (rows: number[]) => rows.reduce((s, i) => s + (actual[i] as number), 0) / rows.length;
  return { topDecileRealised: meanOf(order.slice(n - k)), bottomDecileRealised: meanOf(order.slice(0, k)) };
}
