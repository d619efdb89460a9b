// The simulated exchange fed by the kernel's real pipeline: synthetic wire messages go through the parser,
// the symbol engine's book and the pipeline's run time; the exchange reads the book through bookViewOf
// (BookView.sizeAt) and hears each market event after the book applied it.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/index.js';
import { strategyParamsSchema } from '../../src/config/index.js';
import { bookViewOf, type SymbolEngine } from '../../src/kernel/index.js';
import type { ExecutionReport } from '../../src/model/index.js';
import { SimAccount, SimulatedExchange, simAccountSymbol } from '../../src/sim/index.js';
import { SyntheticMarket, syntheticPipeline } from '../support/synthetic-market.js';

describe('the simulated exchange on the kernel pipeline', () => {
  it('joins behind the synced book, follows its diffs and fills from its trades at the limit price', async () => {
    const pipeline = syntheticPipeline();
    const market = new SyntheticMarket()
      .snapshot(1_000_000, 100, [
        ['100.00', '0.50000000'],
        ['99.99', '1.00000000'],
      ], [['100.02', '1.00000000']])
      .diff(1_005_000, 101, 101, [['100.00', '0.30000000']], [])
      .trade(1_010_000, 'sell', '100.00', '0.35000000');
    const [snapshot, ...rest] = market.messages;
    pipeline.ingest(snapshot as (typeof market.messages)[number]);
    const engine = pipeline.engine('spot', 'BTCUSDT') as SymbolEngine;
    const params = strategyParamsSchema.parse({ latency: { submitMs: 1, cancelMs: 1, responseMs: 1 } });
    const account = new SimAccount({ symbols: [simAccountSymbol(engine.instrument, params)], initialBalances: { USDT: '1000' } });
    const exchange = new SimulatedExchange({
      product: 'spot',
      time: pipeline.time,
      symbols: { BTCUSDT: { book: bookViewOf(engine), params, rules: null } },
      random: seededRandom(params.seed),
      account,
    });
    const delivered: [number, ExecutionReport][] = [];
    await exchange.connect({ report: (r) => delivered.push([pipeline.time.nowUs(), r]) });
    pipeline.onEvent((event) => {
      if (event.kind !== 'connection' && event.kind !== 'notice') exchange.onMarketEvent(event.symbol, event);
    });
    exchange.submit({ clientOrderId: 'm1', intent: { product: 'spot', symbol: 'BTCUSDT', side: 'buy', type: 'LIMIT_MAKER', priceTicks: 10_000, qtyLots: 10_000_000, reason: 'test', decisionId: 'd1' } });
    for (const m of rest) pipeline.ingest(m);
    pipeline.advanceTime(1_020_000);
    // joined behind 0.5 BTC; the diff shows 0.3 (risk-averse: ahead 0.3); a 0.35 sell trade: 0.05 BTC fills
    expect(exchange.orderFacts('m1')).toMatchObject({ arrivalUs: 1_001_000, queueAheadAtJoin: 50_000_000, queueAhead: 0, filledLots: 5_000_000 });
    expect(delivered.map(([t, r]) => [t, r.kind, r.kind === 'filled' ? [r.priceTicks, r.qtyLots, r.liquidity, r.fee] : null])).toEqual([
      [1_002_000, 'accepted', null],
      [1_011_000, 'filled', [10_000, 5_000_000, 'maker', '0.005']], // 100 × 0.05 × 10 bps
    ]);
  });
});
