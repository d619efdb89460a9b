// features/detectors/layering: stacks of large, busy orders away from the touch. Each applied diff's net
// size changes are counted per (side, price) over the last layeringWindowMs (a queue of modifications and a
// per-price list of their times: O(1) amortized per changed level). After each book change, ranks
// 2..layeringLevels of each side (the touch excluded) are flagged when size > layeringSizeRatio × the
// median size of the top layeringLevels levels of both sides AND the price was modified ≥
// layeringMinModifications times in the lookback; ≥ layeringMinRun adjacent flagged ranks make the
// condition hold. Per side, an episode begins when the condition holds (any run, anywhere in the top N)
// and ends once it has not held for layeringWindowMs (a run that flickers is one episode); emitted when it
// begins: endUs = that book change, startUs = the oldest modification of the run's levels
// in the lookback, strength = the run's length (the longest run).

import type { Side } from '../../model/index.js';
import type { DetectorOptions, Formatter, LevelView, Report } from './types.js';

class ModificationLog {
  private readonly times: number[] = [];
  private readonly prices: number[] = [];
  private head = 0;
  /** Times of the modifications still in the lookback, per price, oldest first. */
  readonly byPrice = new Map<number, number[]>();

  add(priceTicks: number, nowUs: number): void {
    this.times.push(nowUs);
    this.prices.push(priceTicks);
    let list = this.byPrice.get(priceTicks);
    if (list === undefined) {
      list = [];
      this.byPrice.set(priceTicks, list);
    }
    list.push(nowUs);
  }

  /** Drops what is lookbackUs old or older at `nowUs`. */
  expire(nowUs: number, lookbackUs: number): void {
    while (this.head < this.times.length && nowUs - (this.times[this.head] as number) >= lookbackUs) {
      const p = this.prices[this.head] as number;
      const list = this.byPrice.get(p) as number[];
      list.shift();
      if (list.length === 0) this.byPrice.delete(p);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.prices.splice(0, this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.times.length = 0;
    this.prices.length = 0;
    this.head = 0;
    this.byPrice.clear();
  }
}

export class LayeringDetector {
  private readonly bidLog = new ModificationLog();
  private readonly askLog = new ModificationLog();
  private readonly active = { bid: false, ask: false };
  /** Last book change at which the condition held, per side. */
  private readonly heldUs = { bid: 0, ask: 0 };

  constructor(
    private readonly options: DetectorOptions,
    private readonly report: Report,
    private readonly format: Formatter,
  ) {}

  /** A level's size changed (net, by an applied diff) at `nowUs`. */
  onModified(side: Side, priceTicks: number, nowUs: number): void {
    (side === 'bid' ? this.bidLog : this.askLog).add(priceTicks, nowUs);
  }

  /** After a book change: evaluate both sides. */
  onBook(nowUs: number, view: LevelView): void {
    const lookbackUs = this.options.layeringWindowMs * 1000;
    this.bidLog.expire(nowUs, lookbackUs);
    this.askLog.expire(nowUs, lookbackUs);
    this.evaluate('bid', view.bids, view.median, this.bidLog, nowUs);
    this.evaluate('ask', view.asks, view.median, this.askLog, nowUs);
  }

  reset(): void {
    this.bidLog.clear();
    this.askLog.clear();
    this.active.bid = false;
    this.active.ask = false;
  }

  /** Reports when an episode begins; ends it once the condition has not held for layeringWindowMs. */
  private evaluate(side: Side, levels: readonly number[], median: number, log: ModificationLog, nowUs: number): void {
    const o = this.options;
    const threshold = o.layeringSizeRatio * median;
    let bestStart = -1;
    let bestLength = 0;
    let runStart = -1;
    const count = levels.length >> 1;
    // ranks 2..N are indices 1..count-1; a sentinel at `count` closes the last run
    for (let i = 1; i <= count; i++) {
      let flagged = false;
      if (i < count) {
        const lots = levels[2 * i + 1] as number;
        const mods = log.byPrice.get(levels[2 * i] as number)?.length ?? 0;
        flagged = lots > threshold && mods >= o.layeringMinModifications;
      }
      if (flagged) {
        if (runStart < 0) runStart = i;
      } else if (runStart >= 0) {
        if (i - runStart > bestLength) {
          bestLength = i - runStart;
          bestStart = runStart;
        }
        runStart = -1;
      }
    }
    const holds = median > 0 && bestLength >= o.layeringMinRun;
    if (!holds) {
      if (this.active[side] && nowUs - this.heldUs[side] >= o.layeringWindowMs * 1000) this.active[side] = false;
      return;
    }
    this.heldUs[side] = nowUs;
    if (!this.active[side]) {
      this.active[side] = true;
      let startUs = nowUs;
      let totalLots = 0;
      let mods = 0;
      for (let i = bestStart; i < bestStart + bestLength; i++) {
        const times = log.byPrice.get(levels[2 * i] as number) as number[];
        if ((times[0] as number) < startUs) startUs = times[0] as number;
        totalLots += levels[2 * i + 1] as number;
        mods += times.length;
      }
      const f = this.format;
      const near = levels[2 * bestStart] as number;
      const far = levels[2 * (bestStart + bestLength - 1)] as number;
      this.report(
        'layering',
        side,
        near,
        startUs,
        nowUs,
        bestLength,
        `${side} layering? ${bestLength} adjacent levels, ranks ${bestStart + 1}-${bestStart + bestLength}, ${f.price(near)} → ${f.price(far)}, ${f.qty(totalLots)} in total, ${mods} size changes in ${o.layeringWindowMs} ms`,
      );
    }
  }
}
