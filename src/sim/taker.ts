// sim/taker: what a taker order (an IOC, or the crossing part of a GTC) takes at arrival. It walks the
// displayed levels of the opposite side as they are (book/level-walk.ts, the one walk), best first, up to
// its limit price, and fills what is there level by level at each level's price. The replayed market does
// not react to our orders, but our own fills use up the displayed size they took: until the book's update
// id changes, a later own order sees each level less what earlier own orders took (no double use).

import { walkLevels, type LevelSource } from '../book/index.js';
import type { BookView, OrderSide, Side } from '../model/index.js';

/** Levels read per BookView.top call at first; the read grows ×4 while the walk needs more. */
const FIRST_READ_LEVELS = 20;

/** Lots our own taker orders took per level of one book state (one update id). */
export class ConsumedLiquidity {
  private updateId = Number.NaN;
  private readonly taken = { bid: new Map<number, number>(), ask: new Map<number, number>() };

  /** Forgets what was taken when the book moved to another update id. */
  sync(updateId: number): void {
    if (updateId === this.updateId) return;
    this.updateId = updateId;
    this.taken.bid.clear();
    this.taken.ask.clear();
  }

  takenAt(side: Side, ticks: number): number {
    return this.taken[side].get(ticks) ?? 0;
  }

  take(side: Side, ticks: number, lots: number): void {
    this.taken[side].set(ticks, this.takenAt(side, ticks) + lots);
  }
}

/** The displayed levels of `side` best first, each less what our own orders took from it. */
function levelsLeft(book: BookView, side: Side, consumed: ConsumedLiquidity): LevelSource {
  return (visit) => {
    let read = FIRST_READ_LEVELS;
    let from = 0;
    for (;;) {
      const list = book.top(side, read);
      for (let i = from; i + 1 < list.length; i += 2) {
        const ticks = list[i] as number;
        if (!visit(ticks, (list[i + 1] as number) - consumed.takenAt(side, ticks))) return;
      }
      if (list.length < 2 * read) return;
      from = list.length;
      read *= 4;
    }
  };
}

/** One level's take: [ticks, lots]. */
export type Take = readonly [number, number];

/**
 * Takes up to `qtyLots` for a `side` order limited at `limitTicks` from `book`'s opposite side, marking the
 * takes in `consumed`. Returns the takes in order (an empty list when nothing is there within the limit).
 */
export function takeLiquidity(book: BookView, consumed: ConsumedLiquidity, side: OrderSide, qtyLots: number, limitTicks: number): Take[] {
  const levelSide: Side = side === 'buy' ? 'ask' : 'bid';
  consumed.sync(book.lastUpdateId());
  const takes: Take[] = [];
  walkLevels(levelsLeft(book, levelSide, consumed), side, qtyLots, limitTicks, (ticks, lots) => takes.push([ticks, lots]));
  for (const [ticks, lots] of takes) consumed.take(levelSide, ticks, lots);
  return takes;
}
