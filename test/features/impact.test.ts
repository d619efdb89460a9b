// The market-impact simulator on small hand-built books (tick 0.01, lot 0.001): every figure below is
// worked out by hand; then properties over random books (fixed seed) against a naive reference walk.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../src/book/index.js';
import { UnitError } from '../../src/core/index.js';
import { orderQtyToLots, simulateMarketOrder, takerFillOnLevels, type ImpactResult } from '../../src/features/impact.js';
import { createInstrument, lotsToNumber, ticksToNumber, type Instrument } from '../../src/model/index.js';

const INST: Instrument = createInstrument({ product: 'spot', symbol: 'TESTUSDT', tickSize: '0.01', lotSize: '0.001', source: 'flags' });

/** A book from [price, qty] pairs in decimal units (ticks of 0.01, lots of 0.001). */
function bookOf(bids: readonly [number, number][], asks: readonly [number, number][]): OrderBook {
  const flat = (levels: readonly [number, number][]) => levels.flatMap(([p, q]) => [Math.round(p * 100), Math.round(q * 1000)]);
  const book = new OrderBook();
  book.loadSnapshot(flat(bids), flat(asks), 1);
  return book;
}

// asks 100.00 × 2, 100.05 × 1, 100.10 × 3 (6 in all); bids 99.95 × 1, 99.90 × 2, 99.80 × 0.5; mid 99.975
const BOOK = () =>
  bookOf(
    [[99.95, 1], [99.9, 2], [99.8, 0.5]],
    [[100, 2], [100.05, 1], [100.1, 3]],
  );

/** Slippage in bps from exact decimals, for comparisons with toBeCloseTo. */
function bps(side: 'buy' | 'sell', average: string, reference: string): number {
  const a = new Decimal(average);
  const r = new Decimal(reference);
  return (side === 'buy' ? a.minus(r) : r.minus(a)).div(r).times(10_000).toNumber();
}

