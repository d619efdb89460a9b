// loopback/exchange-info: GET /api/v3/exchangeInfo and /fapi/v1/exchangeInfo in Binance's shape, built
// from the instruments the fake was given, with every filter Binance sends for BTCUSDT (spot: PRICE_FILTER,
// LOT_SIZE, ICEBERG_PARTS, MARKET_LOT_SIZE with its zero minQty/stepSize, TRAILING_DELTA,
// PERCENT_PRICE_BY_SIDE, NOTIONAL, MAX_NUM_ORDERS, MAX_NUM_ORDER_LISTS, MAX_NUM_ALGO_ORDERS,
// MAX_NUM_ORDER_AMENDS, and on request the legacy MIN_NOTIONAL and PERCENT_PRICE; USD-M: PRICE_FILTER,
// LOT_SIZE, MARKET_LOT_SIZE, MAX_NUM_ORDERS, MAX_NUM_ALGO_ORDERS, MIN_NOTIONAL, PERCENT_PRICE,
// POSITION_RISK_CONTROL). Values not given are BTCUSDT's; spot writes its filter decimals with 8 places
// like Binance does, USD-M writes them as given ("0.10", "556.80": Binance keeps trailing zeros there).

import { Decimal } from 'decimal.js';
import { decimalPlaces } from '../core/index.js';
import type { Product } from '../model/index.js';

export interface LoopbackInstrument {
  readonly symbol: string;
  /** PRICE_FILTER tickSize, e.g. "0.01". */
  readonly tickSize: string;
  /** LOT_SIZE stepSize, e.g. "0.00001". */
  readonly stepSize: string;
  /** USD-M: decimals of prices (default: decimals of tickSize). */
  readonly pricePrecision?: number;
  /** USD-M: decimals of quantities (default: decimals of stepSize). */
  readonly quantityPrecision?: number;
  /** Default 8. */
  readonly baseAssetPrecision?: number;
  /** Default 8. */
  readonly quotePrecision?: number;
  /** Default: the symbol minus a known quote asset suffix. */
  readonly baseAsset?: string;
  /** Default: the known quote asset suffix of the symbol (USDT, USDC, FDUSD, BTC, ...). */
  readonly quoteAsset?: string;
  readonly minPrice?: string;
  readonly maxPrice?: string;
  readonly minQty?: string;
  readonly maxQty?: string;
  /** MARKET_LOT_SIZE maxQty. */
  readonly marketMaxQty?: string;
  /** NOTIONAL minNotional (spot) / MIN_NOTIONAL notional (USD-M). */
  readonly minNotional?: string;
  /** Spot: also the legacy MIN_NOTIONAL and PERCENT_PRICE filters, as older symbols still carry them. */
  readonly legacyFilters?: boolean;
}

const QUOTE_ASSETS = ['FDUSD', 'USDT', 'USDC', 'TUSD', 'BUSD', 'EUR', 'TRY', 'BRL', 'BTC', 'ETH', 'BNB'];

export function splitSymbol(symbol: string): { base: string; quote: string } {
  for (const quote of QUOTE_ASSETS) {
    if (symbol.length > quote.length && symbol.endsWith(quote)) return { base: symbol.slice(0, -quote.length), quote };
  }
  return { base: symbol, quote: '' };
}

function decimalsOf(text: string): number {
  return decimalPlaces(new Decimal(text).toFixed());
}

function spotNumber(text: string): string {
  return new Decimal(text).toFixed(8);
}

function futuresNumber(text: string): string {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`loopback instrument: "${text}" is not a plain decimal`);
  return text;
}

export const SPOT_RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
];

const USDM_RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
  { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
];

