// A hand-written MarketView for the signal's arithmetic tests: a plain state object the test sets (top of
// book, levels, one flow window per length, micro-price, freshness) read through the BookView and
// FeatureView interfaces. Every window length reads the same flow unless the test gives one per length.
import { DEFAULT_STRATEGY_PARAMS, strategyParamsSchema, type StrategyParams } from '../../src/config/index.js';
import { createInstrument, type FlowWindowView, type Instrument, type MarketView, type SideLiquidityView, type TickerAgreement } from '../../src/model/index.js';

export const INST: Instrument = createInstrument({ product: 'spot', symbol: 'TESTUSDT', tickSize: '0.01', lotSize: '0.001', source: 'flags' });

export interface Flow {
  tfi: number;
  ofi: number;
  mlofi: number[];
  volBps: number;
  askDepleted: number;
  bidDepleted: number;
  askRefill: number;
  bidRefill: number;
}

export interface HandState {
  healthy: boolean;
  stale: boolean;
  syncedSinceUs: number | null;
  latencyMs: number | null;
  ticker: TickerAgreement;
  bidTicks: number;
  askTicks: number;
  bids: number[];
  asks: number[];
  microTicks: number;
  microKnown: boolean;
  flow: Flow;
  /** Flow for one window length (ms), overriding `flow`. */
  flowByMs: Record<number, Flow>;
  row: Record<string, number> | null;
  nowUs: number;
}

export function handState(): HandState {
  return {
    healthy: true,
    stale: false,
    syncedSinceUs: 0,
    latencyMs: 10,
    ticker: 'agrees',
    bidTicks: 9995,
    askTicks: 10_000,
    bids: [9995, 1000, 9990, 2000, 9980, 500],
    asks: [10_000, 2000, 10_005, 1000, 10_010, 3000],
    microTicks: 1,
    microKnown: true,
    flow: { tfi: 0.5, ofi: 2, mlofi: [2, 1, 0, 0, 0], volBps: 2, askDepleted: 3, bidDepleted: 1, askRefill: 0.5, bidRefill: 0.5 },
    flowByMs: {},
    row: null,
    nowUs: 0,
  };
}

function side(depleted: number, refill: number): SideLiquidityView {
  return { depleted, pulled: 0, added: depleted * refill, refillRatio: refill };
}

function windowOf(windowMs: number, f: Flow): FlowWindowView {
  return {
    windowMs,
    ofi: f.ofi,
    mlofi: [...f.mlofi],
    buyQty: 0,
    sellQty: 0,
    tradeCount: 0,
    tfi: f.tfi,
    vwap: null,
    noTrades: true,
    largeTradeRatio: 0,
    realizedVolBps: f.volBps,
    messageRate: 0,
    tradeRate: 0,
    bid: side(f.bidDepleted, f.bidRefill),
    ask: side(f.askDepleted, f.askRefill),
  };
}

const WINDOWS = [100, 250, 500, 1000, 3000, 5000, 10_000];

export function handView(s: HandState): MarketView {
  const live = <T>(value: () => T, otherwise: T): (() => T) => () => (s.healthy ? value() : otherwise);
  return {
    product: 'spot',
    symbol: INST.symbol,
    book: {
      instrument: INST,
      healthy: () => s.healthy,
      stale: () => s.stale,
      syncedSinceUs: live(() => s.syncedSinceUs, null),
      latencyMs: () => s.latencyMs,
      tickerAgreement: live<TickerAgreement | null>(() => s.ticker, null),
      lastUpdateId: () => 1,
      bestBid: live(() => ({ ticks: s.bids[0] as number, lots: s.bids[1] as number }), null),
      bestAsk: live(() => ({ ticks: s.asks[0] as number, lots: s.asks[1] as number }), null),
      topOfBook: live(
        () => ({ bidTicks: s.bidTicks, bidLots: 1, askTicks: s.askTicks, askLots: 1, updateId: 1, source: 'book' as const }),
        null,
      ),
      top: (which, n) => (s.healthy ? (which === 'bid' ? s.bids : s.asks).slice(0, 2 * n) : []),
      sizeAt: (which, ticks) => {
        const levels = which === 'bid' ? s.bids : s.asks;
        for (let i = 0; s.healthy && i + 1 < levels.length; i += 2) if (levels[i] === ticks) return levels[i + 1] as number;
        return 0;
      },
      depthWithinBps: () => ({ lots: 0, levels: 0 }),
    },
    features: {
      windows: () => WINDOWS.map((ms) => windowOf(ms, s.flowByMs[ms] ?? s.flow)),
      window: (ms) => (WINDOWS.includes(ms) ? windowOf(ms, s.flowByMs[ms] ?? s.flow) : null),
      cvd: () => 0,
      sessionVwap: () => null,
      micropriceAdjustment: live(() => ({ ticks: s.microTicks, known: s.microKnown }), null),
      rowColumns: (ms) => (WINDOWS.includes(ms) ? Object.keys(s.row ?? {}) : null),
      row: (ms) => (WINDOWS.includes(ms) ? s.row : null),
    },
  };
}

/** Parameters with these overrides (validated by the schema). */
export function paramsWith(overrides: Record<string, unknown> = {}): StrategyParams {
  return strategyParamsSchema.parse({ ...overrides });
}

/** Permissive parameters: every gate limit wide open, no warm-up or cool-down, small fees. */
export function permissive(overrides: Record<string, unknown> = {}): StrategyParams {
  return paramsWith({
    scoreThreshold: -1000,
    warmupSeconds: 0,
    safetyMarginBps: 0,
    adverseSelectionBps: 0,
    latencyMs: 0,
    maxSpreadBps: 10_000,
    fees: { makerBps: 0, takerBps: 0 },
    freshness: { cooldownSeconds: 0, maxLatencyMs: 600_000 },
    vol: { minBps: 0, maxBps: 10_000 },
    refill: { maxRatio: 1e6 },
    ...overrides,
  });
}

export { DEFAULT_STRATEGY_PARAMS };
