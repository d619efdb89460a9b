// sim/resting: our resting (maker) orders of one symbol and how the replayed market reaches them. Only
// trades fill them: a trade whose aggressor hits our side, at our price, reaches us once it has used up
// the queue ahead (sim/queue.ts decides how much), and a trade printed beyond our price (the market traded
// through it) fills min(remaining, trade qty) — conservative: the level was swept, but only the printed
// quantity is known to have traded. A book that merely crosses our price without a trade fills nothing.
// One trade's quantity is shared out once among our orders: through-orders best price first, then
// at-price orders in arrival order; each gets what the earlier ones left. Every maker fill is at the
// order's own limit price: the fill callback takes no price (there is no other price to give).
// Displayed-size changes (depth events) move queue positions only while the book is synced.

import type { BookView, Side, TradeEvent } from '../model/index.js';
import type { QueueModel } from './queue.js';
import { remainingLots, type SimOrder } from './sim-order.js';

/** Books one maker fill of `lots` for `order` at its own limit price (the exchange's fill path). */
export type MakerFill = (order: SimOrder, lots: number) => void;

function bookSide(order: SimOrder): Side {
  return order.side === 'buy' ? 'bid' : 'ask';
}

export class RestingOrders {
  private readonly orders: SimOrder[] = [];

  constructor(
    private readonly book: BookView,
    private readonly queue: QueueModel,
  ) {}

  get size(): number {
    return this.orders.length;
  }

  list(): readonly SimOrder[] {
    return this.orders;
  }

  /** The order joins the queue at its price behind the size displayed there now. */
  join(order: SimOrder): void {
    const displayed = this.book.sizeAt(bookSide(order), order.priceTicks);
    order.queue = this.queue.join(displayed);
    order.lastSeenLots = displayed;
    order.queueAheadAtJoin = displayed;
    this.orders.push(order);
  }

  /** An order that rested before a restart rests again with its saved queue position (appended to the list). */
  adopt(order: SimOrder): void {
    if (order.queue === null) throw new Error(`${order.request.clientOrderId}: a resting order needs its queue position`);
    this.orders.push(order);
  }

  remove(order: SimOrder): boolean {
    const i = this.orders.indexOf(order);
    if (i < 0) return false;
    this.orders.splice(i, 1);
    order.queue = null;
    return true;
  }

  /** A trade of the replayed market: fills what it reaches (through `fill`), best price first. */
  onTrade(trade: TradeEventLike, fill: MakerFill): void {
    const hitsBuys = trade.aggressor === 'sell';
    const reached = this.orders.filter((o) => (hitsBuys ? o.side === 'buy' && o.priceTicks >= trade.priceTicks : o.side === 'sell' && o.priceTicks <= trade.priceTicks));
    if (reached.length === 0) return;
    reached.sort((a, b) => (hitsBuys ? b.priceTicks - a.priceTicks : a.priceTicks - b.priceTicks) || a.seq - b.seq);
    let available = trade.qtyLots;
    for (const order of reached) {
      const queue = order.queue;
      if (queue === null) continue;
      let lots: number;
      if (order.priceTicks === trade.priceTicks) {
        lots = Math.min(remainingLots(order), this.queue.trade(queue, available, trade.qtyLots));
      } else {
        queue.ahead = 0; // the market traded through the level: nobody is left ahead
        lots = Math.min(remainingLots(order), available);
      }
      if (lots <= 0) continue;
      available -= lots;
      fill(order, lots);
    }
  }

  /** The book changed (a diff or snapshot applied): re-reads the displayed size at each order's price. */
  onDepth(): void {
    if (!this.book.healthy()) return; // nothing readable during a gap; the resync's sizes count then
    for (const order of this.orders) {
      const queue = order.queue;
      if (queue === null) continue;
      const now = this.book.sizeAt(bookSide(order), order.priceTicks);
      if (now === order.lastSeenLots) continue;
      this.queue.sizeChanged(queue, order.lastSeenLots, now);
      order.lastSeenLots = now;
    }
  }
}

/** What of a trade reaches resting orders (a trade or an aggTrade). */
export type TradeEventLike = Pick<TradeEvent, 'priceTicks' | 'qtyLots' | 'aggressor'>;
