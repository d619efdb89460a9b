// Volume profile, footprint and stacked imbalances (issue 4): hand-computed cases, a property test against
// brute force, and a run over the bundled real spot recording.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Footprint,
  diagonalImbalances,
  shareStackedImbalances,
  stackedImbalances,
  type ImbalanceCell,
  type ImbalanceStack,
} from '../../src/features/footprint.js';
import { VolumeProfile, valueAreaOf, type ProfileLevel, type TradePrint } from '../../src/features/profile.js';
import { lotsToQty, ticksToPrice, type AggressorSide, type Instrument } from '../../src/model/index.js';
import { SPOT_FILES, replayFiles } from '../support/fixtures.js';

function trade(priceTicks: number, qtyLots: number, aggressor: AggressorSide, receiveTimeUs = 0): TradePrint {
  return { priceTicks, qtyLots, aggressor, receiveTimeUs };
}

/** Profile levels from [price, total] pairs (all buys), for the value-area cases. */
function rows(pairs: [number, number][]): ProfileLevel[] {
  return pairs.map(([priceTicks, totalLots]) => ({ priceTicks, buyLots: totalLots, sellLots: 0, totalLots }));
}

function cells(spec: [number, number, number][]): ImbalanceCell[] {
  return spec.map(([priceTicks, buyLots, sellLots]) => ({ priceTicks, buyLots, sellLots }));
}

