// venue/binance/execution/to-model: Binance's private messages (wire.ts) in flowdesk's model — open orders,
// an order's record with its fills, balances, and the fill of an executionReport — in the instrument's
// ticks and lots (exactly: a price that is not a whole tick is an error, never rounded). Fees and balances
// become canonical decimal strings; times in µs are Binance's ms × 1000.

import {
  decimalText,
  priceToTicks,
  qtyToLots,
  type Balance,
  type Instrument,
  type OrderSide,
  type OrderType,
  type VenueFill,
  type VenueOrder,
  type VenueOrderState,
  type VenueOrderStatus,
} from '../../../model/index.js';
import { MalformedMessageError } from '../errors.js';
import type { AccountBody, ExecutionReportEvent, OrderBody, TradeBody } from './wire.js';

export function sideOf(side: 'BUY' | 'SELL'): OrderSide {
  return side === 'BUY' ? 'buy' : 'sell';
}

/** flowdesk's order type of a Binance order, or null for one flowdesk never places (MARKET, stops...). */
export function orderTypeOf(type: string, timeInForce: string): OrderType | null {
  if (type === 'LIMIT_MAKER') return 'LIMIT_MAKER';
  if (type !== 'LIMIT') return null;
  if (timeInForce === 'IOC') return 'LIMIT_IOC';
  return timeInForce === 'GTC' ? 'LIMIT_GTC' : null;
}

/** How an order status of Binance reads in the model (PENDING_NEW and PENDING_CANCEL are still open). */
export function venueStateOf(status: string): VenueOrderState {
  switch (status) {
    case 'FILLED':
      return 'filled';
    case 'CANCELED':
      return 'canceled';
    case 'REJECTED':
      return 'rejected';
    case 'EXPIRED':
    case 'EXPIRED_IN_MATCH':
      return 'expired';
    default:
      return 'open';
  }
}

export function venueOrderOf(body: OrderBody, instrument: Instrument): VenueOrder {
  return {
    clientOrderId: body.clientOrderId,
    venueOrderId: String(body.orderId),
    symbol: body.symbol,
    side: sideOf(body.side),
    type: orderTypeOf(body.type, body.timeInForce),
    priceTicks: priceToTicks(instrument, body.price),
    qtyLots: qtyToLots(instrument, body.origQty),
    filledLots: qtyToLots(instrument, body.executedQty),
  };
}

export function venueFillOf(trade: TradeBody, instrument: Instrument): VenueFill {
  return {
    tradeId: String(trade.id),
    priceTicks: priceToTicks(instrument, trade.price),
    qtyLots: qtyToLots(instrument, trade.qty),
    fee: decimalText(trade.commission),
    feeAsset: trade.commissionAsset,
    maker: trade.isMaker,
    timeUs: trade.time * 1000,
  };
}

/** Binance's record of one of our orders (query order) with its trades, as reconciliation reads it. */
export function venueOrderStatusOf(body: OrderBody, trades: readonly TradeBody[], instrument: Instrument): VenueOrderStatus {
  const type = orderTypeOf(body.type, body.timeInForce);
  if (type === null) throw new MalformedMessageError(`order ${body.clientOrderId} is a ${body.type} ${body.timeInForce} order, which flowdesk never places`);
  const status = venueStateOf(body.status);
  return {
    clientOrderId: body.clientOrderId,
    venueOrderId: String(body.orderId),
    symbol: body.symbol,
    side: sideOf(body.side),
    type,
    priceTicks: priceToTicks(instrument, body.price),
    qtyLots: qtyToLots(instrument, body.origQty),
    status,
    filledLots: qtyToLots(instrument, body.executedQty),
    fills: trades.filter((t) => t.orderId === body.orderId).sort((a, b) => a.id - b.id).map((t) => venueFillOf(t, instrument)),
    rejectReason: status === 'rejected' ? 'rejected by Binance' : null,
  };
}

export function balancesOf(account: AccountBody): Balance[] {
  return account.balances.map((b) => ({ asset: b.asset, free: decimalText(b.free), locked: decimalText(b.locked) }));
}

/** The id of the order an executionReport is about: a cancel's report names the cancel in `c`, the order in `C`. */
export function reportedClientOrderId(event: ExecutionReportEvent): string {
  return event.x === 'CANCELED' && typeof event.C === 'string' && event.C !== '' ? event.C : event.c;
}

/** The fill an executionReport of type TRADE carries. */
export function reportedFill(event: ExecutionReportEvent, instrument: Instrument): VenueFill {
  return {
    tradeId: String(event.t),
    priceTicks: priceToTicks(instrument, event.L),
    qtyLots: qtyToLots(instrument, event.l),
    fee: decimalText(event.n),
    feeAsset: event.N ?? '',
    maker: event.m,
    timeUs: event.T * 1000,
  };
}
