// loopback/private/bodies: what the private side writes, in Binance's field names and formats — the REST
// bodies of orders (new-order ACK / RESULT / FULL, query, cancel), account and trades, and the user-data
// events (executionReport, outboundAccountPosition, balanceUpdate). Amounts are decimal strings with the
// symbol's precision (8 places by default), times in ms.

import type { Decimal } from 'decimal.js';
import { fixed } from './wire.js';
import type { Account, LedgerOrder, LedgerTrade } from './ledger.js';
import type { SymbolRules } from './filters.js';

export type Body = Record<string, unknown>;

/** Decimal places of a symbol's prices and quantities. */
export interface Places {
  readonly price: number;
  readonly qty: number;
}

export function placesOf(rules: SymbolRules | undefined): Places {
  return { price: rules?.quotePrecision ?? 8, qty: rules?.basePrecision ?? 8 };
}

const ZERO8 = '0.00000000';
const STP = 'EXPIRE_MAKER';

function orderCore(order: LedgerOrder, p: Places): Body {
  return {
    price: fixed(order.price, p.price),
    origQty: fixed(order.origQty, p.qty),
    executedQty: fixed(order.executedQty, p.qty),
    origQuoteOrderQty: ZERO8,
    cummulativeQuoteQty: fixed(order.cumQuote, p.price),
    status: order.status,
    timeInForce: order.timeInForce,
    type: order.type,
    side: order.side,
  };
}

/** GET /api/v3/order and each element of GET /api/v3/openOrders. */
export function queryBody(order: LedgerOrder, p: Places): Body {
  return {
    symbol: order.symbol,
    orderId: order.orderId,
    orderListId: -1,
    clientOrderId: order.clientOrderId,
    price: fixed(order.price, p.price),
    origQty: fixed(order.origQty, p.qty),
    executedQty: fixed(order.executedQty, p.qty),
    cummulativeQuoteQty: fixed(order.cumQuote, p.price),
    status: order.status,
    timeInForce: order.timeInForce,
    type: order.type,
    side: order.side,
    stopPrice: ZERO8,
    icebergQty: ZERO8,
    time: order.time,
    updateTime: order.updateTime,
    isWorking: true,
    workingTime: order.time,
    origQuoteOrderQty: ZERO8,
    selfTradePreventionMode: STP,
  };
}

export type RespType = 'ACK' | 'RESULT' | 'FULL';

/** POST /api/v3/order: ACK, RESULT or FULL (with this request's fills). */
export function newOrderBody(order: LedgerOrder, respType: RespType, fills: readonly LedgerTrade[], transactTime: number, p: Places): Body {
  const ack: Body = {
    symbol: order.symbol,
    orderId: order.orderId,
    orderListId: -1,
    clientOrderId: order.clientOrderId,
    transactTime,
  };
  if (respType === 'ACK') return ack;
  const result: Body = { ...ack, ...orderCore(order, p), workingTime: order.time, selfTradePreventionMode: STP };
  if (respType === 'RESULT') return result;
  return {
    ...result,
    fills: fills.map((t) => ({
      price: fixed(t.price, p.price),
      qty: fixed(t.qty, p.qty),
      commission: fixed(t.commission),
      commissionAsset: t.commissionAsset,
      tradeId: t.id,
    })),
  };
}

/** DELETE /api/v3/order and each element of DELETE /api/v3/openOrders. */
export function cancelBody(order: LedgerOrder, cancelClientOrderId: string, transactTime: number, p: Places): Body {
  return {
    symbol: order.symbol,
    origClientOrderId: order.clientOrderId,
    orderId: order.orderId,
    orderListId: -1,
    clientOrderId: cancelClientOrderId,
    transactTime,
    ...orderCore(order, p),
    selfTradePreventionMode: STP,
  };
}

