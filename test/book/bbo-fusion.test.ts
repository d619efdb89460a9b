import { describe, expect, it } from 'vitest';
import { BboFusion, BookSync, SPOT_RULES } from '../../src/book/index.js';
import { diff, snapshot, ticker, type TickerQuote } from './book-events.js';

// A spot book live at update id 100: best bid 5 lots @ 1000, best ask 6 lots @ 1001.
const TOUCH: TickerQuote = { bid: [1000, 5], ask: [1001, 6] };

function liveBook(asks: readonly number[] = [1001, 6, 1002, 8]): BookSync {
  const sync = new BookSync({ rules: SPOT_RULES, maxBufferedDiffs: 100 });
  expect(sync.onSnapshot(snapshot('spot', 100, [1000, 5, 999, 7], asks)).type).toBe('synced');
  return sync;
}

function advance(sync: BookSync, U: number, u: number, levels: { bids?: number[]; asks?: number[] } = {}): void {
  expect(sync.onDiff(diff('spot', U, u, levels))).toEqual({ type: 'applied' });
}

describe('BboFusion cross-check', () => {
  it('checks a ticker carrying the book’s last update id at once and finds it matching', () => {
    const sync = liveBook();
    const fusion = new BboFusion();
    expect(fusion.onTicker(ticker('spot', 100, TOUCH), sync)).toEqual({ type: 'matched' });
  });

  it('reports a mismatch with both sides of the story in the detail', () => {
    const sync = liveBook();
    const fusion = new BboFusion();
    expect(fusion.onTicker(ticker('spot', 100, { bid: [1000, 5], ask: [1002, 6] }), sync)).toEqual({
      type: 'mismatched',
      detail: 'bookTicker u=100 says 5@1000 / 6@1002, book says 5@1000 / 6@1001 (lots@ticks)',
    });
  });

  it.each([
    { what: 'only the bid quantity', quote: { bid: [1000, 4], ask: [1001, 6] } },
    { what: 'only the ask quantity', quote: { bid: [1000, 5], ask: [1001, 7] } },
    { what: 'only the bid price', quote: { bid: [999, 5], ask: [1001, 6] } },
    { what: 'only the ask price', quote: { bid: [1000, 5], ask: [1002, 6] } },
  ] satisfies { what: string; quote: TickerQuote }[])('reports a mismatch when $what differs', ({ quote }) => {
    const sync = liveBook();
    const fusion = new BboFusion();
    expect(fusion.onTicker(ticker('spot', 100, quote), sync).type).toBe('mismatched');
  });

  it('calls a ticker older than the book older and does not check it', () => {
    const sync = liveBook();
    const fusion = new BboFusion();
    expect(fusion.onTicker(ticker('spot', 99, { bid: [1, 1], ask: [2, 2] }), sync)).toEqual({ type: 'older' });
  });

  it('holds a newer ticker and checks it when the book advances to its id', () => {
    const sync = liveBook();
    const fusion = new BboFusion();
    expect(fusion.onTicker(ticker('spot', 105, { bid: [1000, 9], ask: [1001, 6] }), sync)).toEqual({ type: 'pending' });
    expect(fusion.onBookAdvanced(sync)).toBeNull();

    advance(sync, 101, 105, { bids: [1000, 9] });
    expect(fusion.onBookAdvanced(sync)).toEqual({ type: 'matched' });
    // Checked once: it is no longer held.
    expect(fusion.onBookAdvanced(sync)).toBeNull();
  });

  it('reports a held ticker that disagrees with the book once the ids line up', () => {
    const sync = liveBook();
    const fusion = new BboFusion();
    fusion.onTicker(ticker('spot', 105, { bid: [1000, 9], ask: [1001, 6] }), sync);
    advance(sync, 101, 105, { bids: [1000, 8] });
    expect(fusion.onBookAdvanced(sync)).toEqual({
      type: 'mismatched',
      detail: 'bookTicker u=105 says 9@1000 / 6@1001, book says 8@1000 / 6@1001 (lots@ticks)',
    });
  });

  it('checks held tickers one at a time as the book reaches each of them', () => {
    const sync = liveBook();
    const fusion = new BboFusion();
    fusion.onTicker(ticker('spot', 105, { bid: [1000, 9], ask: [1001, 6] }), sync);
    fusion.onTicker(ticker('spot', 110, { bid: [1000, 9], ask: [1001, 3] }), sync);
    advance(sync, 101, 105, { bids: [1000, 9] });
    expect(fusion.onBookAdvanced(sync)).toEqual({ type: 'matched' });
    advance(sync, 106, 110, { asks: [1001, 4] });
    expect(fusion.onBookAdvanced(sync)?.type).toBe('mismatched');
  });

  it('drops held tickers the book passes without lining up, without checking them', () => {
    const sync = liveBook();
    const fusion = new BboFusion();
    // 103 would mismatch if it were checked; the book jumps from 100 to 110 in one diff.
    fusion.onTicker(ticker('spot', 103, { bid: [1, 1], ask: [2, 2] }), sync);
    fusion.onTicker(ticker('spot', 110, { bid: [1000, 9], ask: [1001, 6] }), sync);
    advance(sync, 101, 110, { bids: [1000, 9] });
    expect(fusion.onBookAdvanced(sync)).toEqual({ type: 'matched' });
    expect(fusion.onBookAdvanced(sync)).toBeNull();

    // 115 is passed over by the diff to 120; when a rebuilt book later sits exactly at 115 it is not checked.
    fusion.onTicker(ticker('spot', 115, { bid: [1, 1], ask: [2, 2] }), sync);
    advance(sync, 111, 120);
    expect(fusion.onBookAdvanced(sync)).toBeNull();
    sync.requestResync('manual', 'test');
    expect(sync.onSnapshot(snapshot('spot', 115, [1000, 5], [1001, 6])).type).toBe('synced');
    expect(fusion.onBookAdvanced(sync)).toBeNull();
  });

  it('neither checks nor holds a ticker that arrives while the book is not live', () => {
    const sync = new BookSync({ rules: SPOT_RULES, maxBufferedDiffs: 100 });
    const fusion = new BboFusion();
    expect(fusion.onTicker(ticker('spot', 100, { bid: [1, 1], ask: [2, 2] }), sync)).toEqual({ type: 'unchecked' });
    expect(sync.onSnapshot(snapshot('spot', 100, [1000, 5], [1001, 6])).type).toBe('synced');
    expect(fusion.onBookAdvanced(sync)).toBeNull();
  });

  it('forgets held tickers on clearPending()', () => {
    const sync = liveBook();
    const fusion = new BboFusion();
    fusion.onTicker(ticker('spot', 105, { bid: [1, 1], ask: [2, 2] }), sync);
    fusion.clearPending();
    advance(sync, 101, 105);
    expect(fusion.onBookAdvanced(sync)).toBeNull();
  });

  it('holds at most 4096 tickers, dropping the oldest', () => {
    const sync = liveBook();
    const fusion = new BboFusion();
    for (let id = 101; id <= 101 + 4096; id++) {
      expect(fusion.onTicker(ticker('spot', id, TOUCH), sync)).toEqual({ type: 'pending' });
    }
    advance(sync, 101, 101);
    expect(fusion.onBookAdvanced(sync)).toBeNull();
    advance(sync, 102, 102);
    expect(fusion.onBookAdvanced(sync)).toEqual({ type: 'matched' });
  });
});

