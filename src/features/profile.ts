// features/profile: the volume profile. Traded lots per price row (buy = aggressor bought, sell =
// aggressor sold), over the whole session and over a rolling window of receive time. O(1) per trade: a
// Map per view, and a FIFO queue of the window's trades for eviction (O(1) amortized). Queries walk the
// rows: vpoc() O(rows) (the session's is kept up to date per trade, O(1)), levels() and valueArea()
// O(rows log rows). Integers (ticks, lots, µs) throughout; floats only for the value area's share.
//
// Rows (price buckets) are `bucketTicks` ticks high (default 1: one row per tick), aligned to multiples of
// bucketTicks: a trade at p ticks lands in the row floor(p / bucketTicks) × bucketTicks, named by that
// lowest price.
//
// Window: at time `now` (the latest receive time seen) the window holds the trades with
// now − windowUs < receiveTimeUs ≤ now. A trade exactly windowUs old is out (half-open, like the
// footprint's time bins). Time never runs backwards here: a trade stamped earlier than the latest time
// seen is counted at the latest time (replay and live feed trades in receive order, so this only guards).

import type { AggressorSide } from '../model/index.js';

/** What the profile and the footprint read from a trade; `TradeEvent` and `AggTradeEvent` both fit. */
export interface TradePrint {
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly aggressor: AggressorSide;
  readonly receiveTimeUs: number;
}

export interface ProfileLevel {
  /** Lowest price of the row, ticks. */
  readonly priceTicks: number;
  readonly buyLots: number;
  readonly sellLots: number;
  readonly totalLots: number;
}

export interface ValueArea {
  readonly vpocTicks: number;
  /** Lowest row of the area (its lowest price), ticks. */
  readonly lowTicks: number;
  /** Highest row of the area (its lowest price: the row covers highTicks … highTicks + bucketTicks − 1). */
  readonly highTicks: number;
  /** Lots traded inside the area. */
  readonly lots: number;
  /** Lots traded in the whole view. */
  readonly totalLots: number;
  /** lots / totalLots, ≥ the fraction asked for. */
  readonly share: number;
}

export interface ProfileView {
  readonly buyLots: number;
  readonly sellLots: number;
  readonly totalLots: number;
  readonly trades: number;
  /** Number of rows with volume. */
  readonly levelCount: number;
  /** The row holding `priceTicks` (any price inside it), or null when nothing traded there. */
  level(priceTicks: number): ProfileLevel | null;
  /** Rows with volume, ascending price. */
  levels(): ProfileLevel[];
  /** Volume point of control: the row with the most lots; ties → the lower price. Null when empty. */
  vpoc(): number | null;
  /** Value area holding ≥ fraction of the lots (default 0.7; see `valueAreaOf`). Null when empty. */
  valueArea(fraction?: number): ValueArea | null;
}

export interface VolumeProfileOptions {
  /** Length of the rolling window, µs of receive time (positive integer). */
  readonly windowUs: number;
  /** Row height in ticks (positive integer, default 1). */
  readonly bucketTicks?: number;
}

