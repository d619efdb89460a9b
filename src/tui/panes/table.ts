// tui/panes/table: columns of a small table in the width a pane has (the trading panes' tables). Each
// column wants the width of its head and its widest cell (at most its maxWidth); while the table is too
// wide, first the optional columns are left out (the one that matters least first), then the widest decimal
// column gives way a cell at a time down to MIN_DECIMAL (its values are then written shorter but true:
// panes/number.ts fmtDecimal), then the other columns are left out, the one that matters least first.
//
//   side type   price      qty        filled  age
//   BUY  MAKER  61855.36   0.00161667 0       86ms

import { fmtDecimal } from './number.js';
import { cells, ellipsis, pad, padLeft, seg, type Line, type Seg } from './text.js';
import type { Style } from '../theme.js';

/** A decimal column is at least this wide before columns are left out. */
const MIN_DECIMAL = 6;
/** No cell is wider than this (a longer decimal is written shorter, a longer text cut with '…'). */
const MAX_CELL = 14;

export interface TableCell {
  readonly text: string;
  readonly style?: Style;
}

export interface TableColumn {
  readonly head: string;
  /** An exact decimal (written shorter but true when narrow, right-aligned) or a text (cut with '…'). */
  readonly kind: 'decimal' | 'text';
  /** Right-aligned (default: decimals right, texts left). */
  readonly right?: boolean;
  /** The lowest is left out first when the columns do not fit. */
  readonly rank: number;
  /** The most cells it wants (default MAX_CELL): money wants fewer decimals than the kernel keeps. */
  readonly maxWidth?: number;
  /** Left out before any figure is written shorter (a detail: an order's state, its queue estimate). */
  readonly optional?: boolean;
  readonly cells: readonly TableCell[];
}

export interface FittedColumn {
  readonly column: TableColumn;
  readonly width: number;
}

/** The columns that fit `width` cells (one space between columns), with their widths, in their order. */
export function fitColumns(columns: readonly TableColumn[], width: number): FittedColumn[] {
  let shown = columns.map((column) => ({
    column,
    width: Math.max(cells(column.head), ...column.cells.map((c) => Math.min(column.maxWidth ?? MAX_CELL, cells(c.text)))),
  }));
  const total = (): number => shown.reduce((s, c) => s + c.width, 0) + Math.max(0, shown.length - 1);
  const weakestOf = (list: typeof shown) => list.reduce<(typeof shown)[number] | null>((w, c) => (w === null || c.column.rank < w.column.rank ? c : w), null);
  for (let optional = weakestOf(shown.filter((c) => c.column.optional === true)); optional !== null && total() > width; optional = weakestOf(shown.filter((c) => c.column.optional === true))) {
    const drop = optional;
    shown = shown.filter((c) => c !== drop);
  }
  while (shown.length > 0 && total() > width) {
    const widest = shown
      .filter((c) => c.column.kind === 'decimal' && c.width > Math.max(MIN_DECIMAL, cells(c.column.head)))
      .reduce<{ column: TableColumn; width: number } | null>((w, c) => (w === null || c.width > w.width ? c : w), null);
    if (widest !== null) {
      widest.width--;
      continue;
    }
    const weakest = weakestOf(shown);
    shown = shown.filter((c) => c !== weakest);
  }
  return shown;
}

function cellText(c: FittedColumn, cell: TableCell | undefined): string {
  const text = cell?.text ?? '';
  const shown = c.column.kind === 'decimal' ? fmtDecimal(text, c.width) : ellipsis(text, c.width);
  return (c.column.right ?? c.column.kind === 'decimal') ? padLeft(shown, c.width) : pad(shown, c.width);
}

/** The head line of fitted columns. */
export function headLine(columns: readonly FittedColumn[], style: Style): Line {
  return [seg(columns.map((c) => ((c.column.right ?? c.column.kind === 'decimal') ? padLeft(c.column.head, c.width) : pad(c.column.head, c.width))).join(' '), style)];
}

/** Row `i` of fitted columns. */
export function rowLine(columns: readonly FittedColumn[], i: number): Line {
  const out: Seg[] = [];
  columns.forEach((c, k) => {
    if (k > 0) out.push(seg(' '));
    const cell = c.column.cells[i];
    out.push(seg(cellText(c, cell), cell?.style));
  });
  return out;
}
