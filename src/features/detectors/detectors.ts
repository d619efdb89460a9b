// features/detectors/detectors: the six microstructure detectors of one symbol, fed like the FeatureEngine
// — every market event before its book applies it and after. Detections are event values handed to
// `emit` once per episode. Time is the events' receive time; no clock, no randomness: the same input
// gives the same detections. The book-based detectors work only while the book is healthy and start
// afresh after every (re)sync; the sweep detector reads trades only and runs regardless.

import type { BboFusion, BookSync } from '../../book/index.js';
import type { Instrument, MarketEvent, Side } from '../../model/index.js';
import { AbsorptionDetector } from './absorption.js';
import { ExhaustionDetector } from './exhaustion.js';
import { IcebergDetector } from './iceberg.js';
import { LayeringDetector } from './layering.js';
import { SweepDetector } from './sweep.js';
import { formatterOf, levelView, type DetectionSink, type DetectorOptions, type LevelView, type Report } from './types.js';
import { WallDetector } from './wall.js';

export class Detectors {
  private readonly wall: WallDetector;
  private readonly sweep: SweepDetector;
  private readonly absorption: AbsorptionDetector;
  private readonly layering: LayeringDetector;
  private readonly iceberg: IcebergDetector;
  private readonly exhaustion: ExhaustionDetector;
  /** Final update id of a diff that arrived on a healthy book (its levels' old sizes: book.previousLots). */
  private pendingFinalId = -1;
  /** Level sizes while a median is taken. */
  private readonly sizes: Float64Array;
  private wasHealthy = false;

  constructor(
    readonly instrument: Instrument,
    private readonly sync: BookSync,
    private readonly bbo: BboFusion,
    /** DEFAULT_DETECTOR_OPTIONS unless configured. */
    readonly options: DetectorOptions,
    emit: DetectionSink,
  ) {
    const { product, symbol } = instrument;
    const report: Report = (detector, side, priceTicks, startUs, endUs, strength, detail) =>
      emit({ kind: 'detection', detector, product, symbol, side, priceTicks, startUs, endUs, strength, detail });
    const format = formatterOf(instrument);
    this.sizes = new Float64Array(2 * Math.max(options.wallLevels, options.layeringLevels));
    this.wall = new WallDetector(options, report, format);
    this.sweep = new SweepDetector(options, report, format);
    this.absorption = new AbsorptionDetector(options, report, format);
    this.layering = new LayeringDetector(options, report, format);
    this.iceberg = new IcebergDetector(options, report, format);
    this.exhaustion = new ExhaustionDetector(options, report, format);
  }

  /** Before the book applies `event`: note a diff that a healthy book is about to apply. */
  beforeEvent(event: MarketEvent): void {
    if (event.kind !== 'depthDiff' || !this.sync.healthy) return;
    this.pendingFinalId = event.finalUpdateId;
  }

  /** After the book applied `event` (or buffered it). */
  afterEvent(event: MarketEvent): void {
    const t = event.receiveTimeUs;
    const isTrade = event.kind === 'trade' || event.kind === 'aggTrade';
    // Sweeps need trades only.
    if (isTrade) this.sweep.onTrade(event.priceTicks, event.qtyLots, event.aggressor, t);
    else this.sweep.onTime(t);

    const sync = this.sync;
    if (!sync.healthy) {
      this.wasHealthy = false;
      return;
    }
    if (!this.wasHealthy) this.resetBook(); // (re)synced: nothing from before the break carries over
    this.wasHealthy = true;

    this.exhaustion.sampleUntil(t); // the spread in force until now
    this.wall.onTime(t); // the walls that held until now

    let bookChanged = event.kind === 'depthSnapshot';
    if (event.kind === 'depthDiff' && sync.book.lastUpdateId === event.finalUpdateId && this.pendingFinalId === event.finalUpdateId) {
      bookChanged = true;
      this.recordModifications(event.bids, event.asks, t);
      this.pendingFinalId = -1;
    }
    if (bookChanged) {
      const { wallLevels, layeringLevels } = this.options;
      const wallView = levelView(sync.book, wallLevels, this.sizes);
      const layeringView: LevelView = layeringLevels === wallLevels ? wallView : levelView(sync.book, layeringLevels, this.sizes);
      this.wall.onBook(t, wallView);
      this.layering.onBook(t, layeringView);
      this.exhaustion.onBook(t, sync.book);
    }

    const top = this.bbo.top(sync);
    if (top !== null) {
      this.absorption.onTop(top, t);
      this.iceberg.onTop(top);
      this.exhaustion.onTop(top, t);
    }
    if (isTrade) {
      this.absorption.onTrade(event.priceTicks, event.qtyLots, event.aggressor, t);
      this.iceberg.onTrade(event.priceTicks, event.qtyLots, event.aggressor, t);
    }
    this.exhaustion.evaluate(t);
  }

  /** End of data: closes what can only be emitted at an episode's end (open sweep bursts). */
  flush(): void {
    this.sweep.flush();
  }

  private recordModifications(bids: readonly number[], asks: readonly number[], t: number): void {
    let k = 0;
    k = this.modified('bid', bids, k, t);
    this.modified('ask', asks, k, t);
  }

  private modified(side: Side, levels: readonly number[], k: number, t: number): number {
    const before = this.sync.book.previousLots;
    for (let i = 0; i < levels.length; i += 2, k++) {
      if ((before[k] as number) !== (levels[i + 1] as number)) this.layering.onModified(side, levels[i] as number, t);
    }
    return k;
  }

  private resetBook(): void {
    this.wall.reset();
    this.absorption.reset();
    this.layering.reset();
    this.iceberg.reset();
    this.exhaustion.reset();
  }
}
