// sim/exchange: the simulated exchange of one product — an ExecutionVenue (model/execution-port.ts) the
// backtest wires where the Binance adapter would be. It matches our orders against the replayed market,
// which it never changes: the kernel hands it every market event after the book applied it.
//
// Clocks (the run's time, sim/latency.ts): submit() at decision time t; the order reaches the matching at
// t + submit latency (a timer: it runs before a message received at that same time); every report reaches
// the sink at its event time + response latency, never before an earlier report (the stream is ordered);
// a cancel takes effect at request + cancel latency — a fill before that still happens.
//
// At arrival, in order: the rate limits (sim/rate-limit.ts), a symbol whose book is not synced (rejected,
// or held until synced: gapPolicy), the request's own checks, the exchange filters (sim/order-filters.ts;
// without SymbolRules only whole ticks and lots), the account's reservation, and a LIMIT_MAKER that would
// take (rejected, as Binance does). Then `accepted`; an IOC or GTC takes what the displayed book offers up
// to its limit (sim/taker.ts), an IOC expires the rest, a LIMIT_MAKER or the rest of a GTC joins the queue
// at its price (sim/resting.ts, sim/queue.ts). A maker fill is always at the order's own limit price:
// there is no configuration of another maker fill price, and makerFill asserts it.
//
// The venue's record: orderStatus(id) answers what Binance's "query order" would — an order that has
// reached the matching, open (held or resting) or how it ended, with its fills; snapshot() lists the open
// ones. State (restart recovery, exchange-state.ts): exportState() gives the open orders with their exact
// queue estimate, the last ENDED_ORDERS_KEPT ended ones, the id counters, the rate-limit windows and the
// random state; restore() puts them into a fresh exchange. Messages in flight (an order on its way to the
// matching, a report on its way back, a cancel) are not state: a restart loses them, and reconciliation
// (kernel/reconcile.ts) finds what they would have said in orderStatus().

import { isSeededRandom, type Cancel, type Random } from '../core/index.js';
import type { StrategyParams } from '../config/index.js';
import {
  applyReport,
  createOrder,
  isFinalStatus,
  orderRequestProblem,
  type BookView,
  type ExecutionReport,
  type ExecutionReportSink,
  type ExecutionVenue,
  type MarketEvent,
  type OrderRequest,
  type Product,
  type SymbolRules,
  type VenueOrder,
  type VenueOrderStatus,
  type VenueSnapshot,
} from '../model/index.js';
import type { SimAccountPort } from './account-port.js';
import { ENDED_ORDERS_KEPT, readSimExchangeState, simOrderOf, simOrderState, venueOrderStatus, type SimExchangeState, type SimOrderState } from './exchange-state.js';
import { latencyModelOf, type LatencyModel } from './latency.js';
import { AveragePrice, averagePriceMinutes, orderFilterFailure } from './order-filters.js';
import { QUEUE_MODELS, queueModelOf } from './queue.js';
import { OrderRateLimiter, type OrderLimits } from './rate-limit.js';
import { RestingOrders } from './resting.js';
import { remainingLots, type SimOrder } from './sim-order.js';
import { ConsumedLiquidity, takeLiquidity } from './taker.js';

/** The run's time as the exchange needs it (core's EventTimeScheduler). */
export interface SimTime {
  nowUs(): number;
  /** Runs `task` at `timeUs` (now, if past); tasks due at one time run in the order they were set. */
  at(timeUs: number, task: () => void): Cancel;
}

/** What the exchange knows of one symbol. */
export interface SimSymbol {
  /** The symbol's synced book, read-only (the kernel's bookViewOf). */
  readonly book: BookView;
  /** latency, queueModel, queuePower, gapPolicy are read here (fees are the account's). */
  readonly params: StrategyParams;
  /** The exchange's filters; null: only whole ticks and lots are checked. */
  readonly rules: SymbolRules | null;
}

