// tui/view: builds the ConsoleView for one frame from the engines of the selected symbol. Pure reads of
// engine state and histories; the only place the console turns ticks and lots into display values.

import type { OrderBook } from '../book/index.js';
import { bookMeasures, type FeatureEngine, type Detection } from '../features/index.js';
import type { OwnFill, SymbolEngine } from '../kernel/index.js';
import { lotsToNumber, ticksToNumber, ticksToPrice, type Instrument } from '../model/index.js';
import { MARKS } from './marks.js';
import type { AlertHistory, HeatmapHistory, TapeHistory } from './histories.js';
import type { BookState, ConsoleView, DepthCurveView, Gauge, HeatmapView, LadderRow, LadderView, StatusView, TapeRow } from './view-model.js';

export interface SymbolState {
  readonly engine: SymbolEngine;
  readonly features: FeatureEngine;
  readonly tape: TapeHistory;
  readonly heatmap: HeatmapHistory;
  readonly alerts: AlertHistory;
}

/** Our own open orders and fills of the selected symbol (a strategy runs), for the ladder's and the tape's marks. */
export interface OwnActivity {
  /** Open orders: price (ticks) and side. */
  readonly orders: readonly { readonly priceTicks: number; readonly side: 'buy' | 'sell' }[];
  /** Fills, newest first. */
  readonly fills: readonly OwnFill[];
}

export interface ViewOptions {
  readonly ladderRows: number;
  readonly tapeRows: number;
  readonly heatmapRows: number;
  readonly heatmapColumns: number;
  readonly aggregation: number;
  readonly windowIndex: number;
  readonly nowUs: number;
  readonly source: string;
  readonly position: string;
  readonly paused: boolean;
  readonly speed: string;
  readonly books: readonly BookState[];
  readonly fps: number;
  readonly message: string;
  /** Our own orders and fills of this symbol; absent when no strategy runs. */
  readonly own?: OwnActivity;
}

export function clockText(us: number | null): string {
  if (us === null) return '--:--:--.---';
  return new Date(Math.floor(us / 1000)).toISOString().slice(11, 23);
}

/** Aggregated levels of one side, best first: [bucketTicks, lots][]. */
function buckets(book: OrderBook, side: 'bids' | 'asks', agg: number, count: number): [number, number][] {
  const out: [number, number][] = [];
  book[side].forEachLevel((ticks, lots) => {
    const bucket = side === 'bids' ? Math.floor(ticks / agg) * agg : Math.ceil(ticks / agg) * agg;
    const last = out[out.length - 1];
    if (last !== undefined && last[0] === bucket) last[1] += lots;
    else {
      if (out.length === count) return false;
      out.push([bucket, lots]);
    }
    return true;
  });
  return out;
}

function recentMarks(alerts: AlertHistory, nowUs: number, agg: number): Map<number, string> {
  const marks = new Map<number, string>();
  for (const d of alerts.detections) {
    if (nowUs - d.endUs > 10_000_000 || (d.detector !== 'wall' && d.detector !== 'iceberg')) continue;
    const bucket = d.side === 'bid' ? Math.floor(d.priceTicks / agg) * agg : Math.ceil(d.priceTicks / agg) * agg;
    const mark = d.detector === 'wall' ? MARKS.wall.char : MARKS.iceberg.char;
    const had = marks.get(bucket) ?? '';
    if (!had.includes(mark)) marks.set(bucket, had + mark);
  }
  return marks;
}

/** The (aggregated) price buckets of our own open orders, with their sides: bids round down, asks up. */
function ownBuckets(own: OwnActivity | undefined, agg: number): Map<number, 'buy' | 'sell' | 'both'> {
  const out = new Map<number, 'buy' | 'sell' | 'both'>();
  for (const order of own?.orders ?? []) {
    const bucket = order.side === 'buy' ? Math.floor(order.priceTicks / agg) * agg : Math.ceil(order.priceTicks / agg) * agg;
    const had = out.get(bucket);
    out.set(bucket, had === undefined || had === order.side ? order.side : 'both');
  }
  return out;
}

