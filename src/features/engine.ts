// features/engine: the feature engine of one symbol. Fed every market event twice — before its book
// applies it (to note a diff a healthy book is about to apply; the book keeps the old sizes) and after —
// it keeps rolling sums over every window (windows.ts) for order flow, trades, liquidity dynamics near the
// touch, returns and messages, and on sample() reads them together with the instantaneous book state. O(1)
// or O(levels) per event; no clock of its own (time is the events' receive time); never NaN or Infinity
// (empty windows give 0 and a flag).

import type { BboFusion, BookSync } from '../book/index.js';
import { lotsToNumber, ticksToNumber, type FlowWindowView, type Instrument, type MarketEvent, type SideLiquidityView } from '../model/index.js';
import { Footprint } from './footprint.js';
import { OnlineMicroprice } from './microprice.js';
import { multiLevelOfi, touchOfi, type Quotes } from './ofi.js';
import { VolumeProfile } from './profile.js';
import { LargeTrades } from './large-trades.js';
import { RollingSums, WINDOWS_MS } from './windows.js';

export interface FeatureEngineOptions {
  /** Levels of the multi-level OFI vector. */
  readonly mlofiLevels: number;
  /** "Near the touch" for depletion, pulls and additions: within this many bps of the side's best price. */
  readonly nearTouchBps: number;
  /** A trade is large above this quantile of the last `largeTradeMemory` trade sizes. */
  readonly largeTradeQuantile: number;
  readonly largeTradeMemory: number;
  /** Windows in ms; default 100 ms … 10 s. */
  readonly windowsMs: readonly number[];
}

export const DEFAULT_FEATURE_OPTIONS: FeatureEngineOptions = {
  mlofiLevels: 5,
  nearTouchBps: 10,
  largeTradeQuantile: 0.95,
  largeTradeMemory: 1000,
  windowsMs: WINDOWS_MS,
};

// Rolling-sum slots.
const F_OFI = 0;
const F_BUY = 1;
const F_SELL = 2;
const F_TRADES = 3;
const F_NOTIONAL = 4;
const F_LARGE = 5;
/** One per market event (message counts come from the event count). */
const F_MSGS = 6;
const F_RET2 = 7;
const F_MIDMOVES = 8;
const FLOW_WIDTH = 9;
// Liquidity slots per side: consumed, pulled, added (bid at 0..2, ask at 3..5).
const L_BID_CONSUMED = 0;
const L_ASK_CONSUMED = 3;

/** One window's flow measures (the read-only shape strategies see is this very type: model's FlowWindowView). */
export type WindowedFlow = FlowWindowView;
/** Liquidity near the touch on one side over a window. */
export type LiquidityFlow = SideLiquidityView;

const EPSILON = 1e-12;

export class FeatureEngine {
  private readonly flow: RollingSums;
  private readonly mlofi: RollingSums;
  private readonly liquidity: RollingSums;
  private readonly large: LargeTrades;
  private readonly micro = new OnlineMicroprice();
  /** Volume profile: the session and the last 10 s. */
  readonly profile = new VolumeProfile({ windowUs: 10_000_000 });
  /** Footprint: 1 s bins × 1 tick, the last 60 bins. */
  readonly footprint = new Footprint({ binMs: 1000, maxBins: 60 });
  private prevTop: Quotes | null = null;
  private prevBids: number[] | null = null;
  private prevAsks: number[] | null = null;
  private readonly mlofiScratch: number[];
  private readonly row = new Array<number>(FLOW_WIDTH).fill(0);
  private readonly liquidityRow = new Array<number>(6).fill(0);
  private cvdLots = 0;
  private sessionNotional = 0;
  private sessionLots = 0;
  /** Lots traded per price since the last applied diff, by the side of the book they hit. */
  private readonly tradedBid = new Map<number, number>();
  private readonly tradedAsk = new Map<number, number>();
  /** Final update id of a diff that arrived on a healthy book (its levels' old sizes: book.previousLots). */
  private pendingFinalId = -1;

  constructor(
    readonly instrument: Instrument,
    private readonly sync: BookSync,
    private readonly bbo: BboFusion,
    readonly options: FeatureEngineOptions = DEFAULT_FEATURE_OPTIONS,
  ) {
    this.flow = new RollingSums(FLOW_WIDTH, options.windowsMs);
    this.mlofi = new RollingSums(options.mlofiLevels, options.windowsMs);
    this.liquidity = new RollingSums(6, options.windowsMs);
    this.large = new LargeTrades(options.largeTradeQuantile, options.largeTradeMemory);
    this.mlofiScratch = new Array<number>(options.mlofiLevels).fill(0);
  }

