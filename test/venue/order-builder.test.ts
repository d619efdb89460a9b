// The spot order builder: the exact parameters it sends, its rounding (price to the tick in the safe
// direction, quantity down to the step), and each refusal, naming its rule. Rules: the loopback exchange's
// exchangeInfo for BTCUSDT (Binance's published filters), read by the same parser the live venue uses.
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { exchangeInfoBody, type LoopbackInstrument } from '../../src/loopback/exchange-info.js';
import { createInstrument, type Instrument, type OrderIntent, type OrderRequest, type OrderType, type SpotSymbolRules } from '../../src/model/index.js';
import {
  buildCancelParams,
  buildOrderParams,
  instrumentFromRules,
  parseExchangeInfo,
  type BuiltOrder,
  type OrderBuildContext,
  type OrderRefusal,
} from '../../src/venue/index.js';

const BTC: LoopbackInstrument = { symbol: 'BTCUSDT', tickSize: '0.01', stepSize: '0.00001', baseAssetPrecision: 8 };

function spotRules(instrument: LoopbackInstrument = BTC): SpotSymbolRules {
  const rules = parseExchangeInfo(JSON.stringify(exchangeInfoBody('spot', [instrument], 1)), 'spot').get(instrument.symbol);
  if (rules?.product !== 'spot') throw new Error('no spot rules');
  return rules;
}

const RULES = spotRules();
/** tick 0.01, lot 0.00000001 (baseAssetPrecision: finer than the 0.00001 step). */
const INST = createInstrument(instrumentFromRules(RULES));
const AVERAGE: OrderBuildContext = { averagePrice: () => new Decimal('60000') };
const CAPS = { maxNotional: '1000' };

function request(side: 'buy' | 'sell', type: OrderType, priceTicks: number, qtyLots: number, clientOrderId = 'x-U5D79M5Btest1'): OrderRequest {
  const intent: OrderIntent = { product: 'spot', symbol: 'BTCUSDT', side, type, priceTicks, qtyLots, reason: 'test', decisionId: 'd1' };
  return { clientOrderId, intent };
}

function built(outcome: BuiltOrder | OrderRefusal): BuiltOrder {
  if (outcome.kind !== 'order') throw new Error(`refused: ${outcome.rule}: ${outcome.reason}`);
  return outcome;
}

function refusal(outcome: BuiltOrder | OrderRefusal): OrderRefusal {
  if (outcome.kind !== 'refused') throw new Error(`built: ${JSON.stringify(outcome.params)}`);
  return outcome;
}

