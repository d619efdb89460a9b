// book/book-side: one side of a price-level book. Levels in a SortedLevels map keyed best first (one
// search per update, quantities read beside the prices), the side's share of the book fingerprint, and
// running depth totals. Prices are integer ticks, quantities integer lots; a quantity of 0 removes the
// level (removing an unknown level is normal on Binance and does nothing).

import type { Side } from '../model/index.js';
import type { BookFingerprint } from './fingerprint.js';
import { SortedLevels } from './sorted-levels.js';

/**
 * A running total of the levels from the touch out to a limit key (keys ≤ limitKey), kept exact by set():
 * the depth-within-a-band questions asked on every book change (detectors, features) then cost the
 * levels between the previous limit and the new one, not the whole band.
 */
interface DepthTracker {
  limitKey: number;
  lots: number;
  levels: number;
}

/** Trackers per side: enough for every band asked about at once (features, detectors, the depth curve). */
const MAX_TRACKERS = 16;

export class BookSide {
  readonly side: Side;
  /** Keys are sign × ticks so that ascending keys run best first: −ticks for bids, +ticks for asks. */
  private readonly sign: number;
  private readonly sideCode: number;
  /** Keys are sign × ticks (see above), values lots. */
  private readonly levels = new SortedLevels();
  private readonly fingerprint: BookFingerprint;
  private readonly trackers: DepthTracker[] = [];

  constructor(side: Side, fingerprint: BookFingerprint) {
    this.side = side;
    this.sign = side === 'bid' ? -1 : 1;
    this.sideCode = side === 'bid' ? 0 : 1;
    this.fingerprint = fingerprint;
  }

  get size(): number {
    return this.levels.size;
  }

  /** Lots resting at `ticks` (0 when the level is absent). */
  get(ticks: number): number {
    return this.levels.get(this.sign * ticks);
  }

  /** Sets the absolute quantity at a level; 0 removes it. Returns the quantity it had (0: absent). */
  set(ticks: number, lots: number): number {
    const key = this.sign * ticks;
    const previous = this.levels.set(key, lots);
    if (previous === lots) return previous;
    if (previous === 0) this.fingerprint.add(this.sideCode, ticks, lots);
    else if (lots === 0) this.fingerprint.remove(this.sideCode, ticks, previous);
    else this.fingerprint.change(this.sideCode, ticks, previous, lots);
    if (this.trackers.length > 0) this.track(key, lots - previous, (lots === 0 ? 0 : 1) - (previous === 0 ? 0 : 1));
    return previous;
  }

  private track(key: number, lots: number, levels: number): void {
    for (const t of this.trackers) {
      if (key <= t.limitKey) {
        t.lots += lots;
        t.levels += levels;
      }
    }
  }

  /** Best price in ticks, or undefined when the side is empty. */
  bestTicks(): number | undefined {
    const key = this.levels.firstKey();
    return key === undefined ? undefined : this.sign * key;
  }

  bestLots(): number {
    return this.levels.firstValue();
  }

  /** Walks levels best first, calling `visit(ticks, lots)` until it returns false. */
  forEachLevel(visit: (ticks: number, lots: number) => boolean | void): void {
    const sign = this.sign;
    this.levels.forEach((key, lots) => visit(sign * key, lots));
  }

  /** The best `n` levels as a flat [ticks, lots, ...] list. */
  top(n: number): number[] {
    const out = this.levels.firstN(n);
    if (this.sign !== 1) for (let i = 0; i < out.length; i += 2) out[i] = -(out[i] as number);
    return out;
  }

  /**
   * Total lots and level count from the best price out to `limitTicks` inclusive
   * (bids: prices >= limitTicks; asks: prices <= limitTicks).
   */
  depthTo(limitTicks: number): { lots: number; levels: number } {
    const limitKey = this.sign * limitTicks;
    const t = this.trackerFor(limitKey);
    return { lots: t.lots, levels: t.levels };
  }

  /** The tracker at `limitKey`: an exact one, a new one while there is room, else the nearest moved there. */
  private trackerFor(limitKey: number): DepthTracker {
    let nearest: DepthTracker | null = null;
    let distance = Number.POSITIVE_INFINITY;
    for (const t of this.trackers) {
      const d = Math.abs(t.limitKey - limitKey);
      if (d < distance) {
        nearest = t;
        distance = d;
      }
    }
    if (nearest !== null && distance === 0) return nearest;
    if (nearest === null || this.trackers.length < MAX_TRACKERS) {
      const t: DepthTracker = { limitKey: Number.NEGATIVE_INFINITY, lots: 0, levels: 0 };
      this.trackers.push(t);
      this.move(t, limitKey);
      return t;
    }
    this.move(nearest, limitKey);
    return nearest;
  }

  /** Moves a tracker's limit, adding or removing the levels between the old limit and the new one. */
  private move(t: DepthTracker, limitKey: number): void {
    const outward = limitKey > t.limitKey;
    const from = outward ? t.limitKey : limitKey;
    const to = outward ? limitKey : t.limitKey;
    const direction = outward ? 1 : -1;
    this.levels.forEachInRange(from, to, (_key, lots) => {
      t.lots += direction * lots;
      t.levels += direction;
    });
    t.limitKey = limitKey;
  }

  clear(): void {
    this.levels.forEach((key, lots) => {
      this.fingerprint.remove(this.sideCode, this.sign * key, lots);
    });
    this.levels.clear();
    for (const t of this.trackers) {
      t.lots = 0;
      t.levels = 0;
    }
  }
}
