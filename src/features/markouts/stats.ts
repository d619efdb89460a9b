// features/markouts/stats: the markout report — per anchor kind, symbol and horizon: how many anchors were
// measured (n) and censored, the mean and median mid markout, its t-statistic, the share above zero and the
// mean executable markout. Exact over every row by default; with a capacity, over the last `capacity`
// anchors of each group (the console's table, bounded however long it runs). Summaries are computed when
// asked and kept until a row arrives.

import type { Instrument } from '../../model/index.js';
import { ANCHOR_KINDS, type AnchorKind, type MarkoutRow } from './engine.js';

export interface MarkoutSummary {
  /** Anchors with a value at this horizon. */
  readonly n: number;
  /** Anchors without one (after the data ended, or in a gap or resync). */
  readonly censored: number;
  /** Mid markout, bps; null without values. */
  readonly meanBps: number | null;
  readonly medianBps: number | null;
  /** mean / (sample standard deviation / √n); null below 2 values or without dispersion. */
  readonly tStat: number | null;
  /** Share of the values above zero (strictly); null without values. */
  readonly positiveShare: number | null;
  /** Executable markout, bps; null without values. */
  readonly execMeanBps: number | null;
}

export interface MarkoutGroup {
  readonly kind: AnchorKind;
  readonly instrument: Instrument;
  /** One per horizon, in the horizons' order. */
  readonly byHorizon: readonly MarkoutSummary[];
}

interface Group {
  readonly kind: AnchorKind;
  readonly instrument: Instrument;
  /** Per anchor, per horizon: the mid and executable markouts (NaN: censored), oldest first. */
  readonly values: ValueRing;
  cached: MarkoutSummary[] | null;
}

export class MarkoutStats {
  private readonly groups = new Map<string, Group>();

  constructor(
    readonly horizonsMs: readonly number[],
    /** Anchors kept per group (the most recent); every one by default. */
    private readonly capacity = Number.POSITIVE_INFINITY,
  ) {}

  add(row: MarkoutRow): void {
    const key = groupKey(row.kind, row.instrument);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { kind: row.kind, instrument: row.instrument, values: new ValueRing(2 * this.horizonsMs.length, this.capacity), cached: null };
      this.groups.set(key, group);
    }
    group.values.push(row.midBps, row.execBps);
    group.cached = null;
  }

  /** The summaries of one anchor kind on one symbol; null before its first row. */
  summary(kind: AnchorKind, instrument: Instrument): readonly MarkoutSummary[] | null {
    const group = this.groups.get(groupKey(kind, instrument));
    return group === undefined ? null : this.summarize(group);
  }

  /** Anchors counted in a group (at most the capacity). */
  count(kind: AnchorKind, instrument: Instrument): number {
    return this.groups.get(groupKey(kind, instrument))?.values.length ?? 0;
  }

  /** Every group, by anchor kind (trade, large-trade, detection), then product, then symbol. */
  allGroups(): MarkoutGroup[] {
    return [...this.groups.values()]
      .sort(
        (a, b) =>
          ANCHOR_KINDS.indexOf(a.kind) - ANCHOR_KINDS.indexOf(b.kind) ||
          compareText(a.instrument.product, b.instrument.product) ||
          compareText(a.instrument.symbol, b.instrument.symbol),
      )
      .map((g) => ({ kind: g.kind, instrument: g.instrument, byHorizon: this.summarize(g) }));
  }

  private summarize(group: Group): MarkoutSummary[] {
    const h = this.horizonsMs.length;
    group.cached ??= this.horizonsMs.map((_, k) => summarizeHorizon(group.values, k, h + k));
    return group.cached;
  }
}

/**
 * Records of `width` numbers in one Float64Array, oldest first: grown by doubling without a capacity, else
 * a ring of the last `capacity` records.
 */
class ValueRing {
  private data: Float64Array;
  private start = 0;
  private count = 0;
  private slots: number;

  constructor(
    private readonly width: number,
    private readonly capacity: number,
  ) {
    this.slots = Number.isFinite(capacity) ? capacity : 256;
    this.data = new Float64Array(this.slots * width);
  }

  get length(): number {
    return this.count;
  }

  /** Appends one record: `first` then `second` (null → NaN), dropping the oldest when full. */
  push(first: readonly (number | null)[], second: readonly (number | null)[]): void {
    if (this.count === this.slots && !Number.isFinite(this.capacity)) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
      this.slots *= 2;
    }
    let slot: number;
    if (this.count < this.slots) slot = (this.start + this.count++) % this.slots;
    else {
      slot = this.start;
      this.start = (this.start + 1) % this.slots;
    }
    const base = slot * this.width;
    const half = first.length;
    for (let i = 0; i < half; i++) this.data[base + i] = first[i] ?? Number.NaN;
    for (let i = 0; i < second.length; i++) this.data[base + half + i] = second[i] ?? Number.NaN;
  }

  /** Column `c` of record `i` (0 = oldest). */
  at(i: number, c: number): number {
    return this.data[((this.start + i) % this.slots) * this.width + c] as number;
  }
}

function groupKey(kind: AnchorKind, inst: Instrument): string {
  return `${kind}|${inst.product}|${inst.symbol}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function summarizeHorizon(ring: ValueRing, midColumn: number, execColumn: number): MarkoutSummary {
  const values: number[] = [];
  let censored = 0;
  let execSum = 0;
  for (let i = 0; i < ring.length; i++) {
    const mid = ring.at(i, midColumn);
    const exec = ring.at(i, execColumn);
    if (Number.isNaN(mid) || Number.isNaN(exec)) {
      censored++;
      continue;
    }
    values.push(mid);
    execSum += exec;
  }
  const n = values.length;
  if (n === 0) return { n, censored, meanBps: null, medianBps: null, tStat: null, positiveShare: null, execMeanBps: null };
  let sum = 0;
  let positive = 0;
  for (const v of values) {
    sum += v;
    if (v > 0) positive++;
  }
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  const sd = n >= 2 ? Math.sqrt(squares / (n - 1)) : 0;
  values.sort((a, b) => a - b);
  const mid = n >> 1;
  const median = n % 2 === 1 ? (values[mid] as number) : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
  return {
    n,
    censored,
    meanBps: mean,
    medianBps: median,
    tStat: sd > 0 ? mean / (sd / Math.sqrt(n)) : null,
    positiveShare: positive / n,
    execMeanBps: execSum / n,
  };
}