export interface SimulatedExchangeOptions {
  readonly product: Product;
  readonly time: SimTime;
  readonly symbols: Readonly<Record<string, SimSymbol>>;
  /** The run's seeded generator (seeded from the params' `seed`): the lognormal latency draws. */
  readonly random: Random;
  readonly account: SimAccountPort;
  /** Which trade stream reaches resting orders (a recording may hold both; counting both would double fills). Default 'trade'. */
  readonly tradeEvents?: 'trade' | 'aggTrade';
  /** Order-count limits; default Binance spot's (sim/rate-limit.ts). */
  readonly orderLimits?: OrderLimits;
  /**
   * Hears every report at the exchange's own time (`eventUs`: the match, ack, reject or cancel time on the
   * receive-time axis), before the response latency: what the backtest's orders and fills files record.
   */
  readonly observe?: (report: ExecutionReport, eventUs: number) => void;
}

/** What the exchange knows of one order, for the orders journal. */
export interface SimOrderFacts {
  readonly submitUs: number;
  readonly arrivalUs: number;
  /** Lots displayed ahead when it joined the queue; null when it never rested (an IOC, a reject). */
  readonly queueAheadAtJoin: number | null;
  /** Lots ahead now, while it rests; null otherwise. */
  readonly queueAhead: number | null;
  readonly filledLots: number;
}

/** Reject and cancel-reject reasons (Binance's texts where Binance has one). */
export const SIM_REASONS = {
  wouldTake: 'Order would immediately match and take.',
  unknownOrder: 'Unknown order sent.',
  duplicate: 'Duplicate order sent.',
  unknownSymbol: 'Invalid symbol.',
  notSynced: 'Market data not synced: no trading while the book is in a gap or resync.',
} as const;

interface SymbolState {
  readonly name: string;
  readonly book: BookView;
  readonly params: StrategyParams;
  readonly rules: SymbolRules | null;
  readonly latency: LatencyModel;
  readonly resting: RestingOrders;
  readonly held: SimOrder[];
  readonly consumed: ConsumedLiquidity;
  readonly average: AveragePrice | null;
}

export class SimulatedExchange implements ExecutionVenue {
  readonly product: Product;
  private readonly time: SimTime;
  private readonly account: SimAccountPort;
  private readonly tradeKind: 'trade' | 'aggTrade';
  private readonly symbols = new Map<string, SymbolState>();
  private readonly limiter: OrderRateLimiter;
  /** Orders submitted and not yet ended (in flight, held or resting), by client order id. */
  private readonly live = new Map<string, SimOrder>();
  private readonly facts = new Map<string, SimOrder>();
  /** The last ENDED_ORDERS_KEPT orders to end, oldest end first (what a saved state keeps of them). */
  private readonly ended = new Map<string, SimOrder>();
  private readonly random: Random;
  private sink: ExecutionReportSink | null = null;
  private readonly observe: ((report: ExecutionReport, eventUs: number) => void) | undefined;
  private closed = false;
  private lastDeliveryUs = Number.NEGATIVE_INFINITY;
  private nextSeq = 0;
  private nextVenueId = 0;
  private nextTradeId = 0;

  constructor(options: SimulatedExchangeOptions) {
    this.product = options.product;
    this.time = options.time;
    this.account = options.account;
    this.observe = options.observe;
    this.tradeKind = options.tradeEvents ?? 'trade';
    this.limiter = new OrderRateLimiter(options.orderLimits);
    this.random = options.random;
    for (const [name, s] of Object.entries(options.symbols)) {
      // The queue model decides how much of a trade reaches an order, never at which price it fills: no
      // configuration chooses a maker fill price, so none can ask for the mid. Refuse a model we do not know.
      if (!QUEUE_MODELS.includes(s.params.queueModel)) throw new RangeError(`${name}: unknown queue model "${String(s.params.queueModel)}"`);
      const lotSize = Number(s.book.instrument.lotSize);
      const mins = averagePriceMinutes(s.rules);
      this.symbols.set(name, {
        name,
        book: s.book,
        params: s.params,
        rules: s.rules,
        latency: latencyModelOf(s.params.latency, options.random),
        resting: new RestingOrders(s.book, queueModelOf(s.params.queueModel, s.params.queuePower, lotSize)),
        held: [],
        consumed: new ConsumedLiquidity(),
        average: mins === null ? null : new AveragePrice(s.book.instrument, mins),
      });
    }
    if (this.symbols.size === 0) throw new RangeError('a simulated exchange needs at least one symbol');
  }

