// The tape's large-trade mark is the same rule as the feature engine's large-trade ratio and the
// markouts' large-trade anchors (features' LargeTrades): above the 95th percentile of the sizes of the
// trades before it, once 20 were seen — so the '!' on the tape and a large-trade anchor agree trade for trade.
import { describe, expect, it } from 'vitest';
import { LargeTrades } from '../../src/features/index.js';
import type { TradeEvent } from '../../src/model/index.js';
import { TapeHistory } from '../../src/tui/histories.js';

function trade(i: number, lots: number): TradeEvent {
  return {
    kind: 'trade',
    seq: i,
    receiveTimeUs: i,
    connectionId: 1,
    stream: 'btcusdt@trade',
    product: 'spot',
    symbol: 'BTCUSDT',
    exchangeTimeMs: i,
    tradeTimeMs: i,
    tradeId: i,
    priceTicks: 100,
    qtyLots: lots,
    buyerIsMaker: false,
    aggressor: 'buy',
  };
}

describe('TapeHistory', () => {
  it('marks as large exactly the trades LargeTrades calls large, the 20th included', () => {
    const sizes = [...Array.from({ length: 19 }, () => 1), 50, 50, ...Array.from({ length: 30 }, (_, i) => (i % 7) + 1), 9, 40];
    const tape = new TapeHistory(1000);
    const rule = new LargeTrades();
    sizes.forEach((lots, i) => tape.onTrade(trade(i, lots)));
    expect(tape.entries.map((e) => e.large)).toEqual(sizes.map((lots) => rule.classify(lots)));
    expect(tape.entries[19]?.large).toBe(false); // 19 sizes before it: too early to call
    expect(tape.entries[20]?.large).toBe(true);
  });
});
