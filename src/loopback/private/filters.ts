// loopback/private/filters: a symbol's order rules read from the loopback's own exchangeInfo body (the
// very objects GET /api/v3/exchangeInfo serves), and the filter checks of a new LIMIT / LIMIT_MAKER order
// in the order the filters are listed: PRICE_FILTER, LOT_SIZE, PERCENT_PRICE_BY_SIDE, PERCENT_PRICE,
// MIN_NOTIONAL, NOTIONAL, MAX_NUM_ORDERS. A zero bound disables that bound, as on Binance. The average
// price of the percent-price filters is the caller's (see matcher.ts). Failing one is -1013
// "Filter failure: NAME".

import { Decimal } from 'decimal.js';
import { errors, type ApiError } from './wire.js';
import type { Side } from './ledger.js';

export interface SymbolRules {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly basePrecision: number;
  readonly quotePrecision: number;
  readonly filters: readonly Readonly<Record<string, unknown>>[];
}

function text(value: unknown, fallback = '0'): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;
}

/** Reads the rules of every symbol of a spot exchangeInfo body. */
export function rulesFromExchangeInfo(body: Readonly<Record<string, unknown>>): Map<string, SymbolRules> {
  const out = new Map<string, SymbolRules>();
  const symbols = Array.isArray(body['symbols']) ? (body['symbols'] as Record<string, unknown>[]) : [];
  for (const s of symbols) {
    const symbol = text(s['symbol'], '');
    out.set(symbol, {
      symbol,
      baseAsset: text(s['baseAsset'], ''),
      quoteAsset: text(s['quoteAsset'], ''),
      basePrecision: typeof s['baseAssetPrecision'] === 'number' ? s['baseAssetPrecision'] : 8,
      quotePrecision: typeof s['quotePrecision'] === 'number' ? s['quotePrecision'] : 8,
      filters: Array.isArray(s['filters']) ? (s['filters'] as Record<string, unknown>[]) : [],
    });
  }
  return out;
}

function dec(filter: Readonly<Record<string, unknown>>, key: string): Decimal {
  return new Decimal(text(filter[key]));
}

/** `value` on the grid min + k × step (a zero step is no grid). */
function onGrid(value: Decimal, min: Decimal, step: Decimal): boolean {
  return step.isZero() || value.minus(min).mod(step).isZero();
}

function withinBounds(value: Decimal, min: Decimal, max: Decimal): boolean {
  if (!min.isZero() && value.lessThan(min)) return false;
  if (!max.isZero() && value.greaterThan(max)) return false;
  return true;
}

export interface FilterInput {
  readonly side: Side;
  readonly price: Decimal;
  readonly quantity: Decimal;
  /** The average price the percent-price filters compare with; null skips them. */
  readonly averagePrice: Decimal | null;
  /** Open orders of the account on the symbol before this one. */
  readonly openOrders: number;
}

/** The first filter the order fails, as Binance's -1013, or null. */
export function checkFilters(rules: SymbolRules, input: FilterInput): ApiError | null {
  const { side, price, quantity, averagePrice } = input;
  const notional = price.times(quantity);
  for (const filter of rules.filters) {
    const name = text(filter['filterType'], '');
    let ok = true;
    switch (name) {
      case 'PRICE_FILTER': {
        const min = dec(filter, 'minPrice');
        ok = withinBounds(price, min, dec(filter, 'maxPrice')) && onGrid(price, min, dec(filter, 'tickSize'));
        break;
      }
      case 'LOT_SIZE': {
        const min = dec(filter, 'minQty');
        ok = withinBounds(quantity, min, dec(filter, 'maxQty')) && onGrid(quantity, min, dec(filter, 'stepSize'));
        break;
      }
      case 'PERCENT_PRICE_BY_SIDE': {
        if (averagePrice === null) break;
        const up = dec(filter, side === 'BUY' ? 'bidMultiplierUp' : 'askMultiplierUp');
        const down = dec(filter, side === 'BUY' ? 'bidMultiplierDown' : 'askMultiplierDown');
        ok = !price.greaterThan(averagePrice.times(up)) && !price.lessThan(averagePrice.times(down));
        break;
      }
      case 'PERCENT_PRICE': {
        if (averagePrice === null) break;
        ok =
          !price.greaterThan(averagePrice.times(dec(filter, 'multiplierUp'))) &&
          !price.lessThan(averagePrice.times(dec(filter, 'multiplierDown')));
        break;
      }
      case 'MIN_NOTIONAL':
        ok = !notional.lessThan(dec(filter, 'minNotional'));
        break;
      case 'NOTIONAL':
        ok = withinBounds(notional, dec(filter, 'minNotional'), dec(filter, 'maxNotional'));
        break;
      case 'MAX_NUM_ORDERS': {
        const max = Number(text(filter['maxNumOrders'], '0'));
        ok = max <= 0 || input.openOrders < max;
        break;
      }
      default:
        break;
    }
    if (!ok) return errors.filter(name);
  }
  return null;
}