describe('BboFusion top of book', () => {
  it('is null while the book is not healthy, even with a ticker at hand', () => {
    const sync = new BookSync({ rules: SPOT_RULES, maxBufferedDiffs: 100 });
    const fusion = new BboFusion();
    fusion.onTicker(ticker('spot', 105, TOUCH), sync);
    expect(fusion.top(sync)).toBeNull();

    const live = liveBook();
    fusion.onTicker(ticker('spot', 105, TOUCH), live);
    live.requestResync('stale', 'no messages');
    expect(fusion.top(live)).toBeNull();
  });

  it('is the book’s best when no ticker is newer than the book', () => {
    const sync = liveBook();
    const fusion = new BboFusion();
    const fromBook = { bidTicks: 1000, bidLots: 5, askTicks: 1001, askLots: 6, updateId: 100, source: 'book' };
    expect(fusion.top(sync)).toEqual(fromBook);
    fusion.onTicker(ticker('spot', 99, { bid: [998, 1], ask: [1003, 1] }), sync);
    expect(fusion.top(sync)).toEqual(fromBook);
    fusion.onTicker(ticker('spot', 100, { bid: [1000, 5], ask: [1001, 6] }), sync);
    expect(fusion.top(sync)).toEqual(fromBook);
  });

  it('is the newest ticker while it is ahead of the book, and the book again once the book catches up', () => {
    const sync = liveBook();
    const fusion = new BboFusion();
    fusion.onTicker(ticker('spot', 105, { bid: [1000, 9], ask: [1001, 4] }), sync);
    fusion.onTicker(ticker('spot', 104, { bid: [1000, 8], ask: [1001, 3] }), sync);
    expect(fusion.top(sync)).toEqual({ bidTicks: 1000, bidLots: 9, askTicks: 1001, askLots: 4, updateId: 105, source: 'bookTicker' });

    advance(sync, 101, 105, { bids: [1000, 7], asks: [1001, 2] });
    expect(fusion.top(sync)).toEqual({ bidTicks: 1000, bidLots: 7, askTicks: 1001, askLots: 2, updateId: 105, source: 'book' });
  });

  it('is null when a side of a live book is empty and no ticker is ahead', () => {
    const sync = liveBook([]);
    expect(sync.healthy).toBe(true);
    expect(new BboFusion().top(sync)).toBeNull();
  });
});

