// FeatureEngine on small hand-built books: depletion vs pulls vs additions near the touch, TFI and CVD,
// empty windows (defined values, flags), the online micro-price estimator, trade classification rules,
// the rolling quantile.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BboFusion, BookSync, SPOT_RULES } from '../../src/book/index.js';
import { FeatureEngine, OnlineMicroprice, RollingQuantile, leeReady, tickRule, DEFAULT_FEATURE_OPTIONS } from '../../src/features/index.js';
import { createInstrument, type MarketEvent, type TradeEvent } from '../../src/model/index.js';
import { diff, snapshot } from '../book/book-events.js';

const inst = createInstrument({ product: 'spot', symbol: 'BTCUSDT', tickSize: '1', lotSize: '1', source: 'test' });

function rig() {
  const sync = new BookSync({ rules: SPOT_RULES, maxBufferedDiffs: 100 });
  const bbo = new BboFusion();
  const fe = new FeatureEngine(inst, sync, bbo, DEFAULT_FEATURE_OPTIONS);
  const feed = (event: MarketEvent) => {
    fe.beforeEvent(event);
    if (event.kind === 'depthDiff') sync.onDiff(event);
    else if (event.kind === 'depthSnapshot') sync.onSnapshot(event);
    fe.afterEvent(event);
  };
  return { sync, fe, feed };
}

let tradeSeq = 0;
function trade(priceTicks: number, qtyLots: number, side: 'buy' | 'sell', receiveTimeUs: number): TradeEvent {
  tradeSeq++;
  return { kind: 'trade', seq: tradeSeq, receiveTimeUs, connectionId: 1, stream: 'btcusdt@trade', product: 'spot', symbol: 'BTCUSDT', tradeId: tradeSeq, priceTicks, qtyLots, tradeTimeMs: 0, exchangeTimeMs: 0, buyerIsMaker: side === 'sell', aggressor: side };
}

const at = <T extends MarketEvent>(event: T, receiveTimeUs: number): T => ({ ...event, receiveTimeUs });

describe('FeatureEngine liquidity dynamics near the touch', () => {
  it('splits a decrease into depletion (traded at that price) and pulls, and counts additions', () => {
    const r = rig();
    r.feed(at(snapshot('spot', 10, [10_000, 50, 9_999, 30], [10_001, 40, 10_002, 20]), 1_000_000));
    r.feed(trade(10_000, 15, 'sell', 1_100_000)); // a seller hits 15 at the best bid
    // bid 10000: 50 → 30 (−20: 15 depleted, 5 pulled); bid 9999: 30 → 45 (+15 added); ask 10001: 40 → 10 (−30, no trade: pulled)
    r.feed(at(diff('spot', 11, 12, { bids: [10_000, 30, 9_999, 45], asks: [10_001, 10] }), 1_200_000));
    const w1s = r.fe.windows(1_500_000)[3];
    expect(w1s?.windowMs).toBe(1000);
    expect(w1s?.bid).toEqual({ depleted: 15, pulled: 5, added: 15, refillRatio: 1 });
    expect(w1s?.ask).toEqual({ depleted: 0, pulled: 30, added: 0, refillRatio: 0 });
  });
});

describe('FeatureEngine trade flow', () => {
  it('computes TFI, CVD and trade counts, and defined values for empty windows', () => {
    const r = rig();
    r.feed(at(snapshot('spot', 10, [100, 5], [101, 5]), 1_000_000));
    r.feed(trade(101, 3, 'buy', 1_010_000));
    r.feed(trade(100, 1, 'sell', 1_020_000));
    const ws = r.fe.windows(1_030_000);
    const w100 = ws[0];
    expect(w100).toMatchObject({ buyQty: 3, sellQty: 1, tradeCount: 2, tfi: 0.5, noTrades: false });
    expect(w100?.vwap).toBeCloseTo((101 * 3 + 100) / 4, 10);
    expect(r.fe.cvd).toBe(2);
    const later = r.fe.windows(60_000_000);
    for (const w of later) {
      expect(w).toMatchObject({ tradeCount: 0, tfi: 0, noTrades: true, vwap: null, realizedVolBps: 0, ofi: 0 });
      expect(Number.isFinite(w.messageRate)).toBe(true);
    }
  });

  it('keeps CVD equal to the running sum of signed volume (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 10_000 }), fc.boolean()), { maxLength: 200 }), (trades) => {
        const r = rig();
        let t = 1_000_000;
        let expected = 0;
        for (const [lots, buy] of trades) {
          r.feed(trade(100, lots, buy ? 'buy' : 'sell', (t += 1000)));
          expected += buy ? lots : -lots;
        }
        expect(r.fe.cvd).toBe(expected);
      }),
      { seed: 5, numRuns: 100 },
    );
  });
});

describe('OnlineMicroprice (Stoikov first order, online)', () => {
  it('learns the mean next mid move per imbalance bucket and reports unknown states as such', () => {
    const m = new OnlineMicroprice();
    expect(m.adjustmentTicks(90, 10, 1)).toEqual({ ticks: 0, known: false });
    // Heavy bid (I = 0.9, bucket 9) twice followed by an up-move of 1 tick (mid 100.5 → 101.5).
    m.update(100, 90, 101, 10);
    m.update(100, 91, 101, 9);
    m.update(101, 50, 102, 50);
    expect(m.adjustmentTicks(95, 5, 1)).toEqual({ ticks: 1, known: true });
    // A light bid (bucket 1) followed by a down move of 1 tick.
    m.update(101, 10, 102, 90);
    m.update(100, 50, 101, 50);
    expect(m.adjustmentTicks(15, 85, 1)).toEqual({ ticks: -1, known: true });
    // Wider spreads are a different state.
    expect(m.adjustmentTicks(95, 5, 2).known).toBe(false);
  });
});

describe('trade classification without the aggressor flag', () => {
  it('applies the tick rule, zero-tick keeping the previous side', () => {
    expect(tickRule(101, 100, null)).toBe('buy');
    expect(tickRule(99, 100, null)).toBe('sell');
    expect(tickRule(100, 100, 'sell')).toBe('sell');
    expect(tickRule(100, null, null)).toBeNull();
  });

  it('applies Lee–Ready: the quote rule, and the tick rule at the mid', () => {
    expect(leeReady(101, 100 + 101, 102, 'sell')).toBe('buy'); // above mid 100.5
    expect(leeReady(100, 100 + 101, 99, 'buy')).toBe('sell'); // below mid
    expect(leeReady(100, 99 + 101, 99, null)).toBe('buy'); // at mid 100: uptick
  });
});

describe('RollingQuantile', () => {
  it('gives the nearest-rank quantile of the last N values', () => {
    const q = new RollingQuantile(4);
    expect(q.quantile(0.95)).toBeNull();
    for (const v of [5, 1, 9, 3]) q.add(v);
    expect(q.quantile(0.5)).toBe(3);
    expect(q.quantile(0.95)).toBe(9);
    q.add(2); // 5 leaves: [1, 9, 3, 2]
    expect(q.quantile(0.5)).toBe(2);
    expect(q.size).toBe(4);
  });
});
