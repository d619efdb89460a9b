// IOC and GTC orders against the displayed book, every reject the simulated exchange gives, and its clocks.
import { describe, expect, it } from 'vitest';
import type { SpotSymbolRules } from '../../src/model/index.js';
import { ORDERS_PER_10S, ORDERS_PER_DAY, SIM_REASONS } from '../../src/sim/index.js';
import { Harness, SYMBOL, standardBook } from './harness.js';

describe('a LIMIT IOC with a cap', () => {
  function threeLevels(): Harness {
    const h = new Harness();
    h.book.set('bid', 9999, 20);
    for (const [ticks, lots] of [
      [10_001, 5],
      [10_002, 5],
      [10_003, 5],
      [10_004, 100],
    ] as const)
      h.book.set('ask', ticks, lots);
    return h;
  }

  it('walks three levels up to its cap, fills each at its level price as taker, and expires the rest', () => {
    const h = threeLevels();
    const id = h.submit('buy', 'LIMIT_IOC', 10_003, 20);
    h.at(5);
    expect(h.kinds(id)).toEqual(['accepted', 'filled 5@10001 taker', 'filled 5@10002 taker', 'filled 5@10003 taker', 'expired']);
    // taker fee 10 bps in USDT: 100.01 × 0.005 × 0.001, 100.02 × 0.005 × 0.001, 100.03 × 0.005 × 0.001
    expect(h.fills(id).map((f) => [f.fee, f.feeAsset])).toEqual([
      ['0.00050005', 'USDT'],
      ['0.0005001', 'USDT'],
      ['0.00050015', 'USDT'],
    ]);
    expect(h.fills(id).map((f) => f.tradeId)).toEqual(['1', '2', '3']); // a counter: same run, same ids
    expect(h.account.balance('BTC').free).toBe('100.015');
  });

  it('does not use the same displayed size twice within one book state; a new book state offers it again', () => {
    const h = threeLevels();
    const first = h.submit('buy', 'LIMIT_IOC', 10_002, 8);
    const second = h.submit('buy', 'LIMIT_IOC', 10_002, 8);
    h.at(5);
    expect(h.kinds(first)).toEqual(['accepted', 'filled 5@10001 taker', 'filled 3@10002 taker']);
    expect(h.kinds(second)).toEqual(['accepted', 'filled 2@10002 taker', 'expired']);
    h.depth(10); // the book moved on (the replayed market never saw our orders)
    const third = h.submit('buy', 'LIMIT_IOC', 10_001, 8);
    h.at(15);
    expect(h.kinds(third)).toEqual(['accepted', 'filled 5@10001 taker', 'expired']);
  });

  it('a sell walks the bids down to its cap (long-flat: it sells the position a buy gave)', () => {
    const h = standardBook(new Harness());
    h.submit('buy', 'LIMIT_IOC', 10_003, 50); // 20@10002 + 30@10003: position 0.050
    const id = h.submit('sell', 'LIMIT_IOC', 9998, 50);
    h.at(5);
    expect(h.kinds(id)).toEqual(['accepted', 'filled 20@9999 taker', 'filled 30@9998 taker']);
    const capped = h.submit('buy', 'LIMIT_IOC', 10_003, 10); // nothing left within the cap in this book state
    h.at(10);
    expect(h.kinds(capped)).toEqual(['accepted', 'expired']);
  });

  it('walks beyond the first levels read when its cap lies deeper', () => {
    const h = new Harness();
    for (let i = 0; i < 100; i++) h.book.set('ask', 10_001 + i, 1);
    const id = h.submit('buy', 'LIMIT_IOC', 10_100, 100);
    h.at(5);
    expect(h.fills(id)).toHaveLength(100);
    expect(h.kinds(id).at(-1)).toBe('filled 1@10100 taker');
  });
});

describe('a LIMIT GTC', () => {
  it('takes what crosses as taker and rests the rest as a maker at its price', () => {
    const h = standardBook(new Harness());
    const id = h.submit('buy', 'LIMIT_GTC', 10_002, 25);
    h.at(5);
    expect(h.exchange.orderFacts(id)).toMatchObject({ queueAheadAtJoin: 0, filledLots: 20 });
    h.trade(10, 'sell', 10_002, 9).at(20);
    expect(h.kinds(id)).toEqual(['accepted', 'filled 20@10002 taker', 'filled 5@10002 maker']);
  });
});

const RULES: SpotSymbolRules = {
  product: 'spot',
  symbol: SYMBOL,
  status: 'TRADING',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  quantityPrecision: 8,
  priceFilter: { minPrice: '0.10', maxPrice: '1000.00', tickSize: '0.10' },
  lotSize: { minQty: '0.010', maxQty: '9000', stepSize: '0.005' },
  notional: { minNotional: '5', applyMinToMarket: true, maxNotional: '9000000', applyMaxToMarket: false, avgPriceMins: 5 },
  percentPriceBySide: { bidMultiplierUp: '1.05', bidMultiplierDown: '0.95', askMultiplierUp: '1.05', askMultiplierDown: '0.95', avgPriceMins: 5 },
  otherFilters: [],
};

