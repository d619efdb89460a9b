// features/notional-imbalance: the desk's weighted notional imbalance over the top N levels.
// D = Σ price×qty (top N asks) − Σ price×qty (top N bids), in quote currency. Signal: SELLING when
// D > +threshold × ask notional (more resting supply), BUYING when D < −threshold × bid notional, else
// NEUTRAL. Floats: a ratio for display and signals, never for money.

import type { OrderBook } from '../book/index.js';
import { lotsToNumber, ticksToNumber, type Instrument } from '../model/index.js';

export type ImbalanceSignal = 'BUYING' | 'SELLING' | 'NEUTRAL';

export interface NotionalImbalance {
  readonly bidNotional: number;
  readonly askNotional: number;
  /** askNotional − bidNotional. */
  readonly imbalance: number;
  readonly signal: ImbalanceSignal;
}

function sideNotional(inst: Instrument, levels: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < levels.length; i += 2) {
    sum += ticksToNumber(inst, levels[i] as number) * lotsToNumber(inst, levels[i + 1] as number);
  }
  return sum;
}

export function notionalImbalance(book: OrderBook, inst: Instrument, levels: number, threshold = 0.1): NotionalImbalance {
  const bidNotional = sideNotional(inst, book.bids.top(levels));
  const askNotional = sideNotional(inst, book.asks.top(levels));
  const imbalance = askNotional - bidNotional;
  let signal: ImbalanceSignal = 'NEUTRAL';
  if (imbalance > threshold * askNotional) signal = 'SELLING';
  else if (imbalance < -threshold * bidNotional) signal = 'BUYING';
  return { bidNotional, askNotional, imbalance, signal };
}
