// venue/binance/order-builder: an OrderRequest → the exact parameters of a Binance spot order (POST
// /api/v3/order, and the same object the test-order endpoint validates), or a refusal naming the rule it
// would break. Exact decimals throughout (model's Money): the price is rounded to the PRICE_FILTER tick in
// the safe direction (a buy down, a sell up: never past the intent's price, which is an IOC's cap), the
// quantity down to the LOT_SIZE step; then every filter Binance applies to a LIMIT order and the caller's
// notional cap are checked. Never widens an order: anything else (below a minimum, above a maximum, outside
// the percent-price band, a maker that would take) is refused, never adjusted. Prices and quantities go out
// as canonical decimal strings (no exponent, no trailing zeros), within Binance's `^([0-9]{1,20})(\.[0-9]{1,20})?$`.
// LIMIT_MAKER for a passive intent, LIMIT IOC for an impulse; never MARKET. Pure: no I/O, no clock.

import type { Decimal } from 'decimal.js';
import {
  Money,
  decimalText,
  isClientOrderId,
  isDisabled,
  orderRequestProblem,
  positiveMoney,
  type Instrument,
  type OrderRequest,
  type OrderSide,
  type SymbolRules,
} from '../../model/index.js';

export interface SpotOrderParams {
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: 'LIMIT_MAKER' | 'LIMIT';
  /** Only on LIMIT (Binance refuses a timeInForce it does not need, -1106). */
  readonly timeInForce?: 'IOC';
  readonly price: string;
  readonly quantity: string;
  readonly newClientOrderId: string;
  readonly newOrderRespType: 'RESULT';
}

export interface SpotCancelParams {
  readonly symbol: string;
  readonly origClientOrderId: string;
}

/** The market as the builder needs it. */
export interface OrderBuildContext {
  /** The best bid and ask now, in the instrument's ticks: a LIMIT_MAKER that would take is refused (Binance: -2010). */
  readonly bestBidTicks?: number;
  readonly bestAskTicks?: number;
  /**
   * The average price over `avgPriceMins` minutes (Binance's GET /api/v3/avgPrice; the simulator's
   * AveragePrice), or null when unknown. Rules with PERCENT_PRICE_BY_SIDE or PERCENT_PRICE need it: without
   * it the order is refused.
   */
  readonly averagePrice?: (avgPriceMins: number) => Decimal | null;
}

export interface OrderCaps {
  /** The most quote notional (price × quantity) one order may carry, a positive decimal string. */
  readonly maxNotional: string;
}

/** Why an order was refused: the exchange filter it would break, or the builder's own rule. */
export type OrderRefusalRule =
  | 'REQUEST'
  | 'SYMBOL_STATUS'
  | 'ORDER_TYPE'
  | 'PRICE_FILTER'
  | 'PERCENT_PRICE_BY_SIDE'
  | 'PERCENT_PRICE'
  | 'LOT_SIZE'
  | 'WOULD_TAKE'
  | 'NOTIONAL'
  | 'MIN_NOTIONAL'
  | 'NOTIONAL_CAP';

export interface BuiltOrder {
  readonly kind: 'order';
  readonly params: SpotOrderParams;
  /** The price and quantity sent, in the instrument's units (the intent's, after rounding): what the order model must track. */
  readonly priceTicks: number;
  readonly qtyLots: number;
  /** price × quantity, canonical decimal. */
  readonly notional: string;
}

export interface OrderRefusal {
  readonly kind: 'refused';
  readonly rule: OrderRefusalRule;
  /** One line: what breaks the rule, with the values. */
  readonly reason: string;
}

/** Binance's accepted form of a price or quantity parameter. */
export const BINANCE_DECIMAL = /^([0-9]{1,20})(\.[0-9]{1,20})?$/;
/** Binance's symbol parameter. */
const BINANCE_SYMBOL = /^[A-Z0-9._-]{1,20}$/;

function refused(rule: OrderRefusalRule, reason: string): OrderRefusal {
  return { kind: 'refused', rule, reason };
}

/** The multiple of `step` at or below (`down`) or at or above `value` (> 0). */
function toStep(value: Money, step: string, down: boolean): Money {
  const rest = value.mod(step);
  if (rest.isZero()) return value;
  return down ? value.minus(rest) : value.minus(rest).plus(step);
}

/** `value` in whole `unit`s, or null when it is not a whole (safe) number of them. */
function wholeUnits(value: Money, unit: string): number | null {
  if (!value.mod(unit).isZero()) return null;
  const n = value.div(unit).toNumber();
  return Number.isSafeInteger(n) ? n : null;
}

