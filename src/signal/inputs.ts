// signal/inputs: what the signal reads of one symbol's market at the run's time, from its read-only
// MarketView — the fused top of book and the seven baseline inputs over the configured windows (TFI, touch
// OFI, weighted MLOFI, micro-price edge, ask − bid depletion, spread, realized vol) plus the refill ratios.
// Each value is null when it cannot be known (no synced top of book, no feature engine, a window the engine
// does not run, a micro-price with no history). Floats: ratios and bps.

import type { FeatureView, FlowWindowView, MarketView, TopOfBookView } from '../model/index.js';
import type { StrategyParams } from '../config/index.js';

/** The baseline score's inputs, in the order of BASELINE_TERMS. */
export const BASELINE_TERMS = ['tfi', 'ofi', 'mlofi', 'microprice', 'depletion', 'spread', 'vol'] as const;
export type BaselineTerm = (typeof BASELINE_TERMS)[number];
/** Terms whose sign says the direction: the sell side's mirror score flips them (spread and vol are penalties of both). */
export const DIRECTIONAL_TERMS: ReadonlySet<BaselineTerm> = new Set(['tfi', 'ofi', 'mlofi', 'microprice', 'depletion']);

export interface MarketReading {
  /** The fused top of book; null when the book is not synced or a side is empty. */
  readonly top: TopOfBookView | null;
  /** bid + ask ticks of the fused top (twice the mid, exact); null without a top. */
  readonly midTicks2: number | null;
  /** The baseline inputs by term (raw, not oriented to a side). */
  readonly terms: Readonly<Record<BaselineTerm, number | null>>;
  /** added / depleted near the touch over refill.windowMs, per side. */
  readonly bidRefillRatio: number | null;
  readonly askRefillRatio: number | null;
}

/** The feature view's windows by length, each computed once per reading (the baseline reads the 1 s window four times). */
function windowReader(features: FeatureView | null): (ms: number) => FlowWindowView | null {
  if (features === null) return () => null;
  const read = new Map<number, FlowWindowView | null>();
  return (ms) => {
    let w = read.get(ms);
    if (w === undefined) {
      w = features.window(ms);
      read.set(ms, w);
    }
    return w;
  };
}

/** Σ weights[i] · mlofi[i] over the levels both have. */
export function weightedMlofi(mlofi: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  const n = Math.min(mlofi.length, weights.length);
  for (let i = 0; i < n; i++) sum += (weights[i] as number) * (mlofi[i] as number);
  return sum;
}

/** Reads the market now. */
export function readMarket(view: MarketView, params: StrategyParams): MarketReading {
  const top = view.book.topOfBook();
  const midTicks2 = top === null ? null : top.bidTicks + top.askTicks;
  const b = params.baseline;
  const windowOf = windowReader(view.features);
  const tfiW = windowOf(b.tfiWindowMs);
  const ofiW = windowOf(b.ofiWindowMs);
  const mlofiW = windowOf(b.mlofiWindowMs);
  const depletionW = windowOf(b.depletionWindowMs);
  const volW = windowOf(params.vol.windowMs);
  const refillW = windowOf(params.refill.windowMs);
  const micro = view.features === null ? null : view.features.micropriceAdjustment();
  const positiveMid = midTicks2 !== null && midTicks2 > 0 ? midTicks2 : null;
  return {
    top,
    midTicks2,
    terms: {
      tfi: tfiW === null ? null : tfiW.tfi,
      ofi: ofiW === null ? null : ofiW.ofi,
      mlofi: mlofiW === null ? null : weightedMlofi(mlofiW.mlofi, b.mlofiLevelWeights),
      // adjustment × tickSize / mid × 10⁴, the tick size cancelling: 2 · ticks / (bid + ask ticks) × 10⁴
      microprice: micro === null || !micro.known || positiveMid === null ? null : ((2 * micro.ticks) / positiveMid) * 10_000,
      depletion: depletionW === null ? null : depletionW.ask.depleted - depletionW.bid.depleted,
      spread: top === null || positiveMid === null ? null : ((2 * (top.askTicks - top.bidTicks)) / positiveMid) * 10_000,
      vol: volW === null ? null : volW.realizedVolBps,
    },
    bidRefillRatio: refillW === null ? null : refillW.bid.refillRatio,
    askRefillRatio: refillW === null ? null : refillW.ask.refillRatio,
  };
}
