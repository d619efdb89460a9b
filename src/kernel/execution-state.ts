// kernel/execution-state: the saved state of the OrderManager (restart recovery) — the JSON-able shape
// OrderManager.exportState() gives and restore() takes, and its reader (a StateError naming the first bad
// field). It holds our side of every open order and of the last ENDED_ORDERS_KEPT ended ones: the order
// (request and state), when its TTL cancel is due, when a cancel was asked; and the open count per symbol.

import { StateError } from '../core/index.js';
import { StateFields, isFinalStatus, readOrder, type Instrument, type Order } from '../model/index.js';

/** Ended orders a state keeps (the most recent to end). */
export const ENDED_ORDERS_KEPT = 1000;

export interface TrackedOrderState {
  readonly order: Order;
  /** When the TTL cancel of a LIMIT_MAKER is (or was) due: its accept time + makerTtlMs; null before an accept. */
  readonly ttlDueUs: number | null;
  /** When the last cancel was asked (the cancel latency is measured from it); null before any. */
  readonly cancelRequestedUs: number | null;
  /** Its place among the orders that ended (0, 1, ...); null while open. */
  readonly endSeq: number | null;
}

export interface OrderManagerState {
  /** Every open order and the last ENDED_ORDERS_KEPT ended ones, in the order they were sent. */
  readonly orders: readonly TrackedOrderState[];
  /** Open orders per symbol, sorted (every symbol that ever had one). */
  readonly openBySymbol: Readonly<Record<string, number>>;
  /** Orders that have ended so far (the next end's endSeq). */
  readonly endedCount: number;
}

const OWNER = 'order manager';

/** Reads an OrderManagerState whose symbols must be in `instruments`; a StateError names the first bad field. */
export function readOrderManagerState(value: unknown, instruments: ReadonlyMap<string, Instrument>): OrderManagerState {
  const f = StateFields.of(OWNER, value);
  const endedCount = f.integer('endedCount');
  const ids = new Set<string>();
  const endSeqs = new Set<number>();
  const orders = f.list('orders', (item) => {
    const o: StateFields = item.object();
    const order = readOrder(o.object('order'));
    const tracked: TrackedOrderState = {
      order,
      ttlDueUs: o.nullableInteger('ttlDueUs', Number.MIN_SAFE_INTEGER),
      cancelRequestedUs: o.nullableInteger('cancelRequestedUs', Number.MIN_SAFE_INTEGER),
      endSeq: o.nullableInteger('endSeq'),
    };
    o.end();
    const { clientOrderId, intent } = order.request;
    const instrument = instruments.get(intent.symbol);
    if (instrument === undefined) o.fail('order.request.intent.symbol', `${intent.symbol} is not a symbol traded here (${[...instruments.keys()].join(', ')})`);
    if (instrument.product !== intent.product) o.fail('order.request.intent.product', `is ${intent.product}, ${intent.symbol} is traded on ${instrument.product}`);
    if (ids.has(clientOrderId)) o.fail('order.request.clientOrderId', `${JSON.stringify(clientOrderId)} is listed twice`);
    ids.add(clientOrderId);
    if (isFinalStatus(order.status) !== (tracked.endSeq !== null)) o.fail('endSeq', `must be ${isFinalStatus(order.status) ? 'a number for an ended' : 'null for an open'} order, got ${tracked.endSeq}`);
    if (tracked.endSeq !== null) {
      if (tracked.endSeq >= endedCount) o.fail('endSeq', `must be below endedCount ${endedCount}, got ${tracked.endSeq}`);
      if (endSeqs.has(tracked.endSeq)) o.fail('endSeq', `${tracked.endSeq} is taken by another order`);
      endSeqs.add(tracked.endSeq);
    }
    return tracked;
  });
  const openBySymbol = Object.fromEntries(f.map('openBySymbol', (item) => item.integer()));
  f.end();
  const open = new Map<string, number>();
  for (const t of orders) if (!isFinalStatus(t.order.status)) open.set(t.order.request.intent.symbol, (open.get(t.order.request.intent.symbol) ?? 0) + 1);
  for (const symbol of new Set([...open.keys(), ...Object.keys(openBySymbol)])) {
    const counted = openBySymbol[symbol] ?? 0;
    if (counted !== (open.get(symbol) ?? 0)) {
      throw new StateError(`${OWNER} state: field openBySymbol.${symbol} is ${counted}, but ${open.get(symbol) ?? 0} of the orders are open`, `openBySymbol.${symbol}`);
    }
  }
  return { orders, openBySymbol, endedCount };
}
