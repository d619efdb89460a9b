// model/symbol-rules: the exchange's order rules of one symbol (Binance's exchangeInfo filters), as plain
// data any layer can read without venue code: what an order builder checks before it sends an order, and
// what a recording's header keeps so a replay knows the rules that held. Decimal values are kept as the
// exchange wrote them ("0.01000000", "0.10"): compare them as decimals, never as text.
//
// A zero value disables its own rule (Binance: "a value of 0 disables the rule"): PRICE_FILTER minPrice
// "0" means no minimum price, tickSize "0" no tick rule; spot's MARKET_LOT_SIZE is written with minQty and
// stepSize "0.00000000" (only its maxQty applies). Such a value is kept, never dropped: ask `isDisabled`.
// A filter the exchange did not send is absent (undefined), never invented.
//
// Binance rejects an order that breaks one of these with -1013 "Filter failure: <FILTER NAME>"; each field
// below names its filter.

import type { Product } from './product.js';

/** PRICE_FILTER: minPrice ≤ price ≤ maxPrice, price a multiple of tickSize (counted from 0, not from minPrice). */
export interface PriceRule {
  readonly minPrice: string;
  readonly maxPrice: string;
  readonly tickSize: string;
}

/** LOT_SIZE (every order) and MARKET_LOT_SIZE (market orders): minQty ≤ qty ≤ maxQty, qty a multiple of stepSize (counted from 0). */
export interface QuantityRule {
  readonly minQty: string;
  readonly maxQty: string;
  readonly stepSize: string;
}

/** Spot NOTIONAL: minNotional ≤ price × qty ≤ maxNotional; market orders use the average price of the last avgPriceMins minutes. */
export interface NotionalRule {
  readonly minNotional: string;
  readonly applyMinToMarket: boolean;
  readonly maxNotional: string;
  readonly applyMaxToMarket: boolean;
  /** 0: the last price. */
  readonly avgPriceMins: number;
}

/** Spot MIN_NOTIONAL (legacy, replaced by NOTIONAL on most symbols): price × qty ≥ minNotional. */
export interface SpotMinNotionalRule {
  readonly minNotional: string;
  readonly applyToMarket: boolean;
  readonly avgPriceMins: number;
}

/** USD-M MIN_NOTIONAL: price × qty ≥ notional, for every order. */
export interface UsdmMinNotionalRule {
  readonly notional: string;
}

/** Spot PERCENT_PRICE (legacy): price within [multiplierDown, multiplierUp] × the average price of avgPriceMins minutes. */
export interface SpotPercentPriceRule {
  readonly multiplierUp: string;
  readonly multiplierDown: string;
  readonly avgPriceMins: number;
}

/** USD-M PERCENT_PRICE: a buy at most multiplierUp × mark price, a sell at least multiplierDown × mark price. */
export interface UsdmPercentPriceRule {
  readonly multiplierUp: string;
  readonly multiplierDown: string;
  /** Decimals of the multipliers, as Binance writes it (a string, "4"). */
  readonly multiplierDecimal: string;
}

/** Spot PERCENT_PRICE_BY_SIDE: a buy within [bidMultiplierDown, bidMultiplierUp] × the average price, a sell within the ask multipliers. */
export interface PercentPriceBySideRule {
  readonly bidMultiplierUp: string;
  readonly bidMultiplierDown: string;
  readonly askMultiplierUp: string;
  readonly askMultiplierDown: string;
  readonly avgPriceMins: number;
}

interface CommonSymbolRules {
  readonly symbol: string;
  /** "TRADING", "BREAK", "HALT", ... as the exchange writes it. */
  readonly status: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  /**
   * Decimals the exchange writes quantities with (spot baseAssetPrecision, USD-M quantityPrecision): the
   * wire lot precision, which can be finer than LOT_SIZE stepSize (the book's lot; an order's quantity
   * must still be a multiple of stepSize).
   */
  readonly quantityPrecision: number;
  readonly priceFilter?: PriceRule;
  readonly lotSize?: QuantityRule;
  readonly marketLotSize?: QuantityRule;
  /** MAX_NUM_ORDERS: open orders on the symbol (spot maxNumOrders, USD-M limit). */
  readonly maxNumOrders?: number;
  /** MAX_NUM_ALGO_ORDERS: open stop / take-profit orders on the symbol (spot maxNumAlgoOrders, USD-M limit). */
  readonly maxNumAlgoOrders?: number;
  /** Filter types the symbol has that these rules do not model (ICEBERG_PARTS, TRAILING_DELTA, ...), in the exchange's order. */
  readonly otherFilters: readonly string[];
}

