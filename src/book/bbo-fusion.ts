// book/bbo-fusion: fuses the bookTicker stream with the diff-built book. A ticker newer than the book
// (by update id) becomes the top of book until the diffs catch up; a ticker whose update id equals the
// book's last applied id must agree with the book's best levels exactly — that is the cross-check, and a
// disagreement means the book is wrong. Tickers lead the depth stream, so newer ones wait here for the
// diff that lines up with them.

import type { BookTickerEvent, TickerAgreement, TopOfBookView } from '../model/index.js';
import type { BookSync } from './book-sync.js';

export type BboCheck =
  | { readonly type: 'matched' }
  | { readonly type: 'mismatched'; readonly detail: string }
  | { readonly type: 'pending' }
  | { readonly type: 'older' }
  | { readonly type: 'unchecked' };

/** The freshest top of book (model's TopOfBookView: what a strategy's BookView gives is this very shape). */
export type TopOfBook = TopOfBookView;

const MAX_PENDING = 4096;

export class BboFusion {
  private pending: BookTickerEvent[] = [];
  private head = 0;
  private latest: BookTickerEvent | null = null;

  /** A bookTicker arrived: check it now if it lines up with the book, hold it if it is newer. */
  onTicker(ticker: BookTickerEvent, sync: BookSync): BboCheck {
    if (this.latest === null || ticker.updateId > this.latest.updateId) this.latest = ticker;
    if (!sync.healthy) return { type: 'unchecked' };
    const bookId = sync.book.lastUpdateId;
    if (ticker.updateId < bookId) return { type: 'older' };
    if (ticker.updateId === bookId) return compare(ticker, sync);
    this.pending.push(ticker);
    if (this.pending.length - this.head > MAX_PENDING) this.head++;
    if (this.head > MAX_PENDING) this.compact();
    return { type: 'pending' };
  }

  /**
   * The book moved to a new update id: checks the held ticker that lines up with it, if any, and drops
   * the held ones it has passed. Returns the check, or null when none lined up.
   */
  onBookAdvanced(sync: BookSync): BboCheck | null {
    const bookId = sync.book.lastUpdateId;
    const pending = this.pending;
    let result: BboCheck | null = null;
    while (this.head < pending.length) {
      const ticker = pending[this.head] as BookTickerEvent;
      if (ticker.updateId > bookId) break;
      this.head++;
      if (ticker.updateId === bookId) result = compare(ticker, sync);
    }
    if (this.head > 1024 && this.head * 2 > pending.length) this.compact();
    return result;
  }

  /** Tickers held because they are newer than the book (the depth stream has yet to reflect them). */
  get pendingCount(): number {
    return this.pending.length - this.head;
  }

  private compact(): void {
    this.pending = this.pending.slice(this.head);
    this.head = 0;
  }

  /** The freshest top of book: the newest ticker when it is ahead of a live book, else the book's best. */
  top(sync: BookSync): TopOfBook | null {
    if (!sync.healthy) return null;
    const book = sync.book;
    const latest = this.latest;
    if (latest !== null && latest.updateId > book.lastUpdateId) {
      return {
        bidTicks: latest.bidTicks,
        bidLots: latest.bidLots,
        askTicks: latest.askTicks,
        askLots: latest.askLots,
        updateId: latest.updateId,
        source: 'bookTicker',
      };
    }
    const bidTicks = book.bids.bestTicks();
    const askTicks = book.asks.bestTicks();
    if (bidTicks === undefined || askTicks === undefined) return null;
    return {
      bidTicks,
      bidLots: book.bids.bestLots(),
      askTicks,
      askLots: book.asks.bestLots(),
      updateId: book.lastUpdateId,
      source: 'book',
    };
  }

  /**
   * How the newest ticker stands against the synced book (model's TickerAgreement), compared now, level
   * by level; null while the book is not synced.
   */
  agreement(sync: BookSync): TickerAgreement | null {
    if (!sync.healthy) return null;
    const latest = this.latest;
    if (latest === null) return 'none';
    const book = sync.book;
    if (latest.updateId < book.lastUpdateId) return 'bookNewer';
    if (latest.updateId === book.lastUpdateId) return compare(latest, sync).type === 'matched' ? 'agrees' : 'disagrees';
    return latest.bidTicks === book.bids.bestTicks() && latest.askTicks === book.asks.bestTicks() ? 'touchAgrees' : 'touchMoved';
  }

  /** Forgets held tickers (after the book was rebuilt they may no longer line up). */
  clearPending(): void {
    this.pending = [];
    this.head = 0;
  }
}

function compare(ticker: BookTickerEvent, sync: BookSync): BboCheck {
  const book = sync.book;
  const bid = book.bids.bestTicks();
  const ask = book.asks.bestTicks();
  const bidLots = book.bids.bestLots();
  const askLots = book.asks.bestLots();
  if (bid === ticker.bidTicks && ask === ticker.askTicks && bidLots === ticker.bidLots && askLots === ticker.askLots) {
    return { type: 'matched' };
  }
  return {
    type: 'mismatched',
    detail:
      `bookTicker u=${ticker.updateId} says ${ticker.bidLots}@${ticker.bidTicks} / ${ticker.askLots}@${ticker.askTicks}, ` +
      `book says ${bidLots}@${bid ?? '-'} / ${askLots}@${ask ?? '-'} (lots@ticks)`,
  };
}
