// kernel/reconcile: local orders against the venue's own record, after a restart (or a reconnect, or an
// unknown outcome) and before any new intent. The venue is the truth: for each local order still open,
// the reports that bring it to the venue's record — the ack and fills it missed, then how it ended — every
// one checked through the order state machine (model/order-state.ts), so OrderManager.report takes them
// all in order. An open order the venue never saw (it was in flight when the process died) is `rejected`
// (or `expired`, once acked) with REASON_NOT_AT_VENUE. A cancel lost in flight comes back as cancelRejected:
// the order is open again. Orders open at the venue that no local order knows are to cancel. Each
// difference is one short line for the reconciliation pane. Pure: no I/O, no time.

import {
  Money,
  filledReportOf,
  applyReport,
  isAccepted,
  isFinalStatus,
  type ExecutionReport,
  type Order,
  type VenueOrder,
  type VenueOrderStatus,
} from '../model/index.js';

/** The reject reason of a local order the venue never received. */
export const REASON_NOT_AT_VENUE = 'not at the venue after a restart';
/** The reason of the cancelRejected that reopens an order whose cancel never reached the venue. */
export const REASON_CANCEL_LOST = 'the venue still has it open: the cancel never reached it';

export interface OrderReconciliation {
  /** For OrderManager.report, in order: per order, the ack and fills it missed, then its final status. */
  readonly reports: ExecutionReport[];
  /** Client ids of orders open at the venue that no local order knows: cancel them. */
  readonly cancels: string[];
  /** One line per difference found ("fd-BTCUSDT-7: local open, venue filled 3/3 lots"); empty when all agree. */
  readonly mismatches: string[];
}

/**
 * Brings `local` orders (OrderManager.all()) to the venue's truth: `venueOpen` is the venue's open orders
 * (VenueSnapshot.openOrders), `status` its record of one order (SimulatedExchange.orderStatus; a REST
 * "query order" live), null for an order it never saw.
 */
export function reconcileOrders(
  local: readonly Order[],
  venueOpen: readonly VenueOrder[],
  status: (clientOrderId: string) => VenueOrderStatus | null,
): OrderReconciliation {
  const reports: ExecutionReport[] = [];
  const mismatches: string[] = [];
  const known = new Set<string>();
  const openAtVenue = new Set(venueOpen.map((o) => o.clientOrderId));
  for (const order of local) {
    const id = order.request.clientOrderId;
    known.add(id);
    const venue = status(id);
    if (venue === null) {
      if (openAtVenue.has(id)) mismatches.push(`${id}: listed open at the venue, which has no record of it`);
      else if (!isFinalStatus(order.status)) {
        const { symbol } = order.request.intent;
        const report: ExecutionReport = isAccepted(order)
          ? { kind: 'expired', clientOrderId: id, symbol, transactTimeMs: null }
          : { kind: 'rejected', clientOrderId: id, symbol, transactTimeMs: null, reason: REASON_NOT_AT_VENUE };
        reports.push(report);
        mismatches.push(`${id}: local ${localText(order)}, the venue never saw it`);
      }
      // an ended order the venue no longer lists (its record is older than the venue keeps): nothing to do
      continue;
    }
    const differs = requestDifference(order, venue);
    if (differs !== null) {
      mismatches.push(`${id}: local and venue orders differ (${differs})`);
      continue;
    }
    if (isFinalStatus(order.status)) {
      if (order.status !== venue.status || order.filledLots !== venue.filledLots) mismatches.push(`${id}: local ${localText(order)}, venue ${venueText(venue)}`);
      continue;
    }
    const missed = catchUp(order, venue);
    reports.push(...missed.reports);
    if (missed.problem !== null) mismatches.push(`${id}: local ${localText(order)}, venue ${venueText(venue)}: ${missed.problem}`);
    else if (missed.reports.length > 0) mismatches.push(`${id}: local ${localText(order)}, venue ${venueText(venue)}`);
  }
  const cancels: string[] = [];
  for (const o of venueOpen) {
    if (known.has(o.clientOrderId)) continue;
    cancels.push(o.clientOrderId);
    mismatches.push(`${o.clientOrderId}: open at the venue (${o.symbol} ${o.side} ${o.filledLots}/${o.qtyLots} lots), unknown locally: to cancel`);
  }
  return { reports, cancels, mismatches };
}

