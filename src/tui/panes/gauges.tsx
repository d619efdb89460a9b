// tui/panes/gauges: one row per measure: label, value, bar.
//
//   gauges             window 1s
//   OFI          +0.42      │████     signed: centred, right (buy colour) for +, left (sell) for −
//   TFI          -0.80  ████│
//   spread bps    1.2   ██          magnitude: from the left
//
// A gauge is drawn as a magnitude bar when it says `signed: false` (an optional field the view may add
// to Gauge); otherwise its bar is signed, since a value in [0, 1] is also a valid signed value.

import type { ReactElement } from 'react';

import { mergeStyles, theme } from '../theme.js';
import type { Gauge, GaugesView } from '../view-model.js';
import { barCells, cells, Lines, pad, padLeft, seg, spread, type Line, type Seg } from './text.js';

export interface GaugesProps {
  readonly gauges: GaugesView;
  readonly width: number;
  readonly height: number;
}

/** A Gauge that may say whether its bar is signed ([−1, 1], centred) or a magnitude ([0, 1], from the left). */
export type GaugeWithKind = Gauge & { readonly signed?: boolean };

/** Narrowest bar worth drawing. */
const MIN_BAR = 3;
/** Labels are cut before the bar gets narrower than this. */
const PREFERRED_BAR = 5;

/** A signed bar of `width` cells for `v` in [−1, 1]: the centre marked '│', + to the right, − to the left. */
export function signedBar(v: number, width: number): Seg[] {
  if (width < MIN_BAR) return [];
  const w = width % 2 === 1 ? width : width - 1;
  const half = (w - 1) / 2;
  const x = Math.max(-1, Math.min(1, v));
  const neg = x < 0 ? barCells(-x, 1, half) : 0;
  const pos = x > 0 ? barCells(x, 1, half) : 0;
  return [
    seg(' '.repeat(half - neg)),
    seg('█'.repeat(neg), theme.sell),
    seg('│', theme.muted),
    seg('█'.repeat(pos), theme.buy),
    seg(' '.repeat(half - pos + (width - w))),
  ];
}

/** A magnitude bar of `width` cells for `v` in [0, 1], from the left. */
export function magnitudeBar(v: number, width: number): Seg[] {
  if (width < MIN_BAR) return [];
  const n = barCells(Math.max(0, Math.min(1, v)), 1, width);
  return [seg('█'.repeat(n), theme.accent), seg(' '.repeat(width - n))];
}

function row(g: GaugeWithKind, labelWidth: number, textWidth: number, barWidth: number): Line {
  const out: Seg[] = [seg(pad(g.label, labelWidth)), seg(' '), seg(padLeft(g.text, textWidth), { bold: true })];
  if (barWidth >= MIN_BAR && g.bar !== null && Number.isFinite(g.bar)) {
    out.push(seg(' '));
    out.push(...(g.signed === false ? magnitudeBar(g.bar, barWidth) : signedBar(g.bar, barWidth)));
  }
  return out;
}

/** The gauges in exactly `width` × `height` cells. */
export function gaugesLines({ gauges, width, height }: GaugesProps): Line[] {
  const list = gauges.gauges as readonly GaugeWithKind[];
  // Values are never cut (a cut number reads as another number); labels give way, then bars.
  const textWidth = Math.min(
    list.reduce((m, g) => Math.max(m, cells(g.text)), 0),
    Math.max(0, width - 2),
  );
  const longestLabel = list.reduce((m, g) => Math.max(m, cells(g.label)), 0);
  const labelWidth = Math.max(
    0,
    Math.min(longestLabel, Math.max(width - textWidth - 2 - PREFERRED_BAR, Math.floor(width / 3))),
  );
  const barWidth = width - labelWidth - textWidth - 2;
  const lines: Line[] = [
    spread(
      [seg('gauges', mergeStyles(theme.accent, { bold: true }))],
      [seg(`window ${gauges.window}`, theme.muted)],
      width,
    ),
  ];
  if (list.length === 0) lines.push([seg('no measures', theme.muted)]);
  for (const g of list.slice(0, Math.max(0, height - 1))) lines.push(row(g, labelWidth, textWidth, barWidth));
  return lines;
}

export function Gauges(props: GaugesProps): ReactElement {
  return <Lines lines={gaugesLines(props)} width={props.width} height={props.height} />;
}
