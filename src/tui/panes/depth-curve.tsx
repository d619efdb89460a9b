// tui/panes/depth-curve: cumulative resting size against distance from the mid, both sides mirrored.
//
//   depth cum size       max 289.5    title, bar scale
//              bids bps asks          bids to the left of the centre column, asks to the right
//   2.000      █  1  █      1.500     one row per bps step, nearest first; bar = cumulative size / max,
//   98.00     ██ 20  ███    129.5     growing outward from the centre; sizes at the ends when they fit
//
// Steps are the union of the bid and ask steps; a side's value at a step is its cumulative size at the
// last point at or inside that distance. Sizes are printed when each side has room for them.

import type { ReactElement } from 'react';

import { mergeStyles, theme } from '../theme.js';
import type { DepthCurveView } from '../view-model.js';
import { titleLine } from './fields.js';
import { fmtNumber, fmtQty } from './number.js';
import { barCells, centre, ellipsis, Lines, pad, padLeft, seg, type Line } from './text.js';

export interface DepthCurveProps {
  readonly depth: DepthCurveView;
  readonly width: number;
  readonly height: number;
}

const QTY_WIDTH = 5;
/** A side narrower than this shows only its bar. */
const MIN_SIDE_WITH_QTY = 11;

type Point = { readonly bps: number; readonly qty: number };

/** Cumulative size of a side at `bps`: the last point at or inside that distance (0 if none). */
export function cumulativeAt(points: readonly Point[], bps: number): number {
  let q = 0;
  for (const p of points) if (p.bps <= bps && p.qty > q) q = p.qty;
  return q;
}

function fmtBps(b: number, width = 8): string {
  return fmtNumber(b, width, { decimals: Number.isInteger(b) ? 0 : 1, tiny: 'digits' });
}

/** `count` indices spread evenly over 0..n−1, first and last included. */
function sample(n: number, count: number): number[] {
  if (count >= n) return Array.from({ length: n }, (_, i) => i);
  if (count <= 0) return [];
  if (count === 1) return [0];
  return Array.from({ length: count }, (_, i) => Math.round((i * (n - 1)) / (count - 1)));
}

/** The depth curve in exactly `width` × `height` cells. */
export function depthCurveLines({ depth, width, height }: DepthCurveProps): Line[] {
  const steps = [...new Set([...depth.bids, ...depth.asks].map((p) => p.bps))]
    .filter((b) => Number.isFinite(b))
    .sort((a, b) => a - b);
  const maxQty =
    depth.maxQty > 0
      ? depth.maxQty
      : [...depth.bids, ...depth.asks].reduce((m, p) => Math.max(m, p.qty), 0);
  const labelWidth = Math.min(Math.max(3, ...steps.map((b) => fmtBps(b).length)), Math.max(0, width));
  const sideWidth = Math.max(0, Math.floor((width - labelWidth - 2) / 2));
  const qtyWidth = sideWidth >= MIN_SIDE_WITH_QTY ? QTY_WIDTH : 0;
  const barWidth = Math.max(0, sideWidth - (qtyWidth > 0 ? qtyWidth + 1 : 0));
  /** The centre column, with a side on each hand when there is room for them. */
  const mirrored = (bid: Line, label: Line, ask: Line): Line => (sideWidth > 0 ? [...bid, seg(' '), ...label, seg(' '), ...ask] : label);

  const lines: Line[] = [
    titleLine(
      [seg('depth', mergeStyles(theme.accent, { bold: true }))],
      [[seg('cum size')]],
      maxQty > 0 ? [seg(`max ${fmtQty(maxQty, 7)}`, theme.muted)] : [],
      width,
    ),
    mirrored(
      [seg(padLeft(ellipsis('bids', sideWidth), sideWidth), theme.bid)],
      [seg(centre(ellipsis('bps', labelWidth), labelWidth), theme.muted)],
      [seg(pad(ellipsis('asks', sideWidth), sideWidth), theme.ask)],
    ),
  ];
  if (steps.length === 0) lines.push([seg(ellipsis('no depth', width), theme.muted)]);
  for (const i of sample(steps.length, Math.max(0, height - lines.length))) {
    const b = steps[i] ?? 0;
    const bid = cumulativeAt(depth.bids, b);
    const ask = cumulativeAt(depth.asks, b);
    const nb = barCells(bid, maxQty, barWidth);
    const na = barCells(ask, maxQty, barWidth);
    const line = mirrored(
      [
        ...(qtyWidth > 0 ? [seg(padLeft(fmtQty(bid, qtyWidth), qtyWidth), theme.bid), seg(' ')] : []),
        seg(' '.repeat(barWidth - nb)),
        seg('█'.repeat(nb), theme.bid),
      ],
      [seg(centre(fmtBps(b, labelWidth), labelWidth), theme.muted)],
      [
        seg('█'.repeat(na), theme.ask),
        seg(' '.repeat(barWidth - na)),
        ...(qtyWidth > 0 ? [seg(' '), seg(padLeft(fmtQty(ask, qtyWidth), qtyWidth), theme.ask)] : []),
      ],
    );
    lines.push(line);
  }
  return lines;
}

export function DepthCurve(props: DepthCurveProps): ReactElement {
  return <Lines lines={depthCurveLines(props)} width={props.width} height={props.height} />;
}
