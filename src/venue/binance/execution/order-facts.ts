// venue/binance/execution/order-facts: what we know of each of our orders at Binance, merged from three
// sources that race — the REST answer, the user-data stream, a query (order + its trades) — into one
// stream of ExecutionReports that the order state machine (model/order-state.ts) accepts, whatever the
// order of arrival and however often a fact comes: one ack, each trade id once, a final report only once
// the fills it ends with are all reported (else `fillsMissing`: the caller queries), an outcomeUnknown only
// while nothing of the request's outcome is known, a cancelRejected only for a cancel still pending.
// Pure: no I/O, no time; the venue feeds it and acts on what it returns.

import { filledReportOf, isFinalStatus, type ExecutionReport, type Order, type VenueFill, type VenueOrderStatus } from '../../../model/index.js';

export interface OrderFact {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly qtyLots: number;
  venueOrderId: string | null;
  /** An `accepted` was reported. */
  acked: boolean;
  readonly tradeIds: Set<string>;
  filledLots: number;
  /** The order ended (reported filled in full, canceled, expired or rejected). */
  final: boolean;
  /** A cancel was sent and its outcome is not known yet. */
  cancelPending: boolean;
  /** An outcomeUnknown was reported for this request and nothing has resolved it yet. */
  unknown: 'submit' | 'cancel' | null;
}

/** What a fact did: `fillsMissing` — the venue counts more filled than the fills reported: query its trades. */
export type FactOutcome = 'applied' | 'duplicate' | 'fillsMissing';

/** The reason of a cancelRejected that reopens an order whose cancel, unanswered, did not take. */
export const REASON_CANCEL_DID_NOT_TAKE = 'the venue still has it open: the cancel did not take';

export class OrderFacts {
  private readonly facts = new Map<string, OrderFact>();

  constructor(private readonly emit: (report: ExecutionReport) => void) {}

  /** An order we send now. */
  track(clientOrderId: string, symbol: string, qtyLots: number): OrderFact {
    const fact: OrderFact = { clientOrderId, symbol, qtyLots, venueOrderId: null, acked: false, tradeIds: new Set(), filledLots: 0, final: false, cancelPending: false, unknown: null };
    this.facts.set(clientOrderId, fact);
    return fact;
  }

  /** The fact of an order, made from what the venue says of it when we did not send it in this session. */
  ensure(clientOrderId: string, symbol: string, qtyLots: number): OrderFact {
    return this.facts.get(clientOrderId) ?? this.track(clientOrderId, symbol, qtyLots);
  }

  get(clientOrderId: string): OrderFact | undefined {
    return this.facts.get(clientOrderId);
  }

  /** Orders not known to have ended. */
  open(): OrderFact[] {
    return [...this.facts.values()].filter((f) => !f.final);
  }

  /** Takes the local orders' view as known (after a restart, after reconciliation reports went to them). */
  adopt(order: Order): void {
    const { clientOrderId, intent } = order.request;
    const fact = this.ensure(clientOrderId, intent.symbol, intent.qtyLots);
    fact.venueOrderId = order.venueOrderId ?? fact.venueOrderId;
    fact.acked = fact.acked || order.venueOrderId !== null;
    for (const t of order.tradeIds) fact.tradeIds.add(t);
    fact.filledLots = Math.max(fact.filledLots, order.filledLots);
    fact.final = fact.final || isFinalStatus(order.status);
    fact.cancelPending = order.status === 'pendingCancel';
    fact.unknown = order.status === 'unknown' ? (order.venueOrderId === null && order.filledLots === 0 ? 'submit' : 'cancel') : null;
  }

  accepted(fact: OrderFact, venueOrderId: string, transactTimeMs: number | null): FactOutcome {
    if (fact.venueOrderId === null) fact.venueOrderId = venueOrderId;
    if (fact.acked || fact.final) return 'duplicate';
    fact.acked = true;
    if (fact.unknown === 'submit') fact.unknown = null;
    this.report(fact, { kind: 'accepted', venueOrderId, transactTimeMs });
    return 'applied';
  }

