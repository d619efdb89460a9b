// features/footprint: traded lots per (price bucket × time bin) cell, split by aggressor, with trade
// counts; and stacked imbalances read off one bin's cells. O(1) per trade (a ring of bins, a Map of cells
// per bin). Integers (ticks, lots, µs) throughout; floats only for the ratios the imbalance tests use.
//
// Time bins are `binMs` wide and aligned to epoch multiples of the width, on the trade's receive time:
// a trade at t µs is in the bin starting at floor(t / binUs) × binUs, which holds startUs ≤ t < endUs.
// Price buckets are `bucketTicks` ticks high, aligned to multiples of bucketTicks (named by the lowest
// price). The ring keeps the `maxBins` bins ending at the latest bin: bins are dropped by time, so a quiet
// stretch of empty bins pushes old bins out just as full ones do. A trade for a bin already dropped is
// counted in `lateTrades` and otherwise ignored (replay and live feed trades in receive order, so this
// only guards).

import type { AggressorSide } from '../model/index.js';
import { bucketOf, type TradePrint } from './profile.js';

export interface FootprintCell {
  /** Lowest price of the bucket, ticks. */
  readonly priceTicks: number;
  readonly buyLots: number;
  readonly sellLots: number;
  readonly totalLots: number;
  /** buyLots − sellLots. */
  readonly deltaLots: number;
  readonly trades: number;
}

export interface FootprintBin {
  readonly startUs: number;
  /** Exclusive: the bin holds startUs ≤ receiveTimeUs < endUs. */
  readonly endUs: number;
  readonly buyLots: number;
  readonly sellLots: number;
  readonly totalLots: number;
  /** buyLots − sellLots. */
  readonly deltaLots: number;
  readonly trades: number;
  /** Highest and lowest trade price in the bin (exact trade prices, not buckets), ticks. */
  readonly highTicks: number;
  readonly lowTicks: number;
  /** Number of price buckets with trades. */
  readonly cellCount: number;
}

export interface FootprintOptions {
  /** Width of a time bin, ms (positive integer). */
  readonly binMs: number;
  /** Height of a price bucket, ticks (positive integer, default 1). */
  readonly bucketTicks?: number;
  /** Bins kept: the latest bin and the maxBins − 1 before it (positive integer). */
  readonly maxBins: number;
}

interface Cell {
  buy: number;
  sell: number;
  trades: number;
}

