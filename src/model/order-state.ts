// model/order-state: the life of one order as a pure state machine. An Order is an immutable value;
// applyReport(order, report) and requestCancel(order) return the next value, or an `invalid` outcome naming
// what the input broke (a value, never an exception: venues do report races and duplicates, and the caller
// decides — journal it, reconcile, halt).
//
//   pendingNew ──accepted──▶ new ──filled──▶ partiallyFilled ──filled──▶ filled
//        │ rejected / canceled / expired, from any open state ──▶ rejected / canceled / expired
//        │ requestCancel (any open state but pendingCancel) ──▶ pendingCancel ──cancelRejected──▶ back
//        └ outcomeUnknown (a request unanswered: pendingNew, pendingCancel) ──▶ unknown ──any report──▶ resolved
//
// Rules: final states (filled, canceled, rejected, expired) stay final; a fill may arrive while a cancel is
// pending (it stays pendingCancel, or becomes filled when complete); filled quantity never exceeds the order
// quantity; a fill is never through the limit price, a maker fill is at the limit price exactly, a
// post-only order never takes and an IOC never rests; a trade id is counted once; an order the venue has
// accepted (acked or filled) cannot be rejected.

import type { ExecutionReport, OrderFilled } from './execution-report.js';
import { isDecimalText } from './decimal-text.js';
import { orderRequestProblem, type OrderRequest } from './order.js';

export type OrderStatus =
  | 'pendingNew'
  | 'new'
  | 'partiallyFilled'
  | 'filled'
  | 'pendingCancel'
  | 'canceled'
  | 'rejected'
  | 'expired'
  | 'unknown';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'pendingNew',
  'new',
  'partiallyFilled',
  'filled',
  'pendingCancel',
  'canceled',
  'rejected',
  'expired',
  'unknown',
];

const FINAL: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['filled', 'canceled', 'rejected', 'expired']);

/** True for the statuses an order never leaves. */
export function isFinalStatus(status: OrderStatus): boolean {
  return FINAL.has(status);
}

export interface Order {
  readonly request: OrderRequest;
  readonly status: OrderStatus;
  readonly filledLots: number;
  /** The venue's id, from its ack; null before one. */
  readonly venueOrderId: string | null;
  /** Trade ids of the fills counted, in order. */
  readonly tradeIds: readonly string[];
  /** The venue's reason, once rejected. */
  readonly rejectReason: string | null;
}

export type InvalidTransitionReason =
  /** The report names another order. */
  | 'otherOrder'
  /** The order had already ended (filled, canceled, rejected, expired). */
  | 'orderFinal'
  /** A second ack. */
  | 'duplicateAck'
  /** A reject for an order the venue had accepted (acked or filled). */
  | 'rejectedAfterAccept'
  /** A fill with a quantity or price that is not a positive whole number, or a fee that is not a decimal. */
  | 'badFill'
  /** A fill whose trade id was already counted. */
  | 'duplicateFill'
  /** Filled quantity would exceed the order quantity. */
  | 'overfill'
  /** A buy filled above its limit, or a sell below it. */
  | 'priceThroughLimit'
  /** A maker fill at another price than the order's own limit. */
  | 'makerAwayFromLimit'
  /** A LIMIT_MAKER (post-only) order reported as taker. */
  | 'postOnlyTook'
  /** A LIMIT_IOC order reported as maker (it never rests). */
  | 'iocRested'
  /** cancelRejected with no cancel pending. */
  | 'noCancelPending'
  /** requestCancel while a cancel is already pending. */
  | 'cancelAlreadyPending'
  /** outcomeUnknown with no request in flight. */
  | 'noRequestPending';

export type OrderTransition =
  | { readonly type: 'applied'; readonly order: Order }
  /** The input was not applied: `order` is the order as it was. */
  | { readonly type: 'invalid'; readonly reason: InvalidTransitionReason; readonly detail: string; readonly order: Order };

/** A new order, pendingNew, as it is handed to the venue. Throws a RangeError for a malformed request (a broken program). */
export function createOrder(request: OrderRequest): Order {
  const problem = orderRequestProblem(request);
  if (problem !== null) throw new RangeError(`malformed order request: ${problem}`);
  return { request, status: 'pendingNew', filledLots: 0, venueOrderId: null, tradeIds: [], rejectReason: null };
}

/** The venue has taken the order: it acked it, or something of it traded. */
export function isAccepted(order: Order): boolean {
  return order.venueOrderId !== null || order.filledLots > 0;
}

/** The open status an order returns to when a pending cancel or an unknown outcome resolves without ending it. */
function resting(order: Order): OrderStatus {
  if (order.filledLots > 0) return 'partiallyFilled';
  return isAccepted(order) ? 'new' : 'pendingNew';
}