export function tradeBody(trade: LedgerTrade, p: Places): Body {
  return {
    symbol: trade.symbol,
    id: trade.id,
    orderId: trade.orderId,
    orderListId: -1,
    price: fixed(trade.price, p.price),
    qty: fixed(trade.qty, p.qty),
    quoteQty: fixed(trade.quoteQty, p.price),
    commission: fixed(trade.commission),
    commissionAsset: trade.commissionAsset,
    time: trade.time,
    isBuyer: trade.isBuyer,
    isMaker: trade.isMaker,
    isBestMatch: true,
  };
}

export interface CommissionRates {
  readonly maker: Decimal;
  readonly taker: Decimal;
}

/** GET /api/v3/account (omitZeroBalances drops assets with nothing free or locked). */
export function accountBody(account: Account, rates: CommissionRates, omitZero: boolean): Body {
  const balances = [...account.balances.entries()]
    .filter(([, b]) => !omitZero || !b.free.isZero() || !b.locked.isZero())
    .map(([asset, b]) => ({ asset, free: fixed(b.free), locked: fixed(b.locked) }));
  const bps = (rate: Decimal): number => rate.times(10_000).toNumber();
  return {
    makerCommission: bps(rates.maker),
    takerCommission: bps(rates.taker),
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: fixed(rates.maker), taker: fixed(rates.taker), buyer: ZERO8, seller: ZERO8 },
    canTrade: true,
    canWithdraw: true,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: account.updateTime,
    accountType: 'SPOT',
    balances,
    permissions: ['SPOT'],
    uid: 1000,
  };
}

export type ExecutionType = 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED';

/** One executionReport, from the order as it is right after the execution. */
export function executionReport(
  order: LedgerOrder,
  x: ExecutionType,
  eventTime: number,
  p: Places,
  executionId: number,
  detail: { trade?: LedgerTrade; cancelClientOrderId?: string } = {},
): Body {
  const trade = detail.trade;
  const canceled = x === 'CANCELED' && detail.cancelClientOrderId !== undefined;
  return {
    e: 'executionReport',
    E: eventTime,
    s: order.symbol,
    c: canceled ? detail.cancelClientOrderId : order.clientOrderId,
    S: order.side,
    o: order.type,
    f: order.timeInForce,
    q: fixed(order.origQty, p.qty),
    p: fixed(order.price, p.price),
    P: ZERO8,
    F: ZERO8,
    g: -1,
    C: canceled ? order.clientOrderId : '',
    x,
    X: order.status,
    r: 'NONE',
    i: order.orderId,
    l: trade === undefined ? ZERO8 : fixed(trade.qty, p.qty),
    z: fixed(order.executedQty, p.qty),
    L: trade === undefined ? ZERO8 : fixed(trade.price, p.price),
    n: trade === undefined ? '0' : fixed(trade.commission),
    N: trade === undefined ? null : trade.commissionAsset,
    T: trade === undefined ? eventTime : trade.time,
    t: trade === undefined ? -1 : trade.id,
    I: executionId,
    w: order.status === 'NEW' || order.status === 'PARTIALLY_FILLED',
    m: trade === undefined ? false : trade.isMaker,
    M: false,
    O: order.time,
    Z: fixed(order.cumQuote, p.price),
    Y: trade === undefined ? ZERO8 : fixed(trade.quoteQty, p.price),
    Q: ZERO8,
    W: order.time,
    V: STP,
  };
}

/** outboundAccountPosition: the balances of the assets that changed. */
export function accountPosition(account: Account, assets: readonly string[], eventTime: number): Body {
  return {
    e: 'outboundAccountPosition',
    E: eventTime,
    u: account.updateTime,
    B: assets.map((asset) => {
      const b = account.balances.get(asset);
      return { a: asset, f: b === undefined ? ZERO8 : fixed(b.free), l: b === undefined ? ZERO8 : fixed(b.locked) };
    }),
  };
}

export function balanceUpdate(asset: string, delta: Decimal, eventTime: number): Body {
  return { e: 'balanceUpdate', E: eventTime, a: asset, d: delta.isNegative() ? `-${fixed(delta.abs())}` : fixed(delta), T: eventTime };
}