  /** Before the book applies `event`: note a diff that a healthy book is about to apply. */
  beforeEvent(event: MarketEvent): void {
    if (event.kind !== 'depthDiff' || !this.sync.healthy) return;
    this.pendingFinalId = event.finalUpdateId;
  }

  /** After the book applied `event` (or buffered it). */
  afterEvent(event: MarketEvent): void {
    const t = event.receiveTimeUs;
    const row = this.row.fill(0); // reused: RollingSums.add copies it
    row[F_MSGS] = 1;
    if (event.kind === 'trade' || event.kind === 'aggTrade') {
      this.onTrade(event.priceTicks, event.qtyLots, event.aggressor === 'buy', row);
      this.profile.onTrade(event);
      this.footprint.onTrade(event);
    }
    if (event.kind === 'depthDiff' && this.sync.healthy && this.sync.book.lastUpdateId === event.finalUpdateId && this.pendingFinalId === event.finalUpdateId) {
      this.onDiffApplied(event.bids, event.asks, t);
    }
    if (event.kind === 'depthDiff' || event.kind === 'depthSnapshot') this.onBookLevels(t);
    this.onTop(row);
    this.flow.add(t, row);
  }

  private onTrade(priceTicks: number, lots: number, buy: boolean, row: number[]): void {
    const inst = this.instrument;
    row[buy ? F_BUY : F_SELL] = lots;
    row[F_TRADES] = 1;
    row[F_NOTIONAL] = ticksToNumber(inst, priceTicks) * lotsToNumber(inst, lots);
    if (this.large.classify(lots)) row[F_LARGE] = lots;
    this.cvdLots += buy ? lots : -lots;
    this.sessionNotional += row[F_NOTIONAL] as number;
    this.sessionLots += lots;
    const traded = buy ? this.tradedAsk : this.tradedBid;
    traded.set(priceTicks, (traded.get(priceTicks) ?? 0) + lots);
  }

  /** Depletion (decrease explained by trades at that price), pulls (the rest of a decrease), additions. */
  private onDiffApplied(bids: readonly number[], asks: readonly number[], t: number): void {
    const out = this.liquidityRow.fill(0);
    const bestBid = this.sync.book.bids.bestTicks();
    const bestAsk = this.sync.book.asks.bestTicks();
    const band = this.options.nearTouchBps / 10_000;
    const before = this.sync.book.previousLots;
    let k = 0;
    for (let i = 0; i < bids.length; i += 2, k++) {
      const p = bids[i] as number;
      if (bestBid === undefined || p < bestBid * (1 - band)) continue;
      this.classify(before[k] as number, bids[i + 1] as number, this.tradedBid.get(p) ?? 0, out, L_BID_CONSUMED);
    }
    for (let i = 0; i < asks.length; i += 2, k++) {
      const p = asks[i] as number;
      if (bestAsk === undefined || p > bestAsk * (1 + band)) continue;
      this.classify(before[k] as number, asks[i + 1] as number, this.tradedAsk.get(p) ?? 0, out, L_ASK_CONSUMED);
    }
    this.tradedBid.clear();
    this.tradedAsk.clear();
    this.liquidity.add(t, out);
  }

  private classify(before: number, after: number, traded: number, out: number[], base: number): void {
    const change = after - before;
    if (change > 0) out[base + 2] = (out[base + 2] as number) + change;
    else if (change < 0) {
      const consumed = Math.min(-change, traded);
      out[base] = (out[base] as number) + consumed;
      out[base + 1] = (out[base + 1] as number) - change - consumed;
    }
  }

  /** Multi-level OFI between consecutive book states (by level rank). */
  private onBookLevels(t: number): void {
    if (!this.sync.healthy) {
      this.prevBids = null;
      this.prevAsks = null;
      return;
    }
    const k = this.options.mlofiLevels;
    const bids = this.sync.book.bids.top(k);
    const asks = this.sync.book.asks.top(k);
    if (this.prevBids !== null && this.prevAsks !== null) {
      multiLevelOfi(this.prevBids, bids, this.prevAsks, asks, k, this.mlofiScratch);
      if (this.mlofiScratch.some((v) => v !== 0)) this.mlofi.add(t, this.mlofiScratch);
    }
    this.prevBids = bids;
    this.prevAsks = asks;
  }

