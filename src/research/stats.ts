// research/stats: the statistics research commands report — mean, sample sd, correlation, R² (in and out
// of sample), a slope's t-statistic under OLS, quantiles and winsorising bounds. Floats; NaN is never
// returned where a value is undefined: null is.

export function mean(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return s / values.length;
}

/** Sample standard deviation (n − 1); null below two values. */
export function sampleSd(values: ArrayLike<number>): number | null {
  const m = mean(values);
  if (m === null || values.length < 2) return null;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += ((values[i] as number) - m) ** 2;
  return Math.sqrt(s / (values.length - 1));
}

/** True when every value equals the first (a constant whose float mean may still differ from it). */
function constant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/** Pearson correlation; null when either side is constant or there are fewer than two pairs. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const ma = mean(a);
  const mb = mean(b);
  if (ma === null || mb === null || a.length !== b.length || a.length < 2 || constant(a) || constant(b)) return null;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return null;
  return sab / Math.sqrt(saa * sbb);
}

/**
 * R² of predictions against actual values: 1 − Σ(actual − predicted)² / Σ(actual − reference)², with the
 * reference the actuals' own mean (pass a training mean for an honest out-of-sample baseline). Null when
 * the actuals do not vary.
 */
export function rSquared(actual: ArrayLike<number>, predicted: ArrayLike<number>, given?: number): number | null {
  if (actual.length !== predicted.length || actual.length === 0) return null;
  if (given === undefined && constant(actual)) return null;
  const reference = given ?? (mean(actual) as number);
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < actual.length; i++) {
    ssRes += ((actual[i] as number) - (predicted[i] as number)) ** 2;
    ssTot += ((actual[i] as number) - reference) ** 2;
  }
  return ssTot === 0 ? null : 1 - ssRes / ssTot;
}

export interface SimpleRegression {
  readonly n: number;
  readonly alpha: number;
  readonly beta: number;
  /** t-statistic of beta (OLS standard error); null with fewer than 3 points. */
  readonly tBeta: number | null;
  readonly r2: number;
}

/** y = α + β·x by OLS; null when x does not vary or there are fewer than two points. */
export function simpleRegression(x: ArrayLike<number>, y: ArrayLike<number>): SimpleRegression | null {
  const n = x.length;
  const mx = mean(x);
  const my = mean(y);
  if (mx === null || my === null || n !== y.length || n < 2) return null;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return null;
  const beta = sxy / sxx;
  const alpha = my - beta * mx;
  const ssRes = Math.max(0, syy - beta * sxy);
  const r2 = syy === 0 ? 0 : 1 - ssRes / syy;
  const tBeta = n < 3 ? null : ssRes === 0 ? null : beta / Math.sqrt(ssRes / (n - 2) / sxx);
  return { n, alpha, beta, tBeta, r2 };
}

/** The q-quantile (0 ≤ q ≤ 1) by linear interpolation between order statistics; null when empty. */
export function quantile(values: ArrayLike<number>, q: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const pos = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}
