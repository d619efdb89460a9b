// features/detectors/sweep: aggressive trades of one taker side at ≥ sweepMinLevels distinct prices within
// less than sweepWindowMs. Trades of one taker side form a *burst*: a trade at a price the burst has not
// traded yet (a new level) extends it; the burst ends when sweepWindowMs pass without one. A burst is a
// sweep when, at some trade, its trades of the last sweepWindowMs (t − ti < window) cover ≥ sweepMinLevels
// distinct prices (and, with sweepMinNotional > 0, its quantity is worth that much at its first price).
// Emitted once, when the burst ends (the first event ≥ sweepWindowMs after its last new level, or flush()):
// endUs = the burst's last trade, strength = distinct levels of the whole burst. O(1) amortized per trade
// (a queue of the window's trades with a count per price).

import type { AggressorSide } from '../../model/index.js';
import type { DetectorOptions, Formatter, Report } from './types.js';

class Burst {
  readonly prices = new Set<number>();
  lots = 0;
  trades = 0;
  lastUs: number;
  lastNewLevelUs: number;
  low: number;
  high: number;
  qualified = false;
  // the burst's trades of the last window: times and prices from `head`, and a count per price
  readonly times: number[] = [];
  readonly at: number[] = [];
  head = 0;
  readonly counts = new Map<number, number>();

  constructor(
    readonly startUs: number,
    priceTicks: number,
    /** The notional floor in lots, at the first price. */
    readonly minLots: number,
  ) {
    this.lastUs = startUs;
    this.lastNewLevelUs = startUs;
    this.low = priceTicks;
    this.high = priceTicks;
  }
}

export class SweepDetector {
  private buy: Burst | null = null;
  private sell: Burst | null = null;

  constructor(
    private readonly options: DetectorOptions,
    private readonly report: Report,
    private readonly format: Formatter,
  ) {}

  onTrade(priceTicks: number, lots: number, aggressor: AggressorSide, nowUs: number): void {
    this.onTime(nowUs);
    let burst = aggressor === 'buy' ? this.buy : this.sell;
    if (burst === null) {
      burst = new Burst(nowUs, priceTicks, this.format.lotsFor(this.options.sweepMinNotional, priceTicks));
      if (aggressor === 'buy') this.buy = burst;
      else this.sell = burst;
    }
    if (!burst.prices.has(priceTicks)) {
      burst.prices.add(priceTicks);
      burst.lastNewLevelUs = nowUs;
    }
    burst.lots += lots;
    burst.trades++;
    burst.lastUs = nowUs;
    if (priceTicks < burst.low) burst.low = priceTicks;
    if (priceTicks > burst.high) burst.high = priceTicks;
    // the window (nowUs − W, nowUs]
    const windowUs = this.options.sweepWindowMs * 1000;
    burst.times.push(nowUs);
    burst.at.push(priceTicks);
    burst.counts.set(priceTicks, (burst.counts.get(priceTicks) ?? 0) + 1);
    while (nowUs - (burst.times[burst.head] as number) >= windowUs) {
      const p = burst.at[burst.head] as number;
      const left = (burst.counts.get(p) as number) - 1;
      if (left === 0) burst.counts.delete(p);
      else burst.counts.set(p, left);
      burst.head++;
    }
    if (burst.head > 256 && burst.head * 2 > burst.times.length) {
      burst.times.splice(0, burst.head);
      burst.at.splice(0, burst.head);
      burst.head = 0;
    }
    if (burst.counts.size >= this.options.sweepMinLevels) burst.qualified = true;
  }

  /** Ends the bursts that have had no new level for sweepWindowMs at `nowUs`. */
  onTime(nowUs: number): void {
    const windowUs = this.options.sweepWindowMs * 1000;
    if (this.buy !== null && nowUs - this.buy.lastNewLevelUs >= windowUs) this.close('buy');
    if (this.sell !== null && nowUs - this.sell.lastNewLevelUs >= windowUs) this.close('sell');
  }

  /** Ends every open burst now (end of data). */
  flush(): void {
    this.close('buy');
    this.close('sell');
  }

  reset(): void {
    this.buy = null;
    this.sell = null;
  }

  private close(aggressor: AggressorSide): void {
    const burst = aggressor === 'buy' ? this.buy : this.sell;
    if (aggressor === 'buy') this.buy = null;
    else this.sell = null;
    if (burst === null || !burst.qualified || burst.lots < burst.minLots) return;
    const f = this.format;
    const levels = burst.prices.size;
    // a buy eats asks upwards (the farthest level is the highest); a sell eats bids downwards
    const from = aggressor === 'buy' ? burst.low : burst.high;
    const to = aggressor === 'buy' ? burst.high : burst.low;
    this.report(
      'sweep',
      aggressor === 'buy' ? 'ask' : 'bid',
      to,
      burst.startUs,
      burst.lastUs,
      levels,
      `${aggressor} sweep: ${levels} levels ${f.price(from)} → ${f.price(to)}, ${f.qty(burst.lots)} in ${burst.trades} trades over ${Math.round((burst.lastUs - burst.startUs) / 1000)} ms`,
    );
  }
}
