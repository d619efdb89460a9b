// kernel/ofi-samples: the samples of the OFI price-impact study (research/ofi-table), per symbol and per
// non-overlapping interval (t − W, t] of receive time on a grid aligned to multiples of W (runOnGrid): the
// close-to-close change of the fused top's mid in ticks; the interval's touch OFI, MLOFI per level and trade
// flow read from the feature engine (the same values as `flowdesk features`); and the time-weighted depth
// at the fused touch. An interval is healthy when the book had a fused top (live, both sides) at its start
// and after every event in it. An interval the data ends inside is not sampled. Listens and reads only.

import { DEFAULT_FEATURE_OPTIONS, type FeatureEngine } from '../features/index.js';
import { lotsToNumber, type Product } from '../model/index.js';
import type { OfiSample } from '../research/index.js';
import { attachFeatureEngines } from './features.js';
import { runOnGrid } from './grid.js';
import type { Pipeline } from './pipeline.js';
import type { ReplayDriver } from './replay-driver.js';
import type { SymbolEngine } from './symbol-engine.js';

export interface SymbolOfiSamples {
  readonly product: Product;
  readonly symbol: string;
  readonly samples: readonly OfiSample[];
}

export interface OfiSampling {
  readonly symbols: readonly SymbolOfiSamples[];
  /** Receive times of the first and last message (µs); null without data. */
  readonly firstUs: number | null;
  readonly lastUs: number | null;
}

/** MLOFI levels of the study: the feature engine's default (the same as `flowdesk features`). */
export const OFI_MLOFI_LEVELS = DEFAULT_FEATURE_OPTIONS.mlofiLevels;

class Track {
  readonly samples: OfiSample[] = [];
  /** Fused mid (ticks) at the last boundary; null when the book had no fused top then, or before one. */
  private startMid: number | null = null;
  private seenBoundary = false;
  /** No fused top at some point since the last boundary. */
  private broken = false;
  /** ∫ depth dt (base units × µs) since the last boundary, and the depth holding since lastUs. */
  private depthIntegral = 0;
  private depth: number | null = null;
  private lastUs: number | null = null;
  private lastEventUs = -Infinity;

  constructor(
    readonly engine: SymbolEngine,
    private readonly features: () => FeatureEngine | undefined,
  ) {}

  private mid(): number | null {
    const top = this.engine.bbo.top(this.engine.sync);
    if (top === null) {
      this.depth = null;
      return null;
    }
    const inst = this.engine.instrument;
    this.depth = (lotsToNumber(inst, top.bidLots) + lotsToNumber(inst, top.askLots)) / 2;
    return (top.bidTicks + top.askTicks) / 2;
  }

  private advanceTo(timeUs: number): void {
    if (this.lastUs !== null && this.depth !== null) this.depthIntegral += this.depth * (timeUs - this.lastUs);
    this.lastUs = timeUs;
  }

  /** After the engine handled an event at `timeUs` (or a connection event touched every book). */
  afterEvent(timeUs: number, own: boolean): void {
    this.advanceTo(timeUs);
    if (own) this.lastEventUs = timeUs;
    if (this.mid() === null) this.broken = true;
  }

  /** The state after every message received up to `boundaryUs`: closes the interval ending there. */
  boundary(boundaryUs: number, intervalUs: number): void {
    // The data of this book ended inside the interval: what happened after its last message is unknown.
    if (this.engine.dataEnded && this.lastEventUs < boundaryUs) return;
    this.advanceTo(boundaryUs);
    const mid = this.mid();
    const flow = this.features()?.windows(boundaryUs)[0];
    if (this.seenBoundary && flow !== undefined) {
      const healthy = this.startMid !== null && mid !== null && !this.broken;
      this.samples.push({
        endMs: boundaryUs / 1000,
        healthy,
        dMidTicks: healthy ? (mid as number) - (this.startMid as number) : 0,
        ofi: flow.ofi,
        mlofi: flow.mlofi,
        tfi: flow.tfi,
        tradeImbalance: flow.buyQty - flow.sellQty,
        avgDepth: this.depthIntegral / intervalUs,
      });
    }
    this.seenBoundary = true;
    this.startMid = mid;
    this.broken = mid === null;
    this.depthIntegral = 0;
  }
}

/**
 * Runs the replay to its end on a grid of `intervalMs` and returns every symbol's interval samples (symbols
 * in product, then symbol order). The driver must not have been started.
 */
export async function sampleOfiIntervals(pipeline: Pipeline, driver: ReplayDriver, intervalMs: number): Promise<OfiSampling> {
  const intervalUs = intervalMs * 1000;
  const features = attachFeatureEngines(pipeline, { ...DEFAULT_FEATURE_OPTIONS, mlofiLevels: OFI_MLOFI_LEVELS, windowsMs: [intervalMs] });
  const tracks = new Map<SymbolEngine, Track>();
  const of = (engine: SymbolEngine): Track => {
    let track = tracks.get(engine);
    if (track === undefined) {
      track = new Track(engine, () => features.get(engine));
      tracks.set(engine, track);
    }
    return track;
  };
  // Registered after the feature engines' listener, so a boundary reads flows that include every event.
  pipeline.onEvent((event, engine) => {
    if (engine !== null) of(engine).afterEvent(event.receiveTimeUs, true);
    // A connection event can reset every book it fed.
    else for (const track of tracks.values()) track.afterEvent(event.receiveTimeUs, false);
  });
  for (const engine of pipeline.allEngines()) of(engine);
  const firstUs = await driver.nextTimeUs();
  await runOnGrid(driver, intervalUs, (boundaryUs) => {
    for (const track of tracks.values()) track.boundary(boundaryUs, intervalUs);
  });
  const symbols = [...tracks.values()]
    .map((t) => ({ product: t.engine.instrument.product, symbol: t.engine.instrument.symbol, samples: t.samples }))
    .sort((a, b) => (a.product === b.product ? compare(a.symbol, b.symbol) : compare(a.product, b.product)));
  return { symbols, firstUs, lastUs: driver.lastMessageUs };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