describe('VolumeProfile', () => {
  it('is empty but defined before any trade', () => {
    const p = new VolumeProfile({ windowUs: 1000 });
    for (const view of [p.session, p.window]) {
      expect(view.vpoc()).toBeNull();
      expect(view.valueArea()).toBeNull();
      expect(view.levels()).toEqual([]);
      expect(view.level(100)).toBeNull();
      expect([view.buyLots, view.sellLots, view.totalLots, view.trades, view.levelCount]).toEqual([0, 0, 0, 0, 0]);
    }
    expect(p.latestUs).toBeNull();
  });

  it('splits buy and sell lots per level and breaks VPOC ties towards the lower price', () => {
    const p = new VolumeProfile({ windowUs: 1_000_000 });
    p.onTrade(trade(102, 5, 'sell', 1));
    p.onTrade(trade(100, 2, 'buy', 2));
    p.onTrade(trade(101, 3, 'sell', 3));
    p.onTrade(trade(100, 3, 'buy', 4));
    // 100: 5 (buy), 101: 3 (sell), 102: 5 (sell): tie 100 / 102 → 100
    expect(p.session.vpoc()).toBe(100);
    expect(p.window.vpoc()).toBe(100);
    expect(p.session.levels()).toEqual([
      { priceTicks: 100, buyLots: 5, sellLots: 0, totalLots: 5 },
      { priceTicks: 101, buyLots: 0, sellLots: 3, totalLots: 3 },
      { priceTicks: 102, buyLots: 0, sellLots: 5, totalLots: 5 },
    ]);
    expect([p.session.buyLots, p.session.sellLots, p.session.totalLots, p.session.trades]).toEqual([5, 8, 13, 4]);
    p.onTrade(trade(102, 1, 'buy', 5));
    expect(p.session.vpoc()).toBe(102);
    expect(p.session.level(102)).toEqual({ priceTicks: 102, buyLots: 1, sellLots: 5, totalLots: 6 });
    // The tie the other way round: the higher level reaches the lower one's volume, the lower stays.
    const q = new VolumeProfile({ windowUs: 10 });
    q.onTrade(trade(100, 4, 'buy'));
    q.onTrade(trade(99, 4, 'sell'));
    expect(q.session.vpoc()).toBe(99);
    q.onTrade(trade(100, 1, 'sell'));
    expect(q.session.vpoc()).toBe(100);
    q.onTrade(trade(101, 5, 'sell'));
    expect(q.session.vpoc()).toBe(100);
    expect(q.window.vpoc()).toBe(100);
  });

  it('expands the value area by hand: larger neighbour first, ties go up, one side exhausted', () => {
    // total 26, target 0.7 × 26 = 18.2: 102 (10) → below 101 (5 > 4) = 15 → above 103 (4 > 2) = 19 ≥ 18.2
    const va = valueAreaOf(rows([[100, 2], [101, 5], [102, 10], [103, 4], [104, 4], [105, 1]]));
    expect(va).toEqual({ vpocTicks: 102, lowTicks: 101, highTicks: 103, lots: 19, totalLots: 26, share: 19 / 26 });
    // tie 3 / 3 → the level above: 10 + 3 = 13 ≥ 11.2
    expect(valueAreaOf(rows([[100, 3], [101, 10], [102, 3]]))).toMatchObject({ lowTicks: 101, highTicks: 102, lots: 13 });
    // VPOC at the top: nothing above, so below: 10 + 3 = 13 ≥ 11.9
    expect(valueAreaOf(rows([[100, 4], [101, 3], [102, 10]]))).toMatchObject({ lowTicks: 101, highTicks: 102, lots: 13 });
    // fraction 1 takes every level; a small fraction only the VPOC
    expect(valueAreaOf(rows([[100, 4], [101, 3], [102, 10]]), 1)).toMatchObject({ lowTicks: 100, highTicks: 102, lots: 17 });
    expect(valueAreaOf(rows([[100, 4], [101, 3], [102, 10]]), 0.5)).toMatchObject({ lowTicks: 102, highTicks: 102, lots: 10 });
    // Levels with volume are the steps: the empty ticks 101…104 are not compared (4 below beats 1 above).
    expect(valueAreaOf(rows([[100, 4], [105, 10], [106, 1]]))).toMatchObject({ lowTicks: 100, highTicks: 105, lots: 14 });
    expect(() => valueAreaOf(rows([[1, 1]]), 0)).toThrow(RangeError);
    expect(() => valueAreaOf(rows([[1, 1]]), 1.5)).toThrow(RangeError);
    // through the profile
    const p = new VolumeProfile({ windowUs: 1 });
    for (const [price, lots] of [[100, 2], [101, 5], [102, 10], [103, 4], [104, 4], [105, 1]] as const) {
      p.onTrade(trade(price, lots, 'buy'));
    }
    expect(p.session.valueArea()).toMatchObject({ vpocTicks: 102, lowTicks: 101, highTicks: 103, lots: 19 });
  });

  it('evicts from the window a trade exactly windowUs old (window = (now − windowUs, now])', () => {
    const p = new VolumeProfile({ windowUs: 1000 });
    p.onTrade(trade(100, 1, 'buy', 0));
    p.onTrade(trade(101, 2, 'sell', 500));
    p.advance(999); // the first trade is 999 µs old: still in
    expect(p.window.totalLots).toBe(3);
    expect(p.window.level(100)).toEqual({ priceTicks: 100, buyLots: 1, sellLots: 0, totalLots: 1 });
    p.onTrade(trade(102, 4, 'buy', 1000)); // now the first trade is exactly 1000 µs old: out
    expect(p.window.totalLots).toBe(6);
    expect(p.window.level(100)).toBeNull();
    expect(p.window.levels().map((l) => l.priceTicks)).toEqual([101, 102]);
    expect(p.window.vpoc()).toBe(102);
    expect(p.session.totalLots).toBe(7);
    p.advance(1499);
    expect(p.window.totalLots).toBe(6);
    p.advance(1500);
    expect(p.window.totalLots).toBe(4);
    expect([p.window.buyLots, p.window.sellLots, p.window.trades]).toEqual([4, 0, 1]);
    p.advance(2000);
    expect(p.window.totalLots).toBe(0);
    expect(p.window.vpoc()).toBeNull();
    expect(p.window.valueArea()).toBeNull();
    expect(p.window.levelCount).toBe(0);
    // the session keeps everything
    expect(p.session.levels().map((l) => l.totalLots)).toEqual([1, 2, 4]);
    expect(p.session.vpoc()).toBe(102);
    // time never runs backwards: a trade stamped before now counts at now, and advancing back is a no-op
    p.onTrade(trade(103, 1, 'sell', 10));
    expect(p.latestUs).toBe(2000);
    expect(p.window.totalLots).toBe(1);
    p.advance(2999);
    expect(p.window.totalLots).toBe(1);
    p.advance(3000);
    expect(p.window.totalLots).toBe(0);
  });

  it('groups prices into buckets aligned to multiples of bucketTicks; ignores zero-lot trades', () => {
    const p = new VolumeProfile({ windowUs: 10, bucketTicks: 5 });
    p.onTrade(trade(100, 1, 'buy'));
    p.onTrade(trade(104, 2, 'sell'));
    p.onTrade(trade(105, 4, 'buy'));
    p.onTrade(trade(99, 1, 'buy'));
    p.onTrade(trade(99, 0, 'sell'));
    expect(p.session.levels()).toEqual([
      { priceTicks: 95, buyLots: 1, sellLots: 0, totalLots: 1 },
      { priceTicks: 100, buyLots: 1, sellLots: 2, totalLots: 3 },
      { priceTicks: 105, buyLots: 4, sellLots: 0, totalLots: 4 },
    ]);
    expect(p.session.level(103)?.priceTicks).toBe(100);
    expect(p.session.trades).toBe(4);
    expect(() => new VolumeProfile({ windowUs: 0 })).toThrow(RangeError);
    expect(() => new VolumeProfile({ windowUs: 10, bucketTicks: 1.5 })).toThrow(RangeError);
  });
});

