// sim/queue: where one of our resting orders stands in its price level's queue, estimated from L2 data only
// (displayed size per price, and trades), as hftbacktest's queue models do (models/queue.rs). The queue
// position is `ahead`: lots of other orders in front of ours. It only ever decides how much of a trade at
// our price reaches us; the fill price is never the model's business (sim/resting.ts fills at the limit).
//
// - risk-averse: at the join `ahead = displayed size`; a trade at the price does `ahead −= qty`; any size
//   change does `ahead = min(ahead, new size)` (cancels assumed to come from the back of the queue).
// - prob-power / prob-log: a trade does `ahead −= qty` and adds qty to `cumTrade`. On a size decrease,
//   `chg = prev − new − cumTrade` (a decrease the trades already explained is not counted twice; cumTrade
//   then resets), `back = prev − ahead`, `p = f(back) / (f(back) + f(ahead))` (1 when both are 0), and
//   `ahead' = min(new, ahead − (1 − p)·chg + min(back − p·chg, 0))`; an increase only caps `ahead` at the
//   new size. f(x) = x^n (prob-power, n = queuePower) or ln(1 + x) (prob-log), x in base units as in
//   hftbacktest (ln is not scale-free).
//
// Whole lots: the probabilistic estimate is rounded up to a whole lot (never advancing us by a fraction)
// and never goes below 0. A trade that takes `ahead` below 0 fills the overshoot; the order is then at the
// front (`ahead = 0`).

export type QueueModelName = 'risk-averse' | 'prob-power' | 'prob-log';

export const QUEUE_MODELS: readonly QueueModelName[] = ['risk-averse', 'prob-power', 'prob-log'];

/** One order's place in its level's queue (mutable: the exchange owns it). */
export interface QueuePosition {
  /** Lots of others ahead of the order (whole, ≥ 0 between events). */
  ahead: number;
  /** Lots traded at the price since the last size change (probabilistic models). */
  cumTrade: number;
}

export interface QueueModel {
  readonly name: QueueModelName;
  /** The position of an order joining behind `displayedLots`. */
  join(displayedLots: number): QueuePosition;
  /**
   * A trade at the order's price against its side, `printedLots` as printed, of which `lots` were not
   * already given to our own orders in front: returns the lots that reach the order (the overshoot, ≥ 0).
   */
  trade(position: QueuePosition, lots: number, printedLots: number): number;
  /** The displayed size at the order's price went from `prevLots` to `newLots`. */
  sizeChanged(position: QueuePosition, prevLots: number, newLots: number): void;
}

/** The probability weight of prob-power / prob-log (hftbacktest's f). */
export type QueueWeight = (baseQty: number) => number;

function overshoot(position: QueuePosition, lots: number): number {
  position.ahead -= lots;
  if (position.ahead >= 0) return 0;
  const reached = -position.ahead;
  position.ahead = 0;
  return reached;
}

export function riskAverseQueue(): QueueModel {
  return {
    name: 'risk-averse',
    join: (displayedLots) => ({ ahead: displayedLots, cumTrade: 0 }),
    trade: (position, lots) => overshoot(position, lots),
    sizeChanged: (position, _prevLots, newLots) => {
      position.ahead = Math.min(position.ahead, newLots);
    },
  };
}

/**
 * A probabilistic queue model with weight `f` over base quantities; `lotSize` converts lots to base units
 * (lots × lotSize) for f. The formula of the module header, exactly.
 */
export function probabilisticQueue(name: 'prob-power' | 'prob-log', f: QueueWeight, lotSize: number): QueueModel {
  return {
    name,
    join: (displayedLots) => ({ ahead: displayedLots, cumTrade: 0 }),
    trade: (position, lots, printedLots) => {
      // The displayed size will drop by the whole print: that part of the next decrease is explained.
      position.cumTrade += printedLots;
      return overshoot(position, lots);
    },
    sizeChanged: (position, prevLots, newLots) => {
      const chg = prevLots - newLots - position.cumTrade;
      position.cumTrade = 0;
      if (chg < 0) {
        position.ahead = Math.min(position.ahead, newLots);
        return;
      }
      const front = position.ahead;
      const back = prevLots - front;
      const fb = f(back * lotSize);
      const ff = f(front * lotSize);
      let p = fb / (fb + ff);
      if (!Number.isFinite(p)) p = 1;
      const estimate = front - (1 - p) * chg + Math.min(back - p * chg, 0);
      // Round up to a whole lot; 1e-9 lot of float noise is not a lot.
      position.ahead = Math.max(0, Math.min(newLots, Math.ceil(estimate - 1e-9)));
    },
  };
}

/** The queue model a symbol's parameters name. */
export function queueModelOf(name: QueueModelName, queuePower: number, lotSize: number): QueueModel {
  switch (name) {
    case 'risk-averse':
      return riskAverseQueue();
    case 'prob-power':
      return probabilisticQueue(name, (x) => x ** queuePower, lotSize);
    case 'prob-log':
      return probabilisticQueue(name, (x) => Math.log1p(x), lotSize);
  }
}
