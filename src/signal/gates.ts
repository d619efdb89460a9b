// signal/gates: the signal's gates as values — each a GateResult with its value and limit, oriented to the
// side evaluated (a sell's TFI gate holds −TFI, so "value > 0" reads the same for both sides), in the
// design's fixed order (SIGNAL_GATES). A value that is not known (null) fails its gate. Pure functions of
// the numbers given; the engine (engine.ts) gathers them. docs/STRATEGY.md describes each gate.

import type { GateResult, TickerAgreement } from '../model/index.js';

export const SIGNAL_GATES = [
  'warmup',
  'synced',
  'stale',
  'cooldown',
  'bookTicker',
  'latency',
  'spread',
  'vol',
  'score',
  'tfi',
  'ofi',
  'microprice',
  'refill',
  'cost',
  'position',
] as const;
export type SignalGate = (typeof SIGNAL_GATES)[number];

/** States of the last bookTicker that let the bookTicker gate pass: it agrees with the book, or the book is newer. */
export const AGREEING_TICKER: ReadonlySet<TickerAgreement> = new Set(['bookNewer', 'agrees', 'touchAgrees']);

export interface GateInputs {
  /** Seconds since the first z-baseline sample; null before one. */
  readonly warmupSeconds: number | null;
  readonly samples: number;
  readonly synced: boolean;
  readonly stale: boolean;
  /** Seconds since the book last synced; null while not synced. */
  readonly syncedSeconds: number | null;
  readonly tickerAgreement: TickerAgreement | null;
  readonly latencyMs: number | null;
  readonly spreadBps: number | null;
  readonly volBps: number | null;
  readonly score: number | null;
  /** Side-oriented: ±TFI, ±OFI, ± micro-price edge bps. */
  readonly tfi: number | null;
  readonly ofi: number | null;
  readonly micropriceEdgeBps: number | null;
  /** Refill ratio of the side the order takes from or leans against: the asks' for a buy, the bids' for a sell. */
  readonly refillRatio: number | null;
  readonly alphaBps: number | null;
  readonly costBps: number | null;
  /** The quantity the position model lets the order have, lots (a sell: at most the inventory); null without a price. */
  readonly orderLots: number | null;
}

export interface GateLimits {
  readonly warmupSeconds: number;
  readonly cooldownSeconds: number;
  readonly maxLatencyMs: number;
  readonly maxSpreadBps: number;
  readonly volMinBps: number;
  readonly volMaxBps: number;
  readonly scoreThreshold: number;
  readonly maxRefillRatio: number;
}

type Value = GateResult['value'];

function gate(name: SignalGate, value: Value, limit: GateResult['limit'], pass: boolean): GateResult {
  return { gate: name, pass, value, limit };
}

/** value > limit, failing when value is unknown. */
function above(name: SignalGate, value: number | null, limit: number): GateResult {
  return gate(name, value, limit, value !== null && value > limit);
}

/** value ≤ limit, failing when value is unknown. */
function atMost(name: SignalGate, value: number | null, limit: number): GateResult {
  return gate(name, value, limit, value !== null && value <= limit);
}

/** Every signal gate, in SIGNAL_GATES order. */
export function signalGates(x: GateInputs, l: GateLimits): GateResult[] {
  return [
    gate('warmup', x.warmupSeconds, l.warmupSeconds, x.warmupSeconds !== null && x.warmupSeconds >= l.warmupSeconds && x.samples >= 2),
    gate('synced', x.synced, true, x.synced),
    gate('stale', x.stale, false, !x.stale),
    gate('cooldown', x.syncedSeconds, l.cooldownSeconds, x.syncedSeconds !== null && x.syncedSeconds >= l.cooldownSeconds),
    gate('bookTicker', x.tickerAgreement, 'agrees', x.tickerAgreement !== null && AGREEING_TICKER.has(x.tickerAgreement)),
    atMost('latency', x.latencyMs, l.maxLatencyMs),
    atMost('spread', x.spreadBps, l.maxSpreadBps),
    gate('vol', x.volBps, `${l.volMinBps}–${l.volMaxBps}`, x.volBps !== null && x.volBps >= l.volMinBps && x.volBps <= l.volMaxBps),
    above('score', x.score, l.scoreThreshold),
    above('tfi', x.tfi, 0),
    above('ofi', x.ofi, 0),
    above('microprice', x.micropriceEdgeBps, 0),
    gate('refill', x.refillRatio, l.maxRefillRatio, x.refillRatio !== null && x.refillRatio < l.maxRefillRatio),
    gate('cost', x.alphaBps, x.costBps, x.alphaBps !== null && x.costBps !== null && x.alphaBps > x.costBps),
    above('position', x.orderLots, 0),
  ];
}