interface Row {
  buy: number;
  sell: number;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${what} must be a positive integer, got ${value}`);
  return value;
}

/** The row (lowest price) holding `priceTicks` for rows of `bucketTicks` ticks aligned to multiples of bucketTicks. */
export function bucketOf(priceTicks: number, bucketTicks: number): number {
  return bucketTicks === 1 ? priceTicks : Math.floor(priceTicks / bucketTicks) * bucketTicks;
}

/**
 * Value area of rows (ascending price): start at the VPOC row and, until the rows taken hold
 * ≥ fraction × total lots, add the larger of the next row above and the next row below (rows with
 * volume; the price range stays contiguous because the rows are taken in order from the VPOC outwards);
 * on a tie the row above; when one side is exhausted, the other. Single-row steps (not the two-row
 * variant of the CBOT market-profile manual).
 */
export function valueAreaOf(levels: readonly ProfileLevel[], fraction = 0.7): ValueArea | null {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`value area fraction must be in (0, 1], got ${fraction}`);
  let total = 0;
  let poc = -1;
  for (let i = 0; i < levels.length; i += 1) {
    const row = levels[i] as ProfileLevel;
    total += row.totalLots;
    if (poc < 0 || row.totalLots > (levels[poc] as ProfileLevel).totalLots) poc = i;
  }
  if (poc < 0 || total === 0) return null;
  const target = fraction * total;
  let lo = poc;
  let hi = poc;
  let lots = (levels[poc] as ProfileLevel).totalLots;
  while (lots < target) {
    const below = lo > 0 ? (levels[lo - 1] as ProfileLevel).totalLots : -1;
    const above = hi < levels.length - 1 ? (levels[hi + 1] as ProfileLevel).totalLots : -1;
    if (above < 0 && below < 0) break;
    if (above >= below) {
      hi += 1;
      lots += above;
    } else {
      lo -= 1;
      lots += below;
    }
  }
  return {
    vpocTicks: (levels[poc] as ProfileLevel).priceTicks,
    lowTicks: (levels[lo] as ProfileLevel).priceTicks,
    highTicks: (levels[hi] as ProfileLevel).priceTicks,
    lots,
    totalLots: total,
    share: lots / total,
  };
}

class LevelMap implements ProfileView {
  readonly rows = new Map<number, Row>();
  buyLots = 0;
  sellLots = 0;
  trades = 0;
  /** Kept only by the session view (volume only grows there); the window recomputes. */
  pocTicks: number | null = null;

  constructor(
    private readonly bucketTicks: number,
    private readonly trackPoc: boolean,
  ) {}

  get totalLots(): number {
    return this.buyLots + this.sellLots;
  }

  get levelCount(): number {
    return this.rows.size;
  }

  add(row: number, side: AggressorSide, lots: number): void {
    let r = this.rows.get(row);
    if (r === undefined) {
      r = { buy: 0, sell: 0 };
      this.rows.set(row, r);
    }
    if (side === 'buy') {
      r.buy += lots;
      this.buyLots += lots;
    } else {
      r.sell += lots;
      this.sellLots += lots;
    }
    this.trades += 1;
    if (this.trackPoc) {
      const poc = this.pocTicks;
      if (poc === null) this.pocTicks = row;
      else if (poc !== row) {
        const best = this.rows.get(poc) as Row;
        const total = r.buy + r.sell;
        const bestTotal = best.buy + best.sell;
        if (total > bestTotal || (total === bestTotal && row < poc)) this.pocTicks = row;
      }
    }
  }

  remove(row: number, side: AggressorSide, lots: number): void {
    const r = this.rows.get(row) as Row;
    if (side === 'buy') {
      r.buy -= lots;
      this.buyLots -= lots;
    } else {
      r.sell -= lots;
      this.sellLots -= lots;
    }
    this.trades -= 1;
    if (r.buy === 0 && r.sell === 0) this.rows.delete(row);
  }

  level(priceTicks: number): ProfileLevel | null {
    const row = bucketOf(priceTicks, this.bucketTicks);
    const r = this.rows.get(row);
    return r === undefined ? null : { priceTicks: row, buyLots: r.buy, sellLots: r.sell, totalLots: r.buy + r.sell };
  }

  levels(): ProfileLevel[] {
    const out: ProfileLevel[] = [];
    for (const [priceTicks, r] of this.rows) out.push({ priceTicks, buyLots: r.buy, sellLots: r.sell, totalLots: r.buy + r.sell });
    out.sort((a, b) => a.priceTicks - b.priceTicks);
    return out;
  }

  vpoc(): number | null {
    if (this.trackPoc) return this.pocTicks;
    let best: number | null = null;
    let bestTotal = -1;
    for (const [row, r] of this.rows) {
      const total = r.buy + r.sell;
      if (total > bestTotal || (total === bestTotal && row < (best as number))) {
        best = row;
        bestTotal = total;
      }
    }
    return best;
  }

  valueArea(fraction = 0.7): ValueArea | null {
    return valueAreaOf(this.levels(), fraction);
  }
}

/** Volume profile of one symbol's trades: `session` (everything since construction) and `window`. */
export class VolumeProfile {
  readonly windowUs: number;
  readonly bucketTicks: number;
  private readonly sessionMap: LevelMap;
  private readonly windowMap: LevelMap;
  // The window's trades in arrival order, as parallel arrays from `head` on (compacted when half is dead).
  private times: number[] = [];
  private rows: number[] = [];
  private lots: number[] = [];
  private sides: AggressorSide[] = [];
  private head = 0;
  private nowUs: number | null = null;

  constructor(options: VolumeProfileOptions) {
    this.windowUs = positiveInteger(options.windowUs, 'windowUs');
    this.bucketTicks = positiveInteger(options.bucketTicks ?? 1, 'bucketTicks');
    this.sessionMap = new LevelMap(this.bucketTicks, true);
    this.windowMap = new LevelMap(this.bucketTicks, false);
  }

  /** Everything since construction. */
  get session(): ProfileView {
    return this.sessionMap;
  }

  /** Trades with now − windowUs < receiveTimeUs ≤ now, now = latest receive time seen. */
  get window(): ProfileView {
    return this.windowMap;
  }

  /** Latest receive time seen (trade or `advance`), µs; null before the first. */
  get latestUs(): number | null {
    return this.nowUs;
  }

  /** Adds a trade. A trade with no quantity carries no volume and is ignored. */
  onTrade(trade: TradePrint): void {
    if (trade.qtyLots <= 0) return;
    const now = this.advance(trade.receiveTimeUs);
    const row = bucketOf(trade.priceTicks, this.bucketTicks);
    this.sessionMap.add(row, trade.aggressor, trade.qtyLots);
    this.windowMap.add(row, trade.aggressor, trade.qtyLots);
    this.times.push(now);
    this.rows.push(row);
    this.lots.push(trade.qtyLots);
    this.sides.push(trade.aggressor);
  }

  /** Moves the window's end to `timeUs` (if later than the latest seen) and evicts what fell out. Returns now. */
  advance(timeUs: number): number {
    const now = this.nowUs === null || timeUs > this.nowUs ? timeUs : this.nowUs;
    this.nowUs = now;
    const oldest = now - this.windowUs; // a trade at or before this is out
    while (this.head < this.times.length && (this.times[this.head] as number) <= oldest) {
      const i = this.head;
      this.windowMap.remove(this.rows[i] as number, this.sides[i] as AggressorSide, this.lots[i] as number);
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.rows = this.rows.slice(this.head);
      this.lots = this.lots.slice(this.head);
      this.sides = this.sides.slice(this.head);
      this.head = 0;
    }
    return now;
  }
}
