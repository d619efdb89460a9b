// tui/panes/console-screen: the whole console for one frame. computeLayout says which panes show and
// where; each pane's lines are placed at its rectangle and composed into one line per terminal row
// (panes/frame.ts), drawn in a box of exactly the frame's size, so the frame is never wider than the
// terminal nor taller than rows − 1 (tui/layout.ts says why). The help box, when shown, is drawn last,
// over the panes.

import type { ReactElement } from 'react';

import { computeLayout, layoutOptionsOf, TOO_SMALL_TEXT, type Rect } from '../layout.js';
import { LEGEND } from '../marks.js';
import { theme } from '../theme.js';
import type { ConsoleView } from '../view-model.js';
import { depthCurveLines } from './depth-curve.js';
import { composeFrame, type Placement } from './frame.js';
import { gatesLines } from './gates.js';
import { gaugesLines } from './gauges.js';
import { heatmapLines } from './heatmap.js';
import { helpLines, helpSize, type KeyBinding } from './help.js';
import { ladderLines } from './ladder.js';
import { markoutsLines } from './markouts.js';
import { ordersLines } from './orders.js';
import { positionsLines } from './positions.js';
import { reconciliationLines } from './reconciliation.js';
import { statusBarLines } from './status-bar.js';
import { tapeLines } from './tape.js';
import { ellipsis, Lines, seg, type Line } from './text.js';

export interface ConsoleScreenProps {
  readonly view: ConsoleView;
  /** Terminal size in cells. */
  readonly columns: number;
  readonly rows: number;
  readonly showHelp: boolean;
  readonly keys: readonly KeyBinding[];
  /** The terminal's width when Ink draws (see LinesProps.columnsNow). */
  readonly columnsNow?: () => number;
}

function dividerLines(rect: Rect): Line[] {
  return rect.width === 1
    ? Array.from({ length: rect.height }, () => [seg('│', theme.muted)])
    : [[seg('─'.repeat(rect.width), theme.muted)]];
}

/** The console: every visible pane of `view` laid out for a `columns` × `rows` terminal. */
export function ConsoleScreen({ view, columns, rows, showHelp, keys, columnsNow }: ConsoleScreenProps): ReactElement {
  const layout = computeLayout(columns, rows, layoutOptionsOf(view));
  if (layout.mode === 'tooSmall') {
    return (
      <Lines lines={[[seg(ellipsis(TOO_SMALL_TEXT, layout.width), theme.warn)]]} width={layout.width} height={layout.height} columnsNow={columnsNow} />
    );
  }
  const { panes } = layout;
  const placed: Placement[] = [];
  const put = (rect: Rect | null | undefined, lines: (r: Rect) => Line[], fill = false): void => {
    if (rect === undefined || rect === null || rect.width <= 0 || rect.height <= 0) return;
    placed.push({ rect, lines: lines(rect), fill });
  };

  const trading = view.trading;
  const tradingStatus = trading === undefined ? {} : { trading: { status: trading.status, openOrders: trading.orders.open.length } };
  put(panes.status, (r) => statusBarLines({ status: view.status, width: r.width, height: r.height, ...tradingStatus }));
  put(panes.ladder, (r) => ladderLines({ ladder: view.ladder, width: r.width, height: r.height }));
  put(panes.tape, (r) => tapeLines({ rows: view.tape, width: r.width, height: r.height }));
  put(panes.gauges, (r) => gaugesLines({ gauges: view.gauges, width: r.width, height: r.height }));
  put(panes.depth, (r) => depthCurveLines({ depth: view.depth, width: r.width, height: r.height }));
  put(panes.heatmap, (r) => heatmapLines({ heatmap: view.heatmap, width: r.width, height: r.height }));
  const markouts = view.markouts;
  if (markouts !== undefined) put(panes.markouts, (r) => markoutsLines({ markouts, width: r.width, height: r.height }));
  const gates = view.gates;
  if (gates !== undefined) put(panes.gates, (r) => gatesLines({ gates, width: r.width, height: r.height }));
  if (trading !== undefined) {
    put(panes.positions, (r) => positionsLines({ positions: trading.positions, width: r.width, height: r.height }));
    put(panes.orders, (r) => ordersLines({ orders: trading.orders, width: r.width, height: r.height }));
    put(panes.reconciliation, (r) => reconciliationLines({ reconciliation: trading.reconciliation, width: r.width, height: r.height }));
  }
  for (const d of layout.dividers) put(d, dividerLines);
  put(layout.message, (r) => [[seg(ellipsis(view.message, r.width), theme.message)]]);

  if (showHelp) {
    // Where the logs go while the console owns the terminal, as the help's last row.
    const helpKeys = view.status.logFile === undefined ? keys : [...keys, { key: 'logs', action: view.status.logFile, wide: true }];
    const top = panes.status?.height ?? 0;
    const bottom = layout.message?.y ?? layout.height;
    const size = helpSize(helpKeys, layout.width - 4, bottom - top, LEGEND);
    const rect: Rect = {
      x: Math.floor((layout.width - size.width) / 2),
      y: top + Math.floor((bottom - top - size.height) / 2),
      width: size.width,
      height: size.height,
    };
    put(rect, (r) => helpLines({ keys: helpKeys, legend: LEGEND, width: r.width, height: r.height, columns: size.columns }), true);
  }

  return (
    <Lines lines={composeFrame(layout.width, layout.height, placed)} width={layout.width} height={layout.height} columnsNow={columnsNow} />
  );
}
