// sim/exchange-state: the saved state of the simulated exchange (restart recovery) — the JSON-able shape
// SimulatedExchange.exportState() gives and restore() takes, and its reader (a StateError naming the first
// bad field). It holds the venue's side only: the orders it has seen (open ones with their exact queue
// estimate, and the last ENDED_ORDERS_KEPT ended ones with their fills), its id counters, its rate-limit
// windows and the latency draws' random state. Never the book (it comes from new market data), never a
// message in flight (lost at a restart, like the packets of a dead process).

import { PRODUCTS, StateFields, type StateItem, isFinalStatus, readOrder, readVenueFill, type Order, type Product, type VenueFill, type VenueOrderStatus } from '../model/index.js';
import type { RateLimiterState } from './rate-limit.js';
import type { SimOrder } from './sim-order.js';

/** Ended orders a state keeps (the most recent to end). */
export const ENDED_ORDERS_KEPT = 1000;

/** One order the venue has seen. */
export interface SimOrderState {
  /** The venue's view of the order: its request, status, filled lots, venue id, trade ids. */
  readonly order: Order;
  readonly submitUs: number;
  readonly arrivalUs: number;
  /** Arrival order across the exchange (ties between our orders at one price). */
  readonly seq: number;
  /** The account holds a reservation for it. */
  readonly reserved: boolean;
  /** Its place in its level's queue while it rests; null otherwise. */
  readonly queue: { readonly ahead: number; readonly cumTrade: number } | null;
  /** Displayed lots at its price when last read. */
  readonly lastSeenLots: number;
  readonly queueAheadAtJoin: number | null;
  readonly fills: readonly VenueFill[];
}

export interface SimExchangeSymbolState {
  /** Client ids of the resting orders, in the exchange's list order. */
  readonly resting: readonly string[];
  /** Client ids of the orders held until the book is synced (gapPolicy hold), in arrival order. */
  readonly held: readonly string[];
}

export interface SimExchangeState {
  readonly product: Product;
  /** The ended orders kept (oldest end first), then the open ones (held or resting) by seq. */
  readonly orders: readonly SimOrderState[];
  /** By symbol, sorted. */
  readonly symbols: Readonly<Record<string, SimExchangeSymbolState>>;
  readonly nextSeq: number;
  readonly nextVenueId: number;
  readonly nextTradeId: number;
  /** The delivery time of the last report sent (a later one never overtakes it); null before any. */
  readonly lastDeliveryUs: number | null;
  readonly rateLimit: RateLimiterState;
  /** The latency draws' generator state; null when the exchange's Random cannot be saved. */
  readonly random: number | null;
}

const OWNER = 'sim exchange';

function readSimOrder(f: StateFields): SimOrderState {
  const order = readOrder(f.object('order'));
  const queueValue = f.value('queue');
  let queue: SimOrderState['queue'] = null;
  if (queueValue !== null) {
    const q = f.object('queue');
    queue = { ahead: q.integer('ahead'), cumTrade: q.integer('cumTrade') };
    q.end();
  }
  const state: SimOrderState = {
    order,
    submitUs: f.integer('submitUs', Number.MIN_SAFE_INTEGER),
    arrivalUs: f.integer('arrivalUs', Number.MIN_SAFE_INTEGER),
    seq: f.integer('seq'),
    reserved: f.boolean('reserved'),
    queue,
    lastSeenLots: f.integer('lastSeenLots'),
    queueAheadAtJoin: f.nullableInteger('queueAheadAtJoin'),
    fills: f.list('fills', (item) => readVenueFill(item.object())),
  };
  f.end();
  const lots = state.fills.reduce((sum, fill) => sum + fill.qtyLots, 0);
  if (lots !== order.filledLots) f.fail('fills', `add up to ${lots} lots, the order has ${order.filledLots} filled`);
  if (state.fills.map((fill) => fill.tradeId).join(' ') !== order.tradeIds.join(' ')) f.fail('fills', "trade ids differ from the order's tradeIds");
  if (isFinalStatus(order.status) && (state.reserved || state.queue !== null)) f.fail(state.reserved ? 'reserved' : 'queue', `must be ${state.reserved ? 'false' : 'null'} for an ended order`);
  return state;
}

