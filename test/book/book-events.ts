// Builders for the events the book tests feed to BookSync and BboFusion, and a reader that turns a book
// into plain [ticks, lots] pairs (best first) for exact comparisons. Not a test file itself.

import type { BookSide, OrderBook } from '../../src/book/index.js';
import type {
  BookTickerEvent,
  DepthDiffEvent,
  DepthSnapshotEvent,
  LevelList,
  Product,
} from '../../src/model/index.js';

let seq = 0;

export interface DiffOptions {
  readonly bids?: LevelList;
  readonly asks?: LevelList;
  /** prevFinalUpdateId; defaults to U - 1 on USD-M and null on spot. */
  readonly pu?: number | null;
}

/** A depth diff covering update ids U..u; levels are flat [priceTicks, qtyLots, ...] lists. */
export function diff(product: Product, U: number, u: number, options: DiffOptions = {}): DepthDiffEvent {
  seq++;
  const pu = options.pu !== undefined ? options.pu : product === 'usdm' ? U - 1 : null;
  return {
    kind: 'depthDiff',
    seq,
    receiveTimeUs: seq * 1000,
    connectionId: 1,
    stream: 'btcusdt@depth@100ms',
    product,
    symbol: 'BTCUSDT',
    exchangeTimeMs: seq,
    transactTimeMs: product === 'usdm' ? seq : null,
    firstUpdateId: U,
    finalUpdateId: u,
    prevFinalUpdateId: pu,
    bids: options.bids ?? [],
    asks: options.asks ?? [],
  };
}

export function snapshot(product: Product, lastUpdateId: number, bids: LevelList, asks: LevelList): DepthSnapshotEvent {
  seq++;
  return {
    kind: 'depthSnapshot',
    seq,
    receiveTimeUs: seq * 1000,
    connectionId: 0,
    stream: 'btcusdt@rest.depth',
    product,
    symbol: 'BTCUSDT',
    lastUpdateId,
    exchangeTimeMs: null,
    transactTimeMs: null,
    bids,
    asks,
  };
}

export interface TickerQuote {
  readonly bid: readonly [ticks: number, lots: number];
  readonly ask: readonly [ticks: number, lots: number];
}

export function ticker(product: Product, updateId: number, quote: TickerQuote): BookTickerEvent {
  seq++;
  return {
    kind: 'bookTicker',
    seq,
    receiveTimeUs: seq * 1000,
    connectionId: 1,
    stream: 'btcusdt@bookTicker',
    product,
    symbol: 'BTCUSDT',
    updateId,
    bidTicks: quote.bid[0],
    bidLots: quote.bid[1],
    askTicks: quote.ask[0],
    askLots: quote.ask[1],
    exchangeTimeMs: product === 'usdm' ? seq : null,
    transactTimeMs: product === 'usdm' ? seq : null,
  };
}

/** Every level of one side, best first, as [ticks, lots] pairs. */
export function sideLevels(side: BookSide): [number, number][] {
  const out: [number, number][] = [];
  side.forEachLevel((ticks, lots) => {
    out.push([ticks, lots]);
  });
  return out;
}

export interface BookContents {
  readonly bids: [number, number][];
  readonly asks: [number, number][];
  readonly lastUpdateId: number;
}

export function bookContents(book: OrderBook): BookContents {
  return { bids: sideLevels(book.bids), asks: sideLevels(book.asks), lastUpdateId: book.lastUpdateId };
}

export const EMPTY_BOOK: BookContents = { bids: [], asks: [], lastUpdateId: -1 };
