// research/ofi-table: the Cont–Kukanov–Stoikov price-impact table of one symbol — from its interval samples
// (the mid's change in ticks, touch OFI, MLOFI per level, trade flow, depth at the touch), the regressions
// of Δmid on OFI, on MLOFI and on trade flow, pooled over all healthy intervals and per subsample window,
// and the depth-normalised impact (β against 1/depth across windows). Pure: samples in, figures out. A
// figure that cannot be computed is null with a note saying why, never NaN.

import { SingularMatrixError, fitRidge, predict } from './linear.js';
import { mean, rSquared, simpleRegression } from './stats.js';

/** One interval (endMs − interval, endMs] of receive time. */
export interface OfiSample {
  readonly endMs: number;
  /** The book was right throughout: at the interval's start and after every event in it. */
  readonly healthy: boolean;
  /** Close-to-close change of the mid, ticks (half ticks when the spread is odd). */
  readonly dMidTicks: number;
  /** Touch OFI summed over the interval, base units. */
  readonly ofi: number;
  /** MLOFI per level rank (1..k) summed over the interval, base units. */
  readonly mlofi: readonly number[];
  /** (buy − sell) / (buy + sell) of the interval's taker volume; 0 without trades. */
  readonly tfi: number;
  /** buy − sell taker volume, base units (CKS's trade imbalance). */
  readonly tradeImbalance: number;
  /** Time-weighted mean of (bid size + ask size) / 2 at the touch, base units. */
  readonly avgDepth: number;
}

export interface OfiTableOptions {
  readonly intervalMs: number;
  /** Window length; a whole multiple of the interval, so each interval lies in one window. */
  readonly subsampleMs: number;
  /** Windows with a β needed for the depth-normalised impact (default 5). */
  readonly minDepthWindows?: number;
}

/** Δmid = α + β·OFI. Null figures come with a note. */
export interface OfiFit {
  readonly n: number;
  readonly alpha: number | null;
  readonly beta: number | null;
  readonly tBeta: number | null;
  readonly r2: number | null;
  readonly note?: string;
}

/** R² of one comparison regression (MLOFI, TFI, trade imbalance). */
export interface R2Fit {
  readonly r2: number | null;
  readonly note?: string;
}

export interface OfiWindow {
  readonly startMs: number;
  readonly endMs: number;
  readonly dropped: number;
  readonly ofi: OfiFit;
  readonly mlofi: R2Fit;
  readonly tfi: R2Fit;
  readonly tradeImbalance: R2Fit;
  /** Mean of the healthy intervals' depth; null without one. */
  readonly avgDepth: number | null;
}

/** β = α + c / depth across windows (CKS: β ≈ c/D). */
export interface DepthImpact {
  readonly windows: number;
  readonly c: number | null;
  readonly alpha: number | null;
  readonly r2: number | null;
  readonly note?: string;
}

/** The mean over windows of each R² (the figure CKS report), over the windows where it exists. */
export interface WindowMeans {
  readonly windows: number;
  readonly r2: number | null;
  readonly mlofiR2: number | null;
  readonly tfiR2: number | null;
  readonly tradeImbalanceR2: number | null;
}

export interface OfiTable {
  readonly used: number;
  readonly dropped: number;
  readonly all: OfiFit;
  readonly mlofi: R2Fit;
  readonly tfi: R2Fit;
  readonly tradeImbalance: R2Fit;
  readonly avgDepth: number | null;
  readonly windows: readonly OfiWindow[];
  readonly windowMeans: WindowMeans;
  readonly depthImpact: DepthImpact;
}

/** Fewer intervals than this cannot give a slope and its t-statistic. */
export const MIN_REGRESSION_INTERVALS = 3;
const DEFAULT_MIN_DEPTH_WINDOWS = 5;

const varies = (values: readonly number[]): boolean => values.some((v) => v !== values[0]);

/** Δmid on OFI by OLS. */
export function ofiFit(samples: readonly OfiSample[]): OfiFit {
  const n = samples.length;
  const nothing = (note: string): OfiFit => ({ n, alpha: null, beta: null, tBeta: null, r2: null, note });
  if (n < MIN_REGRESSION_INTERVALS) return nothing(`${n} healthy interval${n === 1 ? '' : 's'}; a regression needs at least ${MIN_REGRESSION_INTERVALS}`);
  const x = samples.map((s) => s.ofi);
  const y = samples.map((s) => s.dMidTicks);
  const fit = simpleRegression(x, y);
  if (fit === null) return nothing(`OFI did not vary over the ${n} healthy intervals`);
  if (!varies(y)) return { n, alpha: fit.alpha, beta: fit.beta, tBeta: null, r2: null, note: `the mid did not move over the ${n} healthy intervals` };
  return { n, alpha: fit.alpha, beta: fit.beta, tBeta: fit.tBeta, r2: fit.r2 };
}

/** R² of Δmid on one regressor. */
function singleR2(samples: readonly OfiSample[], x: readonly number[], name: string): R2Fit {
  const n = samples.length;
  if (n < MIN_REGRESSION_INTERVALS) return { r2: null, note: `${n} healthy interval${n === 1 ? '' : 's'}; a regression needs at least ${MIN_REGRESSION_INTERVALS}` };
  const y = samples.map((s) => s.dMidTicks);
  if (!varies(y)) return { r2: null, note: 'the mid did not move' };
  const fit = simpleRegression(x, y);
  return fit === null ? { r2: null, note: `${name} did not vary` } : { r2: fit.r2 };
}

