// tui/panes/tape: time and sales, newest at the top.
//
//   tape                      trades, title
//       time    price   size  column header
//   03:12.345 64012.50  0.125 B!»   time (as much of HH:MM:SS.mmm as fits), price, size, side, marks
//
// Side: 'B' buy / 'S' sell, and the row coloured green / red (theme.buy / theme.sell). Marks: '!' a
// large trade (also bold), '»' part of a sweep. Rows are drawn in the order the view gives them, which is
// newest first (ConsoleView.tape).

import type { ReactElement } from 'react';

import { mergeStyles, theme } from '../theme.js';
import type { TapeRow } from '../view-model.js';
import { fmtQty, Lines, padLeft, seg, spread, type Line } from './text.js';

export interface TapeProps {
  /** Newest first. */
  readonly rows: readonly TapeRow[];
  readonly width: number;
  readonly height: number;
}

/** How much of "HH:MM:SS.mmm" to show, longest first. */
const TIME_WIDTHS = [12, 9, 6] as const;
/** side letter, large mark, sweep mark */
const FLAGS_WIDTH = 3;

interface TapeColumns {
  readonly time: number;
  readonly price: number;
  readonly qty: number;
}

export function tapeColumns(width: number, priceWidth: number): TapeColumns {
  const price = Math.max(5, priceWidth);
  for (const time of TIME_WIDTHS) {
    for (const qty of [7, 6, 5]) {
      if (time + 1 + price + 1 + qty + 1 + FLAGS_WIDTH <= width) return { time, price, qty };
    }
  }
  const qty = 5;
  const time = Math.max(0, width - (price + 1 + qty + 1 + FLAGS_WIDTH) - 1);
  return { time, price, qty };
}

function row(t: TapeRow, c: TapeColumns): Line {
  const base = t.side === 'buy' ? theme.buy : theme.sell;
  const style = t.large ? mergeStyles(base, theme.large) : base;
  const time = c.time > 0 ? t.time.slice(-c.time) : '';
  return [
    seg(padLeft(time, c.time), theme.muted),
    seg(c.time > 0 ? ' ' : ''),
    seg(padLeft(t.price, c.price), style),
    seg(' '),
    seg(padLeft(fmtQty(t.qty, c.qty), c.qty), style),
    seg(' '),
    seg(t.side === 'buy' ? 'B' : 'S', style),
    seg(t.large ? '!' : ' ', mergeStyles(base, theme.large)),
    seg(t.sweep ? '»' : ' ', theme.sweep),
  ];
}

/** The tape in exactly `width` × `height` cells. */
export function tapeLines({ rows, width, height }: TapeProps): Line[] {
  const priceWidth = rows.reduce((m, r) => Math.max(m, r.price.length), 0);
  const c = tapeColumns(width, priceWidth);
  const lines: Line[] = [
    spread(
      [seg('tape', mergeStyles(theme.accent, { bold: true }))],
      [seg('newest first', theme.muted)],
      width,
    ),
    [
      seg(padLeft('time', c.time), theme.muted),
      seg(c.time > 0 ? ' ' : ''),
      seg(padLeft('price', c.price), theme.muted),
      seg(' '),
      seg(padLeft('size', c.qty), theme.muted),
    ],
  ];
  if (rows.length === 0) lines.push([seg('no trades', theme.muted)]);
  for (const t of rows.slice(0, Math.max(0, height - lines.length))) lines.push(row(t, c));
  return lines;
}

export function Tape(props: TapeProps): ReactElement {
  return <Lines lines={tapeLines(props)} width={props.width} height={props.height} />;
}
