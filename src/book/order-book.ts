// book/order-book: the local price-level book of one symbol — two BookSides, the last applied update id
// and a fingerprint of every level. It applies levels exactly as given; the sync rules that decide what may
// be applied live in BookSync.

import type { LevelList } from '../model/index.js';
import { BookSide } from './book-side.js';
import { BookFingerprint } from './fingerprint.js';

export class OrderBook {
  readonly fingerprint = new BookFingerprint();
  readonly bids = new BookSide('bid', this.fingerprint);
  readonly asks = new BookSide('ask', this.fingerprint);
  /** Update id the book reflects (snapshot lastUpdateId or the last applied diff's final id); -1 when empty. */
  lastUpdateId = -1;
  /**
   * The quantity each level of the last applyLevels() call had just before it was set — its bids, then its
   * asks, in the diff's own order — so a consumer pairs each level's old and new size after the apply
   * without searching the book again (the features and the detectors both do).
   */
  readonly previousLots: number[] = [];

  /** Replaces the whole book with a snapshot. */
  loadSnapshot(bids: LevelList, asks: LevelList, lastUpdateId: number): void {
    this.clear();
    for (let i = 0; i < bids.length; i += 2) this.bids.set(bids[i] as number, bids[i + 1] as number);
    for (let i = 0; i < asks.length; i += 2) this.asks.set(asks[i] as number, asks[i + 1] as number);
    this.lastUpdateId = lastUpdateId;
  }

  /** Sets every level of a diff (absolute quantities; 0 removes), keeping what they were in previousLots. */
  applyLevels(bids: LevelList, asks: LevelList): void {
    const previous = this.previousLots;
    previous.length = 0;
    for (let i = 0; i < bids.length; i += 2) previous.push(this.bids.set(bids[i] as number, bids[i + 1] as number));
    for (let i = 0; i < asks.length; i += 2) previous.push(this.asks.set(asks[i] as number, asks[i + 1] as number));
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
    this.previousLots.length = 0;
    this.lastUpdateId = -1;
  }

  /** True when the best bid is at or above the best ask. An empty side is never crossed. */
  isCrossed(): boolean {
    const bid = this.bids.bestTicks();
    const ask = this.asks.bestTicks();
    return bid !== undefined && ask !== undefined && bid >= ask;
  }

  /**
   * Depth within `bps` basis points of the mid on one side: lots and levels from the touch out to
   * mid × (1 ∓ bps/10⁴). The band edge is a float ratio turned into a whole tick, rounded inwards.
   */
  depthWithinBps(side: 'bid' | 'ask', bps: number): { lots: number; levels: number } {
    const bid = this.bids.bestTicks();
    const ask = this.asks.bestTicks();
    if (bid === undefined || ask === undefined) return { lots: 0, levels: 0 };
    const mid = (bid + ask) / 2;
    if (side === 'bid') return this.bids.depthTo(Math.ceil(mid * (1 - bps / 10_000)));
    return this.asks.depthTo(Math.floor(mid * (1 + bps / 10_000)));
  }
}
