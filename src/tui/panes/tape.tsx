// tui/panes/tape: time and sales, newest at the top.
//
//   tape                      trades, title
//       time    price   size  column header
//   03:12.345 64012.50  0.125 B!»   time (as much of HH:MM:SS.mmm as fits), price, size, side, marks
//
// Side: 'B' buy / 'S' sell, and the row coloured green / red (theme.buy / theme.sell). Marks: '!' a
// large trade (also bold), '»' part of a sweep. Rows are drawn in the order the view gives them, which is
// newest first (ConsoleView.tape). Our own fills (a strategy runs) are rows of their own among the trades,
// in the own colour with the own mark '◆': the side letter is our side, the size what we got.

import type { ReactElement } from 'react';

import { mergeStyles, theme } from '../theme.js';
import type { TapeRow } from '../view-model.js';
import { MARKS } from '../marks.js';
import { titleLine } from './fields.js';
import { fmtDecimal, fmtQty } from './number.js';
import { ellipsis, Lines, padLeft, seg, type Line, type Seg } from './text.js';

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
  /** 0: no size column. */
  readonly qty: number;
  /** Side letter and marks: 0, 1 (side only) or FLAGS_WIDTH. */
  readonly flags: number;
}

const rowWidth = (c: TapeColumns): number =>
  (c.time > 0 ? c.time + 1 : 0) + c.price + (c.qty > 0 ? c.qty + 1 : 0) + (c.flags > 0 ? c.flags + 1 : 0);

/**
 * Column widths for a tape of `width` cells: the widest time and size that fit; narrower, the time goes
 * first, then the size, then the marks and the side letter; a price wider than the pane is written
 * shorter (fmtDecimal). A row is never wider than `width`.
 */
export function tapeColumns(width: number, priceWidth: number): TapeColumns {
  const price = Math.max(5, priceWidth);
  for (const time of TIME_WIDTHS) {
    for (const qty of [7, 6, 5]) {
      const c = { time, price, qty, flags: FLAGS_WIDTH };
      if (rowWidth(c) <= width) return c;
    }
  }
  for (const c of [
    { time: 0, price, qty: 5, flags: FLAGS_WIDTH },
    { time: 0, price, qty: 5, flags: 1 },
    { time: 0, price, qty: 0, flags: 1 },
  ]) {
    if (rowWidth(c) <= width) return c;
  }
  return { time: 0, price: Math.max(0, Math.min(price, width)), qty: 0, flags: 0 };
}

function row(t: TapeRow, c: TapeColumns): Line {
  const base = t.own === true ? theme.own : t.side === 'buy' ? theme.buy : theme.sell;
  const style = t.large ? mergeStyles(base, theme.large) : base;
  const out: Seg[] = [];
  if (c.time > 0) out.push(seg(padLeft(t.time.slice(-c.time), c.time), theme.muted), seg(' '));
  out.push(seg(padLeft(fmtDecimal(t.price, c.price), c.price), style));
  if (c.qty > 0) out.push(seg(' '), seg(padLeft(fmtQty(t.qty, c.qty), c.qty), style));
  if (c.flags > 0) out.push(seg(' '), seg(t.side === 'buy' ? MARKS.buy.char : MARKS.sell.char, style));
  if (c.flags >= FLAGS_WIDTH && t.own === true) out.push(seg(MARKS.own.char, theme.own), seg(' '));
  else if (c.flags >= FLAGS_WIDTH) {
    out.push(seg(t.large ? MARKS.large.char : ' ', mergeStyles(base, theme.large)));
    out.push(seg(t.sweep ? MARKS.sweep.char : ' ', theme.sweep));
  }
  return out;
}

/** The tape in `width` × `height` cells. */
export function tapeLines({ rows, width, height }: TapeProps): Line[] {
  const priceWidth = rows.reduce((m, r) => Math.max(m, r.price.length), 0);
  const c = tapeColumns(width, priceWidth);
  const head: Seg[] = [];
  if (c.time > 0) head.push(seg(padLeft('time', c.time), theme.muted), seg(' '));
  head.push(seg(padLeft(ellipsis('price', c.price), c.price), theme.muted));
  if (c.qty > 0) head.push(seg(' '), seg(padLeft('size', c.qty), theme.muted));
  const lines: Line[] = [
    titleLine([seg('tape', mergeStyles(theme.accent, { bold: true }))], [], [seg('newest first', theme.muted)], width),
    head,
  ];
  if (rows.length === 0) lines.push([seg(ellipsis('no trades', width), theme.muted)]);
  for (const t of rows.slice(0, Math.max(0, height - lines.length))) lines.push(row(t, c));
  return lines;
}

export function Tape(props: TapeProps): ReactElement {
  return <Lines lines={tapeLines(props)} width={props.width} height={props.height} />;
}
