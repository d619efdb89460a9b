// features/detectors/exhaustion: liquidity leaving one side while the spread blows out. Depth per side =
// the lots within exhaustionBandBps of the mid (book.depthWithinBps), sampled at every book change; the
// *drop* = 1 − depth now / the largest depth in force during the last exhaustionWindowMs (the samples in
// the window and the one in force at its start; a monotonic queue: O(1) amortized). The spread (fused top of book, ticks) is sampled on a fixed grid every
// exhaustionSpreadSampleMs of receive time — the spread in force at each grid instant, so the median is
// time-weighted rather than biased towards busy moments — into a ring of exhaustionSpreadWindowMs /
// exhaustionSpreadSampleMs samples (100 by default); its median is recomputed only when a sample was added
// and the depth condition holds (a sort of 100 numbers). The condition on a side: drop ≥ exhaustionMinDrop
// and spread ≥ exhaustionSpreadRatio × median, with a full ring (no detection in the first
// exhaustionSpreadWindowMs after a (re)sync). Per side, an episode begins when the condition holds and ends
// once it has not held for exhaustionWindowMs (so a flickering spread is one episode); emitted when it
// begins: startUs = when the fall began (the first depth sample after the maximum it is measured from; a
// scan of the window's samples, at emission only), endUs = now, strength = the drop (fraction removed).

import type { OrderBook, TopOfBook } from '../../book/index.js';
import type { Side } from '../../model/index.js';
import { fmt, medianOfFirst, type DetectorOptions, type Formatter, type Report } from './types.js';

/**
 * Sliding maximum of a piecewise-constant depth over (now − W, now]: the samples inside the window plus the
 * one in force at its start. A monotonic queue of (time, lots) — decreasing lots — gives the maximum; a plain
 * queue of sample times tells which sample was in force at the window's start. O(1) amortized.
 */
class SlidingMax {
  private readonly times: number[] = [];
  private readonly lots: number[] = [];
  private head = 0;
  private readonly sampleTimes: number[] = [];
  private sampleHead = 0;

  push(nowUs: number, lots: number): void {
    while (this.lots.length > this.head && (this.lots[this.lots.length - 1] as number) <= lots) {
      this.lots.pop();
      this.times.pop();
    }
    this.times.push(nowUs);
    this.lots.push(lots);
    this.sampleTimes.push(nowUs);
    if (this.head > 256 && this.head * 2 > this.lots.length) {
      this.times.splice(0, this.head);
      this.lots.splice(0, this.head);
      this.head = 0;
    }
    if (this.sampleHead > 256 && this.sampleHead * 2 > this.sampleTimes.length) {
      this.sampleTimes.splice(0, this.sampleHead);
      this.sampleHead = 0;
    }
  }

  /** Moves the window to end at `nowUs`. */
  advance(nowUs: number, windowUs: number): void {
    const cutoff = nowUs - windowUs;
    const st = this.sampleTimes;
    // the latest sample at or before the cutoff is the one in force at the window's start
    while (st.length - this.sampleHead >= 2 && (st[this.sampleHead + 1] as number) <= cutoff) this.sampleHead++;
    const from = st[this.sampleHead] as number;
    while (this.lots.length - this.head > 1 && (this.times[this.head] as number) < from) this.head++;
  }

  get empty(): boolean {
    return this.lots.length === this.head;
  }
  /** The depth in force now (the latest sample). */
  get current(): number {
    return this.lots[this.lots.length - 1] as number;
  }
  get max(): number {
    return this.lots[this.head] as number;
  }
  /** When the maximum was sampled (it may be before the window's start: it was in force at the start). */
  get maxTimeUs(): number {
    return this.times[this.head] as number;
  }

  /** When the fall from the maximum began: the first sample after it (`nowUs` if there is none). */
  fallStartUs(nowUs: number): number {
    const maxTime = this.maxTimeUs;
    const st = this.sampleTimes;
    for (let i = this.sampleHead; i < st.length; i++) if ((st[i] as number) > maxTime) return st[i] as number;
    return nowUs;
  }

  clear(): void {
    this.times.length = 0;
    this.lots.length = 0;
    this.head = 0;
    this.sampleTimes.length = 0;
    this.sampleHead = 0;
  }
}

