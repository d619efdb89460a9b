// tui/layout: which panes the console shows for a terminal size, and where (character cells). Pure.
//
//   full (≥ 120×40)                                   reduced (≥ 80×24)             too small
//   ┌ status (2 rows) ─────────────────────────────┐  ┌ status ──────────────────┐  terminal too small
//   │ladder│tape│ gauges     │ depth curve         │  │ladder│tape│ gauges       │  (need 80×24)
//   │ ~30  │~28 ├────────────┴─────────────────────┤  │      │    │ (heatmap or  │
//   │      │    │ heatmap (the widest region)      │  │      │    │ depth below  │
//   │      │    │                                  │  │      │    │ when room)   │
//   └ message (1 row) ────────────────────────────┘  └ message ─────────────────┘
//   one spare row below: the frame is never taller than rows − 1, because Ink clears the whole screen
//   when its output is as tall as the terminal. The gates pane (replay --strategy) takes the place of what
//   is below the gauges (the heatmap at 120×40), or the rows the gauges leave free (80×24). The markouts
//   table (key m), when shown, then takes the heatmap's place, else the depth curve's, else the gauges'.
//
//   trading (a strategy runs: replay --strategy, paper), 120×40      80×24
//   ┌ status: … KILLED · TRADING PAUSED … open orders: N ──────┐    ┌ status ─────────────────┐
//   │ladder│tape│ gauges   │ positions (the depth's place)      │    │ladder│tape│ gauges       │
//   │      │    ├──────────┴──────────────────────────────────┤    │      │    ├──────────────┤
//   ├──────┴────┤ gates (the heatmap's place)                  │    │      │    │ gates; key o │
//   │ orders / reconciliation (key o)  │                       │    │      │    │ cycles it    │
//   └ message ─────────────────────────────────────────────────┘    └ message ─────────────────┘
//   The orders pane takes a band under the ladder and tape when they keep MIN_LADDER_ROWS; the positions
//   pane takes the depth curve's place beside the gauges. A trading pane with no place of its own takes
//   turns with the others in a shared place — the orders band, else the gates' place — and key o moves to
//   the next: orders / reconciliation at 120×40; gates, positions, orders, reconciliation at 80×24.

import type { FrameSize } from './session.js';
import type { ConsoleView, PaneName } from './view-model.js';

/** A region in character cells, from the frame's top-left corner. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type LayoutMode = 'full' | 'reduced' | 'tooSmall';

export interface Layout {
  readonly mode: LayoutMode;
  /** The terminal size this layout is for. */
  readonly columns: number;
  readonly rows: number;
  /** The frame: `width` ≤ columns, `height` ≤ rows − 1. */
  readonly width: number;
  readonly height: number;
  /** The visible panes; a pane not listed is hidden. */
  readonly panes: Readonly<Partial<Record<PaneName, Rect>>>;
  /** One-cell rules between panes (vertical when width is 1, horizontal when height is 1). */
  readonly dividers: readonly Rect[];
  /** The transient message line (also where "terminal too small" goes), null when there is no room. */
  readonly message: Rect | null;
}

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;
export const FULL_COLUMNS = 120;
export const FULL_ROWS = 40;
export const TOO_SMALL_TEXT = `terminal too small (need ${MIN_COLUMNS}×${MIN_ROWS})`;

const STATUS_ROWS = 2;
const MESSAGE_ROWS = 1;
/** Rows left free below the frame (see the header). */
const SPARE_ROWS = 1;
/** Below this the heatmap or depth curve under the gauges is not worth showing. */
const MIN_LOWER_ROWS = 8;
/** The gauges pane's natural height (title and 11 gauges), and the fewest rows worth giving the gates pane. */
const GAUGES_ROWS = 12;
const MIN_GATES_ROWS = 4;
/** Right-column widths from which the heatmap, the depth curve, and both beside the gauges fit. */
const HEATMAP_MIN_WIDTH = 40;
const DEPTH_MIN_WIDTH = 30;
const SPLIT_TOP_MIN_WIDTH = 59;
const GAUGES_MAX_WIDTH = 50;

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

interface Placed {
  panes: Partial<Record<PaneName, Rect>>;
  dividers: Rect[];
}