function applied(order: Order): OrderTransition {
  return { type: 'applied', order };
}

function invalid(order: Order, reason: InvalidTransitionReason, detail: string): OrderTransition {
  return { type: 'invalid', reason, detail: `${order.request.clientOrderId} (${order.status}): ${detail}`, order };
}

/** The order after the venue's report, or why the report cannot apply to it. */
export function applyReport(order: Order, report: ExecutionReport): OrderTransition {
  if (report.clientOrderId !== order.request.clientOrderId) return invalid(order, 'otherOrder', `report for ${report.clientOrderId}`);
  if (isFinalStatus(order.status)) return invalid(order, 'orderFinal', `${report.kind} after the order ended`);
  switch (report.kind) {
    case 'accepted': {
      if (order.venueOrderId !== null) return invalid(order, 'duplicateAck', `acked again (venue id ${report.venueOrderId})`);
      const next = { ...order, venueOrderId: report.venueOrderId };
      // A late ack (after a fill, or while a cancel is pending) changes nothing but the id.
      const status = order.status === 'pendingNew' || order.status === 'unknown' ? resting(next) : order.status;
      return applied({ ...next, status });
    }
    case 'rejected':
      if (isAccepted(order)) return invalid(order, 'rejectedAfterAccept', `rejected (${report.reason}) after the venue took it`);
      return applied({ ...order, status: 'rejected', rejectReason: report.reason });
    case 'filled':
      return applyFill(order, report);
    case 'canceled':
      return applied({ ...order, status: 'canceled' });
    case 'expired':
      return applied({ ...order, status: 'expired' });
    case 'cancelRejected':
      if (order.status !== 'pendingCancel' && order.status !== 'unknown') return invalid(order, 'noCancelPending', `cancel rejected (${report.reason}) but none was asked`);
      return applied({ ...order, status: resting(order) });
    case 'outcomeUnknown':
      if (order.status !== 'pendingNew' && order.status !== 'pendingCancel' && order.status !== 'unknown') {
        return invalid(order, 'noRequestPending', `${report.request} outcome unknown but no request is in flight`);
      }
      return applied({ ...order, status: 'unknown' });
  }
}

function applyFill(order: Order, fill: OrderFilled): OrderTransition {
  const { intent } = order.request;
  if (!Number.isSafeInteger(fill.qtyLots) || fill.qtyLots <= 0) return invalid(order, 'badFill', `fill of ${fill.qtyLots} lots`);
  if (!Number.isSafeInteger(fill.priceTicks) || fill.priceTicks <= 0) return invalid(order, 'badFill', `fill at ${fill.priceTicks} ticks`);
  if (!isDecimalText(fill.fee)) return invalid(order, 'badFill', `fee "${fill.fee}" is not a decimal`);
  if (order.tradeIds.includes(fill.tradeId)) return invalid(order, 'duplicateFill', `trade ${fill.tradeId} already counted`);
  const filledLots = order.filledLots + fill.qtyLots;
  if (filledLots > intent.qtyLots) return invalid(order, 'overfill', `fill of ${fill.qtyLots} lots would make ${filledLots} of ${intent.qtyLots}`);
  const through = intent.side === 'buy' ? fill.priceTicks > intent.priceTicks : fill.priceTicks < intent.priceTicks;
  if (through) return invalid(order, 'priceThroughLimit', `${intent.side} limit ${intent.priceTicks} filled at ${fill.priceTicks}`);
  if (fill.liquidity === 'maker' && fill.priceTicks !== intent.priceTicks) {
    return invalid(order, 'makerAwayFromLimit', `maker fill at ${fill.priceTicks}, limit ${intent.priceTicks}`);
  }
  if (intent.type === 'LIMIT_MAKER' && fill.liquidity === 'taker') return invalid(order, 'postOnlyTook', 'post-only order filled as taker');
  if (intent.type === 'LIMIT_IOC' && fill.liquidity === 'maker') return invalid(order, 'iocRested', 'IOC order filled as maker');
  const next: Order = { ...order, filledLots, tradeIds: [...order.tradeIds, fill.tradeId] };
  let status: OrderStatus;
  if (filledLots === intent.qtyLots) status = 'filled';
  else if (order.status === 'pendingCancel') status = 'pendingCancel';
  else status = 'partiallyFilled';
  return applied({ ...next, status });
}

/** The order once we have asked the venue to cancel it (the command went out; its outcome comes as a report). */
export function requestCancel(order: Order): OrderTransition {
  if (isFinalStatus(order.status)) return invalid(order, 'orderFinal', 'cancel asked after the order ended');
  if (order.status === 'pendingCancel') return invalid(order, 'cancelAlreadyPending', 'a cancel is already pending');
  return applied({ ...order, status: 'pendingCancel' });
}
