// kernel/execution: from the strategy's intents to orders at a venue and back — the one execution path of
// the backtest, paper and (later) live trading, over the ExecutionVenue port. An intent becomes an
// OrderRequest (client order id from the decision id, or the venue's id source), registered (a live
// venue's order-context registry), journaled, then sent; every report the venue sends
// back is journaled and moves the order's state (model/order-state.ts); a fill moves the strategy's
// position and its risk gates; a resting LIMIT_MAKER older than execution.makerTtlMs is canceled. Time is
// the run's: nothing here reads a clock of its own. A client order id is used once: sending one this
// manager already tracks is a broken program (after a restart, the decision counter must go on).
//
// State (restart recovery, execution-state.ts): exportState() gives every open order and the last
// ENDED_ORDERS_KEPT ended ones, with TTL due times, cancel request times and the open counts; restore()
// puts them into a fresh manager and re-arms the TTL of every LIMIT_MAKER still open at its original due
// time (one already past goes out at the next step of the run's time). A cancel lost in a restart comes
// back as cancelRejected from reconciliation (kernel/reconcile.ts): the order is open again, and its TTL is
// re-armed the same way.

import type { StrategyParams } from '../config/index.js';
import type { Cancel } from '../core/index.js';
import {
  applyReport,
  createOrder,
  isFinalStatus,
  lotsToQty,
  requestCancel,
  ticksToPrice,
  type Decision,
  type ExecutionReport,
  type ExecutionVenue,
  type Instrument,
  type Order,
  type OrderRequest,
} from '../model/index.js';
import type { RiskBook, RiskFill } from '../risk/index.js';
import { ENDED_ORDERS_KEPT, readOrderManagerState, type OrderManagerState, type TrackedOrderState } from './execution-state.js';
import type { UnnumberedEvent } from './strategy.js';

/** The run's time as execution needs it (the pipeline's EventTimeScheduler). */
export interface ExecutionTime {
  nowUs(): number;
  at(timeUs: number, task: () => void): Cancel;
}

export interface ExecutionOptions {
  readonly venue: ExecutionVenue;
  readonly time: ExecutionTime;
  /** The parameters of a symbol (execution.makerTtlMs, feeAsset). */
  readonly params: (symbol: string) => StrategyParams;
  readonly journal: (event: UnnumberedEvent) => void;
  /** A fill of one of our orders: the strategy's position and risk move (AttachedStrategy.fill). */
  readonly onFill: (instrument: Instrument, fill: RiskFill) => void;
  /** The risk book of a symbol: order outcomes and cancel latencies feed its gates. */
  readonly riskOf: (instrument: Instrument) => RiskBook | undefined;
  /** Each order, once sent; each report taken (after the order moved). */
  readonly onSubmit?: (request: OrderRequest, decision: Decision) => void;
  readonly onReport?: (report: ExecutionReport, order: Order | undefined) => void;
  readonly onCancelRequest?: (order: Order, reason: string) => void;
  /** The client order id of a decision's order; default fd-<decision id> (deterministic: the simulator's runs). */
  readonly clientOrderIdOf?: (decisionId: string) => string;
  /**
   * Each order before it is journaled and sent (a live venue's order-context registry); false: it could not be
   * recorded, so it is not sent (submit returns null).
   */
  readonly register?: (request: OrderRequest, decision: Decision) => boolean;
  /**
   * Whether a rejected report counts in the rejectRate gate (default: every one). The dry run's "validated,
   * not sent" is not the venue refusing.
   */
  readonly rejectCounts?: (report: Extract<ExecutionReport, { kind: 'rejected' }>) => boolean;
  /**
   * Which side of the pair a fill's fee was taken from (a real venue says it in the report: Binance takes a
   * buyer's fee in the base asset); default the symbol's feeAsset parameter (the simulator's setting).
   */
  readonly feeSideOf?: (instrument: Instrument, report: Extract<ExecutionReport, { kind: 'filled' }>) => 'base' | 'quote';
}

interface Tracked {
  order: Order;
  readonly instrument: Instrument;
  ttl: Cancel | null;
  /** When the TTL cancel is (or was) due; null before an accept of a LIMIT_MAKER. */
  ttlDueUs: number | null;
  cancelRequestedUs: number | null;
  /** Its place among the orders that ended; null while open. */
  endSeq: number | null;
}

export class OrderManager {
  private readonly orders = new Map<string, Tracked>();
  private readonly openBySymbol = new Map<string, number>();
  private readonly reportListeners: ((report: ExecutionReport, order: Order | undefined) => void)[] = [];
  private endedCount = 0;

  constructor(private readonly options: ExecutionOptions) {}

