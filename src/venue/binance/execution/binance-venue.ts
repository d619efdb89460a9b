// venue/binance/execution/binance-venue: the ExecutionVenue that places and cancels orders at Binance spot
// — built only from a write route (DEMO, TESTNET, LIVE) and a reader of the same route. Orders go out as
// the order builder's exact parameters (LIMIT_MAKER, or LIMIT IOC; decimal strings; never MARKET) through
// a REST client built for the write capability, on the route's URL only.
//
// Reports (order-facts.ts merges the sources, whatever their order): the user stream's executionReports
// (NEW → accepted, TRADE → filled, CANCELED → canceled, EXPIRED → expired, REJECTED → rejected), the REST
// answers (the ack; a cancel's answer), and queries (order + its trades) whenever the facts have a gap:
// fills missing behind a cumulative quantity, an unanswered request, a resubscribed stream. Failures:
// Binance's refusals (-2010, -1013, ...) → rejected, -2011 on a cancel → cancelRejected, with Binance's
// code and message; 429/418 → onRateLimit and rejected; a 5xx, a timeout or a reset connection after
// sending → outcomeUnknown, then a query resolves it (order-resolver.ts; an order is never resent).

import type { ExecutionRoute } from '../../../config/index.js';
import type { Cancel } from '../../../core/index.js';
import { qtyToLots, type ExecutionReport, type ExecutionReportSink, type ExecutionVenue, type Instrument, type Order, type OrderRequest, type VenueSnapshot } from '../../../model/index.js';
import { buildCancelParams } from '../order-builder.js';
import { requireAccess, type RouteWith } from './capabilities.js';
import { OrderFacts, type FactOutcome, type OrderFact } from './order-facts.js';
import { OrderResolver } from './order-resolver.js';
import { DEFAULT_RECV_WINDOW_MS, DEFAULT_REQUEST_TIMEOUT_MS, readerInternals, type PrivateReader, type ReaderInternals } from './private-reader.js';
import type { RateLimitState } from './rate-limits.js';
import { RestClient, type RestFailure } from './rest-client.js';
import { reportedClientOrderId, reportedFill, venueStateOf } from './to-model.js';
import { instrumentsFor, prepareOrder, rateLimitReason, rateLimitWarningOf, requireSameRoute, type ExecutionVenueOptions, type SentRequest } from './venue-common.js';
import { orderBodySchema, readBody, type ExecutionReportEvent, type OrderBody, type UserDataWireEvent } from './wire.js';

/** The writing venue: the port, plus what a restart and the gates need. */
export interface BinanceExecutionVenue extends ExecutionVenue {
  /** Takes local orders as known (after a restart and reconciliation), so their reports continue without repeats. */
  adopt(orders: readonly Order[]): void;
  /**
   * Queries every order not known to have ended (after a restart's adopt): the reports they missed follow
   * through the sink. An order that never got an answer is one Binance may not have: not found there after
   * the grace, it is rejected (never resent).
   */
  resolveOpen(): void;
  rateLimits(): RateLimitState;
}

class Venue implements BinanceExecutionVenue {
  readonly product = 'spot' as const;
  readonly #rest: RestClient;
  readonly #facts: OrderFacts;
  readonly #instruments: ReadonlyMap<string, Instrument>;
  readonly #shared: ReaderInternals;
  readonly #recvWindowMs: number;
  #sink: ExecutionReportSink | null = null;
  #closed = false;
  readonly #unsubscribe: Cancel[] = [];
  readonly #resolver: OrderResolver;
  /** Orders this process sent (resolveOpen leaves their unanswered submits to the answer on its way). */
  readonly #sentHere = new Set<string>();

  constructor(
    route: ExecutionRoute,
    private readonly reader: PrivateReader,
    private readonly options: ExecutionVenueOptions,
  ) {
    this.#shared = readerInternals(reader);
    const o = this.#shared.options;
    this.#instruments = instrumentsFor(options.rules, o.instruments, 'Binance venue');
    this.#recvWindowMs = o.recvWindowMs ?? DEFAULT_RECV_WINDOW_MS;
    this.#rest = new RestClient(route, 'write', { timeoutMs: options.requestTimeoutMs ?? o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, recvWindowMs: this.#recvWindowMs });
    this.#facts = new OrderFacts((report) => this.deliver(report));
    this.#resolver = new OrderResolver(reader, this.#facts, { clock: o.clock, scheduler: o.scheduler, recvWindowMs: this.#recvWindowMs, ...(o.log === undefined ? {} : { log: o.log }) });
  }

