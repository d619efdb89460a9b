// venue/binance/exchange-info: reads a symbol's units out of an exchangeInfo response. Tick: PRICE_FILTER
// tickSize. Lot: the precision Binance writes book quantities with (spot: baseAssetPrecision, USD-M:
// quantityPrecision), which can be finer than LOT_SIZE stepSize — reduced towards stepSize only when a
// book level of 1000 × maxQty would no longer be an exact integer number of lots.

import { Decimal } from 'decimal.js';
import type { InstrumentSpec, Product } from '../../model/index.js';
import { MalformedMessageError } from './errors.js';
import { isObject, type Json } from './fields.js';
import { tickSizeOf } from './infer.js';

interface Filter {
  filterType?: string;
  tickSize?: string;
  stepSize?: string;
  maxQty?: string;
}

export interface SymbolFilters {
  readonly symbol: string;
  readonly status: string;
  readonly tickSize: string;
  readonly stepSize: string;
  readonly maxQty: string;
  readonly quantityDecimals: number;
}

function filterOf(entry: Json, type: string): Filter | undefined {
  const filters = entry['filters'];
  if (!Array.isArray(filters)) return undefined;
  return filters.find((f): f is Filter => isObject(f) && f['filterType'] === type);
}

export function parseExchangeInfo(body: string, product: Product): Map<string, SymbolFilters> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MalformedMessageError('exchangeInfo is not JSON');
  }
  if (!isObject(parsed) || !Array.isArray(parsed['symbols'])) throw new MalformedMessageError('exchangeInfo has no symbols');
  const out = new Map<string, SymbolFilters>();
  for (const entry of parsed['symbols']) {
    if (!isObject(entry) || typeof entry['symbol'] !== 'string') continue;
    const price = filterOf(entry, 'PRICE_FILTER');
    const lot = filterOf(entry, 'LOT_SIZE');
    const precision = product === 'spot' ? entry['baseAssetPrecision'] : entry['quantityPrecision'];
    if (price?.tickSize === undefined || lot?.stepSize === undefined || typeof precision !== 'number') {
      throw new MalformedMessageError(`exchangeInfo for ${entry['symbol']} lacks PRICE_FILTER, LOT_SIZE or precision`);
    }
    out.set(entry['symbol'], {
      symbol: entry['symbol'],
      status: typeof entry['status'] === 'string' ? entry['status'] : 'UNKNOWN',
      tickSize: price.tickSize,
      stepSize: lot.stepSize,
      maxQty: lot.maxQty ?? '0',
      quantityDecimals: precision,
    });
  }
  return out;
}

const HEADROOM = new Decimal(1000);

export function instrumentFromFilters(product: Product, filters: SymbolFilters): InstrumentSpec {
  const stepDecimals = new Decimal(filters.stepSize).decimalPlaces();
  const maxQty = new Decimal(filters.maxQty);
  let decimals = Math.max(filters.quantityDecimals, stepDecimals);
  while (decimals > stepDecimals && maxQty.times(HEADROOM).times(new Decimal(10).pow(decimals)).gt(Number.MAX_SAFE_INTEGER)) {
    decimals--;
  }
  return {
    product,
    symbol: filters.symbol,
    tickSize: new Decimal(filters.tickSize).toFixed(),
    lotSize: decimals === stepDecimals ? new Decimal(filters.stepSize).toFixed() : tickSizeOf(decimals),
    source: 'exchangeInfo',
  };
}