  /** Open orders of a symbol (sent and not ended: in flight, resting, or being canceled). */
  openOrders(instrument: Instrument): number {
    return this.openBySymbol.get(instrument.symbol) ?? 0;
  }

  /** Also calls `listener` with each report taken (after the order moved, after options.onReport). */
  onReport(listener: (report: ExecutionReport, order: Order | undefined) => void): void {
    this.reportListeners.push(listener);
  }

  /** One order by its client order id; undefined for one this manager did not send. */
  get(clientOrderId: string): Order | undefined {
    return this.orders.get(clientOrderId)?.order;
  }

  /** Every order so far, by client order id. */
  all(): Order[] {
    return [...this.orders.values()].map((t) => t.order);
  }

  /** An intent, after the event that caused it: the order is journaled, then sent. */
  submit(decision: Decision, decisionId: string, instrument: Instrument): OrderRequest | null {
    const intent = decision.intent;
    if (intent === null) return null;
    const request: OrderRequest = {
      clientOrderId: this.options.clientOrderIdOf?.(decisionId) ?? `fd-${decisionId}`,
      intent: {
        product: instrument.product,
        symbol: instrument.symbol,
        side: intent.side === 'BUY' ? 'buy' : 'sell',
        type: intent.type,
        priceTicks: intent.priceTicks,
        qtyLots: intent.qtyLots,
        reason: decision.reason,
        decisionId,
      },
    };
    if (this.orders.has(request.clientOrderId)) throw new Error(`order manager: client order id ${request.clientOrderId} was used before (decision ids must be unique, also across a restart)`);
    if (this.options.register?.(request, decision) === false) return null;
    this.orders.set(request.clientOrderId, { order: createOrder(request), instrument, ttl: null, ttlDueUs: null, cancelRequestedUs: null, endSeq: null });
    this.count(instrument.symbol, +1);
    this.options.journal({ type: 'orderRequested', timeUs: this.options.time.nowUs(), request });
    this.options.venue.submit(request);
    this.options.onSubmit?.(request, decision);
    return request;
  }

  /**
   * An order sent before a restart that the saved state does not hold (the process stopped between sending
   * and saving): tracked as sent (pendingNew), not sent again; the venue's record brings it up to date.
   * Returns false when this manager tracks the id already.
   */
  adoptSent(request: OrderRequest, instrument: Instrument): boolean {
    if (this.orders.has(request.clientOrderId)) return false;
    this.orders.set(request.clientOrderId, { order: createOrder(request), instrument, ttl: null, ttlDueUs: null, cancelRequestedUs: null, endSeq: null });
    this.count(instrument.symbol, +1);
    return true;
  }

  /** A report from the venue (its sink). */
  report(report: ExecutionReport): void {
    const now = this.options.time.nowUs();
    const tracked = this.orders.get(report.clientOrderId);
    this.options.journal({ type: 'reportReceived', timeUs: now, product: this.options.venue.product, report });
    if (tracked === undefined) {
      this.options.onReport?.(report, undefined);
      for (const l of this.reportListeners) l(report, undefined);
      return;
    }
    const wasOpen = !isFinalStatus(tracked.order.status);
    const next = applyReport(tracked.order, report);
    if (next.type !== 'invalid') tracked.order = next.order;
    const risk = this.options.riskOf(tracked.instrument);
    if (report.kind === 'accepted') risk?.onOrderOutcome(false, now);
    if (report.kind === 'rejected' && (this.options.rejectCounts?.(report) ?? true)) risk?.onOrderOutcome(true, now);
    // a cancel's latency is measured on reports with the venue's time; one rebuilt by reconciliation (no time) measured the downtime
    if (report.kind === 'canceled' && tracked.cancelRequestedUs !== null && report.transactTimeMs !== null) risk?.onCancelLatency((now - tracked.cancelRequestedUs) / 1000);
    const restingMaker = tracked.order.request.intent.type === 'LIMIT_MAKER' && !isFinalStatus(tracked.order.status);
    if (report.kind === 'accepted' && restingMaker) this.armTtl(tracked);
    // a cancel refused while the order is still open (one lost in a restart): the TTL holds again, from its due time
    if (report.kind === 'cancelRejected' && restingMaker && tracked.order.status !== 'pendingCancel' && tracked.ttlDueUs !== null) this.armTtl(tracked, tracked.ttlDueUs);
    if (report.kind === 'filled') this.filled(tracked, report);
    if (wasOpen && isFinalStatus(tracked.order.status)) {
      tracked.ttl?.();
      tracked.ttl = null;
      tracked.endSeq = this.endedCount++;
      this.count(tracked.instrument.symbol, -1);
    }
    this.options.onReport?.(report, tracked.order);
    for (const l of this.reportListeners) l(report, tracked.order);
  }

