// A hand-built console view for the pane tests: BTCUSDT spot around 64012.50, aggregated by 5 ticks.

import type { Decision, GateResult } from '../../src/model/index.js';
import { gatesView } from '../../src/tui/gates-view.js';
import type {
  ConsoleView,
  GatesView,
  DepthCurveView,
  GaugesView,
  HeatmapView,
  LadderRow,
  LadderView,
  StatusView,
  TapeRow,
  TradingView,
} from '../../src/tui/view-model.js';

/** Ladder rows from the highest ask down to the lowest bid: `asks` ask levels, `bids` bid levels. */
export function ladderRows(asks: number, bids: number): LadderRow[] {
  const rows: LadderRow[] = [];
  const bestAsk = 6401255; // cents
  const step = 5;
  let cum = 0;
  const askRows: LadderRow[] = [];
  for (let i = 0; i < asks; i++) {
    const qty = i === 3 ? 12 : 0.5 + ((i * 7) % 5) * 0.75;
    cum += qty;
    askRows.push({
      price: ((bestAsk + i * step) / 100).toFixed(2),
      bidQty: 0,
      askQty: qty,
      cumBid: 0,
      cumAsk: cum,
      isBestBid: false,
      isBestAsk: i === 0,
      marks: i === 3 ? 'W' : '',
    });
  }
  rows.push(...askRows.reverse());
  cum = 0;
  for (let i = 0; i < bids; i++) {
    const qty = i === 2 ? 6 : 0.25 + ((i * 3) % 4) * 0.9;
    cum += qty;
    rows.push({
      price: ((bestAsk - step - i * step) / 100).toFixed(2),
      bidQty: qty,
      askQty: 0,
      cumBid: cum,
      cumAsk: 0,
      isBestBid: i === 0,
      isBestAsk: false,
      marks: i === 5 ? 'I' : i === 7 ? 'WI' : '',
    });
  }
  return rows;
}

export function ladderView(asks = 20, bids = 20): LadderView {
  return { rows: ladderRows(asks, bids), aggregation: 5, maxQty: 12 };
}

export function tapeRows(n = 40): TapeRow[] {
  const rows: TapeRow[] = [];
  for (let i = 0; i < n; i++) {
    // newest first: row 0 is the latest trade
    const ms = 4567 - i * 137;
    const sec = 4 + Math.floor(ms / 1000);
    rows.push({
      time: `12:03:${String(sec).padStart(2, '0')}.${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}`,
      price: (64012.5 + ((i * 3) % 7) * 0.05 - 0.15).toFixed(2),
      qty: i === 1 ? 3.5 : 0.012 + (i % 5) * 0.1,
      side: i % 3 === 0 ? 'sell' : 'buy',
      large: i === 1,
      sweep: i === 2 || i === 3,
    });
  }
  return rows;
}

export function gaugesView(): GaugesView {
  return {
    window: '1s',
    gauges: [
      { label: 'OFI', values: [0.42], decimals: 2, bar: 0.42 },
      { label: 'TFI', values: [-0.8], decimals: 2, bar: -0.8 },
      { label: 'imbalance', values: [0.1], decimals: 2, bar: 0.1 },
      { label: 'microprice', values: [64012.53], decimals: 2, bar: null },
      { label: 'spread bps', values: [0.8], decimals: 1, bar: 0.2, signed: false },
      { label: 'trades/s', values: [37], decimals: 0, bar: 0.6, signed: false },
      { label: 'vol 1m', values: [12.5], decimals: 1, bar: 0.35, signed: false },
    ],
  };
}

export function heatmapView(rows = 30, cols = 90): HeatmapView {
  const prices = Array.from({ length: rows }, (_, r) => (64020 - r * 0.5).toFixed(2));
  const columns = Array.from({ length: cols }, (_, c) =>
    Array.from({ length: rows }, (_, r) => {
      const d = Math.abs(r - rows / 2 - Math.sin(c / 9) * 3);
      return Math.max(0, 1 - d / 9) * (((c + r) % 7) / 10 + 0.4);
    }),
  );
  const trades = Array.from({ length: cols }, (_, c) =>
    c % 4 === 0 ? { row: Math.round(rows / 2 + Math.sin(c / 9) * 3), side: c % 8 === 0 ? ('buy' as const) : ('sell' as const) } : null,
  );
  return { prices, columns, trades, columnSpan: '1s' };
}