  connect(sink: ExecutionReportSink): Promise<void> {
    if (this.sink !== null) throw new Error('SimulatedExchange.connect called twice');
    this.sink = sink;
    return Promise.resolve();
  }

  submit(request: OrderRequest): void {
    this.requireConnected();
    const nowUs = this.time.nowUs();
    const { intent, clientOrderId } = request;
    const sym = this.symbols.get(intent.symbol);
    if (sym === undefined) {
      // Nothing to match it with: answered at once (no symbol, no latency to take).
      this.deliver({ kind: 'rejected', clientOrderId, symbol: intent.symbol, transactTimeMs: null, reason: SIM_REASONS.unknownSymbol }, nowUs);
      return;
    }
    const arrivalUs = nowUs + sym.latency.delayUs('submit');
    const duplicate = this.live.has(clientOrderId);
    const order = newSimOrder(request, nowUs, arrivalUs, this.nextSeq++);
    if (!duplicate) {
      this.live.set(clientOrderId, order);
      this.facts.set(clientOrderId, order);
    }
    this.time.at(arrivalUs, () => {
      if (this.closed) return;
      order.arrived = true;
      if (duplicate) this.reject(sym, order, SIM_REASONS.duplicate);
      else this.arrive(sym, order);
    });
  }

  cancel(clientOrderId: string): void {
    this.requireConnected();
    const known = this.live.get(clientOrderId);
    const sym = this.symbols.get(known?.symbol ?? '') ?? this.firstSymbol();
    this.time.at(this.time.nowUs() + sym.latency.delayUs('cancel'), () => {
      if (this.closed) return;
      const order = this.live.get(clientOrderId);
      const state = order === undefined ? undefined : this.symbols.get(order.symbol);
      if (order === undefined || state === undefined || !this.cancelOpen(state, order)) {
        const symbol = order?.symbol ?? known?.symbol ?? '';
        this.deliver({ kind: 'cancelRejected', clientOrderId, symbol, transactTimeMs: this.transactMs(), reason: SIM_REASONS.unknownOrder }, this.time.nowUs(), sym);
      }
    });
  }

  cancelAll(symbol?: string): void {
    this.requireConnected();
    const sym = (symbol === undefined ? undefined : this.symbols.get(symbol)) ?? this.firstSymbol();
    this.time.at(this.time.nowUs() + sym.latency.delayUs('cancel'), () => {
      if (this.closed) return;
      const targets = [...this.live.values()].filter((o) => symbol === undefined || o.symbol === symbol).sort((a, b) => a.seq - b.seq);
      for (const order of targets) {
        const state = this.symbols.get(order.symbol);
        if (state !== undefined) this.cancelOpen(state, order);
      }
    });
  }

  /** Open orders (resting, then held until the book syncs: venueOrderId '' until accepted), balances and positions. */
  snapshot(): Promise<VenueSnapshot> {
    return Promise.resolve(this.venueSnapshot());
  }

