// tui/panes/heatmap: resting size over time.
//
//   heatmap 1s/col                 60 cols     title, time per column, columns shown
//   64013.00 ░░▒▒▒▓▓▓██▓▓▒░                    one row per price (highest on top), one column per time
//   64012.50 ░░░▒●▒▒░░                          step (oldest left, newest at the right edge); shade from the
//   64012.00 ▒▒▓▓▓▓█●██                         theme's heat ramp; '●' a trade print, coloured by side
//
// When there are more columns than room, the newest are kept; more prices than rows, the middle ones. A
// price label wider than a third of the pane is written shorter (fmtDecimal), never cut.

import type { ReactElement } from 'react';

import { heatStep, mergeStyles, theme } from '../theme.js';
import type { HeatmapView } from '../view-model.js';
import { MARKS } from '../marks.js';
import { titleLine } from './fields.js';
import { fmtDecimal } from './number.js';
import { ellipsis, Lines, padLeft, seg, type Line, type Seg } from './text.js';

export interface HeatmapProps {
  readonly heatmap: HeatmapView;
  readonly width: number;
  readonly height: number;
}

const TRADE_MARK = MARKS.print.char;

/** Where the visible window of the heatmap lies in the view's rows and columns. */
export interface HeatmapWindow {
  readonly labelWidth: number;
  /** First visible row (index into prices) and how many. */
  readonly rowStart: number;
  readonly rowCount: number;
  /** First visible column (index into columns) and how many. */
  readonly colStart: number;
  readonly colCount: number;
  /** Blank cells left of the first column (fewer columns than room: the newest stay at the right edge). */
  readonly leftPad: number;
}

export function heatmapWindow(h: HeatmapView, width: number, height: number): HeatmapWindow {
  const longest = h.prices.reduce((m, p) => Math.max(m, p.length), 0);
  const labelWidth = Math.min(longest, Math.max(0, Math.floor(width / 3)));
  const cellsWidth = Math.max(0, width - labelWidth - (labelWidth > 0 ? 1 : 0));
  const rowRoom = Math.max(0, height - 1);
  const rowCount = Math.min(rowRoom, h.prices.length);
  const rowStart = Math.floor((h.prices.length - rowCount) / 2);
  const colCount = Math.min(cellsWidth, h.columns.length);
  const colStart = h.columns.length - colCount;
  return { labelWidth, rowStart, rowCount, colStart, colCount, leftPad: cellsWidth - colCount };
}

/** The heatmap in exactly `width` × `height` cells. */
export function heatmapLines({ heatmap, width, height }: HeatmapProps): Line[] {
  const w = heatmapWindow(heatmap, width, height);
  const lines: Line[] = [
    titleLine(
      [seg('heatmap', mergeStyles(theme.accent, { bold: true }))],
      [[seg(`${heatmap.columnSpan}/col`)]],
      [seg(`${w.colCount} cols, newest right`, theme.muted)],
      width,
    ),
  ];
  if (heatmap.prices.length === 0) lines.push([seg(ellipsis('no data', width), theme.muted)]);
  for (let i = 0; i < w.rowCount; i++) {
    const r = w.rowStart + i;
    const line: Seg[] = [];
    if (w.labelWidth > 0) line.push(seg(padLeft(fmtDecimal(heatmap.prices[r] ?? '', w.labelWidth), w.labelWidth), theme.muted), seg(' '));
    if (w.leftPad > 0) line.push(seg(' '.repeat(w.leftPad)));
    for (let c = w.colStart; c < w.colStart + w.colCount; c++) {
      const print = heatmap.trades[c];
      if (print != null && print.row === r) {
        line.push(seg(TRADE_MARK, mergeStyles(print.side === 'buy' ? theme.buy : theme.sell, { bold: true })));
      } else {
        const step = heatStep(heatmap.columns[c]?.[r] ?? 0);
        line.push(seg(step.char, step.style));
      }
    }
    lines.push(line);
  }
  return lines;
}

export function Heatmap(props: HeatmapProps): ReactElement {
  return <Lines lines={heatmapLines(props)} width={props.width} height={props.height} />;
}
