// model/order-fields: reading an order, its request and a venue fill back from a saved state (restart
// recovery), with a StateError naming the first bad field. An order must be one the state machine
// (order-state.ts) could have produced: a well-formed request, a status with the fills it implies (filled
// exactly when every lot is; partially filled in between; nothing filled before an ack), one trade id per
// fill, a reason with a reject.

import type { VenueFill } from './execution-port.js';
import { ORDER_TYPES, orderRequestProblem, type OrderRequest } from './order.js';
import { ORDER_STATUSES, type Order } from './order-state.js';
import { PRODUCTS } from './product.js';
import type { StateFields } from './state-fields.js';

export function readOrderRequest(f: StateFields): OrderRequest {
  const clientOrderId = f.string('clientOrderId');
  const i = f.object('intent');
  const intent = {
    product: i.oneOf('product', PRODUCTS),
    symbol: i.string('symbol'),
    side: i.oneOf('side', ['buy', 'sell'] as const),
    type: i.oneOf('type', ORDER_TYPES),
    priceTicks: i.integer('priceTicks', 1),
    qtyLots: i.integer('qtyLots', 1),
    reason: i.string('reason'),
    decisionId: i.string('decisionId'),
  };
  i.end();
  const request: OrderRequest = { clientOrderId, intent };
  const problem = orderRequestProblem(request);
  if (problem !== null) f.fail('clientOrderId', `is not a well-formed order: ${problem}`);
  return request;
}

/** An Order (model/order-state.ts) as saved. */
export function readOrder(f: StateFields): Order {
  const request = readOrderRequest(f.object('request'));
  const qtyLots = request.intent.qtyLots;
  const order: Order = {
    request,
    status: f.oneOf('status', ORDER_STATUSES),
    filledLots: f.integer('filledLots'),
    venueOrderId: f.nullableString('venueOrderId'),
    tradeIds: f.list('tradeIds', (item) => item.string()),
    rejectReason: f.nullableString('rejectReason'),
  };
  f.end();
  const { status, filledLots } = order;
  if (filledLots > qtyLots) f.fail('filledLots', `must not exceed the order's ${qtyLots} lots, got ${filledLots}`);
  if ((status === 'filled') !== (filledLots === qtyLots)) f.fail('filledLots', `is ${filledLots} of ${qtyLots} lots, which does not fit status ${status}`);
  if (status === 'partiallyFilled' && filledLots === 0) f.fail('filledLots', `is 0, which does not fit status partiallyFilled`);
  if ((status === 'pendingNew' || status === 'new' || status === 'rejected') && filledLots > 0) f.fail('filledLots', `is ${filledLots}, which does not fit status ${status}`);
  if ((filledLots === 0) !== (order.tradeIds.length === 0)) f.fail('tradeIds', `lists ${order.tradeIds.length} trades for ${filledLots} lots filled`);
  if (new Set(order.tradeIds).size !== order.tradeIds.length) f.fail('tradeIds', 'lists a trade twice');
  if (status === 'rejected' && order.rejectReason === null) f.fail('rejectReason', 'is null for a rejected order');
  return order;
}

export function readVenueFill(f: StateFields): VenueFill {
  const fill: VenueFill = {
    tradeId: f.string('tradeId'),
    priceTicks: f.integer('priceTicks', 1),
    qtyLots: f.integer('qtyLots', 1),
    fee: f.decimal('fee'),
    feeAsset: f.string('feeAsset'),
    maker: f.boolean('maker'),
    timeUs: f.integer('timeUs', Number.MIN_SAFE_INTEGER),
  };
  f.end();
  return fill;
}