function outsideBand(price: Money, average: Money, down: string, up: string): boolean {
  return (!isDisabled(up) && price.gt(average.times(up))) || (!isDisabled(down) && price.lt(average.times(down)));
}

/** The band check of one percent-price rule, or null when it passes. */
function percentPriceProblem(
  rule: 'PERCENT_PRICE_BY_SIDE' | 'PERCENT_PRICE',
  price: Money,
  side: OrderSide,
  mins: number,
  down: string,
  up: string,
  context: OrderBuildContext,
): OrderRefusal | null {
  const given = context.averagePrice?.(mins) ?? null;
  if (given === null) return refused(rule, `no ${mins}-minute average price to check ${rule} against`);
  const average = new Money(given); // the caller's Decimal may have fewer significant digits
  if (!outsideBand(price, average, down, up)) return null;
  const band = `[${isDisabled(down) ? '0' : decimalText(average.times(down))}, ${isDisabled(up) ? '∞' : decimalText(average.times(up))}]`;
  return refused(rule, `${side} price ${decimalText(price)} is outside ${rule} ${band} (${mins}-minute average ${decimalText(average)})`);
}

/**
 * The parameters of the order `request` asks for at Binance spot, or why it must not be sent. `instrument`
 * gives the units of the intent's ticks and lots; `rules` are the symbol's exchangeInfo filters. Throws a
 * RangeError only for a malformed cap (a caller's bug).
 */
