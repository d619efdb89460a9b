// model/market-view: what a strategy may read of the market, as read-only interfaces — one MarketView per
// symbol, made of a BookView and a FeatureView. A strategy gets these, never a mutable engine (the synced
// book, its sync state machine, the feature engine): it can look, it cannot move anything. The kernel
// builds them over its engines (kernel/market-views.ts); a test or a simulator can build its own. Every
// member is a readonly property (functions included: a method signature could be reassigned).

import type { Instrument } from './instrument.js';
import type { Product, Side } from './product.js';

export interface BookLevel {
  readonly ticks: number;
  readonly lots: number;
}

/** The freshest top of book: a bookTicker ahead of the depth stream, else the book's best levels. */
export interface TopOfBookView {
  readonly bidTicks: number;
  readonly bidLots: number;
  readonly askTicks: number;
  readonly askLots: number;
  readonly updateId: number;
  readonly source: 'book' | 'bookTicker';
}

/**
 * How the last bookTicker stands against the synced book: `bookNewer` (the book has passed it), `agrees`
 * (same update id, same best levels), `touchAgrees` (the ticker is ahead of the depth stream and shows the
 * book's best prices; sizes may differ), `touchMoved` (ahead, with other best prices: the book is behind on
 * the touch), `disagrees` (same update id, other levels: a resync follows), `none` (no ticker seen yet).
 */
export type TickerAgreement = 'none' | 'bookNewer' | 'agrees' | 'touchAgrees' | 'touchMoved' | 'disagrees';

export interface BookView {
  readonly instrument: Instrument;
  /** True while the book is synced with the venue's stream (live). Every read below is empty otherwise. */
  readonly healthy: () => boolean;
  /** True while the depth stream is suspected late (a bookTicker has shown a newer book for too long). */
  readonly stale: () => boolean;
  /** Run time (µs) at which the book last became synced (after a start, gap or resync); null while not synced. */
  readonly syncedSinceUs: () => number | null;
  /** Receive time − exchange event time of the last depth diff, ms (negative when the clocks disagree); null before one. */
  readonly latencyMs: () => number | null;
  /** The last bookTicker against the book; null while the book is not synced. */
  readonly tickerAgreement: () => TickerAgreement | null;
  /** The venue's update id the book reflects; -1 when empty. */
  readonly lastUpdateId: () => number;
  readonly bestBid: () => BookLevel | null;
  readonly bestAsk: () => BookLevel | null;
  /** The fused top of book (bookTicker and depth), or null when the book is not healthy. */
  readonly topOfBook: () => TopOfBookView | null;
  /** The best `n` levels of a side as a fresh flat list [ticks, lots, ...], best first. */
  readonly top: (side: Side, n: number) => readonly number[];
  /** Lots displayed at `priceTicks` on one side; 0 when no level is there or the book is not healthy. */
  readonly sizeAt: (side: Side, priceTicks: number) => number;
  /** Lots and levels from the touch out to `bps` basis points from the mid on one side. */
  readonly depthWithinBps: (side: Side, bps: number) => { readonly lots: number; readonly levels: number };
}

/** Liquidity near the touch on one side over a window (base units). */
export interface SideLiquidityView {
  /** Size removed by trades near the touch. */
  readonly depleted: number;
  /** Size removed without trades near the touch. */
  readonly pulled: number;
  readonly added: number;
  /** added / depleted; 0 when nothing was depleted (read it together with `depleted`). */
  readonly refillRatio: number;
}

/** Order-flow measures over one window, ending at the run's current time (see docs/FEATURES.md). */
export interface FlowWindowView {
  readonly windowMs: number;
  /** Touch OFI, base units. */
  readonly ofi: number;
  readonly mlofi: readonly number[];
  readonly buyQty: number;
  readonly sellQty: number;
  readonly tradeCount: number;
  /** (buy − sell) / max(buy + sell, ε); 0 without trades. */
  readonly tfi: number;
  /** null without trades (see noTrades). */
  readonly vwap: number | null;
  readonly noTrades: boolean;
  readonly largeTradeRatio: number;
  /** sqrt(Σ r²) of mid log-returns between mid changes, in bps. */
  readonly realizedVolBps: number;
  readonly messageRate: number;
  readonly tradeRate: number;
  readonly bid: SideLiquidityView;
  readonly ask: SideLiquidityView;
}

/** What the feature engine of a symbol offers, read-only, at the run's current time. Floats: ratios and display. */
export interface FeatureView {
  /** Every window's flow measures, ending now (the run's time, not a time of the caller's choosing). */
  readonly windows: () => readonly FlowWindowView[];
  /** The window of length `windowMs` as windows() gives it, computing only that one; null for a length the engine does not run. */
  readonly window: (windowMs: number) => FlowWindowView | null;
  /** Σ (buy − sell) since the start, base units. */
  readonly cvd: () => number;
  /** Session VWAP, or null before the first trade. */
  readonly sessionVwap: () => number | null;
  /** Stoikov first-order micro-price adjustment of the current top, ticks; null without a top of book. */
  readonly micropriceAdjustment: () => { readonly ticks: number; readonly known: boolean } | null;
  /**
   * The columns of a `flowdesk features` row at export interval `intervalMs` (features/row.ts), or null when
   * the feature engine has no window of that length.
   */
  readonly rowColumns: (intervalMs: number) => readonly string[] | null;
  /**
   * The `flowdesk features` row at the run's time with export interval `intervalMs`, by column: the cells
   * that are numbers, read back from their written text exactly as `flowdesk fit` reads them (a column with
   * an empty or text cell is absent); null when the feature engine has no window of that length.
   */
  readonly row: (intervalMs: number) => Readonly<Record<string, number>> | null;
}

export interface MarketView {
  readonly product: Product;
  readonly symbol: string;
  readonly book: BookView;
  /** null when no feature engine runs for the symbol. */
  readonly features: FeatureView | null;
}
