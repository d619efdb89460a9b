// features/trade-classify: the aggressor side of a trade when the feed does not say (Binance does: m=true
// means the buyer was the maker, so the trade was seller-initiated). Tick rule: a trade above the previous
// price is a buy, below is a sell, equal keeps the previous classification (zero-tick). Lee–Ready: quote
// rule against the mid (above ⇒ buy, below ⇒ sell), the tick rule at the mid.

import type { AggressorSide } from '../model/index.js';

export function tickRule(priceTicks: number, prevPriceTicks: number | null, prevSide: AggressorSide | null): AggressorSide | null {
  if (prevPriceTicks === null) return null;
  if (priceTicks > prevPriceTicks) return 'buy';
  if (priceTicks < prevPriceTicks) return 'sell';
  return prevSide;
}

/** midTicks2: bid + ask ticks (twice the mid), so the comparison stays exact. */
export function leeReady(priceTicks: number, midTicks2: number | null, prevPriceTicks: number | null, prevSide: AggressorSide | null): AggressorSide | null {
  if (midTicks2 !== null) {
    if (2 * priceTicks > midTicks2) return 'buy';
    if (2 * priceTicks < midTicks2) return 'sell';
  }
  return tickRule(priceTicks, prevPriceTicks, prevSide);
}