/** One line when the two positions differ (compared as decimals), else null. */
export function reconcilePosition(symbol: string, localQty: string, venueQty: string): string | null {
  return new Money(localQty).equals(new Money(venueQty)) ? null : `${symbol}: local position ${localQty}, venue ${venueQty}`;
}

/** The reports that take an open local order to the venue's record, each applied in turn; stops at one the order refuses. */
function catchUp(order: Order, venue: VenueOrderStatus): { reports: ExecutionReport[]; problem: string | null } {
  const reports: ExecutionReport[] = [];
  const head = { clientOrderId: order.request.clientOrderId, symbol: venue.symbol };
  let now = order;
  const apply = (report: ExecutionReport): string | null => {
    const next = applyReport(now, report);
    if (next.type === 'invalid') return `the venue's ${report.kind} does not apply (${next.reason}: ${next.detail})`;
    now = next.order;
    reports.push(report);
    return null;
  };
  const venueTrades = new Set(venue.fills.map((f) => f.tradeId));
  const unknownToVenue = order.tradeIds.filter((t) => !venueTrades.has(t));
  if (unknownToVenue.length > 0) return { reports, problem: `local fills the venue does not have: trades ${unknownToVenue.join(', ')}` };
  if (venue.venueOrderId !== null && now.venueOrderId === null) {
    const problem = apply({ ...head, kind: 'accepted', transactTimeMs: null, venueOrderId: venue.venueOrderId });
    if (problem !== null) return { reports, problem };
  }
  for (const f of venue.fills) {
    if (now.tradeIds.includes(f.tradeId)) continue;
    const problem = apply(filledReportOf(head.clientOrderId, head.symbol, f));
    if (problem !== null) return { reports, problem };
  }
  let problem: string | null = null;
  switch (venue.status) {
    case 'open':
      if (now.status === 'pendingCancel' || now.status === 'unknown') problem = apply({ ...head, kind: 'cancelRejected', transactTimeMs: null, reason: REASON_CANCEL_LOST });
      break;
    case 'filled':
      if (now.status !== 'filled') problem = `filled at the venue, but its fills make ${now.filledLots}/${venue.qtyLots} lots`;
      break;
    case 'canceled':
    case 'expired':
      problem = apply({ ...head, kind: venue.status, transactTimeMs: null });
      break;
    case 'rejected':
      problem = apply({ ...head, kind: 'rejected', transactTimeMs: null, reason: venue.rejectReason ?? 'rejected by the venue' });
      break;
  }
  return { reports, problem };
}

/** What differs between the local request and the venue's order, or null. */
function requestDifference(order: Order, venue: VenueOrderStatus): string | null {
  const i = order.request.intent;
  const parts: string[] = [];
  if (i.symbol !== venue.symbol) parts.push(`symbol ${i.symbol}/${venue.symbol}`);
  if (i.side !== venue.side) parts.push(`side ${i.side}/${venue.side}`);
  if (i.type !== venue.type) parts.push(`type ${i.type}/${venue.type}`);
  if (i.priceTicks !== venue.priceTicks) parts.push(`price ${i.priceTicks}/${venue.priceTicks} ticks`);
  if (i.qtyLots !== venue.qtyLots) parts.push(`qty ${i.qtyLots}/${venue.qtyLots} lots`);
  return parts.length === 0 ? null : parts.join(', ');
}

function localText(order: Order): string {
  const lots = `${order.filledLots}/${order.request.intent.qtyLots} lots`;
  if (isFinalStatus(order.status)) return `${order.status} ${lots}`;
  return order.filledLots === 0 ? 'open' : `open ${lots}`;
}

function venueText(venue: VenueOrderStatus): string {
  return `${venue.status} ${venue.filledLots}/${venue.qtyLots} lots`;
}