describe('Footprint', () => {
  it('aligns time bins to epoch multiples of the width and price buckets to multiples of k', () => {
    const f = new Footprint({ binMs: 1000, bucketTicks: 5, maxBins: 10 });
    const t0 = 1_723_161_254_087_896;
    f.onTrade(trade(100, 1, 'buy', t0));
    f.onTrade(trade(104, 2, 'sell', 1_723_161_254_000_000)); // first µs of the bin
    f.onTrade(trade(99, 3, 'sell', 1_723_161_254_999_999)); // last µs of the bin
    f.onTrade(trade(105, 4, 'buy', 1_723_161_254_500_000));
    f.onTrade(trade(107, 1, 'buy', 1_723_161_255_000_000)); // next bin
    expect(f.binStartUs(t0)).toBe(1_723_161_254_000_000);
    expect(f.latestBinStartUs).toBe(1_723_161_255_000_000);
    expect(f.bin(t0)).toEqual({
      startUs: 1_723_161_254_000_000,
      endUs: 1_723_161_255_000_000,
      buyLots: 5,
      sellLots: 5,
      totalLots: 10,
      deltaLots: 0,
      trades: 4,
      highTicks: 105,
      lowTicks: 99,
      cellCount: 3,
    });
    expect(f.cells(1_723_161_254_000_000)).toEqual([
      { priceTicks: 95, buyLots: 0, sellLots: 3, totalLots: 3, deltaLots: -3, trades: 1 },
      { priceTicks: 100, buyLots: 1, sellLots: 2, totalLots: 3, deltaLots: -1, trades: 2 },
      { priceTicks: 105, buyLots: 4, sellLots: 0, totalLots: 4, deltaLots: 4, trades: 1 },
    ]);
    expect(f.cells(1_723_161_255_000_000)).toEqual([{ priceTicks: 105, buyLots: 1, sellLots: 0, totalLots: 1, deltaLots: 1, trades: 1 }]);
    expect(f.bin(1_723_161_255_123_456)).toMatchObject({ highTicks: 107, lowTicks: 107, deltaLots: 1 });
    expect(f.bins().map((b) => b.startUs)).toEqual([1_723_161_254_000_000, 1_723_161_255_000_000]);
    expect(f.bin(1_723_161_253_000_000)).toBeNull();
    expect(f.cells(1_723_161_253_000_000)).toEqual([]);
  });

  it('keeps the maxBins bins ending at the latest one; drops old bins (also across empty ones)', () => {
    const f = new Footprint({ binMs: 1, maxBins: 3 }); // bins of 1000 µs
    for (const bin of [0, 1, 2]) f.onTrade(trade(100, bin + 1, 'buy', bin * 1000 + 7));
    expect(f.bins().map((b) => b.startUs)).toEqual([0, 1000, 2000]);
    f.onTrade(trade(100, 1, 'sell', 3000));
    expect(f.bins().map((b) => b.startUs)).toEqual([1000, 2000, 3000]);
    expect(f.bin(0)).toBeNull();
    f.onTrade(trade(100, 1, 'sell', 6500)); // bins 4 and 5 empty: 1…3 leave the ring
    expect(f.bins().map((b) => b.startUs)).toEqual([6000]);
    f.onTrade(trade(100, 1, 'buy', 3999)); // bin 3 already dropped
    expect(f.lateTrades).toBe(1);
    f.onTrade(trade(101, 2, 'sell', 5000)); // bin 5 is still in the ring
    expect(f.bins().map((b) => [b.startUs, b.totalLots])).toEqual([
      [5000, 2],
      [6000, 1],
    ]);
    // a slot reused by a newer bin holds only the new bin's trades
    f.onTrade(trade(102, 9, 'buy', 9000));
    expect(f.bins().map((b) => [b.startUs, b.totalLots])).toEqual([[9000, 9]]);
    expect(f.cells(9000)).toEqual([{ priceTicks: 102, buyLots: 9, sellLots: 0, totalLots: 9, deltaLots: 9, trades: 1 }]);
    expect(() => new Footprint({ binMs: 0, maxBins: 1 })).toThrow(RangeError);
    expect(() => new Footprint({ binMs: 1, maxBins: 0 })).toThrow(RangeError);
  });
});