export function buildOrderParams(
  request: OrderRequest,
  instrument: Instrument,
  rules: SymbolRules,
  context: OrderBuildContext,
  caps: OrderCaps,
): BuiltOrder | OrderRefusal {
  const cap = positiveMoney(caps.maxNotional, 'order caps: maxNotional');
  const problem = orderRequestProblem(request);
  if (problem !== null) return refused('REQUEST', problem);
  const { intent, clientOrderId } = request;
  if (rules.product !== 'spot' || instrument.product !== 'spot' || intent.product !== 'spot') {
    return refused('REQUEST', `the spot order builder got a ${intent.product} intent with ${instrument.product} units and ${rules.product} rules`);
  }
  if (intent.symbol !== rules.symbol || intent.symbol !== instrument.symbol) {
    return refused('REQUEST', `intent for ${intent.symbol} with the units of ${instrument.symbol} and the rules of ${rules.symbol}`);
  }
  if (!BINANCE_SYMBOL.test(intent.symbol)) return refused('REQUEST', `symbol "${intent.symbol}" is not 1–20 of [A-Z0-9._-]`);
  if (rules.status !== 'TRADING') return refused('SYMBOL_STATUS', `${rules.symbol} is ${rules.status}, not TRADING`);
  if (intent.type === 'LIMIT_GTC') return refused('ORDER_TYPE', 'LIMIT_GTC is not sent: passive orders go as LIMIT_MAKER, impulses as LIMIT IOC');
  const side = intent.side;

  let price = new Money(instrument.tickSize).times(intent.priceTicks);
  const pf = rules.priceFilter;
  if (pf !== undefined) {
    if (!isDisabled(pf.tickSize)) price = toStep(price, pf.tickSize, side === 'buy');
    if (price.isZero()) return refused('PRICE_FILTER', `${side} price rounds down to 0 on PRICE_FILTER tickSize ${pf.tickSize}`);
    if (!isDisabled(pf.minPrice) && price.lt(pf.minPrice)) return refused('PRICE_FILTER', `price ${decimalText(price)} is below PRICE_FILTER minPrice ${pf.minPrice}`);
    if (!isDisabled(pf.maxPrice) && price.gt(pf.maxPrice)) return refused('PRICE_FILTER', `price ${decimalText(price)} is above PRICE_FILTER maxPrice ${pf.maxPrice}`);
  }
  const priceTicks = wholeUnits(price, instrument.tickSize);
  if (priceTicks === null) return refused('PRICE_FILTER', `price ${decimalText(price)} is not a whole number of the instrument's ticks (${instrument.tickSize})`);

  const bySide = rules.percentPriceBySide;
  if (bySide !== undefined) {
    const [down, up] = side === 'buy' ? [bySide.bidMultiplierDown, bySide.bidMultiplierUp] : [bySide.askMultiplierDown, bySide.askMultiplierUp];
    const failure = percentPriceProblem('PERCENT_PRICE_BY_SIDE', price, side, bySide.avgPriceMins, down, up, context);
    if (failure !== null) return failure;
  }
  const pp = rules.percentPrice;
  if (pp !== undefined) {
    const failure = percentPriceProblem('PERCENT_PRICE', price, side, pp.avgPriceMins, pp.multiplierDown, pp.multiplierUp, context);
    if (failure !== null) return failure;
  }

  let qty = new Money(instrument.lotSize).times(intent.qtyLots);
  const lot = rules.lotSize;
  if (lot !== undefined) {
    if (!isDisabled(lot.stepSize)) qty = toStep(qty, lot.stepSize, true);
    if (qty.isZero()) return refused('LOT_SIZE', `quantity rounds down to 0 on LOT_SIZE stepSize ${lot.stepSize}`);
    if (!isDisabled(lot.minQty) && qty.lt(lot.minQty)) return refused('LOT_SIZE', `quantity ${decimalText(qty)} is below LOT_SIZE minQty ${lot.minQty}`);
    if (!isDisabled(lot.maxQty) && qty.gt(lot.maxQty)) return refused('LOT_SIZE', `quantity ${decimalText(qty)} is above LOT_SIZE maxQty ${lot.maxQty}`);
  }
  const qtyLots = wholeUnits(qty, instrument.lotSize);
  if (qtyLots === null) return refused('LOT_SIZE', `quantity ${decimalText(qty)} is not a whole number of the instrument's lots (${instrument.lotSize})`);

  if (intent.type === 'LIMIT_MAKER') {
    const opposite = side === 'buy' ? context.bestAskTicks : context.bestBidTicks;
    if (opposite !== undefined && (side === 'buy' ? priceTicks >= opposite : priceTicks <= opposite)) {
      return refused('WOULD_TAKE', `LIMIT_MAKER ${side} at ${decimalText(price)} would take (best ${side === 'buy' ? 'ask' : 'bid'} ${decimalText(new Money(instrument.tickSize).times(opposite))})`);
    }
  }

  const notional = price.times(qty);
  const n = rules.notional;
  if (n !== undefined) {
    if (!isDisabled(n.minNotional) && notional.lt(n.minNotional)) return refused('NOTIONAL', `notional ${decimalText(notional)} is below NOTIONAL minNotional ${n.minNotional}`);
    if (!isDisabled(n.maxNotional) && notional.gt(n.maxNotional)) return refused('NOTIONAL', `notional ${decimalText(notional)} is above NOTIONAL maxNotional ${n.maxNotional}`);
  }
  const m = rules.minNotional;
  if (m !== undefined && !isDisabled(m.minNotional) && notional.lt(m.minNotional)) {
    return refused('MIN_NOTIONAL', `notional ${decimalText(notional)} is below MIN_NOTIONAL minNotional ${m.minNotional}`);
  }
  if (notional.gt(cap)) return refused('NOTIONAL_CAP', `notional ${decimalText(notional)} is above the cap of ${decimalText(cap)} per order`);

  const priceText = decimalText(price);
  const qtyText = decimalText(qty);
  if (!BINANCE_DECIMAL.test(priceText)) return refused('PRICE_FILTER', `price ${priceText} has more than 20 digits on a side of the point`);
  if (!BINANCE_DECIMAL.test(qtyText)) return refused('LOT_SIZE', `quantity ${qtyText} has more than 20 digits on a side of the point`);
  const params: SpotOrderParams = {
    symbol: intent.symbol,
    side: side === 'buy' ? 'BUY' : 'SELL',
    type: intent.type === 'LIMIT_MAKER' ? 'LIMIT_MAKER' : 'LIMIT',
    ...(intent.type === 'LIMIT_IOC' ? { timeInForce: 'IOC' as const } : {}),
    price: priceText,
    quantity: qtyText,
    newClientOrderId: clientOrderId,
    newOrderRespType: 'RESULT',
  };
  return { kind: 'order', params, priceTicks, qtyLots, notional: decimalText(notional) };
}

/** DELETE /api/v3/order by our client order id. Throws a RangeError naming a malformed symbol or id. */
export function buildCancelParams(symbol: string, clientOrderId: string): SpotCancelParams {
  if (!BINANCE_SYMBOL.test(symbol)) throw new RangeError(`cancel: symbol ${JSON.stringify(symbol)} is not 1–20 of [A-Z0-9._-]`);
  if (!isClientOrderId(clientOrderId)) throw new RangeError(`cancel: client order id ${JSON.stringify(clientOrderId)} is not 1–36 of [a-zA-Z0-9-_]`);
  return { symbol, origClientOrderId: clientOrderId };
}
