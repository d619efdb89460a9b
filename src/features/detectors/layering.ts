// features/detectors/layering: stacks of large, busy orders away from the touch. Each applied diff's net
// size changes are counted per (side, price) over the last layeringWindowMs (a queue of modifications and,
// per price, a count and its oldest entry: O(1) amortized per changed level). After each book change, ranks
// 2..layeringLevels of each side (the touch excluded) are flagged when size > layeringSizeRatio × the
// median size of the top layeringLevels levels of both sides AND the price was modified ≥
// layeringMinModifications times in the lookback; ≥ layeringMinRun adjacent flagged ranks make the
// condition hold. Per side, an episode begins when the condition holds (any run, anywhere in the top N)
// and ends once it has not held for layeringWindowMs (a run that flickers is one episode); emitted when it
// begins: endUs = that book change, startUs = the oldest modification of the run's levels
// in the lookback, strength = the run's length (the longest run).

import type { Side } from '../../model/index.js';
import type { DetectorOptions, Formatter, LevelView, Report } from './types.js';

/** The modifications of one price still in the lookback: how many, and the queue index of the oldest. */
interface PriceModifications {
  count: number;
  oldest: number;
  newest: number;
}

/**
 * A queue of (time, price) modifications with, per price, its count and a chain through its own entries
 * (each entry knows the next one of the same price), so expiry moves a price's oldest entry along its chain:
 * O(1) per modification, no list per price. Queue indexes are absolute (`base` is the index of element 0).
 */
class ModificationLog {
  private readonly times: number[] = [];
  private readonly prices: number[] = [];
  /** Absolute index of the next entry of the same price (−1: none yet). */
  private readonly next: number[] = [];
  private head = 0;
  private base = 0;
  private readonly byPrice = new Map<number, PriceModifications>();

  add(priceTicks: number, nowUs: number): void {
    const index = this.base + this.times.length;
    this.times.push(nowUs);
    this.prices.push(priceTicks);
    this.next.push(-1);
    const entry = this.byPrice.get(priceTicks);
    if (entry === undefined) this.byPrice.set(priceTicks, { count: 1, oldest: index, newest: index });
    else {
      this.next[entry.newest - this.base] = index;
      entry.newest = index;
      entry.count++;
    }
  }

  /** Modifications of `priceTicks` in the lookback. */
  count(priceTicks: number): number {
    return this.byPrice.get(priceTicks)?.count ?? 0;
  }

  /** Time of the oldest modification of `priceTicks` in the lookback (call only when count > 0). */
  oldestUs(priceTicks: number): number {
    return this.times[(this.byPrice.get(priceTicks) as PriceModifications).oldest - this.base] as number;
  }

  /** Drops what is lookbackUs old or older at `nowUs`. */
  expire(nowUs: number, lookbackUs: number): void {
    const times = this.times;
    while (this.head < times.length && nowUs - (times[this.head] as number) >= lookbackUs) {
      const p = this.prices[this.head] as number;
      const entry = this.byPrice.get(p) as PriceModifications;
      if (--entry.count === 0) this.byPrice.delete(p);
      else entry.oldest = this.next[this.head] as number;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > times.length) {
      times.splice(0, this.head);
      this.prices.splice(0, this.head);
      this.next.splice(0, this.head);
      this.base += this.head;
      this.head = 0;
    }
  }

  clear(): void {
    this.times.length = 0;
    this.prices.length = 0;
    this.next.length = 0;
    this.base = 0;
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
        const mods = log.count(levels[2 * i] as number);
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
        const price = levels[2 * i] as number;
        startUs = Math.min(startUs, log.oldestUs(price));
        totalLots += levels[2 * i + 1] as number;
        mods += log.count(price);
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
