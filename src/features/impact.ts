// features/impact: the market-impact simulator. What would a market order of `qty` have paid against this
// book? A buy walks the asks from the best price outwards, a sell walks the bids; each level gives up to
// its resting quantity until the order is filled or the side runs out. The book is only read. The walk
// itself is book/level-walk.ts (walkLevels), shared with the simulated exchange; here it also runs over a
// flat level list with a price limit (takerFillOnLevels): what a capped IOC would take from the levels a
// strategy's BookView gives.
//
// Exactness: the walk is integer lots and ticks; money (notional, average price, mid) is decimal.js at a
// precision far above anything a book can produce, so every figure is exact except the average price,
// which is a quotient and is rounded once, half-even, to AVERAGE_PRICE_EXTRA_DECIMALS places beyond the
// tick. Slippage in basis points is a float (a ratio), computed from the exact decimals.
//
// Sign convention: slippage is positive when the taker does worse than the reference price — a buy
// above it, a sell below it. Against the touch it is therefore never negative.

import { Decimal } from 'decimal.js';
import { flatLevels, walkLevels, type BookSide, type LevelWalk, type OrderBook } from '../book/index.js';
import { UnitError } from '../core/index.js';
import { lotsToQty, qtyToLots, ticksToPrice, type Instrument, type Product } from '../model/index.js';

export { flatLevels, walkLevels, type LevelSource, type LevelWalk } from '../book/index.js';

export type ImpactSide = 'buy' | 'sell';

/** Decimal places of the average price beyond the tick's own (BTCUSDT, tick 0.01: 8 places). */
export const AVERAGE_PRICE_EXTRA_DECIMALS = 6;

export interface ImpactResult {
  readonly product: Product;
  readonly symbol: string;
  readonly side: ImpactSide;
  /** The side of the book walked: the asks for a buy, the bids for a sell. */
  readonly bookSide: 'ask' | 'bid';
  readonly requestedLots: number;
  /** The requested quantity in base units, at the lot's precision (e.g. "5.00000000"). */
  readonly requestedQty: string;
  readonly filledLots: number;
  readonly filledQty: string;
  /** What the walked side could not fill (requested − filled). */
  readonly unfilledLots: number;
  readonly unfilledQty: string;
  /**
   * Σ price × filled quantity over the levels touched, in quote units: exact, written with
   * priceDecimals + qtyDecimals places. "0.…" when nothing filled.
   */
  readonly notional: string;
  /** notional / filled quantity, rounded half-even to priceDecimals + 6 places; null when nothing filled. */
  readonly averagePrice: string | null;
  /** Levels touched, the partially filled last one included. */
  readonly levelsConsumed: number;
  /** Price of the last level touched (the farthest from the touch); null when nothing filled. */
  readonly worstPrice: string | null;
  /** Best price of the walked side before the order; null when that side is empty. */
  readonly touchPrice: string | null;
  /** (best bid + best ask) / 2, exact (priceDecimals + 1 places); null when either side is empty. */
  readonly midPrice: string | null;
  /** (average − mid) / mid × 10⁴ for a buy, (mid − average) / mid × 10⁴ for a sell; null without a fill or a mid. */
  readonly slippageVsMidBps: number | null;
  /** Same against the touch; ≥ 0. Null when nothing filled. */
  readonly slippageVsTouchBps: number | null;
}

/**
 * Decimal with room for every sum a book can produce (ticks and lots are safe integers: a product has at
 * most 32 digits, a sum of them a few more), so additions and products are exact; only the average's
 * division is rounded, and only by the explicit toFixed.
 */
const Exact = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN });

/**
 * Simulates a market order of `qty` (a decimal string in base units) against `book`, which is not changed.
 *
 * Throws UnitError when `qty` is not a plain positive decimal number, is not a whole number of lots (finer
 * than the instrument's lotSize), or is too large to count in lots exactly. Everything about the book is a
 * value: an empty side gives a result with nothing filled, the whole quantity unfilled and null slippage.
 */
