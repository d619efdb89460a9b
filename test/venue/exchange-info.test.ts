// exchangeInfo → SymbolRules and units. Samples: the loopback exchange's exchangeInfo (what the live tests
// are served) and one USD-M entry written by hand in the shape Binance sends (keys in its own order per
// filter). No real exchangeInfo body is in the team's data, so both are synthesized from Binance's
// documented shapes and BTCUSDT's published values.
import { describe, expect, it } from 'vitest';
import { exchangeInfoBody, type LoopbackInstrument } from '../../src/loopback/exchange-info.js';
import { isDisabled, type Product, type SymbolRules } from '../../src/model/index.js';
import { MalformedMessageError, instrumentFromRules, parseExchangeInfo } from '../../src/venue/index.js';

const SPOT_BTC: LoopbackInstrument = { symbol: 'BTCUSDT', tickSize: '0.01', stepSize: '0.00001', baseAssetPrecision: 8 };
const USDM_BTC: LoopbackInstrument = { symbol: 'BTCUSDT', tickSize: '0.10', stepSize: '0.001', pricePrecision: 2, quantityPrecision: 3 };

function body(product: Product, instruments: readonly LoopbackInstrument[]): string {
  return JSON.stringify(exchangeInfoBody(product, instruments, 1_723_161_253_937));
}

function rulesOf(product: Product, text: string, symbol = 'BTCUSDT'): SymbolRules {
  const rules = parseExchangeInfo(text, product).get(symbol);
  if (rules === undefined) throw new Error(`no rules for ${symbol}`);
  return rules;
}

/** The loopback's spot body with BTCUSDT's first filter of `type` changed by `edit`. */
function spotWith(type: string, edit: (filter: Record<string, unknown>) => void): string {
  const parsed = exchangeInfoBody('spot', [SPOT_BTC], 1) as { symbols: { filters: Record<string, unknown>[] }[] };
  const filter = parsed.symbols[0]?.filters.find((f) => f['filterType'] === type);
  if (filter === undefined) throw new Error(`no ${type}`);
  edit(filter);
  return JSON.stringify(parsed);
}

/** One USD-M symbol as Binance writes it, keys in its own order within each filter. */
const USDM_BY_HAND = JSON.stringify({
  timezone: 'UTC',
  serverTime: 1723161253937,
  futuresType: 'U_MARGINED',
  rateLimits: [],
  exchangeFilters: [],
  assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
  symbols: [
    {
      symbol: 'ETHUSDT',
      pair: 'ETHUSDT',
      contractType: 'PERPETUAL',
      status: 'TRADING',
      baseAsset: 'ETH',
      quoteAsset: 'USDT',
      marginAsset: 'USDT',
      pricePrecision: 2,
      quantityPrecision: 3,
      baseAssetPrecision: 8,
      quotePrecision: 8,
      filters: [
        { minPrice: '39.86', maxPrice: '306177', filterType: 'PRICE_FILTER', tickSize: '0.01' },
        { stepSize: '0.001', filterType: 'LOT_SIZE', maxQty: '10000', minQty: '0.001' },
        { stepSize: '0.001', filterType: 'MARKET_LOT_SIZE', maxQty: '2000', minQty: '0.001' },
        { limit: 200, filterType: 'MAX_NUM_ORDERS' },
        { notional: '20', filterType: 'MIN_NOTIONAL' },
        { multiplierDown: '0.9500', multiplierUp: '1.0500', multiplierDecimal: '4', filterType: 'PERCENT_PRICE' },
      ],
    },
  ],
});

