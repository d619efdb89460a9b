// Resting LIMIT_MAKER orders and each queue model, with every fill computed by hand in the comments.
// Latency: submit, cancel and response 1 ms each (the harness's), so an order submitted at t ms arrives at
// t + 1 and its reports reach the strategy 1 ms after the event that caused them.
import { describe, expect, it } from 'vitest';
import { Harness, standardBook } from './harness.js';

function maker(model: 'risk-averse' | 'prob-power' | 'prob-log', qtyLots: number, displayedAhead: number): { h: Harness; id: string } {
  const h = standardBook(new Harness({ params: { queueModel: model, queuePower: 2 } }));
  if (displayedAhead > 0) h.book.set('bid', 10_000, displayedAhead);
  const id = h.submit('buy', 'LIMIT_MAKER', 10_000, qtyLots);
  h.at(1);
  return { h, id };
}

describe('a maker order at the front of the queue', () => {
  it('fills the whole of a trade at its price, partially until its quantity is done, always at its limit', () => {
    const { h, id } = maker('risk-averse', 5, 0);
    expect(h.exchange.orderFacts(id)).toMatchObject({ queueAheadAtJoin: 0, queueAhead: 0 });
    h.trade(10, 'sell', 10_000, 3); // ahead 0 − 3 = −3: 3 lots reach us
    h.trade(20, 'sell', 10_000, 4); // ahead 0 − 4: 4 reach us, 2 are left to fill
    h.at(30);
    expect(h.kinds(id)).toEqual(['accepted', 'filled 3@10000 maker', 'filled 2@10000 maker']);
    expect(h.of(id).map((d) => d.atUs)).toEqual([2000, 11_000, 21_000]);
    expect(h.exchange.orderFacts(id)).toMatchObject({ filledLots: 5, queueAhead: null });
  });

  it('is not reached by a trade whose aggressor bought (it did not hit the bids)', () => {
    const { h, id } = maker('risk-averse', 5, 0);
    h.trade(10, 'buy', 10_000, 3).at(20);
    expect(h.kinds(id)).toEqual(['accepted']);
  });
});

describe('a maker order behind a large level', () => {
  it('fills only the overshoot once trades at its price used up the queue ahead', () => {
    const { h, id } = maker('risk-averse', 20, 100);
    h.trade(10, 'sell', 10_000, 60); // ahead 100 − 60 = 40
    expect(h.exchange.orderFacts(id)?.queueAhead).toBe(40);
    h.trade(20, 'sell', 10_000, 50); // ahead 40 − 50 = −10: 10 lots fill, ahead 0
    h.trade(30, 'sell', 10_000, 4); // at the front: 4 fill
    h.at(40);
    expect(h.kinds(id)).toEqual(['accepted', 'filled 10@10000 maker', 'filled 4@10000 maker']);
  });
});

describe('a level pulled (size decreases without trades)', () => {
  // Join behind 100 lots (ahead 100, back 0); 300 lots join behind us (displayed 400: back 300); then 200
  // lots are canceled (displayed 200), no trade. Then a sell trade of 90 lots at our price.
  function pulled(model: 'risk-averse' | 'prob-power' | 'prob-log'): Harness {
    const { h } = maker(model, 50, 100);
    h.depth(5, ['bid', 10_000, 400]).depth(6, ['bid', 10_000, 200]);
    return h;
  }

  it('risk-averse: the queue ahead is capped at the new size only (cancels come from the back)', () => {
    const h = pulled('risk-averse');
    expect(h.exchange.orderFacts('o1')?.queueAhead).toBe(100); // min(100, 200)
    h.trade(10, 'sell', 10_000, 90).at(20); // 100 − 90 = 10 ahead: nothing fills
    expect(h.fills()).toEqual([]);
  });

  it('risk-averse: a level pulled below the queue ahead moves the order up to the new size', () => {
    const { h, id } = maker('risk-averse', 50, 100);
    h.depth(5, ['bid', 10_000, 30]); // ahead min(100, 30) = 30
    h.trade(10, 'sell', 10_000, 35).at(20); // 30 − 35 = −5: 5 fill
    expect(h.kinds(id)).toEqual(['accepted', 'filled 5@10000 maker']);
  });

  it('prob-power (n = 2): the decrease is split ahead/behind by f(back) / (f(back) + f(ahead))', () => {
    const h = pulled('prob-power');
    // chg = 400 − 200 − 0 = 200; back = 400 − 100 = 300; in base units f = x²: p = 0.3² / (0.3² + 0.1²) = 0.9
    // ahead' = min(200, 100 − 0.1·200 + min(300 − 0.9·200, 0)) = min(200, 80 + 0) = 80
    expect(h.exchange.orderFacts('o1')?.queueAhead).toBe(80);
    h.trade(10, 'sell', 10_000, 90).at(20); // 80 − 90 = −10: 10 fill
    expect(h.kinds('o1')).toEqual(['accepted', 'filled 10@10000 maker']);
  });

  it('prob-log: f = ln(1 + x) over base quantities, the estimate rounded up to a whole lot', () => {
    const h = pulled('prob-log');
    // p = ln 1.3 / (ln 1.3 + ln 1.1) = 0.262364 / 0.357674 = 0.733528
    // ahead' = 100 − 0.266472·200 + min(300 − 146.71, 0) = 46.7056 → 47 lots
    expect(h.exchange.orderFacts('o1')?.queueAhead).toBe(47);
    h.trade(10, 'sell', 10_000, 90).at(20); // 47 − 90 = −43: 43 fill
    expect(h.kinds('o1')).toEqual(['accepted', 'filled 43@10000 maker']);
  });

  it('prob models do not count a decrease twice when trades already explained it (cumTrade)', () => {
    for (const model of ['prob-power', 'prob-log'] as const) {
      const { h, id } = maker(model, 50, 100);
      h.depth(5, ['bid', 10_000, 400]); // back 300
      h.trade(6, 'sell', 10_000, 30); // ahead 70, cumTrade 30
      h.depth(7, ['bid', 10_000, 370]); // chg = 400 − 370 − 30 = 0: nothing more moves
      expect(h.exchange.orderFacts(id)?.queueAhead).toBe(70);
      h.depth(8, ['bid', 10_000, 500]); // an increase: ahead stays (capped at 500)
      expect(h.exchange.orderFacts(id)?.queueAhead).toBe(70);
    }
  });

  it('moves no queue while the book is not synced (its reads are empty), and counts the resync', () => {
    const { h, id } = maker('risk-averse', 50, 100);
    h.book.healthy = false;
    h.depth(5); // a gap: nothing readable
    expect(h.exchange.orderFacts(id)?.queueAhead).toBe(100);
    h.book.healthy = true;
    h.depth(9, ['bid', 10_000, 60]); // the resync shows 60: ahead min(100, 60)
    expect(h.exchange.orderFacts(id)?.queueAhead).toBe(60);
  });
});

