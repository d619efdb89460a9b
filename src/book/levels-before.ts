// book/levels-before: reads, before a diff is applied, the quantities the diff is about to change — in
// the diff's own order (its bids, then its asks), so a consumer can pair each level's old and new size.

import type { DepthDiffEvent } from '../model/index.js';
import type { OrderBook } from './order-book.js';

export function readLevelsBefore(book: OrderBook, diff: DepthDiffEvent, out: number[]): void {
  out.length = 0;
  for (let i = 0; i < diff.bids.length; i += 2) out.push(book.bids.get(diff.bids[i] as number));
  for (let i = 0; i < diff.asks.length; i += 2) out.push(book.asks.get(diff.asks[i] as number));
}