interface Bin {
  index: number;
  cells: Map<number, Cell>;
  buy: number;
  sell: number;
  trades: number;
  high: number;
  low: number;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${what} must be a positive integer, got ${value}`);
  return value;
}

export class Footprint {
  readonly binUs: number;
  readonly bucketTicks: number;
  readonly maxBins: number;
  /** Trades whose bin had already left the ring. */
  lateTrades = 0;
  private readonly ring: (Bin | undefined)[];
  private latest: number | null = null;

  constructor(options: FootprintOptions) {
    this.binUs = positiveInteger(options.binMs, 'binMs') * 1000;
    this.bucketTicks = positiveInteger(options.bucketTicks ?? 1, 'bucketTicks');
    this.maxBins = positiveInteger(options.maxBins, 'maxBins');
    this.ring = new Array<Bin | undefined>(this.maxBins).fill(undefined);
  }

  /** Start (µs) of the bin holding `timeUs`. */
  binStartUs(timeUs: number): number {
    return Math.floor(timeUs / this.binUs) * this.binUs;
  }

  /** Start (µs) of the latest bin, null before the first trade. */
  get latestBinStartUs(): number | null {
    return this.latest === null ? null : this.latest * this.binUs;
  }

  /** Adds a trade. A trade with no quantity carries no volume and is ignored. */
  onTrade(trade: TradePrint): void {
    if (trade.qtyLots <= 0) return;
    const index = Math.floor(trade.receiveTimeUs / this.binUs);
    if (this.latest === null || index > this.latest) this.latest = index;
    else if (index <= this.latest - this.maxBins) {
      this.lateTrades += 1;
      return;
    }
    const slot = this.slotOf(index);
    let bin = this.ring[slot];
    if (bin === undefined || bin.index !== index) {
      bin = { index, cells: new Map(), buy: 0, sell: 0, trades: 0, high: trade.priceTicks, low: trade.priceTicks };
      this.ring[slot] = bin;
    }
    const price = bucketOf(trade.priceTicks, this.bucketTicks);
    let cell = bin.cells.get(price);
    if (cell === undefined) {
      cell = { buy: 0, sell: 0, trades: 0 };
      bin.cells.set(price, cell);
    }
    if (trade.aggressor === 'buy') {
      cell.buy += trade.qtyLots;
      bin.buy += trade.qtyLots;
    } else {
      cell.sell += trade.qtyLots;
      bin.sell += trade.qtyLots;
    }
    cell.trades += 1;
    bin.trades += 1;
    if (trade.priceTicks > bin.high) bin.high = trade.priceTicks;
    if (trade.priceTicks < bin.low) bin.low = trade.priceTicks;
  }

  /** The kept bins with trades, oldest first. */
  bins(): FootprintBin[] {
    const out: FootprintBin[] = [];
    if (this.latest === null) return out;
    for (let index = this.latest - this.maxBins + 1; index <= this.latest; index += 1) {
      const bin = this.binAt(index);
      if (bin !== null) out.push(this.summary(bin));
    }
    return out;
  }

  /** The bin holding `timeUs` (its start or any time inside it), or null when it is empty or dropped. */
  bin(timeUs: number): FootprintBin | null {
    const bin = this.binAt(Math.floor(timeUs / this.binUs));
    return bin === null ? null : this.summary(bin);
  }

  /** Cells of the bin holding `timeUs`, ascending price; [] when the bin is empty or dropped. */
  cells(timeUs: number): FootprintCell[] {
    const bin = this.binAt(Math.floor(timeUs / this.binUs));
    if (bin === null) return [];
    const out: FootprintCell[] = [];
    for (const [priceTicks, c] of bin.cells) {
      out.push({ priceTicks, buyLots: c.buy, sellLots: c.sell, totalLots: c.buy + c.sell, deltaLots: c.buy - c.sell, trades: c.trades });
    }
    out.sort((a, b) => a.priceTicks - b.priceTicks);
    return out;
  }

  /** Diagonal stacked imbalances of the bin holding `timeUs` (see `stackedImbalances`). */
  stackedImbalances(timeUs: number, options: DiagonalImbalanceOptions = {}): ImbalanceStack[] {
    return stackedImbalances(this.cells(timeUs), this.bucketTicks, options);
  }

  private slotOf(index: number): number {
    return ((index % this.maxBins) + this.maxBins) % this.maxBins;
  }

  private binAt(index: number): Bin | null {
    if (this.latest === null || index > this.latest || index <= this.latest - this.maxBins) return null;
    const bin = this.ring[this.slotOf(index)];
    return bin !== undefined && bin.index === index ? bin : null;
  }

  private summary(bin: Bin): FootprintBin {
    return {
      startUs: bin.index * this.binUs,
      endUs: (bin.index + 1) * this.binUs,
      buyLots: bin.buy,
      sellLots: bin.sell,
      totalLots: bin.buy + bin.sell,
      deltaLots: bin.buy - bin.sell,
      trades: bin.trades,
      highTicks: bin.high,
      lowTicks: bin.low,
      cellCount: bin.cells.size,
    };
  }
}

// ---- Stacked imbalances -------------------------------------------------------------------------------

/** What the imbalance tests read from a cell; `FootprintCell` fits. */
export interface ImbalanceCell {
  readonly priceTicks: number;
  readonly buyLots: number;
  readonly sellLots: number;
}

export interface ImbalanceStack {
  readonly side: AggressorSide;
  /** Lowest bucket of the stack (its lowest price), ticks. */
  readonly fromTicks: number;
  /** Highest bucket of the stack (its lowest price), ticks. */
  readonly toTicks: number;
  /** Number of adjacent buckets: (toTicks − fromTicks) / bucketTicks + 1. */
  readonly levels: number;
}

export interface LevelImbalance {
  readonly priceTicks: number;
  readonly side: AggressorSide;
  /** Lots of the dominant side at priceTicks. */
  readonly lots: number;
  /** Lots of the other side on the diagonal (sell one bucket below for buy, buy one bucket above for sell). */
  readonly opposingLots: number;
}

export interface DiagonalImbalanceOptions {
  /** Dominant ≥ ratio × opposing (default 3.0, i.e. 300 %; ≥ 1). */
  readonly ratio?: number;
  /** The dominant side needs at least this many lots (positive integer, default 1). */
  readonly minLots?: number;
  /** Adjacent imbalanced buckets needed for a stack (positive integer, default 3). */
  readonly minStack?: number;
}

export interface ShareImbalanceOptions {
  /** One side's share of the bucket's lots must exceed this (in [0.5, 1), default 0.7). */
  readonly threshold?: number;
  /** The bucket needs at least this many lots in total (positive integer, default 1). */
  readonly minLots?: number;
  /** Adjacent dominated buckets needed for a stack (positive integer, default 3). */
  readonly minStack?: number;
}

interface Resolved {
  readonly minLots: number;
  readonly minStack: number;
}

function resolveCommon(options: { minLots?: number; minStack?: number }): Resolved {
  return {
    minLots: positiveInteger(options.minLots ?? 1, 'minLots'),
    minStack: positiveInteger(options.minStack ?? 3, 'minStack'),
  };
}

function byPrice(cells: readonly ImbalanceCell[]): ImbalanceCell[] {
  return [...cells].sort((a, b) => a.priceTicks - b.priceTicks);
}

/**
 * Diagonal imbalances of one bin, in the footprint tradition (bid × ask charts: a buyer lifting the ask
 * at p is compared with the seller hitting the bid one bucket below). Buy imbalance at p:
 * buy(p) ≥ minLots and buy(p) ≥ ratio × sell(p − bucket); sell imbalance at p: sell(p) ≥ minLots and
 * sell(p) ≥ ratio × buy(p + bucket). A bucket without trades counts as 0 lots on the diagonal (so with
 * nothing opposite, minLots alone decides). One bucket can carry both. Ascending price, buy before sell.
 */
export function diagonalImbalances(
  cells: readonly ImbalanceCell[],
  bucketTicks: number,
  options: DiagonalImbalanceOptions = {},
): LevelImbalance[] {
  positiveInteger(bucketTicks, 'bucketTicks');
  const ratio = options.ratio ?? 3;
  if (!(ratio >= 1 && Number.isFinite(ratio))) throw new RangeError(`ratio must be a finite number ≥ 1, got ${ratio}`);
  const { minLots } = resolveCommon(options);
  const sorted = byPrice(cells);
  const byTicks = new Map<number, ImbalanceCell>();
  for (const c of sorted) byTicks.set(c.priceTicks, c);
  const out: LevelImbalance[] = [];
  for (const c of sorted) {
    const below = byTicks.get(c.priceTicks - bucketTicks)?.sellLots ?? 0;
    if (c.buyLots >= minLots && c.buyLots >= ratio * below) {
      out.push({ priceTicks: c.priceTicks, side: 'buy', lots: c.buyLots, opposingLots: below });
    }
    const above = byTicks.get(c.priceTicks + bucketTicks)?.buyLots ?? 0;
    if (c.sellLots >= minLots && c.sellLots >= ratio * above) {
      out.push({ priceTicks: c.priceTicks, side: 'sell', lots: c.sellLots, opposingLots: above });
    }
  }
  return out;
}

/** Runs of ≥ minStack adjacent buckets (prices bucketTicks apart) per side, by fromTicks then buy first. */
function stacksOf(marked: readonly LevelImbalance[], bucketTicks: number, minStack: number): ImbalanceStack[] {
  const out: ImbalanceStack[] = [];
  for (const side of ['buy', 'sell'] as const) {
    let from = 0;
    let to = 0;
    let levels = 0;
    const flush = () => {
      if (levels >= minStack) out.push({ side, fromTicks: from, toTicks: to, levels });
    };
    for (const m of marked) {
      if (m.side !== side) continue;
      if (levels > 0 && m.priceTicks === to + bucketTicks) {
        to = m.priceTicks;
        levels += 1;
      } else {
        flush();
        from = m.priceTicks;
        to = m.priceTicks;
        levels = 1;
      }
    }
    flush();
  }
  return out.sort((a, b) => a.fromTicks - b.fromTicks || (a.side === b.side ? 0 : a.side === 'buy' ? -1 : 1));
}

/**
 * Stacked imbalances, diagonal definition (the one the feature engine reports): ≥ minStack adjacent
 * buckets with a diagonal imbalance (`diagonalImbalances`) on the same side.
 */
export function stackedImbalances(
  cells: readonly ImbalanceCell[],
  bucketTicks: number,
  options: DiagonalImbalanceOptions = {},
): ImbalanceStack[] {
  const { minStack } = resolveCommon(options);
  return stacksOf(diagonalImbalances(cells, bucketTicks, options), bucketTicks, minStack);
}

/**
 * Stacked imbalances, share definition (issue 4's wording): a bucket is buy-dominated when
 * buy > threshold × (buy + sell) and buy + sell ≥ minLots, sell-dominated likewise; a stack is ≥ minStack
 * adjacent buckets dominated by the same side. Same-level only: no diagonal.
 */
export function shareStackedImbalances(
  cells: readonly ImbalanceCell[],
  bucketTicks: number,
  options: ShareImbalanceOptions = {},
): ImbalanceStack[] {
  positiveInteger(bucketTicks, 'bucketTicks');
  const threshold = options.threshold ?? 0.7;
  if (!(threshold >= 0.5 && threshold < 1)) throw new RangeError(`threshold must be in [0.5, 1), got ${threshold}`);
  const { minLots, minStack } = resolveCommon(options);
  const marked: LevelImbalance[] = [];
  for (const c of byPrice(cells)) {
    const total = c.buyLots + c.sellLots;
    if (total < minLots) continue;
    if (c.buyLots > threshold * total) marked.push({ priceTicks: c.priceTicks, side: 'buy', lots: c.buyLots, opposingLots: c.sellLots });
    else if (c.sellLots > threshold * total) {
      marked.push({ priceTicks: c.priceTicks, side: 'sell', lots: c.sellLots, opposingLots: c.buyLots });
    }
  }
  return stacksOf(marked, bucketTicks, minStack);
}