export interface SpotSymbolRules extends CommonSymbolRules {
  readonly product: 'spot';
  readonly minNotional?: SpotMinNotionalRule;
  readonly notional?: NotionalRule;
  readonly percentPrice?: SpotPercentPriceRule;
  readonly percentPriceBySide?: PercentPriceBySideRule;
}

export interface UsdmSymbolRules extends CommonSymbolRules {
  readonly product: 'usdm';
  /** Decimals the exchange accepts in an order's price (pricePrecision). */
  readonly pricePrecision: number;
  readonly minNotional?: UsdmMinNotionalRule;
  readonly percentPrice?: UsdmPercentPriceRule;
}

/** A symbol's order rules; `product` tells which exchange's shape of MIN_NOTIONAL and PERCENT_PRICE it holds. */
export type SymbolRules = SpotSymbolRules | UsdmSymbolRules;

/** A plain non-negative decimal as the exchange writes it: digits, optionally a point and more digits. */
export function isPlainDecimal(value: unknown): value is string {
  return typeof value === 'string' && /^\d+(\.\d+)?$/.test(value);
}

/** True when a rule's value is zero ("0", "0.00000000"): that rule is disabled (e.g. no minimum price). */
export function isDisabled(value: string): boolean {
  return /^0+(\.0+)?$/.test(value);
}

type FieldKind = 'decimal' | 'boolean' | 'count';

/** The fields of each object rule and their kinds, per product: what a reader of rules checks. */
export const RULE_FIELDS: { readonly [P in Product]: Readonly<Record<string, Readonly<Record<string, FieldKind>>>> } = {
  spot: {
    priceFilter: { minPrice: 'decimal', maxPrice: 'decimal', tickSize: 'decimal' },
    lotSize: { minQty: 'decimal', maxQty: 'decimal', stepSize: 'decimal' },
    marketLotSize: { minQty: 'decimal', maxQty: 'decimal', stepSize: 'decimal' },
    minNotional: { minNotional: 'decimal', applyToMarket: 'boolean', avgPriceMins: 'count' },
    notional: { minNotional: 'decimal', applyMinToMarket: 'boolean', maxNotional: 'decimal', applyMaxToMarket: 'boolean', avgPriceMins: 'count' },
    percentPrice: { multiplierUp: 'decimal', multiplierDown: 'decimal', avgPriceMins: 'count' },
    percentPriceBySide: {
      bidMultiplierUp: 'decimal',
      bidMultiplierDown: 'decimal',
      askMultiplierUp: 'decimal',
      askMultiplierDown: 'decimal',
      avgPriceMins: 'count',
    },
  },
  usdm: {
    priceFilter: { minPrice: 'decimal', maxPrice: 'decimal', tickSize: 'decimal' },
    lotSize: { minQty: 'decimal', maxQty: 'decimal', stepSize: 'decimal' },
    marketLotSize: { minQty: 'decimal', maxQty: 'decimal', stepSize: 'decimal' },
    minNotional: { notional: 'decimal' },
    percentPrice: { multiplierUp: 'decimal', multiplierDown: 'decimal', multiplierDecimal: 'decimal' },
  },
};

/**
 * Reads one object rule off `value` by its fields (RULE_FIELDS): the rule with exactly those fields, or
 * why it is not one (`field "tickSize" must be a decimal string, got 12`).
 */
export function readRuleFields(value: unknown, fields: Readonly<Record<string, FieldKind>>): Record<string, unknown> | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `must be an object, got ${JSON.stringify(value)}`;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [field, kind] of Object.entries(fields)) {
    const v = source[field];
    const ok = kind === 'decimal' ? isPlainDecimal(v) : kind === 'boolean' ? typeof v === 'boolean' : Number.isSafeInteger(v) && (v as number) >= 0;
    if (!ok) {
      const wanted = kind === 'decimal' ? 'a decimal string' : kind === 'boolean' ? 'true or false' : 'a whole number';
      return `field "${field}" must be ${wanted}, got ${JSON.stringify(v) ?? 'nothing'}`;
    }
    out[field] = v;
  }
  return out;
}