function ladder(s: SymbolState, o: ViewOptions): LadderView {
  const inst = s.engine.instrument;
  const book = s.engine.sync.book;
  if (!s.engine.sync.healthy) return { rows: [], aggregation: o.aggregation, maxQty: 0 };
  const half = Math.max(1, Math.floor(o.ladderRows / 2));
  const asks = buckets(book, 'asks', o.aggregation, half);
  const bids = buckets(book, 'bids', o.aggregation, half);
  const marks = recentMarks(s.alerts, o.nowUs, o.aggregation);
  const own = ownBuckets(o.own, o.aggregation);
  const q = (lots: number) => lotsToNumber(inst, lots);
  const withOwn = (row: LadderRow, ticks: number): LadderRow => {
    const side = own.get(ticks);
    return side === undefined ? row : { ...row, own: side };
  };
  let cum = 0;
  const askRows: [number, LadderRow][] = asks.map(([ticks, lots], i) => {
    cum += q(lots);
    return [ticks, withOwn({ price: ticksToPrice(inst, ticks), bidQty: 0, askQty: q(lots), cumBid: 0, cumAsk: cum, isBestBid: false, isBestAsk: i === 0, marks: marks.get(ticks) ?? '' }, ticks)];
  });
  cum = 0;
  const bidRows: [number, LadderRow][] = bids.map(([ticks, lots], i) => {
    cum += q(lots);
    return [ticks, withOwn({ price: ticksToPrice(inst, ticks), bidQty: q(lots), askQty: 0, cumBid: cum, cumAsk: 0, isBestBid: i === 0, isBestAsk: false, marks: marks.get(ticks) ?? '' }, ticks)];
  });
  const rows = [...askRows.reverse(), ...bidRows];
  // An own order at a price the book has no level for (inside the spread, or in a gap of the book) gets a
  // row of its own, when it lies within the prices shown.
  const highest = rows[0]?.[0];
  const lowest = rows[rows.length - 1]?.[0];
  if (highest !== undefined && lowest !== undefined) {
    const shown = new Set(rows.map(([ticks]) => ticks));
    for (const [ticks, side] of own) {
      if (shown.has(ticks) || ticks > highest || ticks < lowest) continue;
      const at = rows.findIndex(([t]) => t < ticks);
      const row: LadderRow = { price: ticksToPrice(inst, ticks), bidQty: 0, askQty: 0, cumBid: 0, cumAsk: 0, isBestBid: false, isBestAsk: false, marks: marks.get(ticks) ?? '', own: side };
      rows.splice(at < 0 ? rows.length : at, 0, [ticks, row]);
    }
  }
  return { rows: rows.map(([, r]) => r), aggregation: o.aggregation, maxQty: rows.reduce((m, [, r]) => Math.max(m, r.bidQty, r.askQty), 0) };
}

function sweepCovers(d: Detection, timeUs: number, side: 'buy' | 'sell'): boolean {
  return d.detector === 'sweep' && timeUs >= d.startUs && timeUs <= d.endUs && (d.side === 'ask') === (side === 'buy');
}

/**
 * The tape, newest first: market trades, and our own fills (a strategy runs) interleaved by time as rows
 * of their own — a fill at the time of a trade comes above it (it was reported after the trade).
 */
function tape(s: SymbolState, o: ViewOptions): TapeRow[] {
  const inst = s.engine.instrument;
  const entries = s.tape.entries;
  const fills = o.own?.fills ?? [];
  const rows: TapeRow[] = [];
  let f = 0;
  for (let i = entries.length - 1; rows.length < o.tapeRows; ) {
    const e = i >= 0 ? entries[i] : undefined;
    const fill = fills[f];
    if (fill !== undefined && (e === undefined || fill.timeUs >= e.timeUs)) {
      rows.push({ time: clockText(fill.timeUs), price: fill.price, qty: Number(fill.qty), side: fill.side, large: false, sweep: false, own: true });
      f++;
      continue;
    }
    if (e === undefined) break;
    rows.push({
      time: clockText(e.timeUs),
      price: ticksToPrice(inst, e.priceTicks),
      qty: lotsToNumber(inst, e.lots),
      side: e.side,
      large: e.large,
      sweep: s.alerts.detections.some((d) => sweepCovers(d, e.timeUs, e.side)),
    });
    i--;
  }
  return rows;
}

