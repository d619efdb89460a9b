// A fit's rows from a grid: the target is the mid change over the next horizon in bps from the same book;
// a point is dropped, and counted, when the book is not healthy at it, when a gap or resync falls in its
// horizon (or the book is not healthy at its end), or when the data ends first.
import { describe, expect, it } from 'vitest';
import { gridSamples, rowsBetween, type GridSeries } from '../../src/research/index.js';

function series(points: { healthy?: boolean; mid: number; breaks?: number; ended?: boolean }[]): GridSeries {
  return {
    timesMs: points.map((_, i) => 1_000_000 + i * 1000),
    healthy: points.map((p) => p.healthy ?? true),
    midTicks2: points.map((p) => p.mid),
    breaks: points.map((p) => p.breaks ?? 0),
    ended: points.map((p) => p.ended ?? false),
    values: Float64Array.from(points.map((_, i) => i * 10)),
    p: 1,
  };
}

describe('gridSamples', () => {
  it('targets the mid change over the horizon in bps, with the features of the point itself', () => {
    const { data, dropped } = gridSamples(series([{ mid: 20_000 }, { mid: 20_002 }, { mid: 20_010 }, { mid: 19_990 }, { mid: 20_000, ended: true }]), ['f'], 2);
    expect([...data.timesMs]).toEqual([1_000_000, 1_001_000]);
    expect([...data.y]).toEqual([(10_000 * 10) / 20_000, (10_000 * -12) / 20_002]);
    expect([...data.x]).toEqual([0, 10]);
    expect(dropped).toEqual({ unhealthy: 0, gap: 0, pastEnd: 3 });
  });

  it('drops a point whose book is not healthy, and one whose horizon holds a break or ends on an unhealthy book', () => {
    const { data, dropped } = gridSamples(
      series([
        { mid: 100, healthy: false }, // no features
        { mid: 100 }, // its horizon (point 2) saw a break
        { mid: 102, breaks: 1 }, // healthy again at its own time: fine from here
        { mid: 104, breaks: 1 }, // its horizon ends on an unhealthy book
        { mid: 0, breaks: 2, healthy: false }, // no features
        { mid: 110, breaks: 2 },
        { mid: 111, breaks: 2 },
      ]),
      ['f'],
      1,
    );
    expect([...data.timesMs]).toEqual([1_002_000, 1_005_000]);
    expect(dropped).toEqual({ unhealthy: 2, gap: 2, pastEnd: 1 });
    expect(data.y.every(Number.isFinite)).toBe(true);
  });
});

describe('rowsBetween', () => {
  it('finds the rows with lo ≤ time ≤ hi', () => {
    const times = Float64Array.from([1, 2, 2, 4, 7]);
    expect(rowsBetween(times, 2, 4)).toEqual({ start: 1, end: 4 });
    expect(rowsBetween(times, 3, 3)).toEqual({ start: 3, end: 3 });
    expect(rowsBetween(times, 0, 100)).toEqual({ start: 0, end: 5 });
    expect(rowsBetween(times, 5, 1)).toEqual({ start: 4, end: 4 });
  });
});