  /** Touch OFI, returns and the micro-price estimator, on every change of the fused top of book. */
  private onTop(row: number[]): void {
    const top = this.bbo.top(this.sync);
    if (top === null) {
      this.prevTop = null;
      return;
    }
    const prev = this.prevTop;
    if (prev !== null && prev.bidTicks === top.bidTicks && prev.bidLots === top.bidLots && prev.askTicks === top.askTicks && prev.askLots === top.askLots) return;
    if (prev !== null) {
      row[F_OFI] = touchOfi(prev, top);
      const mid0 = prev.bidTicks + prev.askTicks;
      const mid1 = top.bidTicks + top.askTicks;
      if (mid0 !== mid1 && mid0 > 0) {
        const r = 10_000 * Math.log(mid1 / mid0);
        row[F_RET2] = r * r;
        row[F_MIDMOVES] = 1;
      }
    }
    this.micro.update(top.bidTicks, top.bidLots, top.askTicks, top.askLots);
    this.prevTop = { bidTicks: top.bidTicks, bidLots: top.bidLots, askTicks: top.askTicks, askLots: top.askLots };
  }

  /** Running Σ (buy − sell) since the start, base units. */
  get cvd(): number {
    return lotsToNumber(this.instrument, this.cvdLots);
  }

  /** Session VWAP, or null before the first trade. */
  get sessionVwap(): number | null {
    return this.sessionLots > 0 ? this.sessionNotional / lotsToNumber(this.instrument, this.sessionLots) : null;
  }

  /** Stoikov first-order micro-price adjustment for the current top, ticks. */
  micropriceAdjustment(): { ticks: number; known: boolean } | null {
    const top = this.prevTop;
    if (top === null) return null;
    return this.micro.adjustmentTicks(top.bidLots, top.askLots, top.askTicks - top.bidTicks);
  }

  /** Every window's flow measures at `nowUs`. */
  windows(nowUs: number): WindowedFlow[] {
    this.advance(nowUs);
    return this.options.windowsMs.map((windowMs, w) => this.flowOf(w, windowMs));
  }

  /** One window's flow measures at `nowUs` (as windows(nowUs) gives it); null for a length the engine does not run. */
  window(nowUs: number, windowMs: number): WindowedFlow | null {
    const w = this.options.windowsMs.indexOf(windowMs);
    if (w < 0) return null;
    this.advance(nowUs);
    return this.flowOf(w, windowMs);
  }

  private advance(nowUs: number): void {
    this.flow.advance(nowUs);
    this.mlofi.advance(nowUs);
    this.liquidity.advance(nowUs);
  }

  private mlofiOf(w: number, qty: (lots: number) => number): number[] {
    const levels: number[] = [];
    for (let i = 0; i < this.options.mlofiLevels; i++) levels.push(qty(this.mlofi.sum(w, i)));
    return levels;
  }

  /** The measures of window index `w` (length `windowMs`) as the sums stand. */
  private flowOf(w: number, windowMs: number): WindowedFlow {
    // lotsToNumber's arithmetic, its power of ten taken once (a strategy reads windows at every evaluation)
    const lotUnits = this.instrument.lotUnits;
    const qtyScale = 10 ** this.instrument.qtyDecimals;
    const qty = (lots: number): number => (lots * lotUnits) / qtyScale;
    const buy = this.flow.sum(w, F_BUY);
    const sell = this.flow.sum(w, F_SELL);
    const trades = this.flow.sum(w, F_TRADES);
    const totalQty = qty(buy + sell);
    const seconds = windowMs / 1000;
    const liquidity = (base: number): LiquidityFlow => {
      const depleted = qty(this.liquidity.sum(w, base));
      const added = qty(this.liquidity.sum(w, base + 2));
      return { depleted, pulled: qty(this.liquidity.sum(w, base + 1)), added, refillRatio: depleted === 0 ? 0 : added / depleted };
    };
    return {
      windowMs,
      ofi: qty(this.flow.sum(w, F_OFI)),
      mlofi: this.mlofiOf(w, qty),
      buyQty: qty(buy),
      sellQty: qty(sell),
      tradeCount: trades,
      tfi: trades > 0 ? (buy - sell) / Math.max(buy + sell, EPSILON) : 0,
      vwap: trades > 0 && totalQty > 0 ? this.flow.sum(w, F_NOTIONAL) / totalQty : null,
      noTrades: trades === 0,
      largeTradeRatio: buy + sell > 0 ? this.flow.sum(w, F_LARGE) / (buy + sell) : 0,
      realizedVolBps: Math.sqrt(Math.max(0, this.flow.sum(w, F_RET2))),
      messageRate: this.flow.count(w) / seconds,
      tradeRate: trades / seconds,
      bid: liquidity(L_BID_CONSUMED),
      ask: liquidity(L_ASK_CONSUMED),
    };
  }
}