describe('stacked imbalances', () => {
  // price, buy, sell
  const BUY_STACK = cells([
    [100, 0, 2],
    [101, 6, 1], // 6 ≥ 3 × sell(100) = 6
    [102, 3, 1], // 3 ≥ 3 × sell(101) = 3
    [103, 3, 5], // 3 ≥ 3 × sell(102) = 3
    [104, 2, 0], // 2 < 3 × sell(103) = 15
  ]);

  it('finds diagonal buy imbalances (buy at p vs sell at p − 1) and stacks three adjacent ones', () => {
    expect(diagonalImbalances(BUY_STACK, 1)).toEqual([
      { priceTicks: 101, side: 'buy', lots: 6, opposingLots: 2 },
      { priceTicks: 102, side: 'buy', lots: 3, opposingLots: 1 },
      { priceTicks: 103, side: 'buy', lots: 3, opposingLots: 1 },
    ]);
    expect(stackedImbalances(BUY_STACK, 1)).toEqual([{ side: 'buy', fromTicks: 101, toTicks: 103, levels: 3 }]);
    // a stricter ratio breaks the 3 ≥ 3 levels
    expect(stackedImbalances(BUY_STACK, 1, { ratio: 3.5 })).toEqual([]);
  });

  it('two adjacent imbalanced levels are not a stack of three', () => {
    const two = BUY_STACK.map((c) => (c.priceTicks === 100 ? { ...c, sellLots: 3 } : c)); // 6 < 9 at 101
    expect(diagonalImbalances(two, 1).map((i) => i.priceTicks)).toEqual([102, 103]);
    expect(stackedImbalances(two, 1)).toEqual([]);
    expect(stackedImbalances(two, 1, { minStack: 2 })).toEqual([{ side: 'buy', fromTicks: 102, toTicks: 103, levels: 2 }]);
  });

  it('finds diagonal sell imbalances (sell at p vs buy at p + 1); minLots gates the dominant side', () => {
    const c = cells([
      [200, 1, 9], // sell 9 ≥ 3 × buy(201) = 6; buy 1 ≥ 3 × sell(199) = 0 (nothing below)
      [201, 2, 6], // sell 6 ≥ 3 × buy(202) = 3
      [202, 1, 3], // sell 3 ≥ 3 × buy(203) = 3
      [203, 1, 0],
    ]);
    expect(diagonalImbalances(c, 1)).toEqual([
      { priceTicks: 200, side: 'buy', lots: 1, opposingLots: 0 },
      { priceTicks: 200, side: 'sell', lots: 9, opposingLots: 2 },
      { priceTicks: 201, side: 'sell', lots: 6, opposingLots: 1 },
      { priceTicks: 202, side: 'sell', lots: 3, opposingLots: 1 },
    ]);
    expect(stackedImbalances(c, 1)).toEqual([{ side: 'sell', fromTicks: 200, toTicks: 202, levels: 3 }]);
    expect(diagonalImbalances(c, 1, { minLots: 2 }).map((i) => `${i.side}${i.priceTicks}`)).toEqual(['sell200', 'sell201', 'sell202']);
    expect(stackedImbalances(c, 1, { minLots: 4 })).toEqual([]); // 3 lots at 202 are too few
    expect(stackedImbalances(BUY_STACK, 1, { minLots: 4 })).toEqual([]); // 3 lots at 102 are too few
  });

  it('uses the bucket height for adjacency', () => {
    const k5 = cells([
      [100, 3, 0],
      [105, 3, 0],
      [110, 3, 0],
    ]);
    expect(stackedImbalances(k5, 5)).toEqual([{ side: 'buy', fromTicks: 100, toTicks: 110, levels: 3 }]);
    expect(stackedImbalances(k5, 1)).toEqual([]); // 1-tick buckets: not adjacent
    const gap = cells([
      [100, 3, 0],
      [105, 3, 0],
      [115, 3, 0],
    ]);
    expect(stackedImbalances(gap, 5)).toEqual([]);
  });

  it('reads a Footprint bin', () => {
    const f = new Footprint({ binMs: 1000, maxBins: 2 });
    for (const c of BUY_STACK) {
      if (c.buyLots > 0) f.onTrade(trade(c.priceTicks, c.buyLots, 'buy', 10));
      if (c.sellLots > 0) f.onTrade(trade(c.priceTicks, c.sellLots, 'sell', 20));
    }
    expect(f.stackedImbalances(0)).toEqual([{ side: 'buy', fromTicks: 101, toTicks: 103, levels: 3 }]);
    expect(f.stackedImbalances(5_000_000)).toEqual([]);
  });

  it('share variant: one side holds more than threshold of the level', () => {
    const c = cells([
      [100, 8, 2], // 0.8 buy
      [101, 7, 3], // 0.7: not > 0.7
      [102, 9, 1],
      [103, 10, 0],
      [104, 8, 2],
      [105, 0, 4], // sell
      [106, 1, 9],
      [107, 1, 5], // 5/6 sell
    ]);
    const expected: ImbalanceStack[] = [
      { side: 'buy', fromTicks: 102, toTicks: 104, levels: 3 },
      { side: 'sell', fromTicks: 105, toTicks: 107, levels: 3 },
    ];
    expect(shareStackedImbalances(c, 1)).toEqual(expected);
    expect(shareStackedImbalances(c, 1, { threshold: 0.65 })).toEqual([
      { side: 'buy', fromTicks: 100, toTicks: 104, levels: 5 },
      { side: 'sell', fromTicks: 105, toTicks: 107, levels: 3 },
    ]);
    expect(shareStackedImbalances(c, 1, { minLots: 7 })).toEqual([{ side: 'buy', fromTicks: 102, toTicks: 104, levels: 3 }]); // 105 has 4, 107 has 6
    expect(shareStackedImbalances(c, 1, { minLots: 11 })).toEqual([]);
    expect(() => shareStackedImbalances(c, 1, { threshold: 0.4 })).toThrow(RangeError);
    expect(() => stackedImbalances(c, 1, { ratio: 0.5 })).toThrow(RangeError);
  });
});

