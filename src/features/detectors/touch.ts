// features/detectors/touch: the state both touch detectors (absorption, iceberg) keep per side — the best
// price of the fused top of book (bookTicker when it leads the book) and its displayed size. A *tenure* is
// the time one price stays the side's best; it ends when the best price changes, when a trade goes through
// it, or when the book is not healthy.

import type { TopOfBook } from '../../book/index.js';
import type { AggressorSide, Side } from '../../model/index.js';

export interface TouchSide {
  /** Best price of the tenure; null without one (no book, or broken by a trade-through). */
  priceTicks: number | null;
  /** Displayed size at that price now. */
  lots: number;
  /** The tenure's price was traded through: wait for the next price. */
  broken: boolean;
  /** Last best price seen (to notice a change even while broken). */
  seenTicks: number | null;
}

export function emptyTouch(): TouchSide {
  return { priceTicks: null, lots: 0, broken: false, seenTicks: null };
}

/** The side of the book a taker hits: a seller hits bids, a buyer lifts asks. */
export function sideHit(aggressor: AggressorSide): Side {
  return aggressor === 'sell' ? 'bid' : 'ask';
}

/** A trade at `priceTicks` went through the tenure's price (a worse price than the best). */
export function isThrough(side: Side, bestTicks: number, priceTicks: number): boolean {
  return side === 'bid' ? priceTicks < bestTicks : priceTicks > bestTicks;
}

export type TouchChange = 'newTenure' | 'sizeUp' | 'sizeDown' | 'none';

/** Moves `s` to the top's `side`; returns what changed. */
export function updateTouch(s: TouchSide, top: TopOfBook, side: Side): TouchChange {
  const price = side === 'bid' ? top.bidTicks : top.askTicks;
  const lots = side === 'bid' ? top.bidLots : top.askLots;
  if (price !== s.seenTicks) {
    s.seenTicks = price;
    s.priceTicks = price;
    s.lots = lots;
    s.broken = false;
    return 'newTenure';
  }
  const before = s.lots;
  s.lots = lots;
  if (lots > before) return 'sizeUp';
  if (lots < before) return 'sizeDown';
  return 'none';
}

/**
 * A taker trade on `side` at `priceTicks`: true when it hits the tenure's price. A trade through that
 * price breaks the tenure (and drops the detector's window); a trade elsewhere is not at the touch.
 */
export function tradeAtTouch(s: TouchSide & { window: unknown }, side: Side, priceTicks: number): boolean {
  if (s.priceTicks === null || s.broken) return false;
  if (isThrough(side, s.priceTicks, priceTicks)) {
    s.broken = true;
    s.window = null;
    return false;
  }
  return priceTicks === s.priceTicks;
}
