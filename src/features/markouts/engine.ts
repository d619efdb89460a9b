// features/markouts/engine: markouts — where the price went after an anchor (a trade, a large trade, a
// detection), measured on the run's time. For an anchor of side s (+1 buy, −1 sell) at receive time t and a
// horizon h:
//   mid markout (bps)        = s·(mid(t+h) − mid(t)) / mid(t) · 10⁴
//   executable markout (bps) = s·(exit(t+h) − entry(t)) / entry(t) · 10⁴, entry = ask (buy) or bid (sell),
//                              exit = bid (buy) or ask (sell): what a taker round trip would have earned
// where mid(x), bid(x), ask(x) are the fused best bid/ask after every message received at or before x. With
// the run's tie rule (a timer due at x runs before the message received at x) a timer due at x + 1 µs reads
// exactly that, so the anchor is read at t + 1 µs and each horizon at t + h + 1 µs.
// A horizon is censored — no value, counted apart, never made up — when its timer never runs (the data
// ended first: the run's time does not go past the last message), when the symbol's own data has ended,
// or when the book was not healthy at t or after any event in (t, t+h] (a gap, a resync). Prices are read
// in ticks, exactly; only the bps are floats. No clock of its own, no I/O.

import type { BboFusion, BookSync } from '../../book/index.js';
import type { Cancel } from '../../core/index.js';
import type { AggressorSide, Instrument } from '../../model/index.js';

export type AnchorKind = 'trade' | 'large-trade' | 'detection' | 'intent' | 'fill';

export const ANCHOR_KINDS: readonly AnchorKind[] = ['trade', 'large-trade', 'detection', 'intent', 'fill'];

/** The run's time as markouts use it (the kernel's EventTimeScheduler). */
export interface MarkoutTime {
  /** The current time, µs. */
  nowUs(): number;
  /** Runs `task` at `timeUs` (the tie rule: before a message received at `timeUs`). */
  at(timeUs: number, task: () => void): Cancel;
}

/** One symbol's book as markouts read it: the fused top, its health, and whether its data has ended. */
export class MarkoutMarket {
  private unhealthy = 0;

  constructor(
    readonly instrument: Instrument,
    private readonly sync: BookSync,
    private readonly bbo: BboFusion,
    /** True once every source of this symbol has ended (a replay whose other files go on). */
    private readonly dataEnded: () => boolean = () => false,
  ) {}

  /**
   * Call after every event that reaches this symbol's engine (market events and notices): counts the events
   * after which the book was not healthy, so a break in (t, t+h] is seen even when the book is healthy again
   * by t+h.
   */
  afterEvent(): void {
    if (!this.sync.healthy) this.unhealthy++;
  }

  /** Events so far after which the book was not healthy. */
  get unhealthyEvents(): number {
    return this.unhealthy;
  }

  /** The fused best bid and ask in ticks; null when the book is not healthy or a side is empty. */
  top(): { readonly bidTicks: number; readonly askTicks: number } | null {
    return this.bbo.top(this.sync);
  }

  get ended(): boolean {
    return this.dataEnded();
  }
}

/** One anchor, measured: what `flowdesk markouts` writes as a row. */
export interface MarkoutRow {
  /** The anchor's receive time, µs. */
  readonly timeUs: number;
  readonly instrument: Instrument;
  readonly kind: AnchorKind;
  readonly side: AggressorSide;
  /** The fused best bid and ask at the anchor, ticks; null when the book was not healthy then. */
  readonly bidTicks: number | null;
  readonly askTicks: number | null;
  /** Per horizon (the engine's order): the markout in bps, or null when censored. */
  readonly midBps: readonly (number | null)[];
  readonly execBps: readonly (number | null)[];
}

export type MarkoutSink = (row: MarkoutRow) => void;

interface OpenAnchor {
  readonly timeUs: number;
  readonly market: MarkoutMarket;
  readonly kind: AnchorKind;
  readonly side: AggressorSide;
  sampled: boolean;
  bidTicks: number | null;
  askTicks: number | null;
  unhealthyAt: number;
  readonly midBps: (number | null)[];
  readonly execBps: (number | null)[];
  /** Horizons not measured or censored yet. */
  left: number;
}