export function depthView(): DepthCurveView {
  const steps = [1, 2, 5, 10, 20, 50, 100];
  return {
    bids: steps.map((bps, i) => ({ bps, qty: 2 + i * i * 6 })),
    asks: steps.map((bps, i) => ({ bps, qty: 1.5 + i * i * 8 })),
    maxQty: 1.5 + 36 * 8,
  };
}

export function statusView(over: Partial<StatusView> = {}): StatusView {
  return {
    symbol: 'BTCUSDT',
    product: 'spot',
    source: 'replay btcusdt_20240808.gz',
    position: '+00:03:12',
    paused: true,
    speed: '16×',
    books: [{ product: 'spot', symbol: 'BTCUSDT', state: 'live' }],
    lastGap: '12:01:00.120',
    lastResync: '12:01:00.450',
    latencyMs: 12.4,
    msgRate: 1234,
    alerts: ['old alert', 'wall 64000.00 bid', 'sweep 4 levels buy'],
    fps: 30,
    clock: '12:03:04.567',
    ...over,
  };
}

export function consoleView(): ConsoleView {
  return {
    ladder: ladderView(),
    tape: tapeRows(),
    gauges: gaugesView(),
    heatmap: heatmapView(),
    depth: depthView(),
    status: statusView(),
    message: '? help · space pause · +/- speed',
  };
}

export const KEYS = [
  { key: 'space', action: 'pause / play' },
  { key: '+ / -', action: 'faster / slower' },
  { key: 'a', action: 'aggregation 1 / 5 / 10 / 50 ticks' },
  { key: 'w', action: 'gauge window' },
  { key: '?', action: 'this help' },
  { key: 'q', action: 'quit' },
] as const;

/** A hand-made NO_TRADE of BTCUSDT: the signal's gates, then the risk gates; spread and cost fail. */
export function decision(over: Partial<Decision> = {}): Decision {
  const gates: GateResult[] = [
    { gate: 'warmup', pass: true, value: 312.5, limit: 30 },
    { gate: 'synced', pass: true, value: true, limit: true },
    { gate: 'stale', pass: true, value: false, limit: false },
    { gate: 'cooldown', pass: true, value: 600.25, limit: 30 },
    { gate: 'bookTicker', pass: true, value: true, limit: true },
    { gate: 'latency', pass: true, value: -1234, limit: 500 },
    { gate: 'spread', pass: false, value: 2.4567, limit: 2 },
    { gate: 'vol', pass: true, value: 1.25, limit: '0–10' },
    { gate: 'score', pass: true, value: 1.8412, limit: 0 },
    { gate: 'tfi', pass: true, value: 0.4321, limit: 0 },
    { gate: 'ofi', pass: true, value: 0.0015, limit: 0 },
    { gate: 'microprice', pass: true, value: 0.0123, limit: 0 },
    { gate: 'refill', pass: true, value: 0.75, limit: 2 },
    { gate: 'cost', pass: false, value: 0.9206, limit: 1.3517 },
    { gate: 'position', pass: true, value: 'long-flat', limit: null },
    { gate: 'maxOrderNotional', pass: true, value: 100, limit: 1000 },
    { gate: 'maxPosition', pass: true, value: 0, limit: 1000 },
    { gate: 'maxDailyNotional', pass: true, value: 2500, limit: 10000 },
    { gate: 'maxDailyLoss', pass: true, value: 0, limit: 50 },
    { gate: 'maxDrawdown', pass: true, value: 0, limit: 100 },
    { gate: 'consecutiveLosses', pass: true, value: 0, limit: 5 },
    { gate: 'rejectRate', pass: true, value: 0, limit: 0.2 },
    { gate: 'cancelLatency', pass: true, value: null, limit: 2000 },
    { gate: 'rateLimit', pass: true, value: 0, limit: 0 },
    { gate: 'privateState', pass: true, value: 'none yet', limit: null },
    { gate: 'operatorEnabled', pass: true, value: true, limit: true },
    { gate: 'killSwitch', pass: true, value: false, limit: false },
  ];
  return {
    timeUs: Date.UTC(2024, 7, 8, 23, 58, 4, 500) * 1000,
    product: 'spot',
    symbol: 'BTCUSDT',
    action: 'NO_TRADE',
    side: 'BUY',
    score: 1.8412,
    alphaBps: 0.9206,
    costBps: 1.3517,
    costParts: { fee: 0.1, halfSpread: 0, slippage: 0, adverseSelection: 0, latencyBuffer: 0.2517, safetyMargin: 1 },
    gates,
    features: { tfi: 0.4321, ofi: 0.0015 },
    intent: null,
    reason: 'spread',
    ...over,
  };
}

