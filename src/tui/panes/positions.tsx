// tui/panes/positions: the strategy's positions (a strategy runs) — per symbol the position, its average
// entry, realised and unrealised P&L, fees and net, with the session's totals beside them, then the mean
// markout of our fills per horizon.
//
//   positions BTCUSDT          USDT                several symbols: a column each, and `total`
//   position     0.00161667
//   avg entry      61855.36
//   realised       -0.04745
//   unrealised     -0.02825
//   fees            0.00100
//   net            -0.02925
//   fill markouts bps      n 8
//   250ms -2.27  500ms -2.27  1s -2.27
//
// Figures are the kernel's exact decimals, written shorter but true when a column is narrow. When rows are
// short, the lines that matter least give way: the markouts, then avg entry, fees, unrealised, realised.

import type { ReactElement } from 'react';

import { mergeStyles, theme, type Style } from '../theme.js';
import type { FillMarkoutView, PositionRow, PositionsView } from '../view-model.js';
import { titleLine } from './fields.js';
import { fmtNumber } from './number.js';
import { fitColumns, headLine, rowLine, type TableCell, type TableColumn } from './table.js';
import { cells, ellipsis, Lines, seg, type Line } from './text.js';

export interface PositionsProps {
  readonly positions: PositionsView;
  readonly width: number;
  readonly height: number;
}

/** Cells a figure wants: money to about eight decimals (the kernel's exact figure keeps more). */
const MONEY_WIDTH = 11;

type Figure = 'position' | 'avgEntry' | 'realizedPnl' | 'unrealizedPnl' | 'fees' | 'netPnl';

/** The figure rows, top to bottom, with their labels and how much each matters (the lowest gives way first). */
const FIGURES: readonly { readonly key: Figure; readonly label: string; readonly rank: number; readonly signed: boolean }[] = [
  { key: 'position', label: 'position', rank: 9, signed: false },
  { key: 'avgEntry', label: 'avg entry', rank: 4, signed: false },
  { key: 'realizedPnl', label: 'realised', rank: 7, signed: true },
  { key: 'unrealizedPnl', label: 'unrealised', rank: 6, signed: true },
  { key: 'fees', label: 'fees', rank: 5, signed: false },
  { key: 'netPnl', label: 'net', rank: 10, signed: true },
];

const signStyle = (text: string): Style | undefined => (text.startsWith('-') ? theme.sell : /[1-9]/.test(text) ? theme.buy : undefined);

type Figures = Readonly<Record<Figure, string>>;

/** A symbol's figures ('-' for a flat position's entry). */
function symbolFigures(s: PositionRow): Figures {
  return { position: s.position, avgEntry: s.avgEntry ?? '-', realizedPnl: s.realizedPnl, unrealizedPnl: s.unrealizedPnl, fees: s.fees, netPnl: s.netPnl };
}

/** The totals' figures (no position or entry across symbols). */
function totalFigures(t: NonNullable<PositionsView['totals']>): Figures {
  return { position: '', avgEntry: '', realizedPnl: t.realizedPnl, unrealizedPnl: t.unrealizedPnl, fees: t.fees, netPnl: t.netPnl };
}

/** The markouts as `250ms -2.27` items joined into lines of `width` cells. */
function markoutLines(markouts: readonly FillMarkoutView[], width: number): Line[] {
  const items = markouts.map((m) => `${m.horizon} ${fmtNumber(m.meanBps, 6, { decimals: 2, tiny: 'digits' })}`);
  const lines: Line[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? item : `${line}  ${item}`;
    if (cells(next) <= width || line === '') line = ellipsis(next, width);
    else {
      lines.push([seg(line)]);
      line = ellipsis(item, width);
    }
  }
  if (line !== '') lines.push([seg(line)]);
  return lines;
}

/** The positions pane in `width` × `height` cells. */
export function positionsLines({ positions, width, height }: PositionsProps): Line[] {
  const rows = Math.max(0, height);
  const symbols = positions.symbols;
  const one = symbols.length === 1 ? symbols[0] : undefined;
  const quote = positions.totals?.quoteAsset ?? one?.quoteAsset ?? '';
  const title = titleLine(
    [seg('positions', mergeStyles(theme.accent, { bold: true }))],
    one === undefined ? [] : [[seg(one.symbol, { bold: true })]],
    [seg(quote, theme.muted)],
    width,
  );
  if (symbols.length === 0) return [title, [seg(ellipsis('no symbol traded', width), theme.muted)]].slice(0, rows);

  // A column per symbol, and the totals when there are several symbols (one symbol's figures are its totals).
  const totals = one === undefined && positions.totals !== null ? [{ head: 'total', figures: totalFigures(positions.totals), rank: 60 }] : [];
  // The totals stay longest, then the symbols in their order.
  const holders = [...symbols.map((s, k) => ({ head: s.symbol, figures: symbolFigures(s), rank: 50 - k })), ...totals];
  const columns: TableColumn[] = [
    { head: '', kind: 'text', rank: 100, cells: FIGURES.map((f) => ({ text: f.label, style: theme.muted })) },
    ...holders.map(
      (h): TableColumn => ({
        head: one === undefined ? h.head : '',
        kind: 'decimal',
        rank: h.rank,
        maxWidth: MONEY_WIDTH,
        cells: FIGURES.map((f): TableCell => {
          const text = h.figures[f.key];
          const style = f.signed ? signStyle(text) : undefined;
          return style === undefined ? { text } : { text, style };
        }),
      }),
    ),
  ];
  const fitted = fitColumns(columns, width);

  // Which figure rows fit: the ones that matter most, shown in their order.
  const head = one === undefined ? 1 : 0;
  const room = Math.max(0, rows - 1 - head);
  const kept = new Set([...FIGURES].sort((a, b) => b.rank - a.rank).slice(0, room).map((f) => f.key));
  const lines: Line[] = [title];
  if (head === 1) lines.push(headLine(fitted, theme.muted));
  FIGURES.forEach((f, i) => {
    if (kept.has(f.key)) lines.push(rowLine(fitted, i));
  });
  // The markouts of our fills, when rows are left.
  const left = rows - lines.length;
  if (left >= 2) {
    const n = positions.fillMarkouts.reduce((m, x) => Math.max(m, x.n), 0);
    lines.push(titleLine([seg('fill markouts bps', theme.muted)], [], [seg(`n ${n}`, theme.muted)], width));
    if (n === 0) lines.push([seg(ellipsis('no fills measured yet', width), theme.muted)]);
    else lines.push(...markoutLines(positions.fillMarkouts, width).slice(0, left - 1));
  }
  return lines.slice(0, rows);
}

export function Positions(props: PositionsProps): ReactElement {
  return <Lines lines={positionsLines(props)} width={props.width} height={props.height} />;
}
