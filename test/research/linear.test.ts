// The regression solvers against what defines them: OLS recovers an exact linear relation and leaves
// residuals orthogonal to every column; ridge solves (X'X + λI)β = X'y (checked by an independent
// Gauss-Jordan inverse); LASSO meets its optimality (KKT) conditions, is all zeros from λmax up and OLS at
// λ = 0; a singular design is a clear error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SingularMatrixError, fitLasso, fitRidge, lassoLambdaMax, predict, type Design } from '../../src/research/index.js';
import { simpleRegression } from '../../src/research/index.js';

function design(rows: number[][]): Design {
  const p = rows[0]?.length ?? 0;
  return { x: Float64Array.from(rows.flat()), n: rows.length, p };
}

/** Inverse of a small dense matrix by Gauss-Jordan with partial pivoting (an independent reference). */
function inverse(m: number[][]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const d = a[c]![c]!;
    for (let k = 0; k < 2 * n; k++) a[c]![k]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      for (let k = 0; k < 2 * n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((row) => row.slice(n));
}

const rowsArb = (p: number) =>
  fc.array(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: p, maxLength: p }), { minLength: p + 5, maxLength: 40 });

describe('fitRidge with λ = 0 (OLS)', () => {
  it('recovers an exact linear relation', () => {
    const rows = [[1, 2], [2, 0], [3, 5], [4, 1], [0, 0], [5, 3]];
    const y = Float64Array.from(rows.map(([a, b]) => 1 + 2 * a! - 3 * b!));
    const fit = fitRidge(design(rows), y);
    expect(fit.intercept).toBeCloseTo(1, 10);
    expect([...fit.coefficients].map((v) => Number(v.toFixed(10)))).toEqual([2, -3]);
  });

  it('leaves residuals orthogonal to every column and summing to zero (property)', () => {
    fc.assert(
      fc.property(rowsArb(3), fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 45, maxLength: 45 }), (rows, noise) => {
        const d = design(rows);
        const y = Float64Array.from(rows.map((r, i) => 0.5 * r[0]! - r[1]! + 2 * r[2]! + noise[i]!));
        let fit;
        try {
          fit = fitRidge(d, y);
        } catch (error) {
          if (error instanceof SingularMatrixError) return; // a degenerate random design
          throw error;
        }
        const yhat = predict(d, fit);
        const residual = y.map((v, i) => v - yhat[i]!);
        const scale = Math.max(1, ...y.map(Math.abs)) * rows.length * 10;
        expect(Math.abs(residual.reduce((s, v) => s + v, 0))).toBeLessThan(1e-8 * scale);
        for (let j = 0; j < 3; j++) expect(Math.abs(rows.reduce((s, r, i) => s + r[j]! * residual[i]!, 0))).toBeLessThan(1e-7 * scale);
      }),
      { numRuns: 200, seed: 15 },
    );
  });

  it('equals the simple regression for one column', () => {
    const x = [1, 2, 3, 4, 5, 6, 7];
    const y = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2, 13.8];
    const fit = fitRidge(design(x.map((v) => [v])), Float64Array.from(y));
    const simple = simpleRegression(x, y);
    expect(fit.coefficients[0]).toBeCloseTo(simple?.beta as number, 12);
    expect(fit.intercept).toBeCloseTo(simple?.alpha as number, 12);
  });

  it('refuses a singular design and too few rows, clearly', () => {
    expect(() => fitRidge(design([[1, 2], [2, 4], [3, 6], [4, 8]]), Float64Array.from([1, 2, 3, 4]))).toThrow(SingularMatrixError);
    expect(() => fitRidge(design([[1, 2], [2, 5]]), Float64Array.from([1, 2]))).toThrow(/rows cannot fit/);
  });
});

describe('fitRidge with λ > 0', () => {
  it('solves (Xc\'Xc + λI)β = Xc\'yc, by an independent inverse (property)', () => {
    fc.assert(
      fc.property(rowsArb(2), fc.double({ min: 0.01, max: 50, noNaN: true }), (rows, lambda) => {
        const d = design(rows);
        const y = Float64Array.from(rows.map((r) => r[0]! - 2 * r[1]! + 1));
        const mx = [0, 1].map((j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
        const my = y.reduce((s, v) => s + v, 0) / y.length;
        const xtx = [0, 1].map((j) => [0, 1].map((k) => rows.reduce((s, r) => s + (r[j]! - mx[j]!) * (r[k]! - mx[k]!), 0) + (j === k ? lambda : 0)));
        const xty = [0, 1].map((j) => rows.reduce((s, r, i) => s + (r[j]! - mx[j]!) * (y[i]! - my), 0));
        const inv = inverse(xtx);
        const expected = [0, 1].map((j) => inv[j]![0]! * xty[0]! + inv[j]![1]! * xty[1]!);
        const fit = fitRidge(d, y, lambda);
        for (let j = 0; j < 2; j++) expect(fit.coefficients[j]).toBeCloseTo(expected[j]!, 6);
      }),
      { numRuns: 200, seed: 15 },
    );
  });
});

describe('fitLasso', () => {
  it('meets the optimality conditions: |x_j\'r|/n = λ where β_j ≠ 0 (with its sign), ≤ λ where β_j = 0 (property)', () => {
    fc.assert(
      fc.property(rowsArb(4), fc.double({ min: 0.001, max: 1, noNaN: true }), (rows, fraction) => {
        const d = design(rows);
        const y = Float64Array.from(rows.map((r) => 3 * r[0]! - 0.5 * r[2]! + 0.01 * r[3]!));
        const lambdaMax = lassoLambdaMax(d, y);
        if (lambdaMax === 0) return;
        const lambda = fraction * lambdaMax;
        const fit = fitLasso(d, y, lambda, { tolerance: 1e-12 });
        const yhat = predict(d, fit);
        const n = rows.length;
        const mx = [0, 1, 2, 3].map((j) => rows.reduce((s, r) => s + r[j]!, 0) / n);
        for (let j = 0; j < 4; j++) {
          const g = rows.reduce((s, r, i) => s + (r[j]! - mx[j]!) * (y[i]! - yhat[i]!), 0) / n;
          const b = fit.coefficients[j]!;
          if (b !== 0) expect(Math.abs(g - lambda * Math.sign(b))).toBeLessThan(1e-6 * Math.max(1, lambdaMax));
          else expect(Math.abs(g)).toBeLessThanOrEqual(lambda * (1 + 1e-6) + 1e-9);
        }
      }),
      { numRuns: 150, seed: 15 },
    );
  });

  it('keeps every coefficient at zero from λmax up, and is OLS at λ = 0', () => {
    const rows = [[1, 0.5], [2, -1], [3, 2], [4, 0], [5, 1.5], [6, -2], [7, 0.3]];
    const d = design(rows);
    const y = Float64Array.from(rows.map(([a, b]) => 2 * a! + b! + 0.1));
    const lambdaMax = lassoLambdaMax(d, y);
    expect([...fitLasso(d, y, lambdaMax * 1.0001).coefficients]).toEqual([0, 0]);
    const ols = fitRidge(d, y);
    const lasso0 = fitLasso(d, y, 0, { tolerance: 1e-14 });
    for (let j = 0; j < 2; j++) expect(lasso0.coefficients[j]).toBeCloseTo(ols.coefficients[j]!, 8);
    expect(lasso0.intercept).toBeCloseTo(ols.intercept, 8);
  });
});