  async connect(sink: ExecutionReportSink): Promise<void> {
    if (this.#sink !== null) throw new Error('Binance venue: connect called twice');
    this.#sink = sink;
    this.#unsubscribe.push(this.reader.onUserEvent((event) => this.onUserEvent(event)));
    this.#unsubscribe.push(
      this.reader.onUserStreamChange((change) => {
        // events of the gap are lost: every order not known to have ended is queried
        if (change.kind === 'live' && change.resubscribed) for (const fact of this.#facts.open()) this.#resolver.resolve(fact);
      }),
    );
    await this.reader.startUserStream();
  }

  submit(request: OrderRequest): void {
    this.requireConnected();
    const { clientOrderId, intent } = request;
    const fact = this.#facts.track(clientOrderId, intent.symbol, intent.qtyLots);
    const prepared = prepareOrder(request, this.options.rules, this.#instruments, this.options);
    if (prepared.kind === 'refused') {
      queueMicrotask(() => this.#facts.rejected(fact, prepared.reason, null));
      return;
    }
    const params = prepared.built.params;
    const sentUs = this.now();
    this.#resolver.sent(clientOrderId, sentUs);
    this.#sentHere.add(clientOrderId);
    this.options.onRequest?.({ kind: 'order', timeUs: sentUs, params });
    void this.#rest.call('POST', 'api/v3/order', { ...params }).then((answer) => {
      this.noteLimits(true);
      if (answer.ok) this.onOrderAnswer(fact, answer.body, prepared.instrument);
      else this.onSubmitFailure(fact, answer.failure);
    });
  }

  cancel(clientOrderId: string): void {
    this.requireConnected();
    const fact = this.#facts.get(clientOrderId);
    if (fact === undefined) {
      queueMicrotask(() => this.deliver({ kind: 'cancelRejected', clientOrderId, symbol: '', transactTimeMs: null, reason: 'not sent: not an order of this session' }));
      return;
    }
    this.#facts.cancelSent(fact);
    const params = buildCancelParams(fact.symbol, clientOrderId);
    this.options.onRequest?.({ kind: 'cancel', timeUs: this.now(), params });
    void this.#rest.call('DELETE', 'api/v3/order', { ...params }).then((answer) => {
      this.noteLimits(false);
      if (answer.ok) {
        const body = this.read(answer.body, 'cancel');
        if (body === null) this.#resolver.resolve(fact);
        else this.closedBy(fact, body);
        return;
      }
      this.onCancelFailure(fact, answer.failure);
    });
  }

  cancelAll(symbol?: string): void {
    this.requireConnected();
    const symbols = symbol === undefined ? [...new Set(this.#facts.open().map((f) => f.symbol))] : [symbol];
    for (const s of symbols) {
      this.options.onRequest?.({ kind: 'cancelAll', timeUs: this.now(), params: { symbol: s } });
      void this.#rest.call('DELETE', 'api/v3/openOrders', { symbol: s }).then((answer) => {
        this.noteLimits(false);
        const ours = (): OrderFact[] => this.#facts.open().filter((f) => f.symbol === s);
        if (answer.ok) {
          const bodies = Array.isArray(answer.body) ? answer.body : [];
          for (const raw of bodies) {
            const body = this.read(raw, 'cancel all');
            const fact = body === null ? undefined : this.#facts.get(body.origClientOrderId ?? body.clientOrderId);
            if (body !== null && fact !== undefined) this.closedBy(fact, body);
          }
          for (const fact of ours()) this.#resolver.resolve(fact); // listed or not, each open one is checked
          return;
        }
        const warning = rateLimitWarningOf(answer.failure, 'cancelAll', this.now());
        if (warning !== null) this.options.onRateLimit?.(warning);
        if (answer.failure.code !== -2011) this.log('cancel all failed', { symbol: s, failure: answer.failure.message });
        for (const fact of ours()) this.#resolver.resolve(fact);
      });
    }
  }

  async snapshot(): Promise<VenueSnapshot> {
    const [openOrders, account] = await Promise.all([this.reader.openOrders(), this.reader.account()]);
    return { openOrders, balances: account.balances, positions: [] };
  }

  adopt(orders: readonly Order[]): void {
    for (const order of orders) this.#facts.adopt(order);
  }

  resolveOpen(): void {
    this.requireConnected();
    for (const fact of this.#facts.open()) {
      // sent by an earlier process and never answered: Binance may not have it (one sent here is on its way)
      if (!fact.acked && fact.unknown === null && !this.#sentHere.has(fact.clientOrderId)) fact.unknown = 'submit';
      this.#resolver.resolve(fact);
    }
  }

  rateLimits(): RateLimitState {
    return this.reader.rateLimits();
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const cancel of this.#unsubscribe.splice(0)) cancel();
    this.#resolver.close();
  }

  // ---------------------------------------------------------------------------------------------------

  private onOrderAnswer(fact: OrderFact, raw: unknown, instrument: Instrument): void {
    const body = this.read(raw, 'new order');
    if (body === null) {
      this.#facts.outcomeUnknown(fact, 'submit', 'the answer could not be read');
      this.#resolver.resolve(fact);
      return;
    }
    const timeMs = body.transactTime ?? null;
    this.#facts.accepted(fact, String(body.orderId), timeMs);
    const executed = qtyToLots(instrument, body.executedQty);
    const state = venueStateOf(body.status);
    let outcome: FactOutcome = fact.filledLots < executed ? 'fillsMissing' : 'applied';
    if (state === 'canceled' || state === 'expired') outcome = this.#facts.closed(fact, state, executed, timeMs);
    if (outcome === 'fillsMissing') this.#resolver.resolve(fact);
  }

  private onSubmitFailure(fact: OrderFact, failure: RestFailure): void {
    const warning = rateLimitWarningOf(failure, 'submit', this.now());
    if (warning !== null) {
      this.options.onRateLimit?.(warning);
      this.#facts.rejected(fact, rateLimitReason(warning), null);
    } else if (failure.kind === 'refused') {
      this.#facts.rejected(fact, `Binance ${failure.message}`, null);
    } else if (failure.kind === 'notSent') {
      this.#facts.rejected(fact, `not sent: ${failure.message}`, null);
    } else {
      this.#facts.outcomeUnknown(fact, 'submit', failure.message);
      this.#resolver.resolve(fact);
    }
  }

  private onCancelFailure(fact: OrderFact, failure: RestFailure): void {
    const warning = rateLimitWarningOf(failure, 'cancel', this.now());
    if (warning !== null) this.options.onRateLimit?.(warning);
    if (failure.kind === 'unknown') {
      this.#facts.outcomeUnknown(fact, 'cancel', failure.message);
    } else {
      const reason = warning !== null ? rateLimitReason(warning) : failure.kind === 'notSent' ? `not sent: ${failure.message}` : `Binance ${failure.message}`;
      this.#facts.cancelRejected(fact, reason, null);
    }
    this.#resolver.resolve(fact); // an unknown order (-2011) may have ended unseen; an unanswered cancel may have taken
  }

  /** A cancel answer (or one of cancel all's): the order ended canceled with its executed quantity. */
  private closedBy(fact: OrderFact, body: OrderBody): void {
    const instrument = this.#instruments.get(fact.symbol);
    if (instrument === undefined) return;
    if (this.#facts.closed(fact, 'canceled', qtyToLots(instrument, body.executedQty), body.transactTime ?? null, String(body.orderId)) === 'fillsMissing') this.#resolver.resolve(fact);
  }

  private onUserEvent(event: UserDataWireEvent): void {
    if (this.#closed || event.e !== 'executionReport') return;
    const instrument = this.#instruments.get(event.s);
    if (instrument === undefined) return;
    const fact = this.#facts.ensure(reportedClientOrderId(event), event.s, qtyToLots(instrument, event.q));
    if (this.applyExecution(fact, event, instrument) === 'fillsMissing') this.#resolver.resolve(fact);
  }

  private applyExecution(fact: OrderFact, e: ExecutionReportEvent, instrument: Instrument): FactOutcome {
    const venueOrderId = String(e.i);
    const cumulative = qtyToLots(instrument, e.z);
    let outcome: FactOutcome = 'applied';
    if (e.x === 'NEW') this.#facts.accepted(fact, venueOrderId, e.T);
    if (e.x === 'TRADE') outcome = this.#facts.filled(fact, reportedFill(e, instrument), venueOrderId, cumulative);
    const state = venueStateOf(e.X);
    if (state === 'canceled' || state === 'expired') return this.#facts.closed(fact, state, cumulative, e.T, venueOrderId);
    if (state === 'rejected') this.#facts.rejected(fact, e.r === 'NONE' ? 'rejected by Binance' : `Binance ${e.r}`, e.T);
    if (state === 'filled' && fact.filledLots < cumulative) return 'fillsMissing';
    return outcome;
  }

  private read(raw: unknown, what: string): OrderBody | null {
    try {
      return readBody(orderBodySchema, raw, what);
    } catch (error) {
      this.log('answer not understood', { what, error: (error as Error).message });
      return null;
    }
  }

  private deliver(report: ExecutionReport): void {
    if (!this.#closed) this.#sink?.report(report);
  }

  private noteLimits(orders: boolean): void {
    this.#shared.board.note(this.now(), this.#rest.rateLimits(), orders);
  }

  private now(): number {
    return this.#shared.options.clock.nowUs();
  }

  private requireConnected(): void {
    if (this.#sink === null) throw new Error('Binance venue: connect() first');
  }

  private log(message: string, fields: Record<string, unknown>): void {
    this.#shared.options.log?.('error', message, fields);
  }
}

/** The venue that writes: only for a write route (DEMO, TESTNET, LIVE) and a reader of that route. */
export function openBinanceExecutionVenue(route: RouteWith<'write'>, reader: PrivateReader, options: ExecutionVenueOptions): BinanceExecutionVenue {
  requireAccess(route, 'write', 'the Binance execution venue');
  requireSameRoute(route, reader, 'the Binance execution venue');
  return new Venue(route, reader, options);
}

export type { SentRequest };
