// kernel/markouts: wires markouts to a pipeline. Anchors come from its events — every trade (its taker's
// side), large trades (features' LargeTrades, the same definition as the feature engine and the tape) and
// detections handed in by the caller (whoever runs the detectors) — and are measured on the pipeline's
// time; after every event of a symbol its book's health is noted, so a gap or resync in a horizon censors
// it. Listens and reads only: nothing is added to the market digest.

import { LargeTrades, MarkoutEngine, MarkoutMarket, detectionSide, type AnchorKind, type Detection, type MarkoutSink } from '../features/index.js';
import type { Pipeline } from './pipeline.js';
import type { SymbolEngine } from './symbol-engine.js';

export interface MarkoutOptions {
  /** The anchor kinds to measure. */
  readonly anchors: readonly AnchorKind[];
  /** Horizons in ms (features' DEFAULT_HORIZONS_MS: 250 ms … 10 s). */
  readonly horizonsMs: readonly number[];
  /** Each anchor's row, in anchor order, once its last horizon is measured or censored. */
  readonly onRow: MarkoutSink;
}

export interface AttachedMarkouts {
  readonly engine: MarkoutEngine;
  /** A detection (from attachDetectors' sink): an anchor now, when detections are measured. */
  detection(d: Detection): void;
  /** The end of the data: what was not measured is censored and every row goes out. */
  finish(): void;
}

interface Tracked {
  readonly market: MarkoutMarket;
  readonly large: LargeTrades;
}

export function attachMarkouts(pipeline: Pipeline, options: MarkoutOptions): AttachedMarkouts {
  const engine = new MarkoutEngine(pipeline.time, options.horizonsMs, options.onRow);
  const trades = options.anchors.includes('trade');
  const large = options.anchors.includes('large-trade');
  const detections = options.anchors.includes('detection');
  const tracked = new Map<SymbolEngine, Tracked>();
  const of = (e: SymbolEngine): Tracked => {
    let t = tracked.get(e);
    if (t === undefined) {
      t = { market: new MarkoutMarket(e.instrument, e.sync, e.bbo, () => e.dataEnded), large: new LargeTrades() };
      tracked.set(e, t);
    }
    return t;
  };
  for (const e of pipeline.allEngines()) of(e);
  pipeline.onEvent((event, e) => {
    if (e === null) return;
    const t = of(e);
    t.market.afterEvent();
    if (event.kind !== 'trade' && event.kind !== 'aggTrade') return;
    if (trades) engine.anchor(t.market, 'trade', event.aggressor);
    if (large && t.large.classify(event.qtyLots)) engine.anchor(t.market, 'large-trade', event.aggressor);
  });
  return {
    engine,
    detection(d) {
      if (!detections) return;
      const e = pipeline.engine(d.product, d.symbol);
      if (e !== undefined) engine.anchor(of(e).market, 'detection', detectionSide(d));
    },
    finish() {
      engine.finish();
    },
  };
}
