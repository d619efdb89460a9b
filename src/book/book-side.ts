// book/book-side: one side of a price-level book. Quantity per level in a Map (O(1) update of a known
// level), price order in SortedKeys (best first), and the side's share of the book fingerprint. Prices are
// integer ticks, quantities integer lots; a quantity of 0 removes the level (removing an unknown level is
// normal on Binance and does nothing).

import type { Side } from '../model/index.js';
import type { BookFingerprint } from './fingerprint.js';
import { SortedKeys } from './sorted-keys.js';

export class BookSide {
  readonly side: Side;
  /** Keys are sign × ticks so that ascending keys run best first: −ticks for bids, +ticks for asks. */
  private readonly sign: number;
  private readonly sideCode: number;
  private readonly qty = new Map<number, number>();
  private readonly keys = new SortedKeys();
  private readonly fingerprint: BookFingerprint;

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
    if (previous !== undefined) {
      this.fingerprint.remove(this.sideCode, ticks, previous);
      if (lots === 0) {
        this.qty.delete(ticks);
        this.keys.delete(this.sign * ticks);
        return;
      }
    } else {
      if (lots === 0) return;
      this.keys.insert(this.sign * ticks);
    }
    this.qty.set(ticks, lots);
    this.fingerprint.add(this.sideCode, ticks, lots);
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
    let lots = 0;
    let levels = 0;
    const limitKey = this.sign * limitTicks;
    const sign = this.sign;
    this.keys.forEach((key) => {
      if (key > limitKey) return false;
      lots += this.qty.get(sign * key) as number;
      levels++;
      return true;
    });
    return { lots, levels };
  }

  clear(): void {
    for (const [ticks, lots] of this.qty) this.fingerprint.remove(this.sideCode, ticks, lots);
    this.qty.clear();
    this.keys.clear();
  }
}
