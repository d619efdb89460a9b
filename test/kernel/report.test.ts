// The run report as text (`flowdesk replay --no-ui --report text`): one line per book says its state.
import { describe, expect, it } from 'vitest';
import { formatReportText, type RunReport, type SymbolReport } from '../../src/kernel/index.js';

const book = (over: Partial<SymbolReport>): SymbolReport => ({
  product: 'spot',
  symbol: 'BTCUSDT',
  tickSize: '0.01',
  lotSize: '0.00001',
  unitsFrom: 'header',
  state: 'live',
  lastUpdateId: 123,
  bestBid: '61824.00',
  bestBidQty: '1.5',
  bestAsk: '61824.01',
  bestAskQty: '0.2',
  bidLevels: 10,
  askLevels: 12,
  depthUpdates: 5,
  gaps: 0,
  resyncs: 0,
  ...over,
});

const report = (symbols: SymbolReport[]): RunReport => ({
  events: 10, depthUpdates: 5, trades: 3, aggTrades: 0, bookTickers: 2, snapshots: 1, gaps: 1, resyncs: 1, crossed: 0, stale: 0,
  bboChecks: 0, bboMismatches: 0, snapshotsRejected: 0, malformed: 0, ignored: 0, skippedLines: 0, notices: 0,
  digest: 'abc', eventsPerSec: 100, elapsedMs: 100, symbols,
});

describe('formatReportText', () => {
  it('says the update a live book is at', () => {
    expect(formatReportText(report([book({})]))).toContain('spot BTCUSDT: live at update 123; bid 1.5 @ 61824.00');
  });

  it('says a book waiting for a snapshot has none, instead of "at update -1"', () => {
    const text = formatReportText(report([book({ product: 'usdm', state: 'resyncing', lastUpdateId: -1, bestBid: null, bestBidQty: null, bestAsk: null, bestAskQty: null })]));
    expect(text).toContain('usdm BTCUSDT: resyncing, no book (waiting for a snapshot); bid - @ -');
    expect(text).not.toContain('-1');
  });
});
