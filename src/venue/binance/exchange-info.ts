// venue/binance/exchange-info: reads an exchangeInfo response. Each symbol's filters become its
// `SymbolRules` (model/symbol-rules.ts): every filter an order builder needs, values exactly as Binance
// wrote them, a filter Binance did not send left absent, one it wrote wrongly refused naming it. From the
// rules come the symbol's units: tick = PRICE_FILTER tickSize; lot = the precision Binance writes book
// quantities with (spot: baseAssetPrecision, USD-M: quantityPrecision), which can be finer than LOT_SIZE
// stepSize — reduced towards stepSize only when a book level of 1000 × maxQty would no longer be an exact
// integer number of lots.

import { Decimal } from 'decimal.js';
import { RULE_FIELDS, readRuleFields, type InstrumentSpec, type Product, type SymbolRules } from '../../model/index.js';
import { MalformedMessageError } from './errors.js';
import { isObject, type Json } from './fields.js';
import { tickSizeOf } from './infer.js';

/** Binance's filter type → the property of SymbolRules that keeps it. */
const RULE_OF_FILTER: Readonly<Record<string, string>> = {
  PRICE_FILTER: 'priceFilter',
  LOT_SIZE: 'lotSize',
  MARKET_LOT_SIZE: 'marketLotSize',
  MIN_NOTIONAL: 'minNotional',
  NOTIONAL: 'notional',
  PERCENT_PRICE: 'percentPrice',
  PERCENT_PRICE_BY_SIDE: 'percentPriceBySide',
};

/** Filters that hold one count: its field on spot, on USD-M. */
const COUNT_FILTERS: Readonly<Record<string, { readonly rule: string; readonly field: { readonly [P in Product]: string } }>> = {
  MAX_NUM_ORDERS: { rule: 'maxNumOrders', field: { spot: 'maxNumOrders', usdm: 'limit' } },
  MAX_NUM_ALGO_ORDERS: { rule: 'maxNumAlgoOrders', field: { spot: 'maxNumAlgoOrders', usdm: 'limit' } },
};

const RULE_ORDER = [
  'priceFilter',
  'lotSize',
  'marketLotSize',
  'minNotional',
  'notional',
  'percentPrice',
  'percentPriceBySide',
  'maxNumOrders',
  'maxNumAlgoOrders',
];

/**
 * The rules of the symbols in an exchangeInfo body, by symbol. With `symbols`, only those are read (USD-M
 * answers with every symbol: one odd symbol elsewhere must not stop a run); one the body lacks is absent.
 * Throws MalformedMessageError naming the symbol, the filter and the field for anything malformed.
 */
export function parseExchangeInfo(body: string, product: Product, symbols?: readonly string[]): Map<string, SymbolRules> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MalformedMessageError('exchangeInfo is not JSON');
  }
  if (!isObject(parsed) || !Array.isArray(parsed['symbols'])) throw new MalformedMessageError('exchangeInfo has no symbols');
  const wanted = symbols === undefined ? null : new Set(symbols);
  const out = new Map<string, SymbolRules>();
  for (const entry of parsed['symbols']) {
    if (!isObject(entry) || typeof entry['symbol'] !== 'string') continue;
    if (wanted !== null && !wanted.has(entry['symbol'])) continue;
    out.set(entry['symbol'], symbolRules(entry, entry['symbol'], product));
  }
  return out;
}

function symbolRules(entry: Json, symbol: string, product: Product): SymbolRules {
  const where = `exchangeInfo for ${symbol}`;
  const text = (key: string): string => {
    const value = entry[key];
    if (typeof value !== 'string') throw new MalformedMessageError(`${where}: field "${key}" must be a string, got ${JSON.stringify(value) ?? 'nothing'}`);
    return value;
  };
  const count = (key: string): number => {
    const value = entry[key];
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      throw new MalformedMessageError(`${where}: field "${key}" must be a whole number, got ${JSON.stringify(value) ?? 'nothing'}`);
    }
    return value as number;
  };
  const filters = entry['filters'];
  if (!Array.isArray(filters)) throw new MalformedMessageError(`${where}: field "filters" must be an array`);
  const rules: Record<string, unknown> = {
    product,
    symbol,
    status: text('status'),
    baseAsset: text('baseAsset'),
    quoteAsset: text('quoteAsset'),
    quantityPrecision: count(product === 'spot' ? 'baseAssetPrecision' : 'quantityPrecision'),
    ...(product === 'usdm' ? { pricePrecision: count('pricePrecision') } : {}),
  };
  const found: Record<string, unknown> = {};
  const other: string[] = [];
  for (const filter of filters) {
    if (!isObject(filter) || typeof filter['filterType'] !== 'string') {
      throw new MalformedMessageError(`${where}: a filter without a filterType: ${JSON.stringify(filter)}`);
    }
    const type = filter['filterType'];
    const countFilter = COUNT_FILTERS[type];
    const rule = countFilter?.rule ?? RULE_OF_FILTER[type];
    const fields = rule === undefined ? undefined : RULE_FIELDS[product][rule];
    if (rule === undefined || (countFilter === undefined && fields === undefined)) {
      other.push(type);
      continue;
    }
    if (rule in found) throw new MalformedMessageError(`${where}: filter ${type} appears twice`);
    if (countFilter !== undefined) {
      const field = countFilter.field[product];
      const value = filter[field];
      if (!Number.isSafeInteger(value) || (value as number) < 0) {
        throw new MalformedMessageError(`${where}: filter ${type}: field "${field}" must be a whole number, got ${JSON.stringify(value) ?? 'nothing'}`);
      }
      found[rule] = value;
      continue;
    }
    const read = readRuleFields(filter, fields as NonNullable<typeof fields>);
    if (typeof read === 'string') throw new MalformedMessageError(`${where}: filter ${type}: ${read}`);
    found[rule] = read;
  }
  // In one order whatever order Binance listed the filters in, so the same rules are the same JSON.
  for (const rule of RULE_ORDER) if (rule in found) rules[rule] = found[rule];
  rules['otherFilters'] = other;
  return rules as unknown as SymbolRules;
}

const HEADROOM = new Decimal(1000);

/** The units of a symbol (tick and lot, see the header). Throws MalformedMessageError without PRICE_FILTER or LOT_SIZE. */
export function instrumentFromRules(rules: SymbolRules): InstrumentSpec {
  const { priceFilter, lotSize } = rules;
  if (priceFilter === undefined || lotSize === undefined) {
    throw new MalformedMessageError(`exchangeInfo for ${rules.symbol} lacks PRICE_FILTER or LOT_SIZE`);
  }
  const stepDecimals = new Decimal(lotSize.stepSize).decimalPlaces();
  const maxQty = new Decimal(lotSize.maxQty);
  let decimals = Math.max(rules.quantityPrecision, stepDecimals);
  while (decimals > stepDecimals && maxQty.times(HEADROOM).times(new Decimal(10).pow(decimals)).gt(Number.MAX_SAFE_INTEGER)) {
    decimals--;
  }
  return {
    product: rules.product,
    symbol: rules.symbol,
    tickSize: new Decimal(priceFilter.tickSize).toFixed(),
    lotSize: decimals === stepDecimals ? new Decimal(lotSize.stepSize).toFixed() : tickSizeOf(decimals),
    source: 'exchangeInfo',
  };
}