export class ExhaustionDetector {
  private readonly depth = { bid: new SlidingMax(), ask: new SlidingMax() };
  private readonly active = { bid: false, ask: false };
  /** Last time the condition held, per side (an episode ends exhaustionWindowMs after it). */
  private readonly heldUs = { bid: 0, ask: 0 };
  private readonly ring: number[];
  private ringNext = 0;
  private ringCount = 0;
  private ringVersion = 0;
  private medianVersion = -1;
  private medianValue = 0;
  private readonly scratch: Float64Array;
  private spreadTicks: number | null = null;
  private nextSampleUs = 0;
  private bestBid = 0;
  private bestAsk = 0;

  constructor(
    private readonly options: DetectorOptions,
    private readonly report: Report,
    private readonly format: Formatter,
  ) {
    this.ring = new Array<number>(Math.max(1, Math.round(options.exhaustionSpreadWindowMs / options.exhaustionSpreadSampleMs))).fill(0);
    this.scratch = new Float64Array(this.ring.length);
  }

  /** Before this event changes anything: samples the spread in force at every grid instant up to `nowUs`. */
  sampleUntil(nowUs: number): void {
    if (this.spreadTicks === null || nowUs < this.nextSampleUs) return;
    const sampleUs = this.options.exhaustionSpreadSampleMs * 1000;
    const n = Math.floor((nowUs - this.nextSampleUs) / sampleUs) + 1;
    for (let i = 0; i < Math.min(n, this.ring.length); i++) {
      this.ring[this.ringNext] = this.spreadTicks;
      this.ringNext = (this.ringNext + 1) % this.ring.length;
      if (this.ringCount < this.ring.length) this.ringCount++;
    }
    this.nextSampleUs += n * sampleUs;
    this.ringVersion++;
  }

  onTop(top: TopOfBook, nowUs: number): void {
    if (this.spreadTicks === null) {
      const sampleUs = this.options.exhaustionSpreadSampleMs * 1000;
      this.nextSampleUs = (Math.floor(nowUs / sampleUs) + 1) * sampleUs;
    }
    this.spreadTicks = top.askTicks - top.bidTicks;
    this.bestBid = top.bidTicks;
    this.bestAsk = top.askTicks;
  }

  onBook(nowUs: number, book: OrderBook): void {
    const band = this.options.exhaustionBandBps;
    if (book.bids.size === 0 || book.asks.size === 0) return;
    this.depth.bid.push(nowUs, book.depthWithinBps('bid', band).lots);
    this.depth.ask.push(nowUs, book.depthWithinBps('ask', band).lots);
  }

  /** Evaluates both sides at `nowUs` (after the event's book and top changes). */
  evaluate(nowUs: number): void {
    this.side('bid', nowUs);
    this.side('ask', nowUs);
  }

  reset(): void {
    this.depth.bid.clear();
    this.depth.ask.clear();
    this.active.bid = false;
    this.active.ask = false;
    this.ringNext = 0;
    this.ringCount = 0;
    this.ringVersion++;
    this.spreadTicks = null;
  }

  private median(): number | null {
    if (this.ringCount < this.ring.length) return null;
    if (this.medianVersion !== this.ringVersion) {
      this.scratch.set(this.ring);
      this.medianValue = medianOfFirst(this.scratch, this.ring.length);
      this.medianVersion = this.ringVersion;
    }
    return this.medianValue;
  }

  private side(side: Side, nowUs: number): void {
    const o = this.options;
    const d = this.depth[side];
    let holds = false;
    let drop = 0;
    let median: number | null = null;
    if (!d.empty && this.spreadTicks !== null) {
      d.advance(nowUs, o.exhaustionWindowMs * 1000);
      drop = d.max > 0 ? 1 - d.current / d.max : 0;
      if (drop >= o.exhaustionMinDrop) {
        median = this.median();
        holds = median !== null && median > 0 && this.spreadTicks >= o.exhaustionSpreadRatio * median;
      }
    }
    if (holds && !this.active[side]) {
      const f = this.format;
      const price = side === 'bid' ? this.bestBid : this.bestAsk;
      this.report(
        'exhaustion',
        side,
        price,
        d.fallStartUs(nowUs),
        nowUs,
        drop,
        `${side} exhausted: depth within ${o.exhaustionBandBps} bps ${f.qty(d.max)} → ${f.qty(d.current)} (−${fmt(100 * drop)} %) in ${Math.round((nowUs - d.fallStartUs(nowUs)) / 1000)} ms, spread ${this.spreadTicks} ticks vs median ${fmt(median as number)}`,
      );
    }
    if (holds) {
      this.active[side] = true;
      this.heldUs[side] = nowUs;
    } else if (this.active[side] && nowUs - this.heldUs[side] >= o.exhaustionWindowMs * 1000) {
      this.active[side] = false;
    }
  }
}