function gauges(s: SymbolState, o: ViewOptions): { window: string; gauges: Gauge[] } {
  const windows = s.features.windows(o.nowUs);
  const w = windows[Math.min(o.windowIndex, windows.length - 1)];
  const b = s.engine.sync.healthy ? bookMeasures(s.engine.sync.book, s.engine.instrument) : null;
  const micro = s.features.micropriceAdjustment();
  const label = w === undefined ? '-' : w.windowMs % 1000 === 0 ? `${w.windowMs / 1000}s` : `${w.windowMs}ms`;
  if (w === undefined) return { window: label, gauges: [] };
  const depth = b === null ? 1 : Math.max(b.depthBid, b.depthAsk, 1e-12);
  const signed = (x: number, scale: number) => Math.tanh(x / scale);
  const tick = ticksToNumber(s.engine.instrument, 1);
  const microEdge = b !== null && micro !== null ? ((micro.ticks * tick) / b.mid) * 10_000 : 0;
  return {
    window: label,
    gauges: [
      { label: 'spread bps', short: 'sprd', values: [b?.spreadBps ?? NaN], decimals: 3, bar: null },
      { label: 'micro edge bps', short: 'micro', values: [b !== null && micro !== null ? microEdge : NaN], decimals: 3, bar: signed(microEdge, 0.5) },
      { label: 'wmid edge bps', short: 'wmid', values: [b?.weightedMidEdgeBps ?? NaN], decimals: 3, bar: signed(b?.weightedMidEdgeBps ?? 0, 0.5) },
      { label: 'OBI 5', short: 'OBI5', values: [b?.obiLevels[1] ?? NaN], decimals: 3, bar: b?.obiLevels[1] ?? 0 },
      { label: 'OFI', values: [w.ofi], decimals: 4, bar: signed(w.ofi, depth / 4) },
      { label: 'MLOFI l1-3', short: 'MLOFI', values: w.mlofi.slice(0, 3), decimals: 3, bar: signed(w.mlofi.slice(0, 3).reduce((a, v) => a + v, 0), depth / 2) },
      { label: 'TFI', values: [w.tfi], decimals: 3, bar: w.tfi },
      { label: 'CVD', values: [s.features.cvd], decimals: 4, bar: null },
      { label: 'refill bid/ask', short: 'refill', values: [w.bid.refillRatio, w.ask.refillRatio], decimals: 2, sep: ' / ', bar: null },
      { label: 'vol bps', short: 'vol', values: [w.realizedVolBps], decimals: 2, bar: Math.min(1, w.realizedVolBps / 10), signed: false },
      { label: 'msg/s trd/s', short: 'rates', values: [w.messageRate, w.tradeRate], decimals: 0, bar: null },
    ],
  };
}

