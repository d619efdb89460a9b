// sim/sim-order: one order inside the simulated exchange — its request, its clocks, what has filled, its
// queue position while it rests, and the venue's own view of its state (model/order-state.ts), advanced by
// every report the exchange emits so an impossible report (an overfill, a maker fill away from the limit, a
// post-only order that took) fails the run at once instead of reaching the strategy.

import type { Order, OrderRequest, OrderSide, OrderType, VenueFill } from '../model/index.js';
import type { QueuePosition } from './queue.js';

export interface SimOrder {
  readonly request: OrderRequest;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly priceTicks: number;
  readonly qtyLots: number;
  /** Decision time (the submit call), µs. */
  readonly submitUs: number;
  /** Time it reaches the matching: submit + submit latency, µs. */
  readonly arrivalUs: number;
  /** Arrival order across the exchange: the tie-breaker between our own orders at one price. */
  readonly seq: number;
  venueOrderId: string | null;
  filledLots: number;
  /** The account holds a reservation for it. */
  reserved: boolean;
  /** While it rests: its place in the level's queue; null otherwise. */
  queue: QueuePosition | null;
  /** Displayed lots at its price when last read (the previous size for the queue model). */
  lastSeenLots: number;
  /** Lots displayed ahead of it when it joined the queue; null when it never rested. */
  queueAheadAtJoin: number | null;
  /** The venue's view of the order, after every report emitted so far. */
  state: Order;
  /** It has reached the matching (before that, the venue does not know it). */
  arrived: boolean;
  /** Its fills as the venue records them, in order. */
  readonly fills: VenueFill[];
}

export function remainingLots(order: SimOrder): number {
  return order.qtyLots - order.filledLots;
}