describe('buildOrderParams: what it sends', () => {
  it('sends a passive buy as LIMIT_MAKER with exact decimal strings and no timeInForce', () => {
    // 60000.00 × 0.00100000 = 60 USDT
    const order = built(buildOrderParams(request('buy', 'LIMIT_MAKER', 6_000_000, 100_000), INST, RULES, AVERAGE, CAPS));
    expect(order.params).toStrictEqual({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT_MAKER',
      price: '60000',
      quantity: '0.001',
      newClientOrderId: 'x-U5D79M5Btest1',
      newOrderRespType: 'RESULT',
    });
    expect(order).toMatchObject({ priceTicks: 6_000_000, qtyLots: 100_000, notional: '60' });
  });

  it('sends an impulse as LIMIT IOC at its cap', () => {
    const order = built(buildOrderParams(request('sell', 'LIMIT_IOC', 5_999_951, 1_230_000), INST, RULES, AVERAGE, CAPS));
    expect(order.params).toStrictEqual({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'IOC',
      price: '59999.51',
      quantity: '0.0123',
      newClientOrderId: 'x-U5D79M5Btest1',
      newOrderRespType: 'RESULT',
    });
    expect(order.notional).toBe('737.993973');
  });

  it('rounds the quantity down to the LOT_SIZE step and says what it sends in the instrument lots', () => {
    // 0.00101999 BTC → 0.00101 (the step is 0.00001; the book's lot is 0.00000001)
    const order = built(buildOrderParams(request('buy', 'LIMIT_MAKER', 6_000_000, 101_999), INST, RULES, AVERAGE, CAPS));
    expect(order.params.quantity).toBe('0.00101');
    expect(order.qtyLots).toBe(101_000);
  });

  it('rounds a buy price down and a sell price up to the tick: never past the intent price', () => {
    const fine = createInstrument({ ...INST, tickSize: '0.001' });
    const buy = built(buildOrderParams(request('buy', 'LIMIT_IOC', 60_000_009, 100_000), fine, RULES, AVERAGE, CAPS));
    expect([buy.params.price, buy.priceTicks]).toEqual(['60000', 60_000_000]);
    const sell = built(buildOrderParams(request('sell', 'LIMIT_IOC', 60_000_001, 100_000), fine, RULES, AVERAGE, CAPS));
    expect([sell.params.price, sell.priceTicks]).toEqual(['60000.01', 60_000_010]);
  });

  it('writes tiny prices and quantities in plain digits, never with an exponent', () => {
    const shib: LoopbackInstrument = { symbol: 'SHIBUSDT', tickSize: '0.00000001', stepSize: '1', minQty: '1', minNotional: '0.00000001', maxQty: '90000000000' };
    const rules = spotRules(shib);
    const inst = createInstrument(instrumentFromRules(rules));
    const intent: OrderIntent = { product: 'spot', symbol: 'SHIBUSDT', side: 'buy', type: 'LIMIT_MAKER', priceTicks: 10, qtyLots: 0, reason: 'test', decisionId: 'd' };
    const qtyLots = 3 * 10 ** (inst.qtyDecimals); // 3 SHIB
    const order = built(buildOrderParams({ clientOrderId: 'a', intent: { ...intent, qtyLots } }, inst, rules, { averagePrice: () => new Decimal('0.0000001') }, CAPS));
    expect(order.params.price).toBe('0.0000001'); // JavaScript would print 1e-7
    expect(order.params.quantity).toBe('3');
    expect(order.notional).toBe('0.0000003');
  });
});

