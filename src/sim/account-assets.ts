// sim/account-assets: the base and quote asset of a symbol, which the simulated account needs to know
// which balance a buy or a sell moves. Taken from the symbol's rules when the recording's header has them
// (exchangeInfo's baseAsset/quoteAsset, exact); otherwise read off the symbol's name by the quote assets
// Binance lists most (the longest suffix that leaves a base of two or more characters), and a clear error
// for a symbol none of them ends. Also: a symbol's account settings from its strategy parameters.

import type { StrategyParams } from '../config/index.js';
import type { Instrument, SymbolRules } from '../model/index.js';
import type { SimAccountSymbol } from './account.js';

/** Quote assets recognised at the end of a symbol's name, longest first where one ends another. */
export const KNOWN_QUOTE_ASSETS = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'BTC', 'ETH', 'BNB', 'TRY', 'EUR'] as const;

export interface SymbolAssets {
  readonly base: string;
  readonly quote: string;
}

/** The symbol's assets: from its rules when given, else from its name (throws a RangeError when the name ends in no known quote). */
export function symbolAssets(symbol: string, rules?: Pick<SymbolRules, 'symbol' | 'baseAsset' | 'quoteAsset'>): SymbolAssets {
  if (rules !== undefined) {
    if (rules.symbol !== symbol) throw new RangeError(`sim account: the rules given for ${symbol} are ${rules.symbol}'s`);
    return { base: rules.baseAsset, quote: rules.quoteAsset };
  }
  for (const quote of KNOWN_QUOTE_ASSETS) {
    if (symbol.endsWith(quote) && symbol.length - quote.length >= 2) return { base: symbol.slice(0, -quote.length), quote };
  }
  throw new RangeError(
    `sim account: cannot tell the base and quote asset of ${symbol}: the recording has no rules for it and its name ends in none of ${KNOWN_QUOTE_ASSETS.join(', ')}`,
  );
}

/** A symbol's account settings from its strategy parameters (fees.makerBps/takerBps, feeAsset) and, when known, its rules. */
export function simAccountSymbol(instrument: Instrument, params: Pick<StrategyParams, 'fees' | 'feeAsset'>, rules?: SymbolRules): SimAccountSymbol {
  return {
    instrument,
    assets: symbolAssets(instrument.symbol, rules),
    makerBps: params.fees.makerBps,
    takerBps: params.fees.takerBps,
    feeAsset: params.feeAsset,
  };
}
