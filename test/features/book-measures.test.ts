// Hand-computed book measures on a small book: spread, mid, weighted mid, OBI by levels and bands,
// cumulative depth, depth-weighted price, slope, notional imbalance.
import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../src/book/index.js';
import { bookMeasures, notionalImbalance } from '../../src/features/index.js';
import { createInstrument } from '../../src/model/index.js';

// tick 0.5, lot 0.1: ticks × 0.5 = price, lots × 0.1 = qty
const inst = createInstrument({ product: 'spot', symbol: 'TESTUSDT', tickSize: '0.5', lotSize: '0.1', source: 'test' });

function book(bids: number[], asks: number[]): OrderBook {
  const b = new OrderBook();
  b.loadSnapshot(bids, asks, 1);
  return b;
}

describe('bookMeasures', () => {
  // bids: 100.0 × 3.0, 99.5 × 1.0 ; asks: 100.5 × 1.0, 101.0 × 2.0
  const b = book([200, 30, 199, 10], [201, 10, 202, 20]);
  const m = bookMeasures(b, inst);

  it('computes spread, mid and the weighted mid I·ask + (1 − I)·bid', () => {
    expect(m?.mid).toBe(100.25);
    expect(m?.spread).toBe(0.5);
    expect(m?.spreadTicks).toBe(1);
    expect(m?.spreadBps).toBeCloseTo((0.5 / 100.25) * 1e4, 10);
    const i = 3 / (3 + 1);
    expect(m?.weightedMid).toBeCloseTo(i * 100.5 + (1 - i) * 100, 12);
    expect(m?.weightedMidEdgeBps).toBeCloseTo(((i * 100.5 + (1 - i) * 100 - 100.25) / 100.25) * 1e4, 8);
  });

  it('computes OBI over 1, 5 and 10 levels and within bps bands', () => {
    expect(m?.obiLevels[0]).toBeCloseTo((3 - 1) / (3 + 1), 12);
    expect(m?.obiLevels[1]).toBeCloseTo((4 - 3) / (4 + 3), 12);
    // ±25 bps of 100.25 = [99.999.., 100.50..]: bid 100.0 (3.0) and ask 100.5 (1.0) are inside
    expect(m?.obiBands[2]).toBeCloseTo((3 - 1) / 4, 12);
  });

  it('computes cumulative depth, depth-weighted price and slope per side', () => {
    expect(m?.depthBid).toBeCloseTo(4, 12);
    expect(m?.depthAsk).toBeCloseTo(3, 12);
    expect(m?.dwpBid).toBeCloseTo((100 * 3 + 99.5 * 1) / 4, 10);
    expect(m?.dwpAsk).toBeCloseTo((100.5 * 1 + 101 * 2) / 3, 10);
    expect(m?.slopeBid).toBeCloseTo(4 / (((100.25 - 99.5) / 100.25) * 1e4), 10);
  });

  it('gives the notional imbalance and its signal', () => {
    const imb = notionalImbalance(b, inst, 10);
    expect(imb.bidNotional).toBeCloseTo(300 + 99.5, 9);
    expect(imb.askNotional).toBeCloseTo(100.5 + 202, 9);
    expect(imb.imbalance).toBeCloseTo(302.5 - 399.5, 9);
    expect(imb.signal).toBe('BUYING'); // −97 < −10 % of 399.5
    expect(notionalImbalance(book([200, 10], [201, 30]), inst, 10).signal).toBe('SELLING');
    expect(notionalImbalance(book([200, 10], [201, 10]), inst, 10).signal).toBe('NEUTRAL');
  });

  it('is null when a side is empty', () => {
    expect(bookMeasures(book([200, 10], []), inst)).toBeNull();
  });
});