export class MarkoutEngine {
  readonly horizonsMs: readonly number[];
  /** Anchors not yet written, in anchor order (rows go out in this order). */
  private open: OpenAnchor[] = [];
  private head = 0;
  private finished = false;

  constructor(
    private readonly time: MarkoutTime,
    horizonsMs: readonly number[],
    private readonly emit: MarkoutSink,
  ) {
    if (horizonsMs.length === 0) throw new RangeError('markouts need at least one horizon');
    for (const h of horizonsMs) if (!Number.isInteger(h) || h < 1) throw new RangeError(`a markout horizon is a whole number of ms ≥ 1, got ${h}`);
    this.horizonsMs = [...horizonsMs];
  }

  /** Anchors measured or waiting, not yet handed out as rows. */
  get pending(): number {
    return this.open.length - this.head;
  }

  /** An anchor now (the receive time of the message being handled), on `market`, towards `side`. */
  anchor(market: MarkoutMarket, kind: AnchorKind, side: AggressorSide): void {
    if (this.finished) return;
    const timeUs = this.time.nowUs();
    const n = this.horizonsMs.length;
    const a: OpenAnchor = {
      timeUs,
      market,
      kind,
      side,
      sampled: false,
      bidTicks: null,
      askTicks: null,
      unhealthyAt: 0,
      midBps: new Array<number | null>(n).fill(null),
      execBps: new Array<number | null>(n).fill(null),
      left: n,
    };
    this.open.push(a);
    // After every message received at t, before any later one.
    this.time.at(timeUs + 1, () => {
      if (this.finished) return;
      this.sample(a);
      if (a.bidTicks === null) {
        a.left = 0; // not healthy at t: every horizon is censored
        this.drain();
        return;
      }
      this.horizonsMs.forEach((ms, k) => {
        this.time.at(timeUs + ms * 1000 + 1, () => {
          if (!this.finished) this.measure(a, k);
        });
      });
    });
  }

  /**
   * The end of the data: what has not been measured is censored (its time never came), and every row goes
   * out. An anchor on the last message is still read (nothing came after it). Nothing is anchored after.
   */
  finish(): void {
    if (this.finished) return;
    for (let i = this.head; i < this.open.length; i++) {
      const a = this.open[i] as OpenAnchor;
      if (!a.sampled) this.sample(a);
      a.left = 0;
    }
    this.finished = true;
    this.drain();
  }

  private sample(a: OpenAnchor): void {
    a.sampled = true;
    const top = a.market.top();
    a.unhealthyAt = a.market.unhealthyEvents;
    if (top === null) return;
    a.bidTicks = top.bidTicks;
    a.askTicks = top.askTicks;
  }

  private measure(a: OpenAnchor, k: number): void {
    const market = a.market;
    const top = market.top();
    a.left--;
    if (top !== null && !market.ended && market.unhealthyEvents === a.unhealthyAt) {
      const bid0 = a.bidTicks as number;
      const ask0 = a.askTicks as number;
      const s = a.side === 'buy' ? 1 : -1;
      const mid0 = bid0 + ask0; // 2 × mid, in ticks: the factor cancels
      a.midBps[k] = (s * (top.bidTicks + top.askTicks - mid0) / mid0) * 10_000;
      const entry = a.side === 'buy' ? ask0 : bid0;
      const exit = a.side === 'buy' ? top.bidTicks : top.askTicks;
      a.execBps[k] = (s * (exit - entry) / entry) * 10_000;
    }
    if (a.left === 0) this.drain();
  }

  /** Hands out the rows of the leading anchors that are complete. */
  private drain(): void {
    const open = this.open;
    while (this.head < open.length) {
      const a = open[this.head] as OpenAnchor;
      if (a.left > 0) break;
      this.head++;
      this.emit({
        timeUs: a.timeUs,
        instrument: a.market.instrument,
        kind: a.kind,
        side: a.side,
        bidTicks: a.bidTicks,
        askTicks: a.askTicks,
        midBps: a.midBps,
        execBps: a.execBps,
      });
    }
    if (this.head === open.length) {
      this.open = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > open.length) {
      this.open = open.slice(this.head);
      this.head = 0;
    }
  }
}