describe('simulateMarketOrder: hand-computed cases', () => {
  it('buys within the first level', () => {
    const r = simulateMarketOrder(BOOK(), INST, 'buy', '1.5');
    expect(r).toMatchObject({
      side: 'buy',
      bookSide: 'ask',
      requestedLots: 1500,
      requestedQty: '1.500',
      filledLots: 1500,
      filledQty: '1.500',
      unfilledLots: 0,
      unfilledQty: '0.000',
      notional: '150.00000',
      averagePrice: '100.00000000',
      levelsConsumed: 1,
      worstPrice: '100.00',
      touchPrice: '100.00',
      midPrice: '99.975',
      slippageVsTouchBps: 0,
    });
    // (100 − 99.975) / 99.975 × 10⁴
    expect(r.slippageVsMidBps).toBeCloseTo(2.500625156289, 9);
  });

  it('buys across three levels, the last one partially', () => {
    // 2 × 100.00 + 1 × 100.05 + 1.5 × 100.10 = 200 + 100.05 + 150.15 = 450.20; 450.20 / 4.5 = 100.0444…
    const r = simulateMarketOrder(BOOK(), INST, 'buy', '4.5');
    expect(r).toMatchObject({
      filledQty: '4.500',
      unfilledQty: '0.000',
      notional: '450.20000',
      averagePrice: '100.04444444',
      levelsConsumed: 3,
      worstPrice: '100.10',
      touchPrice: '100.00',
    });
    expect(r.slippageVsTouchBps).toBeCloseTo(4.444444444444, 9); // (100.0444… − 100) / 100 × 10⁴
    expect(r.slippageVsMidBps).toBeCloseTo(new Decimal('450.2').div('4.5').minus('99.975').div('99.975').times(1e4).toNumber(), 9);
  });

  it('leaves the remainder unfilled when the order is larger than the whole side', () => {
    // 200 + 100.05 + 300.30 = 600.35 for 6; 600.35 / 6 = 100.058333…
    const r = simulateMarketOrder(BOOK(), INST, 'buy', '10');
    expect(r).toMatchObject({
      requestedQty: '10.000',
      filledLots: 6000,
      filledQty: '6.000',
      unfilledLots: 4000,
      unfilledQty: '4.000',
      notional: '600.35000',
      averagePrice: '100.05833333',
      levelsConsumed: 3,
      worstPrice: '100.10',
    });
  });

  it('mirrors on the sell side: walks the bids downwards, slippage positive below the reference', () => {
    // 1 × 99.95 + 1.5 × 99.90 = 99.95 + 149.85 = 249.80; 249.80 / 2.5 = 99.92
    const r = simulateMarketOrder(BOOK(), INST, 'sell', '2.5');
    expect(r).toMatchObject({
      side: 'sell',
      bookSide: 'bid',
      filledQty: '2.500',
      unfilledQty: '0.000',
      notional: '249.80000',
      averagePrice: '99.92000000',
      levelsConsumed: 2,
      worstPrice: '99.90',
      touchPrice: '99.95',
      midPrice: '99.975',
    });
    expect(r.slippageVsTouchBps).toBeCloseTo(bps('sell', '99.92', '99.95'), 12); // ≈ 3.0015
    expect(r.slippageVsMidBps).toBeCloseTo(bps('sell', '99.92', '99.975'), 12); // ≈ 5.5014
    expect(r.slippageVsTouchBps).toBeGreaterThan(0);
    expect(r.slippageVsMidBps).toBeGreaterThan(0);

    const all = simulateMarketOrder(BOOK(), INST, 'sell', '5');
    // 99.95 + 199.80 + 49.90 = 349.65 for 3.5; unfilled 1.5
    expect(all).toMatchObject({ filledQty: '3.500', unfilledQty: '1.500', notional: '349.65000', averagePrice: '99.90000000', levelsConsumed: 3, worstPrice: '99.80' });
  });

  it('signs: a buy pays above the mid, a sell receives below it; both are positive slippage', () => {
    const buy = simulateMarketOrder(BOOK(), INST, 'buy', '3');
    const sell = simulateMarketOrder(BOOK(), INST, 'sell', '3');
    expect(new Decimal(buy.averagePrice as string).gt(buy.midPrice as string)).toBe(true);
    expect(new Decimal(sell.averagePrice as string).lt(sell.midPrice as string)).toBe(true);
    for (const r of [buy, sell]) {
      expect(r.slippageVsMidBps).toBeGreaterThan(0);
      expect(r.slippageVsTouchBps).toBeGreaterThan(0);
      expect(r.slippageVsMidBps as number).toBeGreaterThan(r.slippageVsTouchBps as number);
    }
  });

  it('an empty side fills nothing: whole quantity unfilled, no prices, null slippage (never NaN)', () => {
    const noAsks = bookOf([[99.95, 1]], []);
    const r = simulateMarketOrder(noAsks, INST, 'buy', '1');
    expect(r).toEqual<ImpactResult>({
      product: 'spot',
      symbol: 'TESTUSDT',
      side: 'buy',
      bookSide: 'ask',
      requestedLots: 1000,
      requestedQty: '1.000',
      filledLots: 0,
      filledQty: '0.000',
      unfilledLots: 1000,
      unfilledQty: '1.000',
      notional: '0.00000',
      averagePrice: null,
      levelsConsumed: 0,
      worstPrice: null,
      touchPrice: null,
      midPrice: null,
      slippageVsMidBps: null,
      slippageVsTouchBps: null,
    });
    // The other side still trades; without a mid only the touch slippage exists.
    const sell = simulateMarketOrder(noAsks, INST, 'sell', '0.5');
    expect(sell).toMatchObject({ filledQty: '0.500', averagePrice: '99.95000000', midPrice: null, slippageVsMidBps: null, slippageVsTouchBps: 0 });
    const empty = simulateMarketOrder(new OrderBook(), INST, 'sell', '2');
    expect(empty).toMatchObject({ filledLots: 0, unfilledQty: '2.000', levelsConsumed: 0, slippageVsMidBps: null, slippageVsTouchBps: null });
  });

  it('refuses a quantity finer than the lot, or not a positive decimal, with a UnitError', () => {
    expect(() => simulateMarketOrder(BOOK(), INST, 'buy', '0.0001')).toThrow(UnitError);
    expect(() => simulateMarketOrder(BOOK(), INST, 'buy', '1.0005')).toThrow(/more than 3 decimal places \(lotSize 0.001\)/);
    for (const bad of ['0', '0.000', '-1', 'abc', '1e3', '', ' 1']) {
      expect(() => simulateMarketOrder(BOOK(), INST, 'buy', bad), bad).toThrow(UnitError);
    }
    expect(orderQtyToLots(INST, '1.2500')).toBe(1250); // trailing zeros beyond the lot are fine
    const odd = createInstrument({ product: 'usdm', symbol: 'ODD', tickSize: '0.5', lotSize: '0.005', source: 'flags' });
    expect(() => orderQtyToLots(odd, '0.007')).toThrow(/not a multiple of lotSize 0.005/);
  });

  it('notional is exact where floats drift (0.1 + 0.2)', () => {
    const book = bookOf([[0.05, 1]], [[0.1, 1], [0.2, 1]]);
    const r = simulateMarketOrder(book, INST, 'buy', '2');
    const floatSum = ticksToNumber(INST, 10) * lotsToNumber(INST, 1000) + ticksToNumber(INST, 20) * lotsToNumber(INST, 1000);
    expect(floatSum).toBe(0.30000000000000004); // what a float walk would report
    expect(r.notional).toBe('0.30000');
    expect(r.averagePrice).toBe('0.15000000');
    expect(r.midPrice).toBe('0.075');

    // A BTCUSDT-like instrument (lot 1e-8): 61686.01 × 0.00282 + 61693.58 × 0.03279 = 173.9545482 + 2022.9324882,
    // written with 2 + 8 places
    const btc = createInstrument({ product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00000001', source: 'flags' });
    const bb = new OrderBook();
    bb.loadSnapshot([6168599, 125869000], [6168601, 282000, 6169358, 3279000], 1);
    const b = simulateMarketOrder(bb, btc, 'buy', '0.03561');
    expect(b.notional).toBe('2196.8870364000');
    expect(b.levelsConsumed).toBe(2);
    expect(b.midPrice).toBe('61686.000');
  });

  it('rounds the average price half-even at 6 places beyond the tick', () => {
    // 127 lots at 100.00 + 1 at 100.01 over 128 lots: 100.000078125 → 100.00007812 (2 is even)
    const down = simulateMarketOrder(bookOf([], [[100, 0.127], [100.01, 1]]), INST, 'buy', '0.128');
    expect(down.notional).toBe('12.80001');
    expect(down.averagePrice).toBe('100.00007812');
    // 125 at 100.00 + 3 at 100.01: 100.000234375 → 100.00023438 (7 is odd)
    const up = simulateMarketOrder(bookOf([], [[100, 0.125], [100.01, 1]]), INST, 'buy', '0.128');
    expect(up.notional).toBe('12.80003');
    expect(up.averagePrice).toBe('100.00023438');
  });

  it('does not change the book', () => {
    const book = BOOK();
    const before = { lo: book.fingerprint.low, hi: book.fingerprint.high, bids: book.bids.top(100), asks: book.asks.top(100) };
    simulateMarketOrder(book, INST, 'buy', '10');
    simulateMarketOrder(book, INST, 'sell', '10');
    expect({ lo: book.fingerprint.low, hi: book.fingerprint.high, bids: book.bids.top(100), asks: book.asks.top(100) }).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties

const levelsArb = (min: number, max: number) =>
  fc.uniqueArray(fc.tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: 2_000_000 })), {
    selector: ([ticks]) => ticks,
    maxLength: 40,
  });

const caseArb = fc
  .record({
    split: fc.integer({ min: 2, max: 50_000 }),
    bids: levelsArb(1, 49_999),
    asks: levelsArb(2, 100_000),
    side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
    fraction: fc.double({ min: 0, max: 2, noNaN: true }),
  })
  .map(({ split, bids, asks, side, fraction }) => ({
    bids: bids.filter(([t]) => t < split),
    asks: asks.filter(([t]) => t >= split),
    side,
    fraction,
  }));

describe('simulateMarketOrder: properties (fixed seed)', () => {
  it('conserves quantity, stays within the side, prices between touch and worst, and leaves the book alone', () => {
    fc.assert(
      fc.property(caseArb, ({ bids, asks, side, fraction }) => {
        const book = new OrderBook();
        book.loadSnapshot(bids.flat(), asks.flat(), 7);
        const walked = side === 'buy' ? asks : bids;
        const total = walked.reduce((s, [, l]) => s + l, 0);
        const requested = Math.max(1, Math.round(total * fraction));
        const qty = new Decimal(requested).times(INST.lotSize).toFixed();
        const before = { lo: book.fingerprint.low, hi: book.fingerprint.high, bids: book.bids.top(1000), asks: book.asks.top(1000), id: book.lastUpdateId };

        const r = simulateMarketOrder(book, INST, side, qty);

        expect(r.requestedLots).toBe(requested);
        expect(r.filledLots + r.unfilledLots).toBe(requested);
        expect(new Decimal(r.filledQty).plus(r.unfilledQty).eq(r.requestedQty)).toBe(true);
        expect(r.filledLots).toBe(Math.min(requested, total));
        const sideSize = side === 'buy' ? book.asks.size : book.bids.size;
        expect(r.levelsConsumed).toBeLessThanOrEqual(sideSize);
        if (r.unfilledLots > 0) expect(r.levelsConsumed).toBe(sideSize);

        // Naive reference: sort the levels, walk them, sum price × qty exactly.
        const sorted = [...walked].sort((a, b) => (side === 'buy' ? a[0] - b[0] : b[0] - a[0]));
        let left = requested;
        let notional = new Decimal(0);
        let levels = 0;
        for (const [ticks, lots] of sorted) {
          if (left === 0) break;
          const take = Math.min(left, lots);
          notional = notional.plus(new Decimal(ticks).times('0.01').times(new Decimal(take).times('0.001')));
          left -= take;
          levels++;
        }
        expect(new Decimal(r.notional).eq(notional)).toBe(true);
        expect(r.levelsConsumed).toBe(levels);

        for (const v of [r.slippageVsMidBps, r.slippageVsTouchBps]) if (v !== null) expect(Number.isFinite(v)).toBe(true);
        if (r.filledLots === 0) {
          expect(r.averagePrice).toBeNull();
          expect(r.slippageVsTouchBps).toBeNull();
        } else {
          const avg = new Decimal(r.averagePrice as string);
          const touch = new Decimal(r.touchPrice as string);
          const worst = new Decimal(r.worstPrice as string);
          if (side === 'buy') expect(touch.lte(avg) && avg.lte(worst)).toBe(true);
          else expect(worst.lte(avg) && avg.lte(touch)).toBe(true);
          expect(r.slippageVsTouchBps as number).toBeGreaterThanOrEqual(0);
          if (r.midPrice !== null) expect(r.slippageVsMidBps as number).toBeGreaterThan(0);
        }

        expect({ lo: book.fingerprint.low, hi: book.fingerprint.high, bids: book.bids.top(1000), asks: book.asks.top(1000), id: book.lastUpdateId }).toEqual(before);
      }),
      { seed: 20240809, numRuns: 400 },
    );
  });
});

describe('takerFillOnLevels: a capped IOC over a flat level list', () => {
  // The same ladder as BOOK in ticks and lots: asks 10000 × 2000, 10005 × 1000, 10010 × 3000; mid2 = 9995 + 10000.
  const ASKS = [10_000, 2000, 10_005, 1000, 10_010, 3000];
  const BIDS = [9995, 1000, 9990, 2000, 9980, 500];
  const MID2 = 9995 + 10_000;

  it('walks like the book simulator: 4.5 bought over three levels, slippage over the mid', () => {
    const fill = takerFillOnLevels(ASKS, 'buy', 4500, null, MID2);
    const book = simulateMarketOrder(BOOK(), INST, 'buy', '4.5');
    expect([fill.filledLots, fill.levelsConsumed, fill.worstTicks]).toEqual([book.filledLots, book.levelsConsumed, 10_010]);
    expect(fill.sumTicksLots.times('0.00001').toFixed(5)).toBe(book.notional);
    expect(fill.fillableFraction).toBe(1);
    // average 100.04444…; (100.04444… − 100.00) / 99.975 × 10⁴ = 0.04444… / 99.975 × 10⁴
    expect(fill.slippageVsTouchOverMidBps).toBeCloseTo((0.2 / 4.5 / 99.975) * 10_000, 10);
  });

  it('stops at the cap: a buy capped at 100.05 fills 3 of 4.5 and prices only what fills', () => {
    const fill = takerFillOnLevels(ASKS, 'buy', 4500, 10_005, MID2);
    expect([fill.filledLots, fill.unfilledLots, fill.levelsConsumed]).toEqual([3000, 1500, 2]);
    expect(fill.fillableFraction).toBeCloseTo(2 / 3, 15);
    // average (200 + 100.05) / 3 = 100.01666…; (0.01666…) / 99.975 × 10⁴
    expect(fill.slippageVsTouchOverMidBps).toBeCloseTo((0.05 / 3 / 99.975) * 10_000, 10);
  });

  it('mirrors for a sell walking the bids down to a floor', () => {
    const fill = takerFillOnLevels(BIDS, 'sell', 2000, 9990, MID2);
    // 1 × 99.95 + 1 × 99.90 = 199.85 / 2 = 99.925; (99.95 − 99.925) / 99.975 × 10⁴
    expect([fill.filledLots, fill.levelsConsumed, fill.touchTicks]).toEqual([2000, 2, 9995]);
    expect(fill.slippageVsTouchOverMidBps).toBeCloseTo((0.025 / 99.975) * 10_000, 10);
  });

  it('fills nothing when the touch is beyond the cap or the list is empty, with no slippage', () => {
    expect(takerFillOnLevels(ASKS, 'buy', 1000, 9999, MID2)).toMatchObject({ filledLots: 0, fillableFraction: 0, slippageVsTouchOverMidBps: null });
    expect(takerFillOnLevels([], 'buy', 1000, null, MID2)).toMatchObject({ filledLots: 0, touchTicks: null, slippageVsTouchOverMidBps: null });
  });

  it('gives zero slippage within the touch', () => {
    expect(takerFillOnLevels(ASKS, 'buy', 2000, 10_000, MID2).slippageVsTouchOverMidBps).toBe(0);
  });

  it('gives the slippage as the exact ratio rounded once to a double, for small and huge ticks and lots alike (fixed seed)', () => {
    const Ref = Decimal.clone({ precision: 200 });
    const size = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 2 ** 45 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(size, size), { minLength: 1, maxLength: 8 }),
        fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
        size,
        fc.integer({ min: 1, max: 2 ** 46 }),
        (pairs, side, requestedLots, midTicks2) => {
          // best first: asks rising for a buy, bids falling for a sell
          const ordered = [...pairs].sort((a, b) => (side === 'buy' ? a[0] - b[0] : b[0] - a[0]));
          const levels = ordered.flatMap(([t, l]) => [t, l]);
          const fill = takerFillOnLevels(levels, side, requestedLots, null, midTicks2);
          if (fill.filledLots === 0) return;
          const touch = new Ref(levels[0] as number);
          const diff = new Ref(fill.sumTicksLots.toFixed()).minus(touch.times(fill.filledLots)).times(side === 'buy' ? 2 : -2);
          const exact = diff.times(10_000).div(new Ref(fill.filledLots).times(midTicks2)).toNumber();
          expect(fill.slippageVsTouchOverMidBps).toBe(exact === 0 ? 0 : exact);
        },
      ),
      { seed: 16, numRuns: 2000 },
    );
  });
});
