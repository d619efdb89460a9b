// Walk-forward never lets a test row shape a model. The fold splitter keeps every training target before
// its test window (a property over random grids); a regime that flips at each test window gives the R² an
// honest procedure gives (strongly negative), while the same runner fed deliberately leaking folds (trained
// on the test rows) gives R² ≈ 1; each fold's scaling equals the one learned on its training rows alone;
// rewriting every row outside a fold's training rows — test rows included — changes nothing in that fold's
// model, λ included; λ's validation split sits one horizon after the rows it is chosen from; a constant
// feature is left out of a fold; too few rows is a usage error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FitInputError,
  MODEL_KINDS,
  chooseLambda,
  learnScaling,
  runWalkForward,
  simpleRegression,
  walkForwardFolds,
  type Dataset,
  type Fold,
  type FoldSpec,
} from '../../src/research/index.js';

const T0 = 1_723_161_600_000; // 2024-08-09T00:00:00Z

/** A deterministic pseudo-random stream in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dataset(rows: { t: number; x: number[]; y: number }[]): Dataset {
  const p = rows[0]?.x.length ?? 0;
  return {
    features: Array.from({ length: p }, (_, j) => `f${j + 1}`),
    n: rows.length,
    p,
    timesMs: Float64Array.from(rows.map((r) => r.t)),
    x: Float64Array.from(rows.flatMap((r) => r.x)),
    y: Float64Array.from(rows.map((r) => r.y)),
  };
}

/** A noisy linear series on a 1 s grid with a few points missing. */
function noisySeries(n: number, seed: number): Dataset {
  const rnd = random(seed);
  const rows: { t: number; x: number[]; y: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.05) continue;
    const x = [rnd() * 2 - 1, rnd() * 10, (rnd() - 0.5) ** 3];
    rows.push({ t: T0 + i * 1000, x, y: 0.8 * x[0]! - 0.1 * x[1]! + 5 * x[2]! + (rnd() - 0.5) });
  }
  return dataset(rows);
}