function heatmap(s: SymbolState, o: ViewOptions, spanUs: number): HeatmapView {
  const inst = s.engine.instrument;
  const samples = s.heatmap.samples;
  const columns: number[][] = [];
  const trades: ({ row: number; side: 'buy' | 'sell' } | null)[] = [];
  const last = samples[samples.length - 1];
  if (last === undefined || o.heatmapRows <= 0) return { prices: [], columns: [], trades: [], columnSpan: `${spanUs / 1000}ms` };
  // Rows span about ±5 bps of the mid (and at least the ladder's aggregation), so the map is never empty.
  const agg = Math.max(o.aggregation, Math.ceil((last.midTicks2 / 2) * 0.001 / o.heatmapRows));
  const midBucket = Math.round(last.midTicks2 / 2 / agg) * agg;
  const top = midBucket + Math.floor(o.heatmapRows / 2) * agg;
  const rowOf = (ticks: number) => Math.round((top - Math.round(ticks / agg) * agg) / agg);
  const step = Math.max(1, Math.round(spanUs / s.heatmap.spanUs));
  const picked = [];
  for (let i = samples.length - 1; i >= 0 && picked.length < o.heatmapColumns; i -= step) picked.push(samples[i]);
  picked.reverse();
  let max = 0;
  for (const sample of picked) {
    if (sample === undefined) continue;
    const column = new Array<number>(o.heatmapRows).fill(0);
    for (let i = 0; i < sample.levels.length; i += 2) {
      const row = rowOf(sample.levels[i] as number);
      if (row >= 0 && row < o.heatmapRows) column[row] = (column[row] as number) + (sample.levels[i + 1] as number);
    }
    for (const v of column) max = Math.max(max, v);
    columns.push(column);
    const tradeRow = sample.tradeTicks === null ? -1 : rowOf(sample.tradeTicks);
    trades.push(tradeRow >= 0 && tradeRow < o.heatmapRows && sample.tradeSide !== null ? { row: tradeRow, side: sample.tradeSide } : null);
  }
  return {
    prices: Array.from({ length: o.heatmapRows }, (_, r) => ticksToPrice(inst, top - r * agg)),
    columns: columns.map((c) => c.map((v) => (max > 0 ? v / max : 0))),
    trades,
    columnSpan: spanUs >= 1_000_000 ? `${spanUs / 1_000_000}s` : `${spanUs / 1000}ms`,
  };
}

function depthCurve(s: SymbolState): DepthCurveView {
  if (!s.engine.sync.healthy) return { bids: [], asks: [], maxQty: 0 };
  const book = s.engine.sync.book;
  const inst = s.engine.instrument;
  const steps = [1, 2, 3, 5, 8, 10, 15, 20, 30, 50];
  const bids = steps.map((bps) => ({ bps, qty: lotsToNumber(inst, book.depthWithinBps('bid', bps).lots) }));
  const asks = steps.map((bps) => ({ bps, qty: lotsToNumber(inst, book.depthWithinBps('ask', bps).lots) }));
  return { bids, asks, maxQty: Math.max(0, ...bids.map((p) => p.qty), ...asks.map((p) => p.qty)) };
}

function status(s: SymbolState, o: ViewOptions, msgRate: number): StatusView {
  const inst: Instrument = s.engine.instrument;
  const notice = (n: { receiveTimeUs: number; detail: string } | null) => (n === null ? '-' : `${clockText(n.receiveTimeUs)} ${n.detail}`);
  const alerts = s.alerts.detections.slice(-2).map((d) => `${d.detector} ${d.side} ${ticksToPrice(inst, d.priceTicks)}`);
  return {
    symbol: inst.symbol,
    product: inst.product,
    source: o.source,
    position: o.position,
    paused: o.paused,
    speed: o.speed,
    books: o.books,
    lastGap: notice(s.alerts.lastGap),
    lastResync: notice(s.alerts.lastResync),
    latencyMs: s.engine.latencyMs,
    msgRate,
    alerts,
    fps: o.fps,
    clock: clockText(o.nowUs),
  };
}

export function buildView(s: SymbolState, o: ViewOptions): ConsoleView {
  const g = gauges(s, o);
  const spanUs = [100_000, 250_000, 500_000, 1_000_000, 3_000_000, 5_000_000, 10_000_000][o.windowIndex] ?? 1_000_000;
  const rate = s.features.windows(o.nowUs)[3]?.messageRate ?? 0;
  return {
    ladder: ladder(s, o),
    tape: tape(s, o),
    gauges: g,
    heatmap: heatmap(s, o, spanUs),
    depth: depthCurve(s),
    status: status(s, o, rate),
    message: o.message,
  };
}
