// The markout report's arithmetic and the horizons' syntax: hand-computed summaries (mean, median of an
// even and an odd count, sample t-statistic, share strictly above zero, executable mean, censored counts),
// the capacity that keeps only the most recent anchors, groups in a fixed order; horizon lists parsed,
// labelled and refused with a reason; and the one large-trade rule.
import { describe, expect, it } from 'vitest';
import { LargeTrades, MarkoutStats, horizonLabel, parseHorizons, type AnchorKind, type MarkoutRow } from '../../src/features/index.js';
import { createInstrument, type Instrument } from '../../src/model/index.js';

const SPOT = createInstrument({ product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00000001', source: 'test' });
const USDM = createInstrument({ product: 'usdm', symbol: 'BTCUSDT', tickSize: '0.1', lotSize: '0.001', source: 'test' });
const ETH = createInstrument({ product: 'spot', symbol: 'ETHUSDT', tickSize: '0.01', lotSize: '0.0001', source: 'test' });

function row(mid: readonly (number | null)[], exec: readonly (number | null)[] = mid, kind: AnchorKind = 'trade', instrument: Instrument = SPOT): MarkoutRow {
  return { timeUs: 0, instrument, kind, side: 'buy', bidTicks: 1, askTicks: 2, midBps: mid, execBps: exec };
}

describe('MarkoutStats', () => {
  it('summarizes each horizon: n, censored, mean, median, sample t-stat, share above zero, executable mean', () => {
    const stats = new MarkoutStats([250, 1000]);
    // Horizon 0: 1, 2, 3, 6 and a censored one; horizon 1: 0, -2, 2 and two censored.
    stats.add(row([1, 0], [0.5, -0.5]));
    stats.add(row([2, -2], [1.5, -2.5]));
    stats.add(row([3, null], [2.5, null]));
    stats.add(row([6, 2], [5.5, 1.5]));
    stats.add(row([null, null]));
    const [h0, h1] = stats.summary('trade', SPOT) ?? [];
    // mean 3; deviations −2, −1, 0, 3: Σ² = 14, sd = √(14/3); t = 3 / (sd/2).
    expect(h0).toEqual({ n: 4, censored: 1, meanBps: 3, medianBps: 2.5, tStat: 3 / (Math.sqrt(14 / 3) / 2), positiveShare: 1, execMeanBps: 2.5 });
    // mean 0, median 0 (odd count), sd 2 → t = 0; 0 is not above zero: 1 of 3.
    expect(h1).toEqual({ n: 3, censored: 2, meanBps: 0, medianBps: 0, tStat: 0, positiveShare: 1 / 3, execMeanBps: -0.5 });
  });

  it('gives no figures without values, and no t-stat for one value or no dispersion', () => {
    const stats = new MarkoutStats([250, 500, 1000]);
    stats.add(row([null, 4, 1]));
    stats.add(row([null, null, 1]));
    const [none, one, flat] = stats.summary('trade', SPOT) ?? [];
    expect(none).toEqual({ n: 0, censored: 2, meanBps: null, medianBps: null, tStat: null, positiveShare: null, execMeanBps: null });
    expect(one).toMatchObject({ n: 1, meanBps: 4, medianBps: 4, tStat: null, positiveShare: 1 });
    expect(flat).toMatchObject({ n: 2, meanBps: 1, tStat: null });
  });

  it('with a capacity, keeps the most recent anchors of each group only', () => {
    const stats = new MarkoutStats([1000], 3);
    for (let i = 1; i <= 1000; i++) stats.add(row([i]));
    stats.add(row([null]));
    expect(stats.count('trade', SPOT)).toBe(3);
    expect(stats.summary('trade', SPOT)?.[0]).toMatchObject({ n: 2, censored: 1, meanBps: 999.5, medianBps: 999.5 });
  });

  it('keeps every anchor without a capacity (growing past its first allocation)', () => {
    const stats = new MarkoutStats([1000]);
    for (let i = 1; i <= 1001; i++) stats.add(row([i]));
    expect(stats.summary('trade', SPOT)?.[0]).toMatchObject({ n: 1001, meanBps: 501, medianBps: 501 });
  });

  it('groups by anchor kind, product and symbol, listed in that order whatever came first', () => {
    const stats = new MarkoutStats([1000]);
    stats.add(row([1], [1], 'detection', SPOT));
    stats.add(row([1], [1], 'trade', ETH));
    stats.add(row([1], [1], 'trade', USDM));
    stats.add(row([1], [1], 'large-trade', SPOT));
    stats.add(row([1], [1], 'trade', SPOT));
    expect(stats.allGroups().map((g) => `${g.kind} ${g.instrument.product} ${g.instrument.symbol}`)).toEqual([
      'trade spot BTCUSDT',
      'trade spot ETHUSDT',
      'trade usdm BTCUSDT',
      'large-trade spot BTCUSDT',
      'detection spot BTCUSDT',
    ]);
    expect(stats.summary('trade', SPOT)).not.toBeNull();
    expect(stats.summary('detection', ETH)).toBeNull();
  });
});

describe('horizons', () => {
  it('parses whole ms, s and m, sorted, and labels each in its shortest exact form', () => {
    expect(parseHorizons('10s,250ms,1m,1500ms')).toEqual([250, 1500, 10_000, 60_000]);
    expect([250, 1500, 10_000, 60_000, 90_000].map(horizonLabel)).toEqual(['250ms', '1500ms', '10s', '1m', '90s']);
    expect(parseHorizons(' 1s , 3s ')).toEqual([1000, 3000]);
  });

  it.each([
    ['', 'an empty item'],
    ['1s,', 'an empty item'],
    ['250', 'not a whole number of ms, s or m'],
    ['1.5s', 'not a whole number of ms, s or m'],
    ['-1s', 'not a whole number of ms, s or m'],
    ['0ms', 'outside 1ms … 60m'],
    ['61m', 'outside 1ms … 60m'],
    ['1s,1000ms', '1s is given twice'],
    [Array.from({ length: 21 }, (_, i) => `${i + 1}s`).join(','), 'at most 20 horizons'],
  ])('refuses %j: %s', (text, reason) => {
    expect(() => parseHorizons(text)).toThrow(reason);
  });
});

describe('LargeTrades', () => {
  it('calls a trade large when above the 95th percentile of the sizes before it, from the 21st trade on', () => {
    const large = new LargeTrades();
    const seen = [...Array.from({ length: 19 }, () => large.classify(1)), large.classify(50)];
    expect(seen.some(Boolean)).toBe(false); // the 20th trade has 19 sizes before it
    expect(large.classify(50)).toBe(true); // 20 before it; the 95th percentile (nearest rank) is 1
    expect(large.classify(1)).toBe(false);
  });
});
