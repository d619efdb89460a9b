// Intents sized to the exchange's LOT_SIZE (kernel/strategy orderSizing, signal sizedLots): the book's lot is
// the wire precision (BTCUSDT 0.00000001), finer than Binance's stepSize (0.00001), so an order sized in
// lots alone is refused by the exchange (-1013 LOT_SIZE). With the symbol's rules known, every intent is a
// multiple of the step and at least minQty, and the simulated exchange, checking the same rules, refuses none.
import { describe, expect, it } from 'vitest';
import { loadStrategyConfig } from '../../src/cli/strategy-config.js';
import { StrategySetupError, attachFeatureEngines, attachPaper, orderSizing, prepareReplay, ReplayController, type UnnumberedEvent } from '../../src/kernel/index.js';
import { type Instrument, type SpotSymbolRules } from '../../src/model/index.js';
import { sizedLots } from '../../src/signal/index.js';
import { ENGINE_OPTIONS, SPOT_FILES } from '../support/fixtures.js';

const PERMISSIVE = ['scoreThreshold=0', 'safetyMarginBps=0', 'warmupSeconds=30', 'adverseSelectionBps=0', 'fees.makerBps=0.1', 'fees.takerBps=0.2'];
const BTC: Instrument = { product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00000001' } as Instrument;

/** BTCUSDT's spot rules as Binance published them in 2024 (tick 0.01, step and minQty 0.00001, min notional 5). */
function btcRules(lotSize: { minQty: string; maxQty: string; stepSize: string } = { minQty: '0.00001', maxQty: '9000', stepSize: '0.00001' }): SpotSymbolRules {
  return {
    product: 'spot',
    symbol: 'BTCUSDT',
    status: 'TRADING',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    quantityPrecision: 8,
    priceFilter: { minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
    lotSize,
    notional: { minNotional: '5', applyMinToMarket: true, maxNotional: '9000000', applyMaxToMarket: false, avgPriceMins: 5 },
    otherFilters: [],
  };
}

describe('order sizing to LOT_SIZE', () => {
  it('expresses stepSize and minQty in lots, rounding the minimum up', () => {
    expect(orderSizing(BTC, btcRules())).toEqual({ stepLots: 1000, minLots: 1000 });
    expect(orderSizing(BTC, btcRules({ minQty: '0.000015', maxQty: '9000', stepSize: '0.00001' }))).toEqual({ stepLots: 1000, minLots: 1500 });
    expect(orderSizing(BTC, undefined)).toBeUndefined();
    expect(orderSizing(BTC, btcRules({ minQty: '0', maxQty: '9000', stepSize: '0.00000000' }))).toBeUndefined();
    // A lot coarser than the step (a multiple of it): every lot is a valid quantity.
    expect(orderSizing({ ...BTC, lotSize: '0.001' }, btcRules())).toEqual({ stepLots: 1, minLots: 1 });
    expect(() => orderSizing({ ...BTC, lotSize: '0.00000003' }, btcRules())).toThrow(StrategySetupError);
  });

  it('rounds down to the step and to nothing below the minimum', () => {
    const sizing = { stepLots: 1000, minLots: 2000 };
    expect(sizedLots(161_667, sizing)).toBe(161_000);
    expect(sizedLots(2999, sizing)).toBe(2000);
    expect(sizedLots(1999, sizing)).toBe(0);
    expect(sizedLots(161_667, undefined)).toBe(161_667);
  });

  it('on the bundled recording with BTCUSDT\'s rules, every order is a whole number of steps and none is refused for LOT_SIZE', async () => {
    const replay = await prepareReplay({ files: SPOT_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
    const config = await loadStrategyConfig(undefined, PERMISSIVE);
    const journal: UnnumberedEvent[] = [];
    const rules = btcRules();
    attachPaper(replay.pipeline, { config, models: new Map(), features: attachFeatureEngines(replay.pipeline), rulesOf: () => rules }, { journal: (e) => journal.push(e) });
    const controller = new ReplayController(replay);
    await controller.start();
    while (!controller.finished) await controller.stepEvents(5000);
    const requests = journal.flatMap((e) => (e.type === 'orderRequested' ? [e.request.intent.qtyLots] : []));
    expect(requests.length).toBeGreaterThan(5);
    for (const lots of requests) {
      expect(lots % 1000).toBe(0);
      expect(lots).toBeGreaterThanOrEqual(1000);
    }
    const rejects = journal.flatMap((e) => (e.type === 'reportReceived' && e.report.kind === 'rejected' ? [e.report.reason] : []));
    expect(rejects.filter((r) => r.includes('LOT_SIZE'))).toEqual([]);
    expect(journal.some((e) => e.type === 'reportReceived' && e.report.kind === 'filled')).toBe(true);
  });
});
