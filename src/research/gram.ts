// research/gram: OLS, ridge and LASSO from the Gram matrix of centred columns (G = Xc'Xc / n, c = Xc'yc / n),
// built once per design. A walk-forward fit tries some 25 values of λ per fold; from the Gram each try costs
// O(p²) per coordinate-descent sweep or one p × p Cholesky, instead of O(n·p) passes over the rows. The
// objectives are those of linear.ts, in per-row units:
//   ridge (λ = 0: OLS)  (1/2n)·Σ(y − a − x·β)² + (λ/2)·|β|²   ⇔ fitRidge with n·λ
//   LASSO               (1/2n)·Σ(y − a − x·β)² + λ·Σ|β_j|      ⇔ fitLasso with λ
// The intercept is not penalised. Deterministic: fixed iteration order, no randomness.

import { choleskySolve, type LinearFit } from './linear.js';

export interface Gram {
  readonly n: number;
  readonly p: number;
  readonly means: Float64Array;
  readonly yMean: number;
  /** p × p, row-major: Σ (x_ij − x̄_j)(x_ik − x̄_k) / n. */
  readonly g: Float64Array;
  /** Σ (x_ij − x̄_j)(y_i − ȳ) / n. */
  readonly c: Float64Array;
}

/** The Gram of an n × p row-major design and its target. */
export function gramOf(x: Float64Array, n: number, p: number, y: ArrayLike<number>): Gram {
  if (n === 0) throw new RangeError('no rows');
  const means = new Float64Array(p);
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) means[j] = (means[j] as number) + (x[i * p + j] as number);
    yMean += y[i] as number;
  }
  for (let j = 0; j < p; j++) means[j] = (means[j] as number) / n;
  yMean /= n;
  const g = new Float64Array(p * p);
  const c = new Float64Array(p);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) row[j] = (x[i * p + j] as number) - (means[j] as number);
    const yi = (y[i] as number) - yMean;
    for (let j = 0; j < p; j++) {
      const rj = row[j] as number;
      c[j] = (c[j] as number) + rj * yi;
      for (let k = j; k < p; k++) g[j * p + k] = (g[j * p + k] as number) + rj * (row[k] as number);
    }
  }
  for (let j = 0; j < p; j++) {
    c[j] = (c[j] as number) / n;
    for (let k = j; k < p; k++) {
      const v = (g[j * p + k] as number) / n;
      g[j * p + k] = v;
      g[k * p + j] = v;
    }
  }
  return { n, p, means, yMean, g, c };
}

function withIntercept(gram: Gram, beta: Float64Array): LinearFit {
  let intercept = gram.yMean;
  for (let j = 0; j < gram.p; j++) intercept -= (beta[j] as number) * (gram.means[j] as number);
  return { intercept, coefficients: beta };
}

/** Ridge in per-row units (λ = 0: OLS): solves (G + λI)·β = c. SingularMatrixError when G is singular and λ = 0. */
export function ridgeFromGram(gram: Gram, lambda: number): LinearFit {
  const { p } = gram;
  if (p === 0) return withIntercept(gram, new Float64Array(0));
  const a = Float64Array.from(gram.g);
  for (let j = 0; j < p; j++) a[j * p + j] = (a[j * p + j] as number) + lambda;
  return withIntercept(gram, choleskySolve(a, gram.c, p));
}

/** The smallest λ for which LASSO keeps every coefficient at 0: max_j |c_j|. */
export function lassoLambdaMaxFromGram(gram: Gram): number {
  let best = 0;
  for (const v of gram.c) best = Math.max(best, Math.abs(v));
  return best;
}

/**
 * LASSO by cyclic coordinate descent on the Gram (covariance updates). Starts from `start` (a warm start
 * along a path of λ) or zeros; stops when no coefficient moves by more than `tolerance` × its column's sd
 * in a sweep, or after `maxSweeps`.
 */
export function lassoFromGram(gram: Gram, lambda: number, options: { start?: Float64Array; tolerance?: number; maxSweeps?: number } = {}): LinearFit {
  const { p, g, c } = gram;
  const tolerance = options.tolerance ?? 1e-10;
  const maxSweeps = options.maxSweeps ?? 100_000;
  const beta = options.start === undefined ? new Float64Array(p) : Float64Array.from(options.start);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let largest = 0;
    for (let j = 0; j < p; j++) {
      const gjj = g[j * p + j] as number;
      if (gjj === 0) continue;
      const old = beta[j] as number;
      let rho = c[j] as number;
      for (let k = 0; k < p; k++) if (k !== j) rho -= (g[j * p + k] as number) * (beta[k] as number);
      const next = (Math.sign(rho) * Math.max(0, Math.abs(rho) - lambda)) / gjj;
      if (next !== old) {
        beta[j] = next;
        largest = Math.max(largest, Math.abs(next - old) * Math.sqrt(gjj));
      }
    }
    if (largest <= tolerance) break;
  }
  return withIntercept(gram, beta);
}