describe('parseExchangeInfo: spot', () => {
  it('keeps every filter an order needs, values exactly as Binance wrote them', () => {
    expect(rulesOf('spot', body('spot', [SPOT_BTC]))).toEqual({
      product: 'spot',
      symbol: 'BTCUSDT',
      status: 'TRADING',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      quantityPrecision: 8,
      priceFilter: { minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
      lotSize: { minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
      marketLotSize: { minQty: '0.00000000', maxQty: '83.76572430', stepSize: '0.00000000' },
      notional: { minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
      percentPriceBySide: { bidMultiplierUp: '5', bidMultiplierDown: '0.2', askMultiplierUp: '5', askMultiplierDown: '0.2', avgPriceMins: 5 },
      maxNumOrders: 200,
      maxNumAlgoOrders: 5,
      otherFilters: ['ICEBERG_PARTS', 'TRAILING_DELTA', 'MAX_NUM_ORDER_LISTS', 'MAX_NUM_ORDER_AMENDS'],
    });
  });

  it('leaves the legacy MIN_NOTIONAL and PERCENT_PRICE absent when Binance does not send them, and reads them when it does', () => {
    const current = rulesOf('spot', body('spot', [SPOT_BTC]));
    expect('minNotional' in current).toBe(false);
    expect('percentPrice' in current).toBe(false);
    const legacy = rulesOf('spot', body('spot', [{ ...SPOT_BTC, legacyFilters: true }]));
    expect(legacy).toMatchObject({
      minNotional: { minNotional: '10.00000000', applyToMarket: true, avgPriceMins: 5 },
      percentPrice: { multiplierUp: '5', multiplierDown: '0.2', avgPriceMins: 5 },
    });
    expect(legacy.otherFilters).toEqual(current.otherFilters);
  });

  it('keeps a disabled rule (zero values) and says it is disabled', () => {
    const rules = rulesOf('spot', body('spot', [SPOT_BTC]));
    const market = rules.marketLotSize;
    expect(market).toBeDefined();
    expect(isDisabled(market?.minQty as string)).toBe(true);
    expect(isDisabled(market?.stepSize as string)).toBe(true);
    expect(isDisabled(market?.maxQty as string)).toBe(false);
    const noMaxPrice = rulesOf('spot', spotWith('PRICE_FILTER', (f) => (f['maxPrice'] = '0.00000000')));
    expect(noMaxPrice.priceFilter).toEqual({ minPrice: '0.01000000', maxPrice: '0.00000000', tickSize: '0.01000000' });
  });

  it('leaves a filter the symbol lacks absent, not invented', () => {
    const parsed = exchangeInfoBody('spot', [SPOT_BTC], 1) as { symbols: { filters: Record<string, unknown>[] }[] };
    const symbol = parsed.symbols[0] as { filters: Record<string, unknown>[] };
    symbol.filters = symbol.filters.filter((f) => f['filterType'] !== 'MARKET_LOT_SIZE' && f['filterType'] !== 'MAX_NUM_ALGO_ORDERS');
    const rules = rulesOf('spot', JSON.stringify(parsed));
    expect('marketLotSize' in rules).toBe(false);
    expect('maxNumAlgoOrders' in rules).toBe(false);
    expect(rules.maxNumOrders).toBe(200);
  });
});

describe('parseExchangeInfo: USD-M', () => {
  it('keeps every filter in USD-M shape, trailing zeros included', () => {
    expect(rulesOf('usdm', body('usdm', [USDM_BTC]))).toEqual({
      product: 'usdm',
      symbol: 'BTCUSDT',
      status: 'TRADING',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      quantityPrecision: 3,
      pricePrecision: 2,
      priceFilter: { minPrice: '556.80', maxPrice: '4529764', tickSize: '0.10' },
      lotSize: { minQty: '0.001', maxQty: '1000', stepSize: '0.001' },
      marketLotSize: { minQty: '0.001', maxQty: '120', stepSize: '0.001' },
      minNotional: { notional: '100' },
      percentPrice: { multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
      maxNumOrders: 200,
      maxNumAlgoOrders: 10,
      otherFilters: ['POSITION_RISK_CONTROL'],
    });
  });

  it('reads a symbol written by hand in Binance shape, in one order of properties whatever the order of its filters', () => {
    const rules = rulesOf('usdm', USDM_BY_HAND, 'ETHUSDT');
    expect(rules).toEqual({
      product: 'usdm',
      symbol: 'ETHUSDT',
      status: 'TRADING',
      baseAsset: 'ETH',
      quoteAsset: 'USDT',
      quantityPrecision: 3,
      pricePrecision: 2,
      priceFilter: { minPrice: '39.86', maxPrice: '306177', tickSize: '0.01' },
      lotSize: { minQty: '0.001', maxQty: '10000', stepSize: '0.001' },
      marketLotSize: { minQty: '0.001', maxQty: '2000', stepSize: '0.001' },
      minNotional: { notional: '20' },
      percentPrice: { multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
      maxNumOrders: 200,
      otherFilters: [],
    });
    const reversed = JSON.parse(USDM_BY_HAND) as { symbols: { filters: unknown[] }[] };
    reversed.symbols[0]?.filters.reverse();
    expect(JSON.stringify(rulesOf('usdm', JSON.stringify(reversed), 'ETHUSDT'))).toBe(JSON.stringify(rules));
  });

  it('reads only the symbols asked for: an odd symbol elsewhere in the body does not stop a run', () => {
    const parsed = exchangeInfoBody('usdm', [USDM_BTC, { symbol: 'ODDUSDT', tickSize: '0.1', stepSize: '1' }], 1) as { symbols: Record<string, unknown>[] };
    (parsed.symbols[1] as Record<string, unknown>)['filters'] = [{ filterType: 'PRICE_FILTER', minPrice: 'n/a', maxPrice: '1', tickSize: '0.1' }];
    const text = JSON.stringify(parsed);
    expect([...parseExchangeInfo(text, 'usdm', ['BTCUSDT']).keys()]).toEqual(['BTCUSDT']);
    expect([...parseExchangeInfo(text, 'usdm', ['NOPEUSDT']).keys()]).toEqual([]);
    expect(() => parseExchangeInfo(text, 'usdm')).toThrow('exchangeInfo for ODDUSDT: filter PRICE_FILTER: field "minPrice" must be a decimal string, got "n/a"');
  });
});

describe('parseExchangeInfo: malformed input', () => {
  it.each([
    ['PRICE_FILTER', 'tickSize', '0.01 ', 'field "tickSize" must be a decimal string, got "0.01 "'],
    ['PRICE_FILTER', 'tickSize', 0.01, 'field "tickSize" must be a decimal string, got 0.01'],
    ['LOT_SIZE', 'stepSize', '1e-5', 'field "stepSize" must be a decimal string, got "1e-5"'],
    ['LOT_SIZE', 'minQty', '-0.001', 'field "minQty" must be a decimal string, got "-0.001"'],
    ['MARKET_LOT_SIZE', 'maxQty', undefined, 'field "maxQty" must be a decimal string, got nothing'],
    ['NOTIONAL', 'applyMinToMarket', 'true', 'field "applyMinToMarket" must be true or false, got "true"'],
    ['NOTIONAL', 'avgPriceMins', 1.5, 'field "avgPriceMins" must be a whole number, got 1.5'],
    ['PERCENT_PRICE_BY_SIDE', 'askMultiplierDown', '', 'field "askMultiplierDown" must be a decimal string, got ""'],
    ['MAX_NUM_ORDERS', 'maxNumOrders', '200', 'field "maxNumOrders" must be a whole number, got "200"'],
  ])('refuses %s with %s = %j as a MalformedMessageError naming the symbol, the filter and the field', (type, field, value, reason) => {
    const text = spotWith(type, (f) => (f[field] = value));
    expect(() => parseExchangeInfo(text, 'spot')).toThrow(MalformedMessageError);
    expect(() => parseExchangeInfo(text, 'spot')).toThrow(`exchangeInfo for BTCUSDT: filter ${type}: ${reason}`);
  });

  it('refuses a filter listed twice, a filter without a type, and a symbol without its precision', () => {
    const parsed = exchangeInfoBody('spot', [SPOT_BTC], 1) as { symbols: Record<string, unknown>[] };
    const symbol = parsed.symbols[0] as { filters: Record<string, unknown>[] } & Record<string, unknown>;
    const twice = { ...parsed, symbols: [{ ...symbol, filters: [...symbol.filters, symbol.filters[0]] }] };
    expect(() => parseExchangeInfo(JSON.stringify(twice), 'spot')).toThrow('exchangeInfo for BTCUSDT: filter PRICE_FILTER appears twice');
    const untyped = { ...parsed, symbols: [{ ...symbol, filters: [...symbol.filters, { limit: 10 }] }] };
    expect(() => parseExchangeInfo(JSON.stringify(untyped), 'spot')).toThrow('exchangeInfo for BTCUSDT: a filter without a filterType: {"limit":10}');
    const imprecise = { ...parsed, symbols: [{ ...symbol, baseAssetPrecision: '8' }] };
    expect(() => parseExchangeInfo(JSON.stringify(imprecise), 'spot')).toThrow('exchangeInfo for BTCUSDT: field "baseAssetPrecision" must be a whole number, got "8"');
    const usdm = JSON.parse(body('usdm', [USDM_BTC])) as { symbols: Record<string, unknown>[] };
    delete (usdm.symbols[0] as Record<string, unknown>)['pricePrecision'];
    expect(() => parseExchangeInfo(JSON.stringify(usdm), 'usdm')).toThrow('exchangeInfo for BTCUSDT: field "pricePrecision" must be a whole number, got nothing');
  });

  it('refuses a body that is not JSON or has no symbols', () => {
    expect(() => parseExchangeInfo('<html>', 'spot')).toThrow('exchangeInfo is not JSON');
    expect(() => parseExchangeInfo('{"code":-1121}', 'spot')).toThrow('exchangeInfo has no symbols');
  });
});

describe('instrumentFromRules', () => {
  it('derives the same units as before: tick from PRICE_FILTER, lot the wire precision', () => {
    expect(instrumentFromRules(rulesOf('spot', body('spot', [SPOT_BTC])))).toEqual({
      product: 'spot',
      symbol: 'BTCUSDT',
      tickSize: '0.01',
      lotSize: '0.00000001', // baseAssetPrecision 8, finer than stepSize 0.00001
      source: 'exchangeInfo',
    });
    expect(instrumentFromRules(rulesOf('usdm', body('usdm', [USDM_BTC])))).toEqual({
      product: 'usdm',
      symbol: 'BTCUSDT',
      tickSize: '0.1',
      lotSize: '0.001',
      source: 'exchangeInfo',
    });
  });

  it('coarsens the lot towards stepSize only when 1000 × maxQty would not be an exact number of lots', () => {
    const lot = (maxQty: string): string =>
      instrumentFromRules(rulesOf('spot', body('spot', [{ symbol: 'XUSDT', tickSize: '0.00000001', stepSize: '1', maxQty, baseAssetPrecision: 8 }]), 'XUSDT')).lotSize;
    expect(lot('9000')).toBe('0.00000001'); // 9000 × 1000 × 10^8 ≤ 2^53 − 1: the wire precision
    expect(lot('92233720368')).toBe('0.1'); // 92233720368 × 1000 × 10^d ≤ 2^53 − 1 only for d ≤ 1
    expect(lot('9223372036854')).toBe('1'); // never exact: stepSize itself, no coarser
  });

  it('names the symbol when PRICE_FILTER or LOT_SIZE is missing', () => {
    const rules = rulesOf('spot', body('spot', [SPOT_BTC]));
    const { priceFilter: _, ...withoutPrice } = rules;
    expect(() => instrumentFromRules(withoutPrice as SymbolRules)).toThrow('exchangeInfo for BTCUSDT lacks PRICE_FILTER or LOT_SIZE');
  });
});

describe('isDisabled', () => {
  it.each([
    ['0', true],
    ['0.00000000', true],
    ['00.0', true],
    ['0.00000001', false],
    ['10', false],
    ['5.00000000', false],
  ])('%s → %s', (value, disabled) => {
    expect(isDisabled(value)).toBe(disabled);
  });
});
