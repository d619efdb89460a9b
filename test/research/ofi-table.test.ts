// The OFI price-impact table against the numerics it stands on: the pooled and per-window fits are
// research's simple regression and OLS on the same points; intervals fall in epoch-aligned windows by their
// start and dropped ones are counted, never fitted; β against 1/depth recovers c when β = c/D; and every
// figure that cannot exist is null with a note saying why (never NaN).
import { describe, expect, it } from 'vitest';
import { fitRidge, mlofiFit, ofiFit, ofiTable, predict, rSquared, simpleRegression, type OfiSample, type OfiWindow } from '../../src/research/index.js';

const W = 10_000;
const T0 = 1_723_161_600_000; // 2024-08-09 00:00:00 UTC: a multiple of 30 min

function sample(i: number, dMidTicks: number, ofi: number, extra: Partial<OfiSample> = {}): OfiSample {
  return { endMs: T0 + (i + 1) * W, healthy: true, dMidTicks, ofi, mlofi: [ofi, 0, 0], tfi: 0, tradeImbalance: 0, avgDepth: 1, ...extra };
}

// A small data set: Δmid ≈ 2·OFI with noise, MLOFI levels and trade flow that explain part of it.
const POINTS: [number, number, number[], number, number][] = [
  // dMid, ofi, mlofi, tfi, ti
  [1, 0.4, [0.5, 0.1, -0.2], 0.5, 0.3],
  [-2, -1.1, [-1.0, 0.3, 0.1], -0.2, -0.5],
  [0.5, 0.3, [0.2, -0.1, 0.4], 0.1, 0.2],
  [3, 1.4, [1.6, 0.2, 0.0], 0.9, 0.8],
  [-1, -0.2, [-0.6, -0.4, 0.3], -0.7, -0.1],
  [0, 0.1, [0.0, 0.5, -0.5], 0.0, 0.0],
  [2.5, 1.0, [1.1, 0.0, 0.2], 0.3, 0.6],
  [-0.5, -0.4, [-0.2, 0.1, -0.1], -0.4, -0.3],
];
const DATA = POINTS.map(([d, o, m, tfi, ti], i) => sample(i, d, o, { mlofi: m, tfi, tradeImbalance: ti, avgDepth: 2 + i }));

describe('ofiFit and mlofiFit', () => {
  it('are research\'s simple regression of Δmid on OFI and its OLS on the MLOFI levels', () => {
    const y = POINTS.map((p) => p[0]);
    const ref = simpleRegression(POINTS.map((p) => p[1]), y);
    expect(ofiFit(DATA)).toEqual({ n: 8, alpha: ref?.alpha, beta: ref?.beta, tBeta: ref?.tBeta, r2: ref?.r2 });
    const design = { x: Float64Array.from(POINTS.flatMap((p) => p[2])), n: 8, p: 3 };
    const yy = Float64Array.from(y);
    expect(mlofiFit(DATA).r2).toBeCloseTo(rSquared(yy, predict(design, fitRidge(design, yy))) as number, 12);
  });

  it('by hand on three points: Δmid = 1 + 2·OFI exactly, so β = 2, α = 1, R² = 1', () => {
    const fit = ofiFit([sample(0, 1, 0), sample(1, 3, 1), sample(2, 7, 3)]);
    expect(fit.alpha).toBeCloseTo(1, 12);
    expect(fit.beta).toBeCloseTo(2, 12);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(fit.tBeta).toBeNull(); // no residual: the standard error is 0
  });

  it('leaves out MLOFI levels that never vary, and needs a residual degree of freedom', () => {
    const withZeros = DATA.map((s) => ({ ...s, mlofi: [...s.mlofi, 0] }));
    expect(mlofiFit(withZeros).r2).toBeCloseTo(mlofiFit(DATA).r2 as number, 12);
    expect(mlofiFit(DATA.slice(0, 4))).toEqual({ r2: null, note: '4 healthy intervals cannot fit 3 levels and an intercept with a residual left' });
    expect(mlofiFit(DATA.slice(0, 5)).r2).not.toBeNull();
  });

  it('say null with a note, never NaN, when a figure cannot exist', () => {
    expect(ofiFit(DATA.slice(0, 2))).toEqual({ n: 2, alpha: null, beta: null, tBeta: null, r2: null, note: '2 healthy intervals; a regression needs at least 3' });
    expect(ofiFit([sample(0, 1, 2), sample(1, -1, 2), sample(2, 0, 2)])).toEqual({ n: 3, alpha: null, beta: null, tBeta: null, r2: null, note: 'OFI did not vary over the 3 healthy intervals' });
    const still = ofiFit([sample(0, 0, 1), sample(1, 0, -1), sample(2, 0, 2)]);
    expect(still).toEqual({ n: 3, alpha: 0, beta: 0, tBeta: null, r2: null, note: 'the mid did not move over the 3 healthy intervals' });
    expect(mlofiFit(DATA.map((s) => ({ ...s, mlofi: [1, 1, 1] })))).toEqual({ r2: null, note: 'MLOFI did not vary' });
    const collinear = DATA.map((s) => ({ ...s, mlofi: [s.mlofi[0] as number, 2 * (s.mlofi[0] as number), s.mlofi[2] as number] }));
    expect(mlofiFit(collinear)).toEqual({ r2: null, note: 'the MLOFI levels are collinear' });
  });
});