export function simulateMarketOrder(book: OrderBook, inst: Instrument, side: ImpactSide, qty: string): ImpactResult {
  const requestedLots = orderQtyToLots(inst, qty);
  const walked: BookSide = side === 'buy' ? book.asks : book.bids;
  const touchTicks = walked.bestTicks();

  const { filledLots, unfilledLots: remaining, levelsConsumed, worstTicks, sumTicksLots } = walkLevels(
    (visit) => walked.forEachLevel(visit),
    side,
    requestedLots,
    null,
  );

  const tickSize = new Exact(inst.tickSize);
  const lotSize = new Exact(inst.lotSize);
  const notional = sumTicksLots.times(tickSize).times(lotSize);
  const filled = new Exact(filledLots).times(lotSize);
  const average = filledLots > 0 ? notional.div(filled) : null;

  const bidTicks = book.bids.bestTicks();
  const askTicks = book.asks.bestTicks();
  const mid =
    bidTicks === undefined || askTicks === undefined ? null : new Exact(bidTicks).plus(askTicks).times(tickSize).div(2);
  const touch = touchTicks === undefined ? null : new Exact(touchTicks).times(tickSize);

  return {
    product: inst.product,
    symbol: inst.symbol,
    side,
    bookSide: side === 'buy' ? 'ask' : 'bid',
    requestedLots,
    requestedQty: lotsToQty(inst, requestedLots),
    filledLots,
    filledQty: lotsToQty(inst, filledLots),
    unfilledLots: remaining,
    unfilledQty: lotsToQty(inst, remaining),
    notional: notional.toFixed(inst.priceDecimals + inst.qtyDecimals),
    averagePrice:
      average === null ? null : average.toFixed(inst.priceDecimals + AVERAGE_PRICE_EXTRA_DECIMALS, Decimal.ROUND_HALF_EVEN),
    levelsConsumed,
    worstPrice: worstTicks === undefined ? null : ticksToPrice(inst, worstTicks),
    touchPrice: touchTicks === undefined ? null : ticksToPrice(inst, touchTicks),
    midPrice: mid === null ? null : mid.toFixed(inst.priceDecimals + 1),
    slippageVsMidBps: slippageBps(side, average, mid),
    slippageVsTouchBps: slippageBps(side, average, touch),
  };
}

/** A limit taker order (an IOC) walked over a flat level list, and its slippage. */
export interface TakerFill extends LevelWalk {
  /** filled / requested; 0 when nothing was requested. */
  readonly fillableFraction: number;
  /** First level of the list (the walked side's touch); null when the list is empty. */
  readonly touchTicks: number | null;
  /**
   * (average fill − touch) / mid × 10⁴ for a buy, (touch − average) / mid × 10⁴ for a sell, over what fills;
   * ≥ 0, exact until the final float. null when nothing fills or the mid is not positive.
   */
  readonly slippageVsTouchOverMidBps: number | null;
}

/**
 * An IOC of `requestedLots` capped at `limitTicks` against `levels` (the flat best-first list of the side
 * it takes: asks for a buy), with the mid given as bid + ask ticks (twice the mid, an exact integer).
 */
export function takerFillOnLevels(levels: readonly number[], side: ImpactSide, requestedLots: number, limitTicks: number | null, midTicks2: number): TakerFill {
  // Σ t·l again as a float, and whether it stayed a safe integer (exact) all the way
  let sum = 0;
  let safe = true;
  const walk = walkLevels(flatLevels(levels), side, requestedLots, limitTicks, (ticks, lots) => {
    sum += ticks * lots;
    safe &&= Number.isSafeInteger(ticks * lots) && Number.isSafeInteger(sum);
  });
  const touchTicks = levels.length >= 2 ? (levels[0] as number) : null;
  let slippage: number | null = null;
  if (walk.filledLots > 0 && touchTicks !== null && midTicks2 > 0) {
    // (Σ t·l / filled − touch) / (mid2 / 2) = 2 (Σ t·l − touch · filled) / (filled · mid2) × 10⁴: a ratio of two
    // integers, one correctly rounded float division when both are safe integers (as the exact quotient
    // rounded to a double: what decimal.js gives), decimal.js otherwise
    const touchFilled = touchTicks * walk.filledLots;
    const numerator = (sum - touchFilled) * (side === 'buy' ? 2 : -2) * 10_000;
    const denominator = walk.filledLots * midTicks2;
    let bps: number;
    if (safe && Number.isSafeInteger(touchFilled) && Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator)) {
      bps = numerator / denominator;
    } else {
      const diff = walk.sumTicksLots.minus(new Exact(touchTicks).times(walk.filledLots)).times(side === 'buy' ? 2 : -2);
      bps = diff.times(10_000).div(new Exact(walk.filledLots).times(midTicks2)).toNumber();
    }
    slippage = bps === 0 ? 0 : bps;
  }
  return { ...walk, fillableFraction: requestedLots > 0 ? walk.filledLots / requestedLots : 0, touchTicks, slippageVsTouchOverMidBps: slippage };
}

/**
 * An order quantity (decimal string, base units) as whole lots: the check simulateMarketOrder applies,
 * for callers that want to refuse a bad quantity before building a book. Throws UnitError.
 */
export function orderQtyToLots(inst: Instrument, qty: string): number {
  if (!/^\d+(\.\d+)?$/.test(qty)) {
    throw new UnitError(`${inst.symbol}: order quantity "${qty}" is not a plain positive decimal number`);
  }
  const lots = qtyToLots(inst, qty); // UnitError when finer than the lot or too large
  if (lots <= 0) throw new UnitError(`${inst.symbol}: order quantity "${qty}" must be positive`);
  return lots;
}

/** Basis points worse than `reference` for the taker; null without a fill or a positive reference. */
function slippageBps(side: ImpactSide, average: Decimal | null, reference: Decimal | null): number | null {
  if (average === null || reference === null || !reference.isPositive() || reference.isZero()) return null;
  const diff = side === 'buy' ? average.minus(reference) : reference.minus(average);
  const bps = diff.div(reference).times(10_000).toNumber();
  return bps === 0 ? 0 : bps; // never -0
}