describe('buildOrderParams: refusals, each naming its rule', () => {
  const refuse = (req: OrderRequest, context: OrderBuildContext = AVERAGE, rules: SpotSymbolRules = RULES, inst: Instrument = INST, caps = CAPS): OrderRefusal =>
    refusal(buildOrderParams(req, inst, rules, context, caps));

  it('refuses a malformed request: a client order id Binance would refuse, a zero quantity', () => {
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 100_000, 'has space'))).toMatchObject({ rule: 'REQUEST', reason: expect.stringContaining('"has space" is not 1–36 of [a-zA-Z0-9-_]') });
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 100_000, 'x'.repeat(37))).rule).toBe('REQUEST');
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 0)).rule).toBe('REQUEST');
  });

  it('refuses rules, units and intent of different symbols or products', () => {
    const eth = createInstrument({ ...INST, symbol: 'ETHUSDT' });
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 100_000), AVERAGE, RULES, eth)).toEqual({
      kind: 'refused',
      rule: 'REQUEST',
      reason: 'intent for BTCUSDT with the units of ETHUSDT and the rules of BTCUSDT',
    });
    const usdm = createInstrument({ ...INST, product: 'usdm' });
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 100_000), AVERAGE, RULES, usdm).rule).toBe('REQUEST');
  });

  it('refuses a symbol that is not trading', () => {
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 100_000), AVERAGE, { ...RULES, status: 'BREAK' })).toEqual({
      kind: 'refused',
      rule: 'SYMBOL_STATUS',
      reason: 'BTCUSDT is BREAK, not TRADING',
    });
  });

  it('refuses a LIMIT_GTC: v1 sends only LIMIT_MAKER and LIMIT IOC', () => {
    expect(refuse(request('buy', 'LIMIT_GTC', 6_000_000, 100_000)).rule).toBe('ORDER_TYPE');
  });

  it('refuses a price outside PRICE_FILTER, or one that rounds to nothing', () => {
    const low = { ...RULES, priceFilter: { minPrice: '100.00000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' } };
    expect(refuse(request('buy', 'LIMIT_MAKER', 9_999, 100_000), AVERAGE, low)).toMatchObject({ rule: 'PRICE_FILTER', reason: 'price 99.99 is below PRICE_FILTER minPrice 100.00000000' });
    expect(refuse(request('sell', 'LIMIT_MAKER', 100_000_001, 100_000), AVERAGE)).toMatchObject({ rule: 'PRICE_FILTER', reason: 'price 1000000.01 is above PRICE_FILTER maxPrice 1000000.00000000' });
    const fine = createInstrument({ ...INST, tickSize: '0.001' });
    expect(refuse(request('buy', 'LIMIT_MAKER', 9, 100_000), AVERAGE, RULES, fine)).toMatchObject({ rule: 'PRICE_FILTER', reason: 'buy price rounds down to 0 on PRICE_FILTER tickSize 0.01000000' });
  });

  it('refuses a rounded price the instrument cannot express in whole ticks', () => {
    // a PRICE_FILTER tick of 0.025 on a book in cents: 600.04 rounds down to 600.025
    const quarter = { ...RULES, priceFilter: { minPrice: '0', maxPrice: '0', tickSize: '0.025' } };
    expect(refuse(request('buy', 'LIMIT_MAKER', 60_004, 100_000), AVERAGE, quarter)).toMatchObject({
      rule: 'PRICE_FILTER',
      reason: "price 600.025 is not a whole number of the instrument's ticks (0.01)",
    });
  });

  it('refuses a buy or sell outside PERCENT_PRICE_BY_SIDE, and refuses to guess without an average price', () => {
    // bid band [0.2, 5] × 60000 = [12000, 300000]
    expect(refuse(request('buy', 'LIMIT_MAKER', 30_000_001, 100))).toEqual({
      kind: 'refused',
      rule: 'PERCENT_PRICE_BY_SIDE',
      reason: 'buy price 300000.01 is outside PERCENT_PRICE_BY_SIDE [12000, 300000] (5-minute average 60000)',
    });
    expect(refuse(request('sell', 'LIMIT_MAKER', 1_199_999, 100_000)).rule).toBe('PERCENT_PRICE_BY_SIDE');
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 100_000), {})).toMatchObject({
      rule: 'PERCENT_PRICE_BY_SIDE',
      reason: 'no 5-minute average price to check PERCENT_PRICE_BY_SIDE against',
    });
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 100_000), { averagePrice: () => null }).rule).toBe('PERCENT_PRICE_BY_SIDE');
  });

  it('refuses a price outside the legacy PERCENT_PRICE band', () => {
    const legacy = spotRules({ ...BTC, legacyFilters: true });
    const narrow = { ...legacy, percentPriceBySide: undefined, percentPrice: { multiplierUp: '1.1', multiplierDown: '0.9', avgPriceMins: 5 } } as SpotSymbolRules;
    expect(refuse(request('sell', 'LIMIT_MAKER', 6_600_001, 100_000), AVERAGE, narrow)).toMatchObject({ rule: 'PERCENT_PRICE' });
    expect(refuse(request('buy', 'LIMIT_MAKER', 5_399_999, 100_000), AVERAGE, narrow)).toMatchObject({ rule: 'PERCENT_PRICE' });
  });

  it('refuses a quantity below LOT_SIZE minQty, above maxQty, or that rounds down to nothing', () => {
    const min = { ...RULES, lotSize: { minQty: '0.00010000', maxQty: '9000.00000000', stepSize: '0.00001000' } };
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 9_999), AVERAGE, min)).toMatchObject({ rule: 'LOT_SIZE', reason: 'quantity 0.00009 is below LOT_SIZE minQty 0.00010000' });
    expect(refuse(request('buy', 'LIMIT_MAKER', 100, 900_000_100_000), { averagePrice: () => new Decimal(1) }, RULES, INST, { maxNotional: '1000000' })).toMatchObject({
      rule: 'LOT_SIZE',
      reason: 'quantity 9000.001 is above LOT_SIZE maxQty 9000.00000000',
    });
    const noMin = { ...RULES, lotSize: { minQty: '0', maxQty: '0', stepSize: '0.00001000' } };
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 999), AVERAGE, noMin)).toMatchObject({ rule: 'LOT_SIZE', reason: 'quantity rounds down to 0 on LOT_SIZE stepSize 0.00001000' });
  });

  it('refuses a LIMIT_MAKER that would take at the best price on the other side; an IOC may cross', () => {
    const book: OrderBuildContext = { ...AVERAGE, bestBidTicks: 5_999_999, bestAskTicks: 6_000_000 };
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 100_000), book)).toEqual({
      kind: 'refused',
      rule: 'WOULD_TAKE',
      reason: 'LIMIT_MAKER buy at 60000 would take (best ask 60000)',
    });
    expect(refuse(request('sell', 'LIMIT_MAKER', 5_999_999, 100_000), book).rule).toBe('WOULD_TAKE');
    expect(built(buildOrderParams(request('buy', 'LIMIT_MAKER', 5_999_999, 100_000), INST, RULES, book, CAPS)).params.price).toBe('59999.99');
    expect(built(buildOrderParams(request('buy', 'LIMIT_IOC', 6_000_000, 100_000), INST, RULES, book, CAPS)).params.type).toBe('LIMIT');
  });

  it('refuses a notional below NOTIONAL minNotional or above its maxNotional', () => {
    // 60000 × 0.00008 = 4.8 < 5
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 8_000))).toEqual({ kind: 'refused', rule: 'NOTIONAL', reason: 'notional 4.8 is below NOTIONAL minNotional 5.00000000' });
    const maxed = { ...RULES, notional: { minNotional: '5', applyMinToMarket: true, maxNotional: '100', applyMaxToMarket: false, avgPriceMins: 5 } };
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 200_000), AVERAGE, maxed)).toMatchObject({ rule: 'NOTIONAL', reason: 'notional 120 is above NOTIONAL maxNotional 100' });
  });

  it('refuses a notional below the legacy MIN_NOTIONAL', () => {
    const legacy = spotRules({ ...BTC, legacyFilters: true }); // MIN_NOTIONAL 10, NOTIONAL 5
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 15_000), AVERAGE, legacy)).toEqual({
      kind: 'refused',
      rule: 'MIN_NOTIONAL',
      reason: 'notional 9 is below MIN_NOTIONAL minNotional 10.00000000',
    });
  });

  it('refuses an order above the notional cap, and sends one exactly at it', () => {
    expect(refuse(request('buy', 'LIMIT_MAKER', 6_000_000, 1_700_000))).toEqual({
      kind: 'refused',
      rule: 'NOTIONAL_CAP',
      reason: 'notional 1020 is above the cap of 1000 per order',
    });
    expect(built(buildOrderParams(request('buy', 'LIMIT_MAKER', 5_000_000, 2_000_000), INST, RULES, AVERAGE, CAPS)).notional).toBe('1000');
  });

  it('throws on a cap that is not a positive decimal (a caller bug, not market input)', () => {
    expect(() => buildOrderParams(request('buy', 'LIMIT_MAKER', 6_000_000, 100_000), INST, RULES, AVERAGE, { maxNotional: '0' })).toThrow(RangeError);
    expect(() => buildOrderParams(request('buy', 'LIMIT_MAKER', 6_000_000, 100_000), INST, RULES, AVERAGE, { maxNotional: 'ten' })).toThrow(/maxNotional/);
  });
});

describe('buildCancelParams', () => {
  it('cancels by our client order id', () => {
    expect(buildCancelParams('BTCUSDT', 'x-U5D79M5Btest1')).toStrictEqual({ symbol: 'BTCUSDT', origClientOrderId: 'x-U5D79M5Btest1' });
  });

  it('throws naming a malformed id or symbol', () => {
    expect(() => buildCancelParams('BTCUSDT', 'x'.repeat(37))).toThrow(/client order id "x{37}" is not 1–36/);
    expect(() => buildCancelParams('BTCUSDT', 'a/b')).toThrow(RangeError);
    expect(() => buildCancelParams('btcusdt', 'a')).toThrow(/symbol "btcusdt"/);
  });
});