describe('walkForwardFolds', () => {
  it('keeps every training row before its test window by a horizon, and test windows consecutive and whole (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 400 }),
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (points, trainSteps, testSteps, horizonSteps, seed) => {
          fc.pre(horizonSteps < trainSteps);
          const rnd = random(seed);
          const times = Float64Array.from(Array.from({ length: points }, (_, i) => T0 + i * 1000).filter(() => rnd() > 0.2));
          fc.pre(times.length > 0);
          const spec: FoldSpec = { trainMs: trainSteps * 1000, testMs: testSteps * 1000, horizonMs: horizonSteps * 1000, intervalMs: 1000 };
          const folds = walkForwardFolds(times, spec);
          const t0 = times[0]!;
          const last = times[times.length - 1]!;
          const within = (lo: number, hi: number) => Array.from(times).filter((t) => t >= lo && t <= hi);
          folds.forEach((f, k) => {
            expect(f.fold).toBe(k + 1);
            const windowStart = t0 + k * spec.testMs;
            const testStart = windowStart + spec.trainMs;
            expect([f.testWindowStartMs, f.testWindowEndMs]).toEqual([testStart, testStart + spec.testMs]);
            const train = Array.from(times.subarray(f.train.start, f.train.end));
            const test = Array.from(times.subarray(f.test.start, f.test.end));
            // Exactly the rows of the windows: training targets end by the test window's start.
            expect(train).toEqual(within(windowStart, testStart - spec.horizonMs));
            expect(test).toEqual(within(testStart, testStart + spec.testMs - 1));
            if (train.length > 0 && test.length > 0) expect(Math.max(...train) + spec.horizonMs).toBeLessThanOrEqual(Math.min(...test));
            if (k > 0) expect(f.testWindowStartMs).toBe(folds[k - 1]!.testWindowEndMs);
            expect(f.testWindowEndMs - spec.intervalMs).toBeLessThanOrEqual(last);
          });
          // The next window would not be whole.
          expect(t0 + folds.length * spec.testMs + spec.trainMs + spec.testMs - spec.intervalMs).toBeGreaterThan(last);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a regime that flips at each test window', () => {
  // y = s·x with s = ±1 switching every 60 s; folds of 60 s train + 60 s test: every training window is the
  // other regime, so an honest model predicts −y (R² ≈ −3) and one that saw its test rows predicts y.
  const x = (i: number) => ((i * 7) % 11) - 5; // every 60 consecutive rows hold −5…5
  const rows = Array.from({ length: 600 }, (_, i) => ({ t: T0 + i * 1000, x: [x(i)], y: (Math.floor(i / 60) % 2 === 0 ? 1 : -1) * x(i) }));
  const data = dataset(rows);
  const spec = { trainMs: 60_000, testMs: 60_000, horizonMs: 1000, intervalMs: 1000 };
  const folds = walkForwardFolds(data.timesMs, spec);

  it('gives the out-of-sample R² an honest procedure gives, far below 0', () => {
    const result = runWalkForward(data, folds, { model: 'ols', winsor: 0, horizonMs: 1000 });
    // Independently: a simple regression on each fold's rows up to one horizon before its test window.
    const actual: number[] = [];
    const predicted: number[] = [];
    for (let k = 0; k < folds.length; k++) {
      const testStart = T0 + k * 60_000 + 60_000;
      const train = rows.filter((r) => r.t >= testStart - 60_000 && r.t <= testStart - 1000);
      const fit = simpleRegression(train.map((r) => r.x[0]!), train.map((r) => r.y))!;
      for (const r of rows.filter((r) => r.t >= testStart && r.t < testStart + 60_000)) {
        actual.push(r.y);
        predicted.push(fit.alpha + fit.beta * r.x[0]!);
      }
    }
    const mean = actual.reduce((a, b) => a + b) / actual.length;
    const r2 = 1 - actual.reduce((s, a, i) => s + (a - predicted[i]!) ** 2, 0) / actual.reduce((s, a) => s + (a - mean) ** 2, 0);
    expect(folds).toHaveLength(9);
    expect(result.overall.n).toBe(actual.length);
    expect(Math.abs(result.overall.r2! - r2)).toBeLessThan(1e-9);
    expect(result.overall.r2!).toBeLessThan(-2.9);
    for (const model of MODEL_KINDS) expect(runWalkForward(data, folds, { model, winsor: 0.01, horizonMs: 1000 }).overall.r2!).toBeLessThan(0);
  });

  it('gives R² ≈ 1 when the folds deliberately leak (trained on their own test rows)', () => {
    const leaking: Fold[] = folds.map((f) => ({ ...f, train: f.test }));
    expect(runWalkForward(data, leaking, { model: 'ols', winsor: 0, horizonMs: 1000 }).overall.r2!).toBeGreaterThan(1 - 1e-9);
    expect(runWalkForward(data, leaking, { model: 'lasso', winsor: 0, horizonMs: 1000 }).overall.r2!).toBeGreaterThan(0.99);
  });
});

describe('runWalkForward', () => {
  const data = noisySeries(1500, 7);
  const spec = { trainMs: 300_000, testMs: 120_000, horizonMs: 10_000, intervalMs: 1000 };
  const folds = walkForwardFolds(data.timesMs, spec);

  it('reports each fold\'s spans from its rows: the last training row one horizon or more before the first test row', () => {
    const result = runWalkForward(data, folds, { model: 'ols', winsor: 0.01, horizonMs: 10_000 });
    expect(result.folds.length).toBeGreaterThan(5);
    for (const f of result.folds) {
      expect(f.trainEndMs).toBe(Math.max(...data.timesMs.subarray(f.fold.train.start, f.fold.train.end)));
      expect(f.testStartMs).toBe(Math.min(...data.timesMs.subarray(f.fold.test.start, f.fold.test.end)));
      expect(f.trainEndMs + 10_000).toBeLessThanOrEqual(f.testStartMs);
      expect(f.testEndMs).toBeLessThan(f.fold.testWindowEndMs);
    }
    expect(result.overall.r2!).toBeGreaterThan(0.5); // a real relation holds out of sample
  });

  it('scales each fold with statistics of its training rows alone', () => {
    const result = runWalkForward(data, folds, { model: 'lasso', winsor: 0.01, horizonMs: 10_000 });
    for (const f of result.folds) {
      const { start, end } = f.fold.train;
      const alone = Float64Array.from(data.x.subarray(start * data.p, end * data.p)); // a copy holding nothing else
      expect(f.fit.scaling).toEqual(learnScaling(alone, data.p, { start: 0, end: end - start }, 0.01));
    }
  });

  for (const model of MODEL_KINDS) {
    it(`fits ${model} identically when every row outside a fold's training rows is rewritten (test rows included)`, () => {
      const result = runWalkForward(data, folds, { model, winsor: 0.01, horizonMs: 10_000 });
      const rnd = random(99);
      for (const f of result.folds) {
        const x = Float64Array.from(data.x);
        const y = Float64Array.from(data.y);
        for (let i = 0; i < data.n; i++) {
          if (i >= f.fold.train.start && i < f.fold.train.end) continue;
          for (let j = 0; j < data.p; j++) x[i * data.p + j] = (rnd() - 0.5) * 1e6;
          y[i] = y[i]! > 0 ? -1e4 : 1e4;
        }
        const again = runWalkForward({ ...data, x, y }, [f.fold], { model, winsor: 0.01, horizonMs: 10_000 }).folds[0]!;
        expect(again.fit.scaling).toEqual(f.fit.scaling);
        expect([again.fit.lambda, again.fit.intercept, ...again.fit.coefficients]).toEqual([f.fit.lambda, f.fit.intercept, ...f.fit.coefficients]);
        expect(again.inSample).toEqual(f.inSample);
      }
    });
  }

  it('chooses λ on the last 20 % of the training rows, one horizon after the rows it fits, from a decreasing grid', () => {
    for (const model of ['ridge', 'lasso'] as const) {
      for (const f of folds) {
        const choice = chooseLambda(data, f.train, { model, winsor: 0.01, horizonMs: 10_000 }, f.fold);
        const n = f.train.end - f.train.start;
        expect(choice.validationRows).toEqual({ start: f.train.end - Math.ceil(0.2 * n), end: f.train.end });
        expect(choice.innerRows.start).toBe(f.train.start);
        expect(data.timesMs[choice.innerRows.end - 1]! + 10_000).toBeLessThanOrEqual(data.timesMs[choice.validationRows.start]!);
        expect(data.timesMs[choice.innerRows.end]! + 10_000).toBeGreaterThan(data.timesMs[choice.validationRows.start]!);
        expect(choice.lambdas).toHaveLength(25);
        expect(choice.lambdas.every((l, k) => k === 0 || l < choice.lambdas[k - 1]!)).toBe(true);
        expect(choice.mse[choice.lambdas.indexOf(choice.lambda)]).toBe(Math.min(...choice.mse));
      }
    }
  });

  it('leaves a feature constant in a fold\'s training rows out of that fold (coefficient 0), with no NaN anywhere', () => {
    // f2 is 0 up to 600 s, then varies: constant in the first folds only.
    const x = Float64Array.from(data.x);
    for (let i = 0; i < data.n; i++) if (data.timesMs[i]! < T0 + 600_000) x[i * data.p + 1] = 0;
    const result = runWalkForward({ ...data, x }, folds, { model: 'ridge', winsor: 0.01, horizonMs: 10_000 });
    expect(result.folds[0]!.dropped).toEqual(['f2']);
    expect(result.folds[0]!.fit.coefficients[1]).toBe(0);
    expect(result.folds[0]!.fit.keptColumns).toEqual([0, 2]);
    expect(result.folds[result.folds.length - 1]!.dropped).toEqual([]);
    for (const f of result.folds) expect([...f.predictions, ...f.inSample, f.metrics.r2, f.r2InSample].every((v) => v === null || Number.isFinite(v))).toBe(true);
  });

  it('refuses a fold with every feature constant, and one with too few training rows, naming the fold', () => {
    const flat = { ...data, x: new Float64Array(data.x.length) };
    expect(() => runWalkForward(flat, folds, { model: 'ols', winsor: 0.01, horizonMs: 10_000 })).toThrow(FitInputError);
    expect(() => runWalkForward(flat, folds, { model: 'ols', winsor: 0.01, horizonMs: 10_000 })).toThrow(/^fold 1: every feature is constant in its training rows/);
    const short = walkForwardFolds(data.timesMs, { ...spec, trainMs: 30_000 });
    expect(() => runWalkForward(data, short, { model: 'ols', winsor: 0.01, horizonMs: 10_000 })).toThrow(/^fold 1: \d+ training rows .*3 features need at least 40/);
    // Enough rows to fit, too few left before a validation split one 20 s horizon later.
    const tight = walkForwardFolds(data.timesMs, { ...spec, trainMs: 70_000, horizonMs: 20_000 });
    expect(tight[0]!.train.end - tight[0]!.train.start).toBeGreaterThanOrEqual(40);
    expect(() => runWalkForward(data, tight, { model: 'ols', winsor: 0.01, horizonMs: 20_000 })).not.toThrow();
    expect(() => runWalkForward(data, tight, { model: 'lasso', winsor: 0.01, horizonMs: 20_000 })).toThrow(/^fold 1: too few training rows to choose λ/);
  });
});