/** Reads a SimExchangeState for an exchange of `product` trading `symbols`; a StateError names the first bad field. */
export function readSimExchangeState(value: unknown, product: Product, symbols: readonly string[]): SimExchangeState {
  const f = StateFields.of(OWNER, value);
  const stateProduct = f.oneOf('product', PRODUCTS);
  if (stateProduct !== product) f.fail('product', `is ${stateProduct}, this exchange's is ${product}`);
  const orders = f.list('orders', (item) => readSimOrder(item.object()));
  const byId = new Map<string, SimOrderState>();
  orders.forEach((o, i) => {
    const id = o.order.request.clientOrderId;
    if (byId.has(id)) f.fail(`orders[${i}].order.request.clientOrderId`, `${JSON.stringify(id)} is listed twice`);
    if (!symbols.includes(o.order.request.intent.symbol)) f.fail(`orders[${i}].order.request.intent.symbol`, `${o.order.request.intent.symbol} is not a symbol of this exchange (${symbols.join(', ')})`);
    if (o.order.request.intent.product !== product) f.fail(`orders[${i}].order.request.intent.product`, `is ${o.order.request.intent.product}, this exchange's is ${product}`);
    byId.set(id, o);
  });
  const symbolFields = f.object('symbols');
  const placed = new Set<string>();
  const symbolStates: Record<string, SimExchangeSymbolState> = {};
  for (const symbol of [...symbols].sort()) {
    const s = symbolFields.object(symbol);
    const ids = (key: 'resting' | 'held') =>
      s.list(key, (item: StateItem) => {
        const id = item.string();
        const o = byId.get(id);
        if (o === undefined) item.fail(`names ${JSON.stringify(id)}, which is not in orders`);
        if (o.order.request.intent.symbol !== symbol) item.fail(`names ${id}, an order of ${o.order.request.intent.symbol}`);
        if (placed.has(id)) item.fail(`names ${id}, which is resting or held twice`);
        if (isFinalStatus(o.order.status)) item.fail(`names ${id}, which has ended (${o.order.status})`);
        if (key === 'resting' && (o.queue === null || !o.reserved)) item.fail(`names ${id}, which has no queue position or no reservation`);
        if (key === 'held' && (o.queue !== null || o.reserved || o.order.status !== 'pendingNew')) item.fail(`names ${id}, which is not waiting to be matched`);
        placed.add(id);
        return id;
      });
    symbolStates[symbol] = { resting: ids('resting'), held: ids('held') };
    s.end();
  }
  symbolFields.end();
  orders.forEach((o, i) => {
    const id = o.order.request.clientOrderId;
    if (!isFinalStatus(o.order.status) && !placed.has(id)) f.fail(`orders[${i}]`, `${id} is open (${o.order.status}) but neither resting nor held`);
  });
  const r = f.object('rateLimit');
  const rateLimit: RateLimiterState = {
    windowStart: r.nullableInteger('windowStart', Number.MIN_SAFE_INTEGER),
    windowCount: r.integer('windowCount'),
    day: r.nullableInteger('day', Number.MIN_SAFE_INTEGER),
    dayCount: r.integer('dayCount'),
  };
  r.end();
  const state: SimExchangeState = {
    product,
    orders,
    symbols: symbolStates,
    nextSeq: f.integer('nextSeq'),
    nextVenueId: f.integer('nextVenueId'),
    nextTradeId: f.integer('nextTradeId'),
    lastDeliveryUs: f.nullableInteger('lastDeliveryUs', Number.MIN_SAFE_INTEGER),
    rateLimit,
    random: f.nullableInteger('random'),
  };
  f.end();
  return state;
}

/** The saved form of one order the exchange holds. */
export function simOrderState(o: SimOrder): SimOrderState {
  return {
    order: o.state,
    submitUs: o.submitUs,
    arrivalUs: o.arrivalUs,
    seq: o.seq,
    reserved: o.reserved,
    queue: o.queue === null ? null : { ahead: o.queue.ahead, cumTrade: o.queue.cumTrade },
    lastSeenLots: o.lastSeenLots,
    queueAheadAtJoin: o.queueAheadAtJoin,
    fills: o.fills.map((fill) => ({ ...fill })),
  };
}

/** The order a saved state describes (it has arrived: orders in flight are never saved). */
export function simOrderOf(s: SimOrderState): SimOrder {
  const { request } = s.order;
  return {
    request,
    symbol: request.intent.symbol,
    side: request.intent.side,
    type: request.intent.type,
    priceTicks: request.intent.priceTicks,
    qtyLots: request.intent.qtyLots,
    submitUs: s.submitUs,
    arrivalUs: s.arrivalUs,
    seq: s.seq,
    venueOrderId: s.order.venueOrderId,
    filledLots: s.order.filledLots,
    reserved: s.reserved,
    queue: s.queue === null ? null : { ahead: s.queue.ahead, cumTrade: s.queue.cumTrade },
    lastSeenLots: s.lastSeenLots,
    queueAheadAtJoin: s.queueAheadAtJoin,
    state: s.order,
    arrived: true,
    fills: s.fills.map((fill) => ({ ...fill })),
  };
}

/** The venue's record of an order (its "query order" answer). */
export function venueOrderStatus(o: SimOrder): VenueOrderStatus {
  const status = o.state.status;
  return {
    clientOrderId: o.request.clientOrderId,
    venueOrderId: o.venueOrderId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    priceTicks: o.priceTicks,
    qtyLots: o.qtyLots,
    status: status === 'filled' || status === 'canceled' || status === 'expired' || status === 'rejected' ? status : 'open',
    filledLots: o.filledLots,
    fills: o.fills.map((fill) => ({ ...fill })),
    rejectReason: o.state.rejectReason,
  };
}
