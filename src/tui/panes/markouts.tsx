// tui/panes/markouts: the markouts table (key m: after trades, large trades, detections, then hidden) —
// for the anchor kind shown, one row per
// horizon: how many anchors were measured and censored, the mean and median mid markout in bps, its
// t-statistic, the share above zero and the mean executable markout.
//
//   markouts: trades   bps                  last 5000
//   after      n  cens   mean    med      t   >0%   exec
//   250ms  19900     4  0.477  0.180  43.93  58.2  0.402
//
// Narrower, whole columns give way (censored first, then the share, the median, the t-statistic, n, the
// executable mean); a value is never cut: it takes its shorter true form (panes/number.ts).

import type { ReactElement } from 'react';

import { mergeStyles, theme } from '../theme.js';
import type { MarkoutHorizonRow, MarkoutsView } from '../view-model.js';
import { titleLine } from './fields.js';
import { fmtNumber, numberForms, OVERFLOW, type NumberStyle } from './number.js';
import { cells, ellipsis, Lines, pad, padLeft, seg, type Line, type Seg } from './text.js';

export interface MarkoutsProps {
  readonly markouts: MarkoutsView;
  readonly width: number;
  readonly height: number;
}

interface Column {
  readonly head: string;
  readonly value: (r: MarkoutHorizonRow) => number;
  readonly style: NumberStyle;
  /** Lower gives way first. */
  readonly rank: number;
}

const HORIZON_HEAD = 'after';
/** A value column is at most this wide; a longer value takes a shorter true form. */
const MAX_VALUE = 8;

const COLUMNS: readonly Column[] = [
  { head: 'n', value: (r) => r.n, style: { decimals: 0 }, rank: 6 },
  { head: 'cens', value: (r) => r.censored, style: { decimals: 0 }, rank: 1 },
  { head: 'mean', value: (r) => r.meanBps, style: { decimals: 3, tiny: 'digits' }, rank: 8 },
  { head: 'med', value: (r) => r.medianBps, style: { decimals: 3, tiny: 'digits' }, rank: 3 },
  { head: 't', value: (r) => r.tStat, style: { decimals: 2, tiny: 'digits' }, rank: 4 },
  { head: '>0%', value: (r) => r.positivePct, style: { decimals: 1, tiny: 'digits' }, rank: 2 },
  { head: 'exec', value: (r) => r.execMeanBps, style: { decimals: 3, tiny: 'digits' }, rank: 7 },
];

/** Cells a column wants: its head and its values' most precise forms, at most MAX_VALUE. */
function preferredWidth(c: Column, rows: readonly MarkoutHorizonRow[]): number {
  const widest = rows.reduce((m, r) => Math.max(m, cells(numberForms(c.value(r), c.style).find((f) => f !== OVERFLOW) ?? OVERFLOW)), 0);
  return Math.max(cells(c.head), Math.min(MAX_VALUE, widest));
}

/** The columns shown in `width` cells after the horizon column, with their widths, in table order. */
export function markoutColumns(rows: readonly MarkoutHorizonRow[], width: number): { horizon: number; columns: { column: Column; width: number }[] } {
  const horizon = rows.reduce((m, r) => Math.max(m, cells(r.horizon)), cells(HORIZON_HEAD));
  let shown = COLUMNS.map((column) => ({ column, width: preferredWidth(column, rows) }));
  const total = () => horizon + shown.reduce((s, c) => s + 1 + c.width, 0);
  while (shown.length > 0 && total() > width) {
    const weakest = shown.reduce((w, c) => (c.column.rank < w.column.rank ? c : w));
    shown = shown.filter((c) => c !== weakest);
  }
  return { horizon, columns: shown };
}

/** The markouts table in `width` × `height` cells. */
export function markoutsLines({ markouts, width, height }: MarkoutsProps): Line[] {
  const full = markouts.anchors >= markouts.capacity;
  const lines: Line[] = [
    titleLine(
      [seg(`markouts: ${markouts.anchor}`, mergeStyles(theme.accent, { bold: true }))],
      [[seg('bps', theme.muted)]],
      [seg(full ? `last ${markouts.capacity}` : `${markouts.anchors} anchors`, theme.muted)],
      width,
    ),
  ];
  if (markouts.anchors === 0) {
    lines.push([seg(ellipsis('no anchors yet', width), theme.muted)]);
    return lines.slice(0, Math.max(0, height));
  }
  const { horizon, columns } = markoutColumns(markouts.rows, width);
  if (horizon > width) return lines.slice(0, Math.max(0, height)); // not even a horizon fits: no table
  const head: Seg[] = [seg(pad(HORIZON_HEAD, horizon), theme.muted)];
  for (const c of columns) head.push(seg(' '), seg(padLeft(c.column.head, c.width), theme.muted));
  lines.push(head);
  for (const r of markouts.rows) {
    const line: Seg[] = [seg(pad(r.horizon, horizon))];
    for (const c of columns) {
      const v = c.column.value(r);
      const style = c.column.head === 'mean' || c.column.head === 'exec' ? (v > 0 ? theme.buy : v < 0 ? theme.sell : {}) : {};
      line.push(seg(' '), seg(padLeft(fmtNumber(v, c.width, c.column.style), c.width), style));
    }
    lines.push(line);
  }
  return lines.slice(0, Math.max(0, height));
}

export function Markouts(props: MarkoutsProps): ReactElement {
  return <Lines lines={markoutsLines(props)} width={props.width} height={props.height} />;
}
