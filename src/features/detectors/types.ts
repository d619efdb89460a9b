// features/detectors/types: the detection event, the detector options (one object, with the desk's
// defaults) and the small shared pieces every detector uses (the reporter, medians, level views).

import type { OrderBook } from '../../book/index.js';
import { lotsToNumber, lotsToQty, ticksToNumber, ticksToPrice, type Instrument, type Product, type Side } from '../../model/index.js';

export type DetectorKind = 'wall' | 'sweep' | 'absorption' | 'layering' | 'iceberg' | 'exhaustion';

export const DETECTOR_KINDS: readonly DetectorKind[] = ['wall', 'sweep', 'absorption', 'layering', 'iceberg', 'exhaustion'];

/**
 * One microstructure detection: an event value, emitted once per episode. `side` is the side of the BOOK
 * involved (a buy sweep eats asks: 'ask'). Times are receive times, µs. `strength` is per detector (see
 * docs/FEATURES.md); `detail` is one line for humans.
 */
export interface Detection {
  readonly kind: 'detection';
  readonly detector: DetectorKind;
  readonly product: Product;
  readonly symbol: string;
  readonly side: Side;
  readonly priceTicks: number;
  readonly startUs: number;
  readonly endUs: number;
  readonly strength: number;
  readonly detail: string;
}

export type DetectionSink = (detection: Detection) => void;

/** Thresholds of the six detectors. Times in ms of receive time; ratios are plain numbers. */
export interface DetectorOptions {
  /** Wall: levels per side looked at (and the median's population: these levels of both sides). */
  readonly wallLevels: number;
  /** Wall: size must exceed this × the median size. */
  readonly wallRatio: number;
  /** Wall: the level must hold above the threshold, at its price, for more than this. */
  readonly wallPersistMs: number;

  /** Sweep: distinct prices traded by one taker side... */
  readonly sweepMinLevels: number;
  /** ...within less than this; a burst ends this long after its last trade at a new price. */
  readonly sweepWindowMs: number;
  /** Sweep: the burst's traded quantity must be worth this (quote currency, at its first price). 0: no floor. */
  readonly sweepMinNotional: number;

  /** Absorption: the window, opened by the first trade at the best price. */
  readonly absorptionWindowMs: number;
  /** Absorption: traded volume at the best ≥ this × the displayed size at the window's start. */
  readonly absorptionMinRatio: number;
  /** Absorption: additions at that price ≥ this × the traded volume. */
  readonly absorptionMinRefill: number;
  /** Absorption: the traded quantity must be worth this (quote currency): dust at the touch is not absorption. */
  readonly absorptionMinNotional: number;

  /** Layering: levels per side looked at (ranks 2..N: the touch is excluded). */
  readonly layeringLevels: number;
  /** Layering: adjacent qualifying levels needed. */
  readonly layeringMinRun: number;
  /** Layering: each level's size > this × the median size of the top N levels of both sides. */
  readonly layeringSizeRatio: number;
  /** Layering: each level's size changed at least this many times... */
  readonly layeringMinModifications: number;
  /** ...within this lookback. */
  readonly layeringWindowMs: number;

  /** Iceberg: the window, opened by the first trade at the touch price. */
  readonly icebergWindowMs: number;
  /** Iceberg: trades at that price within the window. */
  readonly icebergMinTrades: number;
  /** Iceberg: traded ≥ this × the largest displayed size at that price during the window. */
  readonly icebergMinRatio: number;
  /** Iceberg: the traded quantity must be worth this (quote currency). */
  readonly icebergMinNotional: number;

  /**
   * Exhaustion: the depth fall is measured against the largest depth within this lookback; an episode
   * ends when the condition has not held for this long.
   */
  readonly exhaustionWindowMs: number;
  /** Exhaustion: depth is the size within this many bps of the mid, per side. */
  readonly exhaustionBandBps: number;
  /** Exhaustion: fraction of that depth removed (0..1). */
  readonly exhaustionMinDrop: number;
  /** Exhaustion: spread ≥ this × the median spread... */
  readonly exhaustionSpreadRatio: number;
  /** ...of the last this-many ms... */
  readonly exhaustionSpreadWindowMs: number;
  /** ...sampled every this-many ms (a bounded ring of spreadWindow / sample samples). */
  readonly exhaustionSpreadSampleMs: number;
}