/** The right-hand column (x, y, width, height): gauges on top, then what fits below / beside. */
function placeRight(x: number, y: number, width: number, height: number, out: Placed): void {
  const topRows = clamp(Math.round(height * 0.36), 11, 14);
  const lowerRows = height - topRows;
  if (lowerRows < MIN_LOWER_ROWS || width < DEPTH_MIN_WIDTH) {
    out.panes.gauges = { x, y, width, height };
    return;
  }
  if (width >= SPLIT_TOP_MIN_WIDTH) {
    const gw = Math.min(GAUGES_MAX_WIDTH, Math.floor((width - 1) / 2));
    out.panes.gauges = { x, y, width: gw, height: topRows };
    out.dividers.push({ x: x + gw, y, width: 1, height: topRows });
    out.panes.depth = { x: x + gw + 1, y, width: width - gw - 1, height: topRows };
    out.panes.heatmap = { x, y: y + topRows, width, height: lowerRows };
    return;
  }
  out.panes.gauges = { x, y, width, height: topRows };
  const lower: Rect = { x, y: y + topRows, width, height: lowerRows };
  if (width >= HEATMAP_MIN_WIDTH) out.panes.heatmap = lower;
  else out.panes.depth = lower;
}

export interface LayoutOptions {
  /** The markouts table is shown: it takes the heatmap's place, else the depth curve's, else the gauges'. */
  readonly markouts?: boolean;
  /** The gates pane is shown: below the gauges (see placeGates). */
  readonly gates?: boolean;
  /** A strategy trades: the gates, positions, orders and reconciliation panes (see placeTrading). */
  readonly trading?: boolean;
  /** The `o` key's counter: which trading pane the shared place shows. */
  readonly tradingPage?: number;
}

/** The trading panes, in the order key o brings them into a shared place. */
export const TRADING_PANES = ['gates', 'positions', 'orders', 'reconciliation'] as const;
type TradingPane = (typeof TRADING_PANES)[number];

/** The ladder and tape keep at least this many rows above the orders band, else there is no band. */
const MIN_LADDER_ROWS = 16;

/**
 * The gates pane in the right-hand column: in the place of the pane below the gauges (the heatmap, or the
 * depth curve in a narrow column); when the gauges have the column to themselves, in the rows they leave
 * free below them (at least MIN_GATES_ROWS, after a one-row rule), else not at all.
 */
function placeGates(out: Placed): void {
  const { gauges, heatmap, depth } = out.panes;
  if (gauges === undefined) return;
  const below = heatmap !== undefined && heatmap.y > gauges.y ? 'heatmap' : depth !== undefined && depth.y > gauges.y ? 'depth' : null;
  if (below !== null) {
    out.panes.gates = out.panes[below];
    delete out.panes[below];
    return;
  }
  const free = gauges.height - GAUGES_ROWS - 1;
  if (free < MIN_GATES_ROWS) return;
  out.panes.gauges = { ...gauges, height: GAUGES_ROWS };
  out.dividers.push({ x: gauges.x, y: gauges.y + GAUGES_ROWS, width: gauges.width, height: 1 });
  out.panes.gates = { x: gauges.x, y: gauges.y + GAUGES_ROWS + 1, width: gauges.width, height: free };
}

/**
 * The trading panes (see the header): the gates pane where placeGates put it, the positions pane in the
 * depth curve's place beside the gauges, the orders band under the ladder and tape (`band`, when there is
 * one); the panes without a place of their own take turns (`page`) in the band, else in the gates' place.
 */
function placeTrading(out: Placed, band: Rect | null, page: number): void {
  const { gauges, depth } = out.panes;
  const gatesPlace = out.panes.gates;
  delete out.panes.gates;
  const placeOf: Partial<Record<TradingPane, Rect>> = {};
  if (depth !== undefined && gauges !== undefined && depth.y === gauges.y) {
    placeOf.positions = depth;
    delete out.panes.depth;
  }
  const shared = band ?? gatesPlace;
  if (band !== null && gatesPlace !== undefined) placeOf.gates = gatesPlace;
  const turns = TRADING_PANES.filter((p) => placeOf[p] === undefined);
  const turn = turns[((page % turns.length) + turns.length) % turns.length];
  if (shared !== undefined && turn !== undefined) placeOf[turn] = shared;
  for (const p of TRADING_PANES) {
    const rect = placeOf[p];
    if (rect !== undefined) out.panes[p] = rect;
  }
}