  /** The venue's open orders and holdings now (what snapshot() resolves with), synchronously. */
  venueSnapshot(): VenueSnapshot {
    const openOrders: VenueOrder[] = [];
    for (const sym of this.symbols.values()) {
      for (const o of [...sym.resting.list(), ...sym.held]) {
        openOrders.push({ clientOrderId: o.request.clientOrderId, venueOrderId: o.venueOrderId ?? '', symbol: o.symbol, side: o.side, type: o.type, priceTicks: o.priceTicks, qtyLots: o.qtyLots, filledLots: o.filledLots });
      }
    }
    const holdings = this.account.snapshot?.() ?? { balances: [], positions: [] };
    return { openOrders, balances: [...holdings.balances], positions: [...holdings.positions] };
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /**
   * A market event of `symbol`, after the book applied it: trades reach resting orders, depth changes move
   * their queue positions, a book synced again lets held orders arrive. Other symbols are ignored.
   */
  onMarketEvent(symbol: string, event: MarketEvent): void {
    const sym = this.symbols.get(symbol);
    if (sym === undefined || this.closed) return;
    switch (event.kind) {
      case 'trade':
      case 'aggTrade':
        if (event.kind !== this.tradeKind) return;
        sym.average?.onTrade(event.receiveTimeUs, event.priceTicks, event.qtyLots);
        sym.resting.onTrade(event, (order, lots) => this.makerFill(sym, order, lots));
        return;
      case 'depthDiff':
      case 'depthSnapshot':
        sym.resting.onDepth();
        this.releaseHeld(sym);
        return;
      case 'bookTicker':
        return;
    }
  }

  /** The symbol's book became synced (or not): held orders arrive once it is. */
  onBookHealth(symbol: string, healthy: boolean): void {
    const sym = this.symbols.get(symbol);
    if (sym !== undefined && healthy && !this.closed) this.releaseHeld(sym);
  }

  /** What the exchange knows of an order (the last one submitted under that id); null for an id never submitted. */
  orderFacts(clientOrderId: string): SimOrderFacts | null {
    const o = this.facts.get(clientOrderId);
    if (o === undefined) return null;
    return { submitUs: o.submitUs, arrivalUs: o.arrivalUs, queueAheadAtJoin: o.queueAheadAtJoin, queueAhead: o.queue?.ahead ?? null, filledLots: o.filledLots };
  }

  /**
   * The venue's record of an order (the last one submitted under that id): open or how it ended, with its
   * fills. null for an order the venue has not seen — never submitted, still on its way to the matching, or
   * older than what a restored state kept.
   */
  orderStatus(clientOrderId: string): VenueOrderStatus | null {
    const o = this.facts.get(clientOrderId);
    return o === undefined || !o.arrived ? null : venueOrderStatus(o);
  }

  /** The venue's side of the run, JSON-able (exchange-state.ts); messages in flight are not in it. */
  exportState(): SimExchangeState {
    const orders: SimOrderState[] = [];
    for (const [id, o] of this.ended) if (this.facts.get(id) === o) orders.push(simOrderState(o));
    const open = [...this.live.values()].filter((o) => o.arrived).sort((a, b) => a.seq - b.seq);
    for (const o of open) orders.push(simOrderState(o));
    const symbols: Record<string, { resting: string[]; held: string[] }> = {};
    for (const name of [...this.symbols.keys()].sort()) {
      const sym = this.symbols.get(name) as SymbolState;
      symbols[name] = { resting: sym.resting.list().map((o) => o.request.clientOrderId), held: sym.held.map((o) => o.request.clientOrderId) };
    }
    return {
      product: this.product,
      orders,
      symbols,
      nextSeq: this.nextSeq,
      nextVenueId: this.nextVenueId,
      nextTradeId: this.nextTradeId,
      lastDeliveryUs: Number.isFinite(this.lastDeliveryUs) ? this.lastDeliveryUs : null,
      rateLimit: this.limiter.exportState(),
      random: isSeededRandom(this.random) ? this.random.state() : null,
    };
  }

  /**
   * Puts a saved state into this exchange, which must be fresh (nothing submitted yet) and trade the same
   * symbols; its account must be restored to the same moment. Read and checked whole first: a StateError
   * changes nothing.
   */
  restore(state: SimExchangeState): void {
    if (this.facts.size > 0 || this.live.size > 0) throw new Error('SimulatedExchange.restore: the exchange has orders already (restore into a fresh one)');
    const s = readSimExchangeState(state, this.product, [...this.symbols.keys()]);
    if (s.random !== null && !isSeededRandom(this.random)) throw new Error('SimulatedExchange.restore: the state has a random state, but this exchange was given a Random that cannot be set');
    const byId = new Map<string, SimOrder>();
    for (const saved of s.orders) {
      const o = simOrderOf(saved);
      byId.set(o.request.clientOrderId, o);
      this.facts.set(o.request.clientOrderId, o);
      if (isFinalStatus(o.state.status)) this.ended.set(o.request.clientOrderId, o);
    }
    for (const [name, saved] of Object.entries(s.symbols)) {
      const sym = this.symbols.get(name) as SymbolState;
      for (const id of saved.resting) {
        const o = byId.get(id) as SimOrder;
        sym.resting.adopt(o);
        this.live.set(id, o);
      }
      for (const id of saved.held) {
        const o = byId.get(id) as SimOrder;
        sym.held.push(o);
        this.live.set(id, o);
      }
    }
    this.nextSeq = s.nextSeq;
    this.nextVenueId = s.nextVenueId;
    this.nextTradeId = s.nextTradeId;
    this.lastDeliveryUs = s.lastDeliveryUs ?? Number.NEGATIVE_INFINITY;
    this.limiter.restore(s.rateLimit);
    if (s.random !== null && isSeededRandom(this.random)) this.random.setState(s.random);
  }

  private arrive(sym: SymbolState, order: SimOrder): void {
    const limited = this.limiter.admit(this.time.nowUs());
    if (limited !== null) return this.reject(sym, order, limited);
    if (!sym.book.healthy()) {
      if (sym.params.gapPolicy === 'hold') {
        sym.held.push(order);
        return;
      }
      return this.reject(sym, order, SIM_REASONS.notSynced);
    }
    this.match(sym, order);
  }

  private releaseHeld(sym: SymbolState): void {
    while (sym.held.length > 0 && sym.book.healthy()) this.match(sym, sym.held.shift() as SimOrder);
  }

  private match(sym: SymbolState, order: SimOrder): void {
    const nowUs = this.time.nowUs();
    const problem = orderRequestProblem(order.request);
    if (problem !== null) return this.reject(sym, order, problem);
    if (sym.rules !== null) {
      const failure = orderFilterFailure(sym.rules, sym.book.instrument, order.side, order.priceTicks, order.qtyLots, (mins) => sym.average?.at(nowUs, mins) ?? null);
      if (failure !== null) return this.reject(sym, order, failure);
    }
    const refused = this.account.reserve(order.request.clientOrderId, order.symbol, order.side, order.priceTicks, order.qtyLots);
    if (refused !== null) return this.reject(sym, order, refused);
    order.reserved = true;
    if (order.type === 'LIMIT_MAKER' && wouldTake(sym.book, order)) {
      this.releaseOf(order);
      return this.reject(sym, order, SIM_REASONS.wouldTake);
    }
    order.venueOrderId = String(++this.nextVenueId);
    if (order.type === 'LIMIT_MAKER') {
      // It joins its level's queue as it is accepted: the ack knows the queue ahead.
      sym.resting.join(order);
      this.emit(sym, order, { kind: 'accepted', venueOrderId: order.venueOrderId });
      return;
    }
    this.emit(sym, order, { kind: 'accepted', venueOrderId: order.venueOrderId });
    for (const [ticks, lots] of takeLiquidity(sym.book, sym.consumed, order.side, order.qtyLots, order.priceTicks)) this.booked(sym, order, ticks, lots, 'taker');
    if (remainingLots(order) === 0) return this.end(order);
    if (order.type === 'LIMIT_IOC') {
      this.emit(sym, order, { kind: 'expired' });
      return this.end(order);
    }
    sym.resting.join(order);
  }

  /** A maker fill: always at the order's own limit price (there is no other price to pass). */
  private makerFill(sym: SymbolState, order: SimOrder, lots: number): void {
    this.booked(sym, order, order.priceTicks, lots, 'maker');
    if (remainingLots(order) === 0) {
      sym.resting.remove(order);
      this.end(order);
    }
  }

  private booked(sym: SymbolState, order: SimOrder, priceTicks: number, lots: number, liquidity: 'maker' | 'taker'): void {
    if (liquidity === 'maker' && priceTicks !== order.priceTicks) {
      throw new Error(`${order.request.clientOrderId}: maker fill at ${priceTicks}, limit ${order.priceTicks} (a simulator bug)`);
    }
    const timeUs = this.time.nowUs();
    const { fee, feeAsset } = this.account.fill(order.request.clientOrderId, { symbol: order.symbol, side: order.side, priceTicks, qtyLots: lots, liquidity, timeUs });
    order.filledLots += lots;
    const tradeId = String(++this.nextTradeId);
    order.fills.push({ tradeId, priceTicks, qtyLots: lots, fee, feeAsset, maker: liquidity === 'maker', timeUs });
    this.emit(sym, order, { kind: 'filled', tradeId, priceTicks, qtyLots: lots, liquidity, fee, feeAsset });
  }

  /** Cancels an order that is held or resting; false when it is neither (in flight, ended, unknown). */
  private cancelOpen(sym: SymbolState, order: SimOrder): boolean {
    const heldAt = sym.held.indexOf(order);
    if (heldAt >= 0) sym.held.splice(heldAt, 1);
    else if (!sym.resting.remove(order)) return false;
    this.emit(sym, order, { kind: 'canceled' });
    this.end(order);
    return true;
  }

  private reject(sym: SymbolState, order: SimOrder, reason: string): void {
    this.emit(sym, order, { kind: 'rejected', reason });
    this.end(order);
  }

  private end(order: SimOrder): void {
    this.releaseOf(order);
    const id = order.request.clientOrderId;
    if (this.live.get(id) === order) this.live.delete(id);
    if (this.facts.get(id) === order) {
      this.ended.delete(id);
      this.ended.set(id, order);
      if (this.ended.size > ENDED_ORDERS_KEPT) this.ended.delete(this.ended.keys().next().value as string);
    }
  }

  private releaseOf(order: SimOrder): void {
    if (!order.reserved) return;
    order.reserved = false;
    this.account.release(order.request.clientOrderId);
  }

  /** Emits a report about `order` now: the venue's view of the order moves with it, and the sink hears it after the response latency. */
  private emit(sym: SymbolState, order: SimOrder, body: ReportBody): void {
    const report = { ...body, clientOrderId: order.request.clientOrderId, symbol: order.symbol, transactTimeMs: this.transactMs() } as ExecutionReport;
    const next = applyReport(order.state, report);
    if (next.type === 'invalid') throw new Error(`simulated exchange emitted an impossible report: ${next.detail} (${next.reason})`);
    order.state = next.order;
    this.deliver(report, this.time.nowUs(), sym);
  }

  /** Hands `report` to the sink at `eventUs` + response latency (`sym`'s; none without one), never before an earlier report. */
  private deliver(report: ExecutionReport, eventUs: number, sym?: SymbolState): void {
    const dueUs = Math.max(eventUs + (sym === undefined ? 0 : sym.latency.delayUs('response')), this.lastDeliveryUs);
    this.lastDeliveryUs = dueUs;
    const sink = this.sink as ExecutionReportSink;
    this.observe?.(report, eventUs);
    this.time.at(dueUs, () => {
      if (!this.closed) sink.report(report);
    });
  }

  private transactMs(): number {
    return Math.floor(this.time.nowUs() / 1000);
  }

  private firstSymbol(): SymbolState {
    return this.symbols.values().next().value as SymbolState;
  }

  private requireConnected(): void {
    if (this.sink === null) throw new Error('SimulatedExchange: connect() first');
  }
}

type ReportBody = DistributiveOmit<ExecutionReport, 'clientOrderId' | 'symbol' | 'transactTimeMs'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function newSimOrder(request: OrderRequest, submitUs: number, arrivalUs: number, seq: number): SimOrder {
  const { intent } = request;
  return {
    request,
    symbol: intent.symbol,
    side: intent.side,
    type: intent.type,
    priceTicks: intent.priceTicks,
    qtyLots: intent.qtyLots,
    submitUs,
    arrivalUs,
    seq,
    venueOrderId: null,
    filledLots: 0,
    reserved: false,
    queue: null,
    lastSeenLots: 0,
    queueAheadAtJoin: null,
    state: stateOf(request),
    arrived: false,
    fills: [],
  };
}

/** The venue's view of a fresh order; a malformed request still gets one (its reject needs a state to move). */
function stateOf(request: OrderRequest): SimOrder['state'] {
  if (orderRequestProblem(request) === null) return createOrder(request);
  return { request, status: 'pendingNew', filledLots: 0, venueOrderId: null, tradeIds: [], rejectReason: null };
}

/** A post-only order would take: a buy at or above the best ask, a sell at or below the best bid (the fused top: the freshest). */
function wouldTake(book: BookView, order: SimOrder): boolean {
  const top = book.topOfBook();
  if (order.side === 'buy') {
    const ask = top?.askTicks ?? book.bestAsk()?.ticks;
    return ask !== undefined && ask > 0 && order.priceTicks >= ask;
  }
  const bid = top?.bidTicks ?? book.bestBid()?.ticks;
  return bid !== undefined && bid > 0 && order.priceTicks <= bid;
}

