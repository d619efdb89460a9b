// research/linear: small dense linear regression for research commands — ordinary least squares and ridge
// through the normal equations and a Cholesky factorisation, LASSO by cyclic coordinate descent. Inputs are
// row-major Float64Arrays (n rows × p columns); floats throughout (these are statistics, not money).
// Deterministic: no randomness, a fixed iteration order.

export interface Design {
  /** n × p values, row-major. */
  readonly x: Float64Array;
  readonly n: number;
  readonly p: number;
}

export interface LinearFit {
  /** Intercept (0 when fitted without one). */
  readonly intercept: number;
  readonly coefficients: Float64Array;
}

export class SingularMatrixError extends Error {
  override readonly name = 'SingularMatrixError';
}

/** X'X (+ λ on the diagonal) and X'y for centred or raw columns. */
function normalEquations(d: Design, y: Float64Array, means: Float64Array | null, yMean: number, lambda: number): { a: Float64Array; b: Float64Array } {
  const { x, n, p } = d;
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) row[j] = (x[i * p + j] as number) - (means === null ? 0 : (means[j] as number));
    const yi = (y[i] as number) - yMean;
    for (let j = 0; j < p; j++) {
      const rj = row[j] as number;
      b[j] = (b[j] as number) + rj * yi;
      for (let k = j; k < p; k++) a[j * p + k] = (a[j * p + k] as number) + rj * (row[k] as number);
    }
  }
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < j; k++) a[j * p + k] = a[k * p + j] as number;
    a[j * p + j] = (a[j * p + j] as number) + lambda;
  }
  return { a, b };
}

/** Solves A·z = b for a symmetric positive definite A (p × p) by Cholesky; A is not modified. */
export function choleskySolve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let diag = a[j * p + j] as number;
    for (let k = 0; k < j; k++) diag -= (l[j * p + k] as number) ** 2;
    const scale = Math.max(1, Math.abs(a[j * p + j] as number));
    if (!(diag > 1e-12 * scale)) throw new SingularMatrixError(`the design is singular or nearly so (column ${j + 1} depends on the others)`);
    const ljj = Math.sqrt(diag);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * p + k] as number) * (l[j * p + k] as number);
      l[i * p + j] = s / ljj;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * p + k] as number) * (z[k] as number);
    z[i] = s / (l[i * p + i] as number);
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i] as number;
    for (let k = i + 1; k < p; k++) s -= (l[k * p + i] as number) * (z[k] as number);
    z[i] = s / (l[i * p + i] as number);
  }
  return z;
}

function columnMeans(d: Design): Float64Array {
  const means = new Float64Array(d.p);
  for (let i = 0; i < d.n; i++) for (let j = 0; j < d.p; j++) means[j] = (means[j] as number) + (d.x[i * d.p + j] as number);
  for (let j = 0; j < d.p; j++) means[j] = (means[j] as number) / Math.max(1, d.n);
  return means;
}

function meanOf(y: Float64Array): number {
  let s = 0;
  for (const v of y) s += v;
  return y.length === 0 ? 0 : s / y.length;
}

/**
 * Least squares with an intercept: minimises Σ(y − a − x·β)² + λ·|β|² (λ = 0: OLS). The intercept is not
 * penalised (columns and y are centred first).
 */
export function fitRidge(d: Design, y: Float64Array, lambda = 0): LinearFit {
  if (y.length !== d.n) throw new RangeError(`y has ${y.length} values for ${d.n} rows`);
  if (d.n <= d.p) throw new SingularMatrixError(`${d.n} rows cannot fit ${d.p} coefficients and an intercept`);
  const means = columnMeans(d);
  const yMean = meanOf(y);
  const { a, b } = normalEquations(d, y, means, yMean, lambda);
  const beta = choleskySolve(a, b, d.p);
  let intercept = yMean;
  for (let j = 0; j < d.p; j++) intercept -= (beta[j] as number) * (means[j] as number);
  return { intercept, coefficients: beta };
}

/**
 * LASSO with an intercept: minimises (1/2n)·Σ(y − a − x·β)² + λ·Σ|β_j| by cyclic coordinate descent on
 * centred columns (columns are expected on comparable scales: standardise first). Stops when no coefficient
 * moves by more than `tolerance` × its column's scale in a sweep, or after `maxSweeps`.
 */
export function fitLasso(d: Design, y: Float64Array, lambda: number, options: { tolerance?: number; maxSweeps?: number } = {}): LinearFit {
  const { n, p, x } = d;
  if (y.length !== n) throw new RangeError(`y has ${y.length} values for ${n} rows`);
  if (n === 0) throw new SingularMatrixError('no rows to fit');
  const tolerance = options.tolerance ?? 1e-10;
  const maxSweeps = options.maxSweeps ?? 10_000;
  const means = columnMeans(d);
  const yMean = meanOf(y);
  // Centred columns, column by column (coordinate descent walks columns).
  const cols = new Float64Array(n * p);
  const sq = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = (x[i * p + j] as number) - (means[j] as number);
      cols[j * n + i] = v;
      s += v * v;
    }
    sq[j] = s / n;
  }
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) residual[i] = (y[i] as number) - yMean;
  const beta = new Float64Array(p);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let largest = 0;
    for (let j = 0; j < p; j++) {
      const s2 = sq[j] as number;
      if (s2 === 0) continue;
      const old = beta[j] as number;
      let rho = 0;
      for (let i = 0; i < n; i++) rho += (cols[j * n + i] as number) * (residual[i] as number);
      rho = rho / n + s2 * old;
      const next = Math.sign(rho) * Math.max(0, Math.abs(rho) - lambda) / s2;
      if (next !== old) {
        const delta = next - old;
        for (let i = 0; i < n; i++) residual[i] = (residual[i] as number) - delta * (cols[j * n + i] as number);
        beta[j] = next;
        largest = Math.max(largest, Math.abs(delta) * Math.sqrt(s2));
      }
    }
    if (largest <= tolerance) break;
  }
  let intercept = yMean;
  for (let j = 0; j < p; j++) intercept -= (beta[j] as number) * (means[j] as number);
  return { intercept, coefficients: beta };
}

/** The fit's predictions for each row. */
export function predict(d: Design, fit: LinearFit): Float64Array {
  const out = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) {
    let s = fit.intercept;
    for (let j = 0; j < d.p; j++) s += (fit.coefficients[j] as number) * (d.x[i * d.p + j] as number);
    out[i] = s;
  }
  return out;
}

/** The smallest λ for which LASSO keeps every coefficient at 0: max_j |x_j'(y − ȳ)| / n (centred x). */
export function lassoLambdaMax(d: Design, y: Float64Array): number {
  const means = columnMeans(d);
  const yMean = meanOf(y);
  let best = 0;
  for (let j = 0; j < d.p; j++) {
    let s = 0;
    for (let i = 0; i < d.n; i++) s += ((d.x[i * d.p + j] as number) - (means[j] as number)) * ((y[i] as number) - yMean);
    best = Math.max(best, Math.abs(s) / Math.max(1, d.n));
  }
  return best;
}