  /** One fill; `cumulativeLots`, when the venue says it, tells a fill reported before this one was lost. */
  filled(fact: OrderFact, fill: VenueFill, venueOrderId: string | null, cumulativeLots: number | null): FactOutcome {
    if (venueOrderId !== null) this.accepted(fact, venueOrderId, Math.floor(fill.timeUs / 1000));
    let outcome: FactOutcome = 'duplicate';
    if (!fact.tradeIds.has(fill.tradeId) && !fact.final) {
      fact.tradeIds.add(fill.tradeId);
      fact.filledLots += fill.qtyLots;
      if (fact.unknown === 'submit') fact.unknown = null;
      this.emit(filledReportOf(fact.clientOrderId, fact.symbol, fill));
      if (fact.filledLots >= fact.qtyLots) this.ended(fact);
      outcome = 'applied';
    }
    return cumulativeLots !== null && fact.filledLots < cumulativeLots ? 'fillsMissing' : outcome;
  }

  /** The order (`venueOrderId`, when the message names it) ended canceled or expired with `cumulativeLots` filled. */
  closed(fact: OrderFact, kind: 'canceled' | 'expired', cumulativeLots: number, transactTimeMs: number | null, venueOrderId: string | null = null): FactOutcome {
    if (venueOrderId !== null) this.accepted(fact, venueOrderId, transactTimeMs);
    if (fact.final) return 'duplicate';
    if (fact.filledLots < cumulativeLots) return 'fillsMissing';
    this.ended(fact);
    this.report(fact, { kind, transactTimeMs });
    return 'applied';
  }

  /** Binance refused the order (nothing of it traded). */
  rejected(fact: OrderFact, reason: string, transactTimeMs: number | null): FactOutcome {
    if (fact.final || fact.acked || fact.filledLots > 0) return 'duplicate';
    this.ended(fact);
    this.report(fact, { kind: 'rejected', reason, transactTimeMs });
    return 'applied';
  }

  cancelSent(fact: OrderFact): void {
    if (!fact.final) fact.cancelPending = true;
  }

  /** Binance refused the cancel (or, resolving an unknown cancel, still has the order open). */
  cancelRejected(fact: OrderFact, reason: string, transactTimeMs: number | null): FactOutcome {
    if (fact.final || (!fact.cancelPending && fact.unknown !== 'cancel')) return 'duplicate';
    fact.cancelPending = false;
    fact.unknown = null;
    this.report(fact, { kind: 'cancelRejected', reason, transactTimeMs });
    return 'applied';
  }

  /** A request got no answer. Reported only while its outcome is unknown: a submit with no ack or fill yet, a cancel still pending. */
  outcomeUnknown(fact: OrderFact, request: 'submit' | 'cancel', detail: string): FactOutcome {
    if (fact.final || fact.unknown !== null) return 'duplicate';
    if (request === 'submit' ? fact.acked || fact.filledLots > 0 : !fact.cancelPending) return 'duplicate';
    fact.unknown = request;
    this.report(fact, { kind: 'outcomeUnknown', request, detail, transactTimeMs: null });
    return 'applied';
  }

  /**
   * The venue's record of the order (a query): the ack and fills we miss, then how it ended, or, when it is
   * still open, the end of an unknown cancel. `fillsMissing` when its trades do not yet make its filled
   * quantity (query again later).
   */
  status(fact: OrderFact, venue: VenueOrderStatus): FactOutcome {
    if (venue.venueOrderId !== null) this.accepted(fact, venue.venueOrderId, null);
    for (const fill of venue.fills) this.filled(fact, fill, null, null);
    if (fact.final) return 'applied';
    switch (venue.status) {
      case 'open':
        if (fact.unknown === 'cancel') this.cancelRejected(fact, REASON_CANCEL_DID_NOT_TAKE, null);
        return fact.filledLots < venue.filledLots ? 'fillsMissing' : 'applied';
      case 'filled':
        return 'fillsMissing'; // its fills did not make the quantity (it would be final)
      case 'canceled':
      case 'expired':
        return this.closed(fact, venue.status, venue.filledLots, null, venue.venueOrderId);
      case 'rejected':
        this.rejected(fact, venue.rejectReason ?? 'rejected by Binance', null);
        return 'applied';
    }
  }

  private ended(fact: OrderFact): void {
    fact.final = true;
    fact.cancelPending = false;
    fact.unknown = null;
  }

  private report(fact: OrderFact, body: DistributiveOmit<ExecutionReport, 'clientOrderId' | 'symbol'>): void {
    this.emit({ ...body, clientOrderId: fact.clientOrderId, symbol: fact.symbol } as ExecutionReport);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
