// OLS, ridge and LASSO from the Gram matrix against the row-based solvers of linear.ts (which are tested
// against what defines them): the same objective gives the same coefficients and intercept, λ at or above
// λmax gives zeros, and a warm start along a path of λ lands where a cold start does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitLasso, fitRidge, gramOf, lassoFromGram, lassoLambdaMax, lassoLambdaMaxFromGram, ridgeFromGram, SingularMatrixError } from '../../src/research/index.js';

const designArb = (p: number) =>
  fc
    .array(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: p + 1, maxLength: p + 1 }), { minLength: p + 8, maxLength: 60 })
    .filter((rows) => {
      // Columns that vary enough for a well-posed OLS.
      for (let j = 0; j < p; j++) if (Math.max(...rows.map((r) => r[j]!)) - Math.min(...rows.map((r) => r[j]!)) < 1) return false;
      return true;
    });

function split(rows: number[][], p: number): { x: Float64Array; y: Float64Array; n: number } {
  return { x: Float64Array.from(rows.flatMap((r) => r.slice(0, p))), y: Float64Array.from(rows.map((r, i) => r[p]! + 0.5 * r[0]! - 0.25 * (r[1] ?? 0) + (i % 3))), n: rows.length };
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(b[i]!)));
}

describe('ridgeFromGram', () => {
  it('gives what fitRidge gives for n·λ, and OLS at λ = 0 (property)', () => {
    let compared = 0;
    fc.assert(
      fc.property(designArb(3), fc.constantFrom(0, 0.01, 1, 10), (rows, lambda) => {
        const { x, y, n } = split(rows, 3);
        let reference;
        let fit;
        try {
          reference = fitRidge({ x, n, p: 3 }, y, n * lambda);
          // The Gram matrix squares the design's condition number: a nearly collinear design that the
          // row-based solver still takes may be singular to it. Both refusing nothing is what is compared.
          fit = ridgeFromGram(gramOf(x, n, 3, y), lambda);
        } catch (error) {
          if (error instanceof SingularMatrixError) return; // nearly collinear random columns
          throw error;
        }
        compared++;
        close(fit.coefficients, reference.coefficients, 1e-7);
        expect(Math.abs(fit.intercept - reference.intercept)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(reference.intercept)));
      }),
      { numRuns: 200, seed: 15 },
    );
    expect(compared).toBeGreaterThan(150);
  });

  it('says a singular design is singular at λ = 0', () => {
    const x = Float64Array.from([1, 2, 2, 4, 3, 6, 4, 8]); // column 2 = 2 × column 1
    expect(() => ridgeFromGram(gramOf(x, 4, 2, [1, 2, 3, 5]), 0)).toThrow(SingularMatrixError);
  });
});

describe('lassoFromGram', () => {
  it('gives what fitLasso gives, and λmax is the same (property)', () => {
    fc.assert(
      fc.property(designArb(4), fc.double({ min: 0, max: 1, noNaN: true }), (rows, share) => {
        const { x, y, n } = split(rows, 4);
        const d = { x, n, p: 4 };
        const gram = gramOf(x, n, 4, y);
        const lambdaMax = lassoLambdaMaxFromGram(gram);
        expect(Math.abs(lambdaMax - lassoLambdaMax(d, y))).toBeLessThanOrEqual(1e-9 * Math.max(1, lambdaMax));
        const lambda = share * lambdaMax;
        const reference = fitLasso(d, y, lambda, { tolerance: 1e-13, maxSweeps: 200_000 });
        const fit = lassoFromGram(gram, lambda, { tolerance: 1e-13, maxSweeps: 200_000 });
        close(fit.coefficients, reference.coefficients, 1e-6);
      }),
      { numRuns: 150, seed: 15 },
    );
  });

  it('keeps every coefficient at 0 from λmax up, and moves away from 0 just below it', () => {
    const x = Float64Array.from([1, 0, 2, 1, 3, 5, 4, 2, 5, 3, 6, 1]);
    const y = [1, 2, 4, 3, 6, 5];
    const gram = gramOf(x, 6, 2, y);
    const lambdaMax = lassoLambdaMaxFromGram(gram);
    expect([...lassoFromGram(gram, lambdaMax).coefficients]).toEqual([0, 0]);
    expect([...lassoFromGram(gram, 2 * lambdaMax).coefficients]).toEqual([0, 0]);
    expect(lassoFromGram(gram, 0.9 * lambdaMax).coefficients.some((b) => b !== 0)).toBe(true);
  });

  it('lands where a cold start does when warm-started from another λ\'s solution', () => {
    const x = Float64Array.from(Array.from({ length: 90 }, (_, i) => Math.sin(i * 1.7) * 3 + (i % 7)));
    const y = Array.from({ length: 30 }, (_, i) => x[i * 3]! - 2 * x[i * 3 + 1]! + 0.3 * Math.cos(i));
    const gram = gramOf(x, 30, 3, y);
    const lambda = 0.05 * lassoLambdaMaxFromGram(gram);
    const warm = lassoFromGram(gram, lambda, { start: lassoFromGram(gram, 0.5 * lassoLambdaMaxFromGram(gram)).coefficients });
    close(warm.coefficients, lassoFromGram(gram, lambda).coefficients, 1e-8);
  });
});
