// book/level-walk: the one walk of a taker order down one side of a book's levels, best first, up to an
// optional limit price. The market-impact simulator (features/impact.ts), the signal's IOC cost and the
// simulated exchange's IOC matching (sim) all take liquidity with it, so they agree on what a taker gets.
// Integer ticks and lots; the Σ ticks × lots sum is exact (a float while it is a safe integer, decimal.js
// beyond). It only reads the levels it is given.

import { Decimal } from 'decimal.js';
import type { OrderSide } from '../model/index.js';

/** Decimal wide enough that every Σ ticks × lots of safe integers is exact. */
const Exact = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN });

/** Levels best first, one visit each until the visitor returns false (BookSide.forEachLevel's shape). */
export type LevelSource = (visit: (ticks: number, lots: number) => boolean) => void;

/** What a walk of one side's levels took. */
export interface LevelWalk {
  readonly requestedLots: number;
  readonly filledLots: number;
  readonly unfilledLots: number;
  /** Levels touched, the partially filled last one included. */
  readonly levelsConsumed: number;
  /** The last level touched; undefined when nothing filled. */
  readonly worstTicks: number | undefined;
  /** Σ ticks × lots taken, exact. */
  readonly sumTicksLots: Decimal;
}

/**
 * The walk of a taker order of `requestedLots` down `levels` (best first: the asks for a buy, the bids for
 * a sell): each level gives up to its size until the order is filled, the levels run out, or, with a
 * `limitTicks`, the next level is beyond the limit (above it for a buy, below it for a sell). A level of 0
 * lots is skipped (not counted as touched). `onTake` hears each level's take, in order.
 */
export function walkLevels(
  levels: LevelSource,
  side: OrderSide,
  requestedLots: number,
  limitTicks: number | null,
  onTake?: (ticks: number, lots: number) => void,
): LevelWalk {
  let remaining = requestedLots;
  let levelsConsumed = 0;
  let worstTicks: number | undefined;
  // Σ ticks × take in a float while every product and partial sum is a safe integer (so exact), in decimal.js from the first one that is not
  let sum = 0;
  let wide: Decimal | null = null;
  if (remaining > 0) {
    levels((ticks, lots) => {
      if (limitTicks !== null && (side === 'buy' ? ticks > limitTicks : ticks < limitTicks)) return false;
      if (lots <= 0) return true;
      const take = lots < remaining ? lots : remaining;
      const product = ticks * take;
      if (wide === null && Number.isSafeInteger(product) && Number.isSafeInteger(sum + product)) sum += product;
      else wide = (wide ?? new Exact(sum)).plus(new Exact(ticks).times(take));
      remaining -= take;
      levelsConsumed++;
      worstTicks = ticks;
      onTake?.(ticks, take);
      return remaining > 0;
    });
  }
  const sumTicksLots = wide ?? new Exact(sum);
  return { requestedLots, filledLots: requestedLots - remaining, unfilledLots: remaining, levelsConsumed, worstTicks, sumTicksLots };
}

/** The levels of a flat list [ticks, lots, ...] (best first) as a LevelSource. */
export function flatLevels(list: readonly number[]): LevelSource {
  return (visit) => {
    for (let i = 0; i + 1 < list.length; i += 2) if (!visit(list[i] as number, list[i + 1] as number)) return;
  };
}