describe('BboFusion agreement of the last ticker with the book', () => {
  it('is none before any ticker and null while the book is not synced', () => {
    const fusion = new BboFusion();
    expect(fusion.agreement(new BookSync({ rules: SPOT_RULES, maxBufferedDiffs: 100 }))).toBeNull();
    expect(fusion.agreement(liveBook())).toBe('none');
  });

  it('says the book is newer once the book has passed the ticker', () => {
    const sync = liveBook();
    const fusion = new BboFusion();
    fusion.onTicker(ticker('spot', 99, TOUCH), sync);
    expect(fusion.agreement(sync)).toBe('bookNewer');
  });

  it('agrees at the same update id with the same levels, and disagrees with other sizes', () => {
    const sync = liveBook();
    const fusion = new BboFusion();
    fusion.onTicker(ticker('spot', 100, TOUCH), sync);
    expect(fusion.agreement(sync)).toBe('agrees');
    const other = new BboFusion();
    other.onTicker(ticker('spot', 100, { bid: [1000, 4], ask: [1001, 6] }), sync);
    expect(other.agreement(sync)).toBe('disagrees');
  });

  it('compares only the best prices of a ticker ahead of the book', () => {
    const sync = liveBook();
    const fusion = new BboFusion();
    fusion.onTicker(ticker('spot', 104, { bid: [1000, 9], ask: [1001, 1] }), sync);
    expect(fusion.agreement(sync)).toBe('touchAgrees');
    fusion.onTicker(ticker('spot', 105, { bid: [1000, 9], ask: [1002, 1] }), sync);
    expect(fusion.agreement(sync)).toBe('touchMoved');
    advance(sync, 101, 106, { asks: [1001, 0, 1002, 1], bids: [1000, 9] });
    fusion.onBookAdvanced(sync);
    expect(fusion.agreement(sync)).toBe('bookNewer');
  });
});