describe('properties (fast-check, fixed seed)', () => {
  const tradeArb = fc.record({
    price: fc.integer({ min: 0, max: 30 }),
    lots: fc.integer({ min: 1, max: 1000 }),
    buy: fc.boolean(),
    dt: fc.integer({ min: 0, max: 3000 }),
  });

  it('profiles and footprints agree with brute force', () => {
    fc.assert(
      fc.property(
        fc.array(tradeArb, { maxLength: 200 }),
        fc.integer({ min: 1, max: 8000 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        (specs, windowUs, bucketTicks, maxBins) => {
          const p = new VolumeProfile({ windowUs, bucketTicks });
          const f = new Footprint({ binMs: 2, bucketTicks, maxBins });
          let t = 1_000_000;
          const trades: TradePrint[] = [];
          for (const s of specs) {
            t += s.dt;
            const tr = trade(s.price, s.lots, s.buy ? 'buy' : 'sell', t);
            trades.push(tr);
            p.onTrade(tr);
            f.onTrade(tr);
          }
          const sum = (xs: readonly TradePrint[]) => xs.reduce((a, x) => a + x.qtyLots, 0);
          const bucket = (x: number) => Math.floor(x / bucketTicks) * bucketTicks;
          // session: total = Σ lots; buy + sell = total per level; Σ levels = total
          expect(p.session.totalLots).toBe(sum(trades));
          const levels = p.session.levels();
          for (const l of levels) expect(l.buyLots + l.sellLots).toBe(l.totalLots);
          expect(levels.reduce((a, l) => a + l.totalLots, 0)).toBe(sum(trades));
          // brute-force levels and VPOC
          const brute = (xs: readonly TradePrint[]) => {
            const m = new Map<number, [number, number]>();
            for (const x of xs) {
              const e = m.get(bucket(x.priceTicks)) ?? [0, 0];
              if (x.aggressor === 'buy') e[0] += x.qtyLots;
              else e[1] += x.qtyLots;
              m.set(bucket(x.priceTicks), e);
            }
            return [...m]
              .sort((a, b) => a[0] - b[0])
              .map(([priceTicks, [b, s]]) => ({ priceTicks, buyLots: b, sellLots: s, totalLots: b + s }));
          };
          const vpocOf = (ls: ProfileLevel[]) => ls.reduce<ProfileLevel | null>((best, l) => (best === null || l.totalLots > best.totalLots ? l : best), null)?.priceTicks ?? null;
          expect(levels).toEqual(brute(trades));
          expect(p.session.vpoc()).toBe(vpocOf(levels));
          // window: trades with now − windowUs < t ≤ now
          const inWindow = trades.filter((x) => x.receiveTimeUs > t - windowUs);
          expect(p.window.levels()).toEqual(brute(inWindow));
          expect(p.window.totalLots).toBe(sum(inWindow));
          expect(p.window.vpoc()).toBe(vpocOf(brute(inWindow)));
          // value area: contiguous around the VPOC, ≥ 70 %
          const va = p.session.valueArea();
          if (trades.length === 0) expect(va).toBeNull();
          else {
            expect(va).not.toBeNull();
            if (va !== null) {
              expect(va.lowTicks).toBeLessThanOrEqual(va.vpocTicks);
              expect(va.highTicks).toBeGreaterThanOrEqual(va.vpocTicks);
              const inside = levels.filter((l) => l.priceTicks >= va.lowTicks && l.priceTicks <= va.highTicks);
              expect(inside.reduce((a, l) => a + l.totalLots, 0)).toBe(va.lots);
              expect(va.lots).toBeGreaterThanOrEqual(0.7 * va.totalLots);
            }
          }
          // footprint: the kept bins hold exactly the trades of the last maxBins bins
          const binUs = 2000;
          const latest = Math.floor(t / binUs);
          const kept = trades.filter((x) => Math.floor(x.receiveTimeUs / binUs) > latest - maxBins);
          const bins = f.bins();
          expect(bins.reduce((a, b) => a + b.totalLots, 0)).toBe(trades.length === 0 ? 0 : sum(kept));
          for (const b of bins) {
            const cs = f.cells(b.startUs);
            expect(cs.reduce((a, c) => a + c.buyLots, 0)).toBe(b.buyLots);
            expect(cs.reduce((a, c) => a + c.sellLots, 0)).toBe(b.sellLots);
            expect(cs.reduce((a, c) => a + c.trades, 0)).toBe(b.trades);
            const own = trades.filter((x) => x.receiveTimeUs >= b.startUs && x.receiveTimeUs < b.endUs);
            expect(b.totalLots).toBe(sum(own));
            expect(b.highTicks).toBe(Math.max(...own.map((x) => x.priceTicks)));
            expect(b.lowTicks).toBe(Math.min(...own.map((x) => x.priceTicks)));
            expect(cs).toEqual(
              brute(own).map((l) => ({ ...l, deltaLots: l.buyLots - l.sellLots, trades: own.filter((x) => bucket(x.priceTicks) === l.priceTicks).length })),
            );
          }
        },
      ),
      { seed: 20240808, numRuns: 300 },
    );
  });
});

describe('real spot recording (BTCUSDT, 2024-08-08/09)', () => {
  it('session VPOC, value area and 1 s × 1-tick stacked imbalances', async () => {
    const profile = new VolumeProfile({ windowUs: 60_000_000 });
    const dollarRows = new VolumeProfile({ windowUs: 60_000_000, bucketTicks: 100 }); // 1 USDT rows
    const footprint = new Footprint({ binMs: 1000, bucketTicks: 1, maxBins: 60 });
    let inst: Instrument | null = null;
    let trades = 0;
    let lots = 0;
    let minTicks = Infinity;
    let maxTicks = -Infinity;
    let bins = 0;
    let openBin: number | null = null;
    const diagonal = { buy: 0, sell: 0, levels: 0 };
    const diagonalMin = { buy: 0, sell: 0 }; // dominant side ≥ 0.01 BTC (10^6 lots)
    const share = { buy: 0, sell: 0 };
    let maxWindowLots = 0;
    const closeBin = (startUs: number) => {
      bins += 1;
      for (const s of footprint.stackedImbalances(startUs)) {
        diagonal[s.side] += 1;
        diagonal.levels += s.levels;
      }
      for (const s of footprint.stackedImbalances(startUs, { minLots: 1_000_000 })) diagonalMin[s.side] += 1;
      for (const s of shareStackedImbalances(footprint.cells(startUs), footprint.bucketTicks)) share[s.side] += 1;
    };
    const { report } = await replayFiles(SPOT_FILES, (event, engine) => {
      if (event.kind !== 'trade' && event.kind !== 'aggTrade') return;
      inst ??= engine?.instrument ?? null;
      trades += 1;
      lots += event.qtyLots;
      minTicks = Math.min(minTicks, event.priceTicks);
      maxTicks = Math.max(maxTicks, event.priceTicks);
      const bin = footprint.binStartUs(event.receiveTimeUs);
      if (openBin !== null && bin !== openBin) closeBin(openBin);
      openBin = bin;
      profile.onTrade(event);
      dollarRows.onTrade(event);
      footprint.onTrade(event);
      maxWindowLots = Math.max(maxWindowLots, profile.window.totalLots);
    });
    if (openBin !== null) closeBin(openBin);
    expect(report.digest).toBe('f3915a83cb12c512decd1af11b0f9559a9669d804bc69a9ac90915b1a831739d');
    expect(trades).toBe(9757 + 10147);
    expect(footprint.lateTrades).toBe(0);
    const s = profile.session;
    const vpoc = s.vpoc();
    expect(vpoc).not.toBeNull();
    expect(vpoc as number).toBeGreaterThanOrEqual(minTicks);
    expect(vpoc as number).toBeLessThanOrEqual(maxTicks);
    expect(s.buyLots + s.sellLots).toBe(lots);
    expect(s.totalLots).toBe(lots);
    expect(s.trades).toBe(trades);
    const va = s.valueArea();
    expect(va).not.toBeNull();
    expect(inst).not.toBeNull();
    const i = inst as unknown as Instrument;
    const v = va as NonNullable<typeof va>;
    const price = (t: number) => ticksToPrice(i, t);
    const qty = (l: number) => lotsToQty(i, l);
    const d = dollarRows.session;
    const dva = d.valueArea() as NonNullable<typeof va>;
    expect(d.totalLots).toBe(lots);
    const line = [
      `instrument: tick ${i.tickSize}, lot ${i.lotSize}`,
      `profile: ${trades} trades, ${s.levelCount} price levels, ${price(minTicks)}–${price(maxTicks)}; buy ${qty(s.buyLots)} / sell ${qty(s.sellLots)} BTC`,
      `1-tick rows: VPOC ${price(vpoc as number)} (${qty(s.level(vpoc as number)?.totalLots ?? 0)} BTC); value area 70 %: ${price(v.lowTicks)}–${price(v.highTicks)} (${(v.share * 100).toFixed(2)} % of ${qty(v.totalLots)} BTC, ${s.levels().filter((l) => l.priceTicks >= v.lowTicks && l.priceTicks <= v.highTicks).length} levels)`,
      `1-USDT rows: VPOC ${price(d.vpoc() as number)} (${qty(d.level(d.vpoc() as number)?.totalLots ?? 0)} BTC); value area 70 %: ${price(dva.lowTicks)}–${price(dva.highTicks + 99)} (${(dva.share * 100).toFixed(2)} %)`,
      `footprint 1 s × 1 tick: ${bins} bins with trades; diagonal stacks (ratio 3, minLots 1, ≥3): ${diagonal.buy} buy + ${diagonal.sell} sell = ${diagonal.buy + diagonal.sell} (${diagonal.levels} levels); with minLots 0.01 BTC: ${diagonalMin.buy} buy + ${diagonalMin.sell} sell; share stacks (>0.7, minLots 1, ≥3): ${share.buy} buy + ${share.sell} sell`,
      `window 60 s: max ${qty(maxWindowLots)} BTC; last window ${qty(profile.window.totalLots)} BTC, VPOC ${profile.window.vpoc() === null ? '-' : price(profile.window.vpoc() as number)}`,
    ];
    process.stdout.write(`\n${line.join('\n')}\n`);
  });
});