function spotSymbol(inst: LoopbackInstrument): Record<string, unknown> {
  const { base, quote } = splitSymbol(inst.symbol);
  const basePrecision = inst.baseAssetPrecision ?? 8;
  const quotePrecision = inst.quotePrecision ?? 8;
  return {
    symbol: inst.symbol,
    status: 'TRADING',
    baseAsset: inst.baseAsset ?? base,
    baseAssetPrecision: basePrecision,
    quoteAsset: inst.quoteAsset ?? quote,
    quotePrecision,
    quoteAssetPrecision: quotePrecision,
    baseCommissionPrecision: basePrecision,
    quoteCommissionPrecision: quotePrecision,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: true,
    filters: [
      {
        filterType: 'PRICE_FILTER',
        minPrice: spotNumber(inst.minPrice ?? inst.tickSize),
        maxPrice: spotNumber(inst.maxPrice ?? '1000000'),
        tickSize: spotNumber(inst.tickSize),
      },
      {
        filterType: 'LOT_SIZE',
        minQty: spotNumber(inst.minQty ?? inst.stepSize),
        maxQty: spotNumber(inst.maxQty ?? '9000'),
        stepSize: spotNumber(inst.stepSize),
      },
      { filterType: 'ICEBERG_PARTS', limit: 100 },
      {
        filterType: 'MARKET_LOT_SIZE',
        minQty: spotNumber('0'),
        maxQty: spotNumber(inst.marketMaxQty ?? '83.76572430'),
        stepSize: spotNumber('0'),
      },
      { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
      { filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: '5', bidMultiplierDown: '0.2', askMultiplierUp: '5', askMultiplierDown: '0.2', avgPriceMins: 5 },
      ...(inst.legacyFilters === true
        ? [
            { filterType: 'PERCENT_PRICE', multiplierUp: '5', multiplierDown: '0.2', avgPriceMins: 5 },
            { filterType: 'MIN_NOTIONAL', minNotional: spotNumber('10'), applyToMarket: true, avgPriceMins: 5 },
          ]
        : []),
      {
        filterType: 'NOTIONAL',
        minNotional: spotNumber(inst.minNotional ?? '5'),
        applyMinToMarket: true,
        maxNotional: spotNumber('9000000'),
        applyMaxToMarket: false,
        avgPriceMins: 5,
      },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      { filterType: 'MAX_NUM_ORDER_LISTS', maxNumOrderLists: 20 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
      { filterType: 'MAX_NUM_ORDER_AMENDS', maxNumOrderAmends: 10 },
    ],
    permissions: [],
    permissionSets: [['SPOT', 'MARGIN']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
  };
}

function usdmSymbol(inst: LoopbackInstrument): Record<string, unknown> {
  const { base, quote } = splitSymbol(inst.symbol);
  const quoteAsset = inst.quoteAsset ?? quote;
  return {
    symbol: inst.symbol,
    pair: inst.symbol,
    contractType: 'PERPETUAL',
    deliveryDate: 4133404800000,
    onboardDate: 1569398400000,
    status: 'TRADING',
    maintMarginPercent: '2.5000',
    requiredMarginPercent: '5.0000',
    baseAsset: inst.baseAsset ?? base,
    quoteAsset,
    marginAsset: quoteAsset,
    pricePrecision: inst.pricePrecision ?? decimalsOf(inst.tickSize),
    quantityPrecision: inst.quantityPrecision ?? decimalsOf(inst.stepSize),
    baseAssetPrecision: inst.baseAssetPrecision ?? 8,
    quotePrecision: inst.quotePrecision ?? 8,
    underlyingType: 'COIN',
    underlyingSubType: ['PoW'],
    triggerProtect: '0.0500',
    liquidationFee: '0.012500',
    marketTakeBound: '0.05',
    maxMoveOrderLimit: 10000,
    filters: [
      {
        filterType: 'PRICE_FILTER',
        minPrice: futuresNumber(inst.minPrice ?? '556.80'),
        maxPrice: futuresNumber(inst.maxPrice ?? '4529764'),
        tickSize: futuresNumber(inst.tickSize),
      },
      {
        filterType: 'LOT_SIZE',
        minQty: futuresNumber(inst.minQty ?? inst.stepSize),
        maxQty: futuresNumber(inst.maxQty ?? '1000'),
        stepSize: futuresNumber(inst.stepSize),
      },
      {
        filterType: 'MARKET_LOT_SIZE',
        minQty: futuresNumber(inst.minQty ?? inst.stepSize),
        maxQty: futuresNumber(inst.marketMaxQty ?? '120'),
        stepSize: futuresNumber(inst.stepSize),
      },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
      { filterType: 'MIN_NOTIONAL', notional: futuresNumber(inst.minNotional ?? '100') },
      { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
      { filterType: 'POSITION_RISK_CONTROL', positionControlSide: 'NONE' },
    ],
    orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
    permissionSets: ['GRID', 'COPY'],
  };
}

/** The exchangeInfo body for `instruments` (already filtered by the caller). */
export function exchangeInfoBody(
  product: Product,
  instruments: readonly LoopbackInstrument[],
  serverTimeMs: number,
): Record<string, unknown> {
  if (product === 'spot') {
    return {
      timezone: 'UTC',
      serverTime: serverTimeMs,
      rateLimits: SPOT_RATE_LIMITS,
      exchangeFilters: [],
      symbols: instruments.map(spotSymbol),
    };
  }
  const assets = [...new Set(instruments.map((i) => i.quoteAsset ?? splitSymbol(i.symbol).quote))]
    .filter((asset) => asset !== '')
    .map((asset) => ({ asset, marginAvailable: true, autoAssetExchange: '-10000' }));
  return {
    timezone: 'UTC',
    serverTime: serverTimeMs,
    futuresType: 'U_MARGINED',
    rateLimits: USDM_RATE_LIMITS,
    exchangeFilters: [],
    assets,
    symbols: instruments.map(usdmSymbol),
  };
}