/** The layout for a terminal of `columns` × `rows` cells. */
export function computeLayout(columns: number, rows: number, options: LayoutOptions = {}): Layout {
  const cols = Math.max(0, Math.floor(Number.isFinite(columns) ? columns : 0));
  const rws = Math.max(0, Math.floor(Number.isFinite(rows) ? rows : 0));

  if (cols < MIN_COLUMNS || rws < MIN_ROWS) {
    const height = rws > SPARE_ROWS ? 1 : 0;
    return {
      mode: 'tooSmall',
      columns: cols,
      rows: rws,
      width: cols,
      height,
      panes: {},
      dividers: [],
      message: height > 0 && cols > 0 ? { x: 0, y: 0, width: cols, height: 1 } : null,
    };
  }

  const full = cols >= FULL_COLUMNS && rws >= FULL_ROWS;
  const bodyY = STATUS_ROWS;
  const bodyRows = rws - STATUS_ROWS - MESSAGE_ROWS - SPARE_ROWS;
  const ladderWidth = cols < 100 ? 28 : clamp(Math.floor(cols * 0.25), 30, 44);
  const tapeWidth = cols < 100 ? 26 : clamp(Math.floor(cols * 0.23), 28, 36);
  const trading = options.trading === true;
  // The orders band under the ladder and tape (trading), about a third of the body.
  const bandRows = clamp(Math.round(bodyRows / 3), 10, 16);
  const band: Rect | null = trading && bodyRows - bandRows - 1 >= MIN_LADDER_ROWS ? { x: 0, y: bodyY + bodyRows - bandRows, width: ladderWidth + 1 + tapeWidth, height: bandRows } : null;
  const leftRows = band === null ? bodyRows : bodyRows - bandRows - 1;

  const placed: Placed = {
    panes: {
      status: { x: 0, y: 0, width: cols, height: STATUS_ROWS },
      ladder: { x: 0, y: bodyY, width: ladderWidth, height: leftRows },
      tape: { x: ladderWidth + 1, y: bodyY, width: tapeWidth, height: leftRows },
    },
    dividers: [
      { x: ladderWidth, y: bodyY, width: 1, height: leftRows },
      { x: ladderWidth + 1 + tapeWidth, y: bodyY, width: 1, height: bodyRows },
      ...(band === null ? [] : [{ x: 0, y: band.y - 1, width: band.width, height: 1 }]),
    ],
  };
  const rightX = ladderWidth + 1 + tapeWidth + 1;
  placeRight(rightX, bodyY, cols - rightX, bodyRows, placed);
  if (options.gates === true || trading) placeGates(placed);
  if (trading) placeTrading(placed, band, options.tradingPage ?? 0);
  if (options.markouts === true) {
    const replaced = placed.panes.heatmap !== undefined ? 'heatmap' : placed.panes.depth !== undefined ? 'depth' : 'gauges';
    placed.panes.markouts = placed.panes[replaced];
    delete placed.panes[replaced];
  }

  return {
    mode: full ? 'full' : 'reduced',
    columns: cols,
    rows: rws,
    width: cols,
    height: STATUS_ROWS + bodyRows + MESSAGE_ROWS,
    panes: placed.panes,
    dividers: placed.dividers,
    message: { x: 0, y: bodyY + bodyRows, width: cols, height: MESSAGE_ROWS },
  };
}

/** What a view asks of the layout: the markouts table, the gates pane, the trading panes and their turn. */
export function layoutOptionsOf(view: Pick<ConsoleView, 'markouts' | 'gates' | 'trading'>): LayoutOptions {
  return {
    markouts: view.markouts !== undefined,
    gates: view.gates !== undefined,
    trading: view.trading !== undefined,
    ...(view.trading === undefined ? {} : { tradingPage: view.trading.page }),
  };
}

const HEATMAP_LABEL = 9;

/** How many rows and columns of data the engine side should put in a view for this layout. */
export function frameSizeFor(layout: Layout): FrameSize {
  const p = layout.panes;
  return {
    ladderRows: Math.max(2, (p.ladder?.height ?? 2) - 2),
    tapeRows: Math.max(1, (p.tape?.height ?? 2) - 2),
    heatmapRows: Math.max(0, (p.heatmap?.height ?? 1) - 1),
    heatmapColumns: Math.max(0, (p.heatmap?.width ?? HEATMAP_LABEL) - HEATMAP_LABEL),
  };
}
