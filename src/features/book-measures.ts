// features/book-measures: the instantaneous state of a book — spread, mid, weighted mid, OBI over the top N
// levels and over bps bands, cumulative depth, depth-weighted price, slope and the notional imbalance.
// O(levels) per call; prices and sizes read exactly, results as floats (ratios and display).

import type { OrderBook } from '../book/index.js';
import { lotsToNumber, ticksToNumber, type Instrument } from '../model/index.js';
import { notionalImbalance, type ImbalanceSignal } from './notional-imbalance.js';

export const OBI_LEVELS = [1, 5, 10] as const;
export const OBI_BANDS_BPS = [5, 10, 25] as const;
export const DEPTH_LEVELS = 10;

export interface BookMeasures {
  readonly mid: number;
  readonly spread: number;
  readonly spreadTicks: number;
  readonly spreadBps: number;
  /** I·ask + (1 − I)·bid with I = bidQty / (bidQty + askQty) at the touch. Not Stoikov's micro-price. */
  readonly weightedMid: number;
  readonly weightedMidEdgeBps: number;
  /** OBI over the top N levels, by N in OBI_LEVELS. */
  readonly obiLevels: readonly number[];
  /** OBI within ±b bps of the mid, by b in OBI_BANDS_BPS. */
  readonly obiBands: readonly number[];
  /** Cumulative size (base units) of the top DEPTH_LEVELS levels. */
  readonly depthBid: number;
  readonly depthAsk: number;
  /** Σ p·q / Σ q over the top DEPTH_LEVELS levels. */
  readonly dwpBid: number;
  readonly dwpAsk: number;
  /** Cumulative size over the top DEPTH_LEVELS levels per bps of distance from mid to the last of them. */
  readonly slopeBid: number;
  readonly slopeAsk: number;
  readonly notionalImbalance: number;
  readonly notionalSignal: ImbalanceSignal;
}

function obi(bid: number, ask: number): number {
  const total = bid + ask;
  return total > 0 ? (bid - ask) / total : 0;
}

/** Returns null when either side is empty. */
export function bookMeasures(book: OrderBook, inst: Instrument): BookMeasures | null {
  const bidTicks = book.bids.bestTicks();
  const askTicks = book.asks.bestTicks();
  if (bidTicks === undefined || askTicks === undefined) return null;
  const bid = ticksToNumber(inst, bidTicks);
  const ask = ticksToNumber(inst, askTicks);
  const bidQty = lotsToNumber(inst, book.bids.bestLots());
  const askQty = lotsToNumber(inst, book.asks.bestLots());
  const mid = ticksToNumber(inst, bidTicks + askTicks) / 2;
  const imbalance = bidQty + askQty > 0 ? bidQty / (bidQty + askQty) : 0.5;
  const weightedMid = imbalance * ask + (1 - imbalance) * bid;
  const bids = book.bids.top(DEPTH_LEVELS);
  const asks = book.asks.top(DEPTH_LEVELS);
  const cumulative = (levels: readonly number[], n: number) => {
    let lots = 0;
    for (let i = 0; i < Math.min(n, levels.length / 2); i++) lots += levels[2 * i + 1] as number;
    return lots;
  };
  const obiLevels = OBI_LEVELS.map((n) => obi(cumulative(bids, n), cumulative(asks, n)));
  const obiBands = OBI_BANDS_BPS.map((bps) => obi(book.depthWithinBps('bid', bps).lots, book.depthWithinBps('ask', bps).lots));
  const side = (levels: readonly number[]) => {
    let qty = 0;
    let notional = 0;
    for (let i = 0; i < levels.length; i += 2) {
      const p = ticksToNumber(inst, levels[i] as number);
      const q = lotsToNumber(inst, levels[i + 1] as number);
      qty += q;
      notional += p * q;
    }
    const last = levels.length >= 2 ? ticksToNumber(inst, levels[levels.length - 2] as number) : mid;
    const distanceBps = (Math.abs(last - mid) / mid) * 10_000;
    return { qty, dwp: qty > 0 ? notional / qty : mid, slope: distanceBps > 0 ? qty / distanceBps : 0 };
  };
  const b = side(bids);
  const a = side(asks);
  const imb = notionalImbalance(book, inst, DEPTH_LEVELS);
  return {
    mid,
    spread: ticksToNumber(inst, askTicks - bidTicks),
    spreadTicks: askTicks - bidTicks,
    spreadBps: (ticksToNumber(inst, askTicks - bidTicks) / mid) * 10_000,
    weightedMid,
    weightedMidEdgeBps: ((weightedMid - mid) / mid) * 10_000,
    obiLevels,
    obiBands,
    depthBid: b.qty,
    depthAsk: a.qty,
    dwpBid: b.dwp,
    dwpAsk: a.dwp,
    slopeBid: b.slope,
    slopeAsk: a.slope,
    notionalImbalance: imb.imbalance,
    notionalSignal: imb.signal,
  };
}