  /** Cancels every open order (the kill switch, the end of a session). */
  cancelAll(reason: string): void {
    for (const t of this.orders.values()) if (!isFinalStatus(t.order.status)) this.cancel(t, reason);
  }

  private filled(tracked: Tracked, report: Extract<ExecutionReport, { kind: 'filled' }>): void {
    const instrument = tracked.instrument;
    const side = this.options.feeSideOf?.(instrument, report) ?? this.options.params(instrument.symbol).feeAsset;
    const base = side === 'base';
    this.options.onFill(instrument, {
      timeUs: this.options.time.nowUs(),
      side: tracked.order.request.intent.side === 'buy' ? 'BUY' : 'SELL',
      price: ticksToPrice(instrument, report.priceTicks),
      qty: lotsToQty(instrument, report.qtyLots),
      fee: report.fee,
      feeAsset: base ? 'base' : 'quote',
    });
  }

  /** Every open order and the last ENDED_ORDERS_KEPT ended ones, JSON-able (execution-state.ts). */
  exportState(): OrderManagerState {
    const orders: TrackedOrderState[] = [];
    for (const t of this.orders.values()) {
      if (t.endSeq !== null && t.endSeq < this.endedCount - ENDED_ORDERS_KEPT) continue;
      orders.push({ order: t.order, ttlDueUs: t.ttlDueUs, cancelRequestedUs: t.cancelRequestedUs, endSeq: t.endSeq });
    }
    const openBySymbol = Object.fromEntries([...this.openBySymbol.keys()].sort().map((symbol) => [symbol, this.openBySymbol.get(symbol) as number]));
    return { orders, openBySymbol, endedCount: this.endedCount };
  }

  /**
   * Puts a saved state into this manager, which must be fresh (nothing sent yet); `instruments` are the
   * symbols traded, by name. Read and checked whole first: a StateError changes nothing. Re-arms the TTL
   * of each open LIMIT_MAKER (not already being canceled) at its due time.
   */
  restore(state: OrderManagerState, instruments: ReadonlyMap<string, Instrument>): void {
    if (this.orders.size > 0) throw new Error('OrderManager.restore: the manager has orders already (restore into a fresh one)');
    const s = readOrderManagerState(state, instruments);
    for (const t of s.orders) {
      const instrument = instruments.get(t.order.request.intent.symbol) as Instrument;
      this.orders.set(t.order.request.clientOrderId, { order: t.order, instrument, ttl: null, ttlDueUs: t.ttlDueUs, cancelRequestedUs: t.cancelRequestedUs, endSeq: t.endSeq });
    }
    for (const [symbol, n] of Object.entries(s.openBySymbol)) this.openBySymbol.set(symbol, n);
    this.endedCount = s.endedCount;
    for (const t of this.orders.values()) {
      const { status, request } = t.order;
      if (request.intent.type === 'LIMIT_MAKER' && !isFinalStatus(status) && status !== 'pendingCancel' && t.ttlDueUs !== null) this.armTtl(t, t.ttlDueUs);
    }
  }

  /** Arms the TTL cancel of a resting LIMIT_MAKER at `dueUs` (default: now + makerTtlMs; a past time runs at the next step). */
  private armTtl(tracked: Tracked, dueUs?: number): void {
    if (tracked.ttl !== null) return;
    tracked.ttlDueUs = dueUs ?? this.options.time.nowUs() + this.options.params(tracked.instrument.symbol).execution.makerTtlMs * 1000;
    tracked.ttl = this.options.time.at(tracked.ttlDueUs, () => {
      tracked.ttl = null;
      if (!isFinalStatus(tracked.order.status)) this.cancel(tracked, 'maker order older than execution.makerTtlMs');
    });
  }

  private cancel(tracked: Tracked, reason: string): void {
    const next = requestCancel(tracked.order);
    if (next.type === 'invalid') return; // already being canceled, or not cancelable yet
    tracked.order = next.order;
    tracked.cancelRequestedUs = this.options.time.nowUs();
    const clientOrderId = tracked.order.request.clientOrderId;
    this.options.journal({ type: 'cancelRequested', timeUs: tracked.cancelRequestedUs, product: this.options.venue.product, clientOrderId, reason });
    this.options.onCancelRequest?.(tracked.order, reason);
    this.options.venue.cancel(clientOrderId);
  }

  private count(symbol: string, delta: number): void {
    this.openBySymbol.set(symbol, (this.openBySymbol.get(symbol) ?? 0) + delta);
  }
}
