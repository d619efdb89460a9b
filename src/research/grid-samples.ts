// research/grid-samples: a fit's rows from a replay sampled on a time grid. At each grid point the sampler
// notes the book's health and mid, how many events so far left the book unhealthy (a gap, a resync), whether
// the symbol's data had ended, and the feature values. A row is a grid point t with a target: the mid change
// from t to t + horizon in bps, 10⁴·(mid(t+h) − mid(t)) / mid(t), read from the same book. A point is
// dropped (and counted) when the book is not healthy at t (no features), when the data ends before t + h,
// or when the book was unhealthy at t + h or after any event in (t, t + h] (a gap or resync in the window).

import type { RowRange } from './scaling.js';

/** The replay as sampled on the grid; one entry per grid point, in time order. */
export interface GridSeries {
  readonly timesMs: readonly number[];
  /** Book healthy with both sides at the point (its feature values are meaningful). */
  readonly healthy: readonly boolean[];
  /** Best bid + best ask in ticks (twice the mid); 0 when not healthy. */
  readonly midTicks2: readonly number[];
  /** Events so far after which the book was not healthy. */
  readonly breaks: readonly number[];
  /** Every source of the symbol had ended by the point. */
  readonly ended: readonly boolean[];
  /** p feature values per point, row-major. */
  readonly values: Float64Array;
  readonly p: number;
}

/** A fit's rows: time-ordered, each with its features and target. */
export interface Dataset {
  readonly features: readonly string[];
  readonly n: number;
  readonly p: number;
  readonly timesMs: Float64Array;
  /** n × p, row-major. */
  readonly x: Float64Array;
  /** Targets, bps. */
  readonly y: Float64Array;
}

export interface DroppedPoints {
  /** Book not healthy at the point. */
  readonly unhealthy: number;
  /** A gap or resync between the point and its horizon. */
  readonly gap: number;
  /** The data ends before the point's horizon. */
  readonly pastEnd: number;
}

/** The rows of a series whose target is `steps` grid points ahead. */
export function gridSamples(series: GridSeries, features: readonly string[], steps: number): { data: Dataset; dropped: DroppedPoints } {
  if (!(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`a horizon of ${steps} grid steps`);
  const { p } = series;
  if (features.length !== p) throw new RangeError(`${features.length} feature names for ${p} columns`);
  const points = series.timesMs.length;
  const rows: number[] = [];
  const y: number[] = [];
  let unhealthy = 0;
  let gap = 0;
  let pastEnd = 0;
  for (let i = 0; i < points; i++) {
    const j = i + steps;
    if (series.ended[i] === true || j >= points || series.ended[j] === true) pastEnd++;
    else if (series.healthy[i] !== true) unhealthy++;
    else if (series.healthy[j] !== true || series.breaks[j] !== series.breaks[i]) gap++;
    else {
      const m0 = series.midTicks2[i] as number;
      rows.push(i);
      y.push((10_000 * ((series.midTicks2[j] as number) - m0)) / m0);
    }
  }
  const n = rows.length;
  const x = new Float64Array(n * p);
  const timesMs = new Float64Array(n);
  rows.forEach((i, r) => {
    timesMs[r] = series.timesMs[i] as number;
    x.set(series.values.subarray(i * p, (i + 1) * p), r * p);
  });
  return { data: { features, n, p, timesMs, x, y: Float64Array.from(y) }, dropped: { unhealthy, gap, pastEnd } };
}

/** The first row from `from` whose time is at or after `timeMs` (inclusive) or after it (not), n when none. */
function firstRow(timesMs: Float64Array, timeMs: number, inclusive: boolean, from = 0): number {
  let lo = from;
  let hi = timesMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = timesMs[mid] as number;
    if (t < timeMs || (!inclusive && t === timeMs)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows with lo ≤ time ≤ hi (time-ordered rows). */
export function rowsBetween(timesMs: Float64Array, loMs: number, hiMs: number): RowRange {
  const start = firstRow(timesMs, loMs, true);
  return { start, end: Math.max(start, firstRow(timesMs, hiMs, false, start)) };
}