function rejectOf(h: Harness, id: string): string {
  const r = h.of(id).at(-1)?.report;
  return r?.kind === 'rejected' ? r.reason : `not rejected: ${r?.kind ?? 'nothing'}`;
}

describe('rejects, each a rejected report with its reason', () => {
  it('exchange filters: price tick, lot size, min notional, percent price by side (once a trade gives an average)', () => {
    const h = standardBook(new Harness({ rules: RULES }));
    const tick = h.submit('buy', 'LIMIT_MAKER', 9991, 50); // 99.91: not a multiple of 0.10
    const minQty = h.submit('buy', 'LIMIT_MAKER', 9990, 5); // 0.005 < minQty 0.010
    const step = h.submit('buy', 'LIMIT_MAKER', 9990, 12); // 0.012 − 0.010 not a multiple of 0.005
    const notional = h.submit('buy', 'LIMIT_MAKER', 9990, 45); // 99.90 × 0.045 = 4.4955 < 5
    const farBeforeTrades = h.submit('buy', 'LIMIT_MAKER', 9000, 60); // no trade yet: no average to compare with
    h.at(5);
    expect([tick, minQty, step, notional].map((id) => rejectOf(h, id))).toEqual([
      'Filter failure: PRICE_FILTER',
      'Filter failure: LOT_SIZE',
      'Filter failure: LOT_SIZE',
      'Filter failure: NOTIONAL',
    ]);
    expect(h.kinds(farBeforeTrades)).toEqual(['accepted']);
    h.trade(10, 'buy', 10_000, 10); // average price 100.00
    const low = h.submit('buy', 'LIMIT_MAKER', 9490, 60); // 94.90 < 0.95 × 100
    const ok = h.submit('buy', 'LIMIT_MAKER', 9500, 60); // 95.00: within
    const high = h.submit('sell', 'LIMIT_MAKER', 10_510, 60); // 105.10 > 1.05 × 100
    h.at(20);
    expect(rejectOf(h, low)).toBe('Filter failure: PERCENT_PRICE_BY_SIDE');
    expect(h.kinds(ok)).toEqual(['accepted']);
    expect(rejectOf(h, high)).toBe('Filter failure: PERCENT_PRICE_BY_SIDE');
  });

  it('insufficient balance: the account refuses the reservation, and its reason is the reject', () => {
    const h = standardBook(new Harness({ balances: { USDT: '1' } }));
    const id = h.submit('buy', 'LIMIT_MAKER', 10_000, 50); // 5 USDT and a fee
    h.at(5);
    expect(rejectOf(h, id)).toMatch(/insufficient/i);
    expect(h.account.balance('USDT')).toEqual({ asset: 'USDT', free: '1', locked: '0' });
  });

  it('a LIMIT_MAKER that would take, and its reservation is given back', () => {
    const h = standardBook(new Harness());
    h.submit('buy', 'LIMIT_IOC', 10_002, 5); // a position to sell
    h.at(5).depth(6);
    const buy = h.submit('buy', 'LIMIT_MAKER', 10_002, 5); // at the best ask
    const sell = h.submit('sell', 'LIMIT_MAKER', 9999, 5); // at the best bid
    h.at(10);
    expect([rejectOf(h, buy), rejectOf(h, sell)]).toEqual([SIM_REASONS.wouldTake, SIM_REASONS.wouldTake]);
    expect(SIM_REASONS.wouldTake).toBe('Order would immediately match and take.');
    expect(h.account.balance('USDT').locked).toBe('0');
    expect(h.account.balance('BTC').locked).toBe('0');
  });

  it('order rate limits, counted at arrival per fixed 10 s window and per day; a refused order is not counted', () => {
    expect([ORDERS_PER_10S, ORDERS_PER_DAY]).toEqual([100, 200_000]);
    const h = standardBook(new Harness({ orderLimits: { per10s: 3, perDay: 5 } }));
    const first = [1, 2, 3, 4].map(() => h.submit('buy', 'LIMIT_MAKER', 9990, 5));
    h.at(9_000);
    expect(first.map((id) => h.kinds(id)[0])).toEqual(['accepted', 'accepted', 'accepted', 'rejected: Too many new orders; current limit is 3 orders per 10 SECOND.']);
    h.at(10_000); // a new 10 s window: 2 more reach the daily 5
    const second = [1, 2, 3].map(() => h.submit('buy', 'LIMIT_MAKER', 9990, 5));
    h.at(10_005);
    expect(second.map((id) => h.kinds(id)[0])).toEqual(['accepted', 'accepted', 'rejected: Too many new orders; current limit is 5 orders per 1 DAY.']);
    h.at(86_400_000); // the next UTC day
    const next = h.submit('buy', 'LIMIT_MAKER', 9990, 5);
    h.at(86_400_005);
    expect(h.kinds(next)).toEqual(['accepted']);
  });

  it('unknown order on cancel, a duplicate client order id, an unknown symbol', () => {
    const h = standardBook(new Harness());
    h.exchange.cancel('never-sent');
    const id = h.submit('buy', 'LIMIT_MAKER', 9990, 5, 'dup');
    h.submit('buy', 'LIMIT_MAKER', 9990, 5, 'dup');
    h.submit('buy', 'LIMIT_MAKER', 9990, 5, 'other', 'ETHUSDT');
    h.at(5);
    expect(h.kinds('never-sent')).toEqual(['cancelRejected: Unknown order sent.']);
    expect(h.kinds(id)).toEqual(['accepted', 'rejected: Duplicate order sent.']);
    expect(h.kinds('other')).toEqual(['rejected: Invalid symbol.']);
    expect(h.exchange.orderFacts(id)).toMatchObject({ queueAheadAtJoin: 0 }); // the first one rests
  });

  it('book not synced at arrival: rejected under gapPolicy reject', () => {
    const h = standardBook(new Harness());
    h.book.healthy = false;
    const id = h.submit('buy', 'LIMIT_IOC', 10_002, 5);
    h.at(5);
    expect(h.kinds(id)).toEqual([`rejected: ${SIM_REASONS.notSynced}`]);
  });

  it('book not synced at arrival: held under gapPolicy hold until the book is synced, then matched; a cancel ends a held order', () => {
    const h = standardBook(new Harness({ params: { gapPolicy: 'hold' } }));
    h.book.healthy = false;
    const held = h.submit('buy', 'LIMIT_IOC', 10_002, 5);
    const canceled = h.submit('buy', 'LIMIT_MAKER', 9990, 5);
    h.at(2);
    h.exchange.cancel(canceled);
    h.at(5);
    expect(h.kinds(held)).toEqual([]);
    expect(h.kinds(canceled)).toEqual(['canceled']);
    h.book.healthy = true;
    h.depth(50, ['ask', 10_002, 3]); // the resync
    h.at(60);
    expect(h.kinds(held)).toEqual(['accepted', 'filled 3@10002 taker', 'expired']);
    expect(h.of(held)[0]?.atUs).toBe(51_000);
  });
});

