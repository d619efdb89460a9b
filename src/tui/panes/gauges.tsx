// tui/panes/gauges: one row per measure: label, value(s), bar.
//
//   gauges             window 1s
//   OFI            8.3665     │████   signed: centred, right (buy colour) for +, left (sell) for −
//   TFI            -0.800  ███│
//   vol bps          1.20 ██         magnitude: from the left
//   refill bid/ask 9729.2 / 35294    several values: no bar, right-aligned to the row's end
//
// Labels are printed in full when the pane has room for them, a value column and a bar of PREFERRED_BAR
// cells (120×40 does); else in their short forms (80×24); else cut with '…'. Values are never cut: each is
// written in the most precise true form that fits its column (panes/number.ts).

import type { ReactElement } from 'react';

import { mergeStyles, theme } from '../theme.js';
import type { Gauge, GaugesView } from '../view-model.js';
import { titleLine } from './fields.js';
import { numberForms, OVERFLOW, type NumberStyle } from './number.js';
import { barCells, cells, ellipsis, Lines, pad, padLeft, seg, type Line, type Seg } from './text.js';

export interface GaugesProps {
  readonly gauges: GaugesView;
  readonly width: number;
  readonly height: number;
}

/** Narrowest bar worth drawing. */
const MIN_BAR = 3;
/** Labels give way (short forms, then '…') before the bar gets narrower than this. */
const PREFERRED_BAR = 5;
/** Labels give way before the value column gets narrower than this ('-0.123', '-1.2k'). */
const MIN_VALUE = 6;

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

const styleOf = (g: Gauge): NumberStyle => ({ decimals: g.decimals, tiny: 'digits' });

/**
 * The values of `g` in at most `width` cells: each value in its most precise true form, the widest giving
 * way first; `…` when even the shortest forms do not fit; '' without room.
 */
export function gaugeText(g: Gauge, width: number): string {
  if (width <= 0) return '';
  const sep = g.sep ?? ' ';
  const forms = g.values.map((v) => numberForms(v, styleOf(g)).filter((f) => f !== OVERFLOW));
  const at = forms.map(() => 0);
  const text = (): string => forms.map((f, i) => f[at[i] ?? 0] ?? '').join(sep);
  while (cells(text()) > width) {
    let widest = -1;
    forms.forEach((f, i) => {
      const k = at[i] ?? 0;
      if (k + 1 >= f.length) return;
      if (widest < 0 || cells(f[k] ?? '') > cells(forms[widest]?.[at[widest] ?? 0] ?? '')) widest = i;
    });
    if (widest < 0) return OVERFLOW;
    at[widest] = (at[widest] ?? 0) + 1;
  }
  return text();
}

/** Cells the values of `g` take in their most precise form. */
function preferredWidth(g: Gauge): number {
  return cells(gaugeText(g, Number.MAX_SAFE_INTEGER));
}

interface Columns {
  /** The label column and which labels go in it. */
  readonly label: number;
  readonly short: boolean;
  /** The value column of one-value rows with a bar. */
  readonly value: number;
}

/** Column widths for `list` in `width` cells (see the module header). */
export function gaugeColumns(list: readonly Gauge[], width: number): Columns {
  const fullLabel = list.reduce((m, g) => Math.max(m, cells(g.label)), 0);
  const shortLabel = list.reduce((m, g) => Math.max(m, cells(g.short ?? g.label)), 0);
  const preferred = list.reduce((m, g) => (g.values.length === 1 ? Math.max(m, preferredWidth(g)) : m), 0);
  const room = (label: number): number => width - label - 2 - PREFERRED_BAR;
  if (room(fullLabel) >= Math.min(preferred, MIN_VALUE)) {
    return { label: fullLabel, short: false, value: Math.min(preferred, room(fullLabel)) };
  }
  if (room(shortLabel) >= Math.min(preferred, MIN_VALUE)) {
    return { label: shortLabel, short: true, value: Math.min(preferred, room(shortLabel)) };
  }
  // Narrower still: short labels cut with '…', values keep MIN_VALUE cells, no bar.
  const value = Math.min(preferred, Math.max(0, width - 1), MIN_VALUE);
  const label = Math.max(0, Math.min(shortLabel, width - value - 1));
  return { label, short: true, value: Math.max(0, Math.min(width - label - (label > 0 ? 1 : 0), preferred)) };
}

function row(g: Gauge, c: Columns, width: number): Line {
  const labelText = ellipsis(c.short ? (g.short ?? g.label) : g.label, c.label);
  const head = c.label > 0 ? [seg(pad(labelText, c.label)), seg(' ')] : [];
  const room = width - (c.label > 0 ? c.label + 1 : 0);
  const inColumn = gaugeText(g, Math.min(c.value, room));
  const fitsColumn = inColumn !== OVERFLOW || g.values.length === 0;
  if (!fitsColumn || (g.values.length > 1 && cells(inColumn) < preferredWidth(g))) {
    // Several values (or one too wide for the column): the rest of the row, no bar.
    return [...head, seg(padLeft(gaugeText(g, room), room), { bold: true })];
  }
  const out: Seg[] = [...head, seg(padLeft(inColumn, Math.min(c.value, room)), { bold: true })];
  const barWidth = room - c.value - 1;
  if (barWidth >= MIN_BAR && g.bar !== null && Number.isFinite(g.bar)) {
    out.push(seg(' '));
    out.push(...(g.signed === false ? magnitudeBar(g.bar, barWidth) : signedBar(g.bar, barWidth)));
  }
  return out;
}

/** The gauges in `width` × `height` cells. */
export function gaugesLines({ gauges, width, height }: GaugesProps): Line[] {
  const list = gauges.gauges;
  const lines: Line[] = [
    titleLine([seg('gauges', mergeStyles(theme.accent, { bold: true }))], [], [seg(`window ${gauges.window}`, theme.muted)], width),
  ];
  if (list.length === 0) lines.push([seg(ellipsis('no measures', width), theme.muted)]);
  const c = gaugeColumns(list, width);
  for (const g of list.slice(0, Math.max(0, height - 1))) lines.push(row(g, c, width));
  return lines;
}

export function Gauges(props: GaugesProps): ReactElement {
  return <Lines lines={gaugesLines(props)} width={props.width} height={props.height} />;
}