/** The gate status of `decision()`, with a journaled decision a few seconds earlier. */
export function gatesViewFixture(over: Partial<Decision> = {}): GatesView {
  const latest = decision(over);
  return gatesView(latest, decision({ timeUs: latest.timeUs - 3_300_000, reason: 'warmup' }), 812);
}

/**
 * A strategy's trading panes: BTCUSDT long 0.00161667 from 61855.36, a resting maker buy and a sell being
 * canceled, two fills, and a reconciliation in agreement.
 */
export function tradingViewFixture(over: Partial<TradingView> = {}): TradingView {
  return {
    status: { killed: false, killReason: null, paused: false },
    positions: {
      symbols: [
        {
          symbol: 'BTCUSDT',
          quoteAsset: 'USDT',
          position: '0.00161667',
          avgEntry: '61855.36',
          realizedPnl: '-0.0474492645',
          unrealizedPnl: '0.002932019',
          fees: '0.004998841432226',
          netPnl: '-0.049516086932226',
          fills: 9,
        },
      ],
      totals: { quoteAsset: 'USDT', realizedPnl: '-0.0474492645', unrealizedPnl: '0.002932019', fees: '0.004998841432226', netPnl: '-0.049516086932226' },
      fillMarkouts: [
        { horizon: '250ms', n: 9, meanBps: -2.2725 },
        { horizon: '1s', n: 9, meanBps: -2.2725 },
        { horizon: '10s', n: 8, meanBps: 0.5 },
      ],
    },
    orders: {
      open: [
        { clientOrderId: 'fd-BTCUSDT-20', symbol: 'BTCUSDT', side: 'buy', type: 'LIMIT_MAKER', price: '61659.99', qty: '0.00162179', filled: '0.00040000', queueAhead: '1.06876000', ageMs: 1830, status: 'partiallyFilled' },
        { clientOrderId: 'fd-BTCUSDT-21', symbol: 'BTCUSDT', side: 'sell', type: 'LIMIT_MAKER', price: '61672.15', qty: '0.00161667', filled: '0.00000000', queueAhead: null, ageMs: 86, status: 'pendingCancel' },
      ],
      lastFills: [
        { time: '23:55:27.441', symbol: 'BTCUSDT', side: 'sell', price: '61826.01', qty: '0.00161667', fee: '0.001999045111734', feeAsset: 'USDT', liquidity: 'taker' },
        { time: '23:54:46.836', symbol: 'BTCUSDT', side: 'buy', price: '61855.36', qty: '0.00108667', fee: '0.000672163640512', feeAsset: 'USDT', liquidity: 'maker' },
      ],
      orders: 21,
      fills: 27,
    },
    reconciliation: {
      venue: 'simulated exchange',
      checkedAt: '23:55:30.120',
      localOpen: 2,
      venueOpen: 2,
      positions: [{ symbol: 'BTCUSDT', local: '0.00161667', venue: '0.00161667' }],
      mismatches: [],
      privateState: null,
      atRestart: [],
    },
    page: 0,
    ...over,
  };
}