describe('clocks', () => {
  it('an order arrives at submit + submitMs exactly; each report reaches the strategy responseMs after its event', () => {
    const h = standardBook(new Harness({ params: { latency: { submitMs: 12.5, cancelMs: 7, responseMs: 3 } }, startUs: 1_000_000 }));
    const id = h.submit('buy', 'LIMIT_MAKER', 10_000, 5);
    expect(h.exchange.orderFacts(id)).toMatchObject({ submitUs: 1_000_000, arrivalUs: 1_012_500 });
    h.trade(1012.5, 'sell', 10_000, 2); // received at the arrival time: the arrival comes first (the scheduler's tie rule)
    h.at(1020);
    h.exchange.cancel(id); // at 1 020 000 µs, effective at 1 027 000
    h.at(1100);
    expect(h.of(id).map((d) => [d.report.kind, d.atUs])).toEqual([
      ['accepted', 1_015_500],
      ['filled', 1_015_500],
      ['canceled', 1_030_000],
    ]);
  });

  it('the cancel-all of a symbol ends every open and held order at request + cancelMs', () => {
    const h = standardBook(new Harness());
    const a = h.submit('buy', 'LIMIT_MAKER', 9990, 5);
    const b = h.submit('buy', 'LIMIT_MAKER', 9995, 5);
    h.at(10);
    h.exchange.cancelAll(SYMBOL);
    h.at(20);
    expect([h.kinds(a), h.kinds(b)]).toEqual([
      ['accepted', 'canceled'],
      ['accepted', 'canceled'],
    ]);
    expect(h.of(a).at(-1)?.atUs).toBe(12_000);
  });

  it('snapshot() lists resting orders and the account balances and positions', async () => {
    const h = standardBook(new Harness());
    const id = h.submit('buy', 'LIMIT_MAKER', 10_000, 5);
    h.at(2).trade(3, 'sell', 10_000, 2);
    const snap = await h.exchange.snapshot();
    expect(snap.openOrders).toEqual([{ clientOrderId: id, venueOrderId: '1', symbol: SYMBOL, side: 'buy', type: 'LIMIT_MAKER', priceTicks: 10_000, qtyLots: 5, filledLots: 2 }]);
    expect(snap.positions.map((p) => [p.symbol, p.qty])).toEqual([[SYMBOL, '0.002']]);
    expect(snap.balances.map((b) => b.asset)).toEqual(['BTC', 'USDT']);
  });

  it('delivers nothing after close()', async () => {
    const h = standardBook(new Harness());
    h.submit('buy', 'LIMIT_MAKER', 10_000, 5);
    await h.exchange.close();
    h.at(10);
    expect(h.delivered).toEqual([]);
  });
});