/** The desk's rules of thumb (docs/FEATURES.md, "Microstructure detections"). */
export const DESK_DETECTOR_OPTIONS: DetectorOptions = {
  wallLevels: 20,
  wallRatio: 3,
  wallPersistMs: 5000,
  sweepMinLevels: 3,
  sweepWindowMs: 200,
  sweepMinNotional: 0,
  absorptionWindowMs: 1000,
  absorptionMinRatio: 2,
  absorptionMinRefill: 0.5,
  absorptionMinNotional: 0,
  layeringLevels: 20,
  layeringMinRun: 3,
  layeringSizeRatio: 2,
  layeringMinModifications: 4,
  layeringWindowMs: 2000,
  icebergWindowMs: 5000,
  icebergMinTrades: 5,
  icebergMinRatio: 2,
  icebergMinNotional: 0,
  exhaustionWindowMs: 1000,
  exhaustionBandBps: 10,
  exhaustionMinDrop: 0.6,
  exhaustionSpreadRatio: 3,
  exhaustionSpreadWindowMs: 10_000,
  exhaustionSpreadSampleMs: 100,
};

/**
 * Defaults: the desk's rules, tuned on the bundled BTCUSDT recordings (docs/FEATURES.md): sweeps need 10
 * levels (3 fire in 41 % / 47 % of the seconds of spot / USD-M), and absorption and icebergs need 10,000
 * of quote currency traded (half the spot detections of the rules as written are dust: < 0.001 BTC).
 */
export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  ...DESK_DETECTOR_OPTIONS,
  sweepMinLevels: 10,
  absorptionMinNotional: 10_000,
  icebergMinNotional: 10_000,
};

/** What a detector reports; the Detectors class adds kind, product and symbol. */
export type Report = (
  detector: DetectorKind,
  side: Side,
  priceTicks: number,
  startUs: number,
  endUs: number,
  strength: number,
  detail: string,
) => void;

/** Exact decimal strings for details; notional floors turned into whole lots. */
export interface Formatter {
  price(ticks: number): string;
  qty(lots: number): string;
  /**
   * The fewest lots worth at least `notional` (quote currency) at `ticks`: a float ratio turned into a
   * whole number of lots once, rounded up, so the comparison itself stays in integers. 0 for a 0 floor.
   */
  lotsFor(notional: number, ticks: number): number;
}

export function formatterOf(instrument: Instrument): Formatter {
  return {
    price: (ticks) => ticksToPrice(instrument, ticks),
    qty: (lots) => lotsToQty(instrument, lots),
    lotsFor: (notional, ticks) => (notional <= 0 ? 0 : Math.ceil(notional / (ticksToNumber(instrument, ticks) * lotsToNumber(instrument, 1)) - 1e-9)),
  };
}

/**
 * Median of the first `n` values of `values` (mean of the two middle ones for an even n); 0 when n is 0.
 * Sorts them in place (a typed array sorts numerically, without a comparator call per comparison).
 */
export function medianOfFirst(values: Float64Array, n: number): number {
  if (n === 0) return 0;
  const sorted = values.subarray(0, n).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The top N levels of each side (flat [ticks, lots, ...], best first) and the median size of all of them. */
export interface LevelView {
  readonly bids: readonly number[];
  readonly asks: readonly number[];
  readonly median: number;
}

/** `scratch` holds the sizes while the median is taken (at least 2 × n long). */
export function levelView(book: OrderBook, n: number, scratch: Float64Array): LevelView {
  const bids = book.bids.top(n);
  const asks = book.asks.top(n);
  let m = 0;
  for (let i = 1; i < bids.length; i += 2) scratch[m++] = bids[i] as number;
  for (let i = 1; i < asks.length; i += 2) scratch[m++] = asks[i] as number;
  return { bids, asks, median: medianOfFirst(scratch, m) };
}

/** Ratios in details: integers as they are, the rest with 2 decimals. */
export function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