describe('a trade through the price', () => {
  it('fills min(remaining, trade qty) at the order limit, whatever the queue ahead, then the order is at the front', () => {
    const { h, id } = maker('risk-averse', 10, 100);
    h.trade(10, 'sell', 9999, 7); // the market sold below our bid: 7 fill at 10000, ahead 0
    h.trade(20, 'sell', 10_000, 2); // at the front: 2 fill
    h.trade(30, 'sell', 9998, 50); // through again: the last 1
    h.at(40);
    expect(h.kinds(id)).toEqual(['accepted', 'filled 7@10000 maker', 'filled 2@10000 maker', 'filled 1@10000 maker']);
  });

  it('shares one trade among our orders once: best price first, then arrival order', () => {
    const h = standardBook(new Harness());
    const a = h.submit('buy', 'LIMIT_MAKER', 10_001, 4); // better price
    const b = h.submit('buy', 'LIMIT_MAKER', 10_000, 4);
    const c = h.submit('buy', 'LIMIT_MAKER', 10_000, 4);
    h.at(1).trade(10, 'sell', 10_000, 6).at(20);
    // a is traded through (4 of 6); b is at the price with 0 ahead: the 2 left reach it; c gets nothing.
    expect(h.kinds(a)).toEqual(['accepted', 'filled 4@10001 maker']);
    expect(h.kinds(b)).toEqual(['accepted', 'filled 2@10000 maker']);
    expect(h.kinds(c)).toEqual(['accepted']);
  });

  it('fills nothing when the book crosses the order without a trade', () => {
    const { h, id } = maker('risk-averse', 10, 0);
    h.depth(10, ['ask', 9990, 500]).at(20);
    expect(h.kinds(id)).toEqual(['accepted']);
  });
});

describe('a cancel racing a fill', () => {
  it('a fill before the cancel takes effect still happens; the cancel then ends the rest', () => {
    const { h, id } = maker('risk-averse', 10, 0);
    h.at(100);
    h.exchange.cancel(id); // takes effect at 101 ms
    h.trade(100.5, 'sell', 10_000, 3); // before the cancel: 3 fill
    h.trade(101, 'sell', 10_000, 3); // the cancel's timer (due at 101) runs first: nothing fills
    h.at(110);
    expect(h.kinds(id)).toEqual(['accepted', 'filled 3@10000 maker', 'canceled']);
    expect(h.of(id).map((d) => d.atUs)).toEqual([2000, 101_500, 102_000]);
  });

  it('a cancel that reaches the exchange before its order is rejected as unknown, and the order rests', () => {
    const h = standardBook(new Harness({ params: { latency: { submitMs: 10, cancelMs: 1, responseMs: 1 } } }));
    const id = h.submit('buy', 'LIMIT_MAKER', 10_000, 5);
    h.exchange.cancel(id);
    h.at(20);
    expect(h.kinds(id)).toEqual(['cancelRejected: Unknown order sent.', 'accepted']);
  });
});