describe('ofiTable', () => {
  const options = { intervalMs: W, subsampleMs: 40_000 };

  it('pools every healthy interval, counts the dropped ones and fits none of them', () => {
    const dropped = sample(8, 1000, -50, { healthy: false });
    const table = ofiTable([...DATA, dropped], options);
    expect(table.used).toBe(8);
    expect(table.dropped).toBe(1);
    expect(table.all).toEqual(ofiFit(DATA));
    expect(table.mlofi).toEqual(mlofiFit(DATA));
    expect(table.tfi.r2).toBeCloseTo(simpleRegression(POINTS.map((p) => p[3]), POINTS.map((p) => p[0]))?.r2 as number, 12);
    expect(table.tradeImbalance.r2).toBeCloseTo(simpleRegression(POINTS.map((p) => p[4]), POINTS.map((p) => p[0]))?.r2 as number, 12);
    expect(table.avgDepth).toBe(5.5); // mean of 2..9
  });

  it('puts each interval in the epoch-aligned window that holds its start, and fits each window alone', () => {
    const dropped = sample(8, 1000, -50, { healthy: false });
    const table = ofiTable([...DATA, dropped], options);
    // Intervals start at T0 + 0, 10, ..., 80 s: windows of 40 s hold 4, 4 and 1 (the dropped one).
    expect(table.windows.map((w) => [w.startMs - T0, w.endMs - T0, w.ofi.n, w.dropped])).toEqual([
      [0, 40_000, 4, 0],
      [40_000, 80_000, 4, 0],
      [80_000, 120_000, 0, 1],
    ]);
    const [first, second, third] = table.windows as [OfiWindow, OfiWindow, OfiWindow];
    expect(first.ofi).toEqual(ofiFit(DATA.slice(0, 4)));
    expect(second.ofi).toEqual(ofiFit(DATA.slice(4, 8)));
    expect(second.avgDepth).toBe(7.5);
    expect(third.ofi.note).toBe('0 healthy intervals; a regression needs at least 3');
    expect(third.avgDepth).toBeNull();
    // The mean over the windows that have a fit.
    expect(table.windowMeans.windows).toBe(2);
    expect(table.windowMeans.r2).toBeCloseTo(((first.ofi.r2 as number) + (second.ofi.r2 as number)) / 2, 12);
  });

  it('recovers c when each window\'s β is c/depth, with 5 windows or more; says why not with fewer', () => {
    const c = 3;
    const samples: OfiSample[] = [];
    const depths = [1, 2, 4, 5, 8];
    depths.forEach((depth, k) => {
      for (let j = 0; j < 4; j++) {
        const ofi = j - 1.5 + k / 10;
        samples.push(sample(k * 4 + j, (c / depth) * ofi + 0.1, ofi, { avgDepth: depth }));
      }
    });
    const table = ofiTable(samples, options);
    expect(table.windows.map((w) => w.ofi.beta)).toEqual(depths.map((d) => expect.closeTo(c / d, 10)));
    expect(table.depthImpact.windows).toBe(5);
    expect(table.depthImpact.c).toBeCloseTo(c, 10);
    expect(table.depthImpact.alpha).toBeCloseTo(0, 10);
    expect(table.depthImpact.r2).toBeCloseTo(1, 10);
    expect(ofiTable(samples.slice(0, 16), options).depthImpact).toEqual({ windows: 4, c: null, alpha: null, r2: null, note: 'needs a β in at least 5 windows, has 4' });
  });

  it('refuses a subsample that is not a whole multiple of the interval', () => {
    expect(() => ofiTable(DATA, { intervalMs: W, subsampleMs: 15_000 })).toThrow(RangeError);
  });
});
