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
  readonly rows: MarkoutRow[];
  head: number;
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
      group = { kind: row.kind, instrument: row.instrument, rows: [], head: 0, cached: null };
      this.groups.set(key, group);
    }
    group.rows.push(row);
    group.cached = null;
    if (group.rows.length - group.head > this.capacity) {
      group.head++;
      if (group.head > 1024 && group.head * 2 > group.rows.length) {
        group.rows.splice(0, group.head);
        group.head = 0;
      }
    }
  }

  /** The summaries of one anchor kind on one symbol; null before its first row. */
  summary(kind: AnchorKind, instrument: Instrument): readonly MarkoutSummary[] | null {
    const group = this.groups.get(groupKey(kind, instrument));
    return group === undefined ? null : this.summarize(group);
  }

  /** Anchors counted in a group (at most the capacity). */
  count(kind: AnchorKind, instrument: Instrument): number {
    const group = this.groups.get(groupKey(kind, instrument));
    return group === undefined ? 0 : group.rows.length - group.head;
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
    group.cached ??= this.horizonsMs.map((_, k) => summarizeHorizon(group.rows, group.head, k));
    return group.cached;
  }
}

function groupKey(kind: AnchorKind, inst: Instrument): string {
  return `${kind}|${inst.product}|${inst.symbol}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function summarizeHorizon(rows: readonly MarkoutRow[], from: number, k: number): MarkoutSummary {
  const values: number[] = [];
  let censored = 0;
  let execSum = 0;
  for (let i = from; i < rows.length; i++) {
    const row = rows[i] as MarkoutRow;
    const mid = row.midBps[k];
    const exec = row.execBps[k];
    if (mid === null || mid === undefined || exec === null || exec === undefined) {
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