/**
 * R² of Δmid on the MLOFI levels by OLS (with an intercept). Levels that do not vary are left out (they
 * explain nothing); at least one degree of freedom must remain.
 */
export function mlofiFit(samples: readonly OfiSample[]): R2Fit {
  const n = samples.length;
  const levels = samples[0]?.mlofi.length ?? 0;
  const y = Float64Array.from(samples, (s) => s.dMidTicks);
  if (n < MIN_REGRESSION_INTERVALS) return { r2: null, note: `${n} healthy interval${n === 1 ? '' : 's'}; a regression needs at least ${MIN_REGRESSION_INTERVALS}` };
  if (!varies([...y])) return { r2: null, note: 'the mid did not move' };
  const columns = Array.from({ length: levels }, (_, j) => j).filter((j) => varies(samples.map((s) => s.mlofi[j] as number)));
  const p = columns.length;
  if (p === 0) return { r2: null, note: 'MLOFI did not vary' };
  if (n < p + 2) return { r2: null, note: `${n} healthy intervals cannot fit ${p} levels and an intercept with a residual left` };
  const x = new Float64Array(n * p);
  samples.forEach((s, i) => columns.forEach((j, c) => (x[i * p + c] = s.mlofi[j] as number)));
  const design = { x, n, p };
  try {
    return { r2: rSquared(y, predict(design, fitRidge(design, y))) };
  } catch (error) {
    if (error instanceof SingularMatrixError) return { r2: null, note: 'the MLOFI levels are collinear' };
    throw error;
  }
}

function allFits(used: readonly OfiSample[]) {
  return {
    ofi: ofiFit(used),
    mlofi: mlofiFit(used),
    tfi: singleR2(used, used.map((s) => s.tfi), 'TFI'),
    tradeImbalance: singleR2(used, used.map((s) => s.tradeImbalance), 'trade imbalance'),
    avgDepth: mean(used.map((s) => s.avgDepth)),
  };
}

/** The table of one symbol from its samples in time order. */
export function ofiTable(samples: readonly OfiSample[], options: OfiTableOptions): OfiTable {
  const { intervalMs, subsampleMs } = options;
  if (!(intervalMs > 0) || !(subsampleMs >= intervalMs) || subsampleMs % intervalMs !== 0) {
    throw new RangeError(`the subsample (${subsampleMs} ms) must be a whole multiple of the interval (${intervalMs} ms)`);
  }
  const used = samples.filter((s) => s.healthy);
  const all = allFits(used);
  // Each interval belongs to the window holding its start: windows [k·S, (k+1)·S) aligned to the epoch.
  const byWindow = new Map<number, OfiSample[]>();
  for (const s of samples) {
    const k = Math.floor((s.endMs - intervalMs) / subsampleMs);
    const list = byWindow.get(k);
    if (list === undefined) byWindow.set(k, [s]);
    else list.push(s);
  }
  const windows: OfiWindow[] = [...byWindow.entries()]
    .sort(([a], [b]) => a - b)
    .map(([k, list]) => {
      const healthy = list.filter((s) => s.healthy);
      const fits = allFits(healthy);
      return {
        startMs: k * subsampleMs,
        endMs: (k + 1) * subsampleMs,
        dropped: list.length - healthy.length,
        ofi: fits.ofi,
        mlofi: fits.mlofi,
        tfi: fits.tfi,
        tradeImbalance: fits.tradeImbalance,
        avgDepth: fits.avgDepth,
      };
    });
  return {
    used: used.length,
    dropped: samples.length - used.length,
    all: all.ofi,
    mlofi: all.mlofi,
    tfi: all.tfi,
    tradeImbalance: all.tradeImbalance,
    avgDepth: all.avgDepth,
    windows,
    windowMeans: windowMeans(windows),
    depthImpact: depthImpact(windows, options.minDepthWindows ?? DEFAULT_MIN_DEPTH_WINDOWS),
  };
}

function meanOf(values: readonly (number | null)[]): number | null {
  return mean(values.filter((v): v is number => v !== null));
}

function windowMeans(windows: readonly OfiWindow[]): WindowMeans {
  return {
    windows: windows.filter((w) => w.ofi.r2 !== null).length,
    r2: meanOf(windows.map((w) => w.ofi.r2)),
    mlofiR2: meanOf(windows.map((w) => w.mlofi.r2)),
    tfiR2: meanOf(windows.map((w) => w.tfi.r2)),
    tradeImbalanceR2: meanOf(windows.map((w) => w.tradeImbalance.r2)),
  };
}

/** β = α + c·(1/depth) over the windows that have a β and a depth. */
export function depthImpact(windows: readonly OfiWindow[], minWindows: number): DepthImpact {
  const points = windows.filter((w) => w.ofi.beta !== null && w.avgDepth !== null && w.avgDepth > 0);
  const k = points.length;
  const nothing = (note: string): DepthImpact => ({ windows: k, c: null, alpha: null, r2: null, note });
  if (k < minWindows) return nothing(`needs a β in at least ${minWindows} windows, has ${k}`);
  const fit = simpleRegression(
    points.map((w) => 1 / (w.avgDepth as number)),
    points.map((w) => w.ofi.beta as number),
  );
  if (fit === null) return nothing('the depth did not vary across windows');
  if (!varies(points.map((w) => w.ofi.beta as number))) return { windows: k, c: fit.beta, alpha: fit.alpha, r2: null, note: 'β did not vary across windows' };
  return { windows: k, c: fit.beta, alpha: fit.alpha, r2: fit.r2 };
}
