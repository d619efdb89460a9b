// book/book-side: one side of a price-level book. Quantity per level in a Map (O(1) update of a known
// level), price order in SortedKeys (best first), and the side's share of the book fingerprint. Prices are
// integer ticks, quantities integer lots; a quantity of 0 removes the level (removing an unknown level is
// normal on Binance and does nothing).

import type { Side } from '../model/index.js';
import type { BookFingerprint } from './fingerprint.js';
import { SortedKeys } from './sorted-keys.js';

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
  private readonly qty = new Map<number, number>();
  private readonly keys = new SortedKeys();
  private readonly fingerprint: BookFingerprint;
  private readonly trackers: DepthTracker[] = [];

  constructor(side: Side, fingerprint: BookFingerprint) {
    this.side = side;
    this.sign = side === 'bid' ? -1 : 1;
    this.sideCode = side === 'bid' ? 0 : 1;
    this.fingerprint = fingerprint;
  }

  get size(): number {
    return this.qty.size;
  }

  /** Lots resting at `ticks` (0 when the level is absent). */
  get(ticks: number): number {
    return this.qty.get(ticks) ?? 0;
  }

  /** Sets the absolute quantity at a level; 0 removes it. */
  set(ticks: number, lots: number): void {
    const previous = this.qty.get(ticks);
    if (previous === lots) return;
    const key = this.sign * ticks;
    if (previous !== undefined) {
      this.fingerprint.remove(this.sideCode, ticks, previous);
      if (lots === 0) {
        this.qty.delete(ticks);
        this.keys.delete(key);
        this.track(key, -previous, -1);
        return;
      }
      this.track(key, lots - previous, 0);
    } else {
      if (lots === 0) return;
      this.keys.insert(key);
      this.track(key, lots, 1);
    }
    this.qty.set(ticks, lots);
    this.fingerprint.add(this.sideCode, ticks, lots);
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
    const key = this.keys.first();
    return key === undefined ? undefined : this.sign * key;
  }

  bestLots(): number {
    const best = this.bestTicks();
    return best === undefined ? 0 : (this.qty.get(best) as number);
  }

  /** Walks levels best first, calling `visit(ticks, lots)` until it returns false. */
  forEachLevel(visit: (ticks: number, lots: number) => boolean | void): void {
    const sign = this.sign;
    const qty = this.qty;
    this.keys.forEach((key) => {
      const ticks = sign * key;
      return visit(ticks, qty.get(ticks) as number);
    });
  }

  /** The best `n` levels as a flat [ticks, lots, ...] list. */
  top(n: number): number[] {
    const out: number[] = [];
    for (const key of this.keys.firstN(n)) {
      const ticks = this.sign * key;
      out.push(ticks, this.qty.get(ticks) as number);
    }
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
    const qty = this.qty;
    const sign = this.sign;
    const outward = limitKey > t.limitKey;
    const from = outward ? t.limitKey : limitKey;
    const to = outward ? limitKey : t.limitKey;
    const direction = outward ? 1 : -1;
    this.keys.forEachInRange(from, to, (key) => {
      t.lots += direction * (qty.get(sign * key) as number);
      t.levels += direction;
    });
    t.limitKey = limitKey;
  }

  clear(): void {
    for (const [ticks, lots] of this.qty) this.fingerprint.remove(this.sideCode, ticks, lots);
    this.qty.clear();
    this.keys.clear();
    for (const t of this.trackers) {
      t.lots = 0;
      t.levels = 0;
    }
  }
}
