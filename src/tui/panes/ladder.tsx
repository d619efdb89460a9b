// tui/panes/ladder: the price ladder. Asks above, bids below (the view's row order), one row per
// (aggregated) level. Columns, as the width allows:
//
//   agg 5 ticks            max 12.5        title, aggregation, bar scale
//      price    size bar          M        narrow (one size column, coloured by side)
//      price    bid    ask    cum bar   M  wider: separate bid / ask columns, then cumulative depth
//
// Bars are whole '█' cells, qty / maxQty of the bar column. The best bid and ask rows are drawn
// inverse. When the ladder has more rows than fit, the window is centred on the touch. A price where our
// own orders rest (a strategy runs) has the own mark '◆' first in the marks column, and its price drawn in
// the own colour unless it is the touch.

import type { ReactElement } from 'react';

import { mergeStyles, theme, type Style } from '../theme.js';
import type { LadderRow, LadderView } from '../view-model.js';
import { MARKS } from '../marks.js';
import { titleLine } from './fields.js';
import { fmtDecimal, fmtQty } from './number.js';
import { barCells, ellipsis, Lines, padLeft, seg, type Line, type Seg } from './text.js';

export interface LadderProps {
  readonly ladder: LadderView;
  readonly width: number;
  readonly height: number;
}

const QTY_WIDTH = 6;
const MARKS_WIDTH = 2;
/** Bars narrower than this are not worth a second size column or the cumulative column. */
const MIN_BAR = 8;

interface Columns {
  readonly price: number;
  /** A size column (else prices only). */
  readonly size: boolean;
  /** Separate bid and ask size columns (else one size column, coloured by side). */
  readonly split: boolean;
  readonly cum: boolean;
  readonly bar: number;
  /** The detector marks column. */
  readonly marks: boolean;
}

/**
 * Column widths for a ladder of `width` cells whose longest price is `priceWidth`: price, size and marks
 * first, a second size column and the cumulative column when the bar keeps MIN_BAR cells, the bar last.
 * A row is never wider than `width`; a price wider than the whole pane is written shorter (fmtDecimal).
 */
export function ladderColumns(width: number, priceWidth: number): Columns {
  const price = Math.max(0, Math.min(Math.max(5, priceWidth), width));
  let rest = width - price;
  const size = rest >= QTY_WIDTH + 1;
  if (size) rest -= QTY_WIDTH + 1;
  const marks = rest >= MARKS_WIDTH + 1;
  if (marks) rest -= MARKS_WIDTH + 1;
  const extra = QTY_WIDTH + 1;
  const split = size && rest - extra >= MIN_BAR;
  if (split) rest -= extra;
  const cum = size && rest - extra >= MIN_BAR;
  if (cum) rest -= extra;
  return { price, size, split, cum, bar: rest >= 2 ? rest - 1 : 0, marks };
}

/** Index of the first row to show so that the touch (best ask / best bid boundary) is centred. */
export function ladderWindowStart(rows: readonly LadderRow[], visible: number): number {
  if (rows.length <= visible) return 0;
  let boundary = rows.findIndex((r) => r.isBestBid);
  if (boundary < 0) {
    const ask = rows.findIndex((r) => r.isBestAsk);
    boundary = ask >= 0 ? ask + 1 : Math.floor(rows.length / 2);
  }
  const start = boundary - Math.floor(visible / 2);
  return Math.max(0, Math.min(rows.length - visible, start));
}

function sideOf(r: LadderRow): 'bid' | 'ask' | 'none' {
  if (r.bidQty > 0 && r.bidQty >= r.askQty) return 'bid';
  if (r.askQty > 0) return 'ask';
  return 'none';
}

/** The marks column: our own orders' mark first, then the detectors' marks, at most MARKS_WIDTH. */
function markSegs(marks: string, own: boolean): Seg[] {
  const out: Seg[] = own ? [seg(MARKS.own.char, theme.own)] : [];
  for (const ch of [...marks].slice(0, MARKS_WIDTH - out.length)) {
    if (ch === MARKS.wall.char) out.push(seg(ch, theme.wall));
    else if (ch === MARKS.iceberg.char) out.push(seg(ch, theme.iceberg));
    else out.push(seg(ch, theme.warn));
  }
  return out;
}

const qtyCell = (q: number, style: Style | undefined): Seg[] => [seg(' '), seg(padLeft(fmtQty(q, QTY_WIDTH), QTY_WIDTH), style)];

function row(r: LadderRow, c: Columns, maxQty: number): Line {
  const side = sideOf(r);
  const touch = r.isBestBid || r.isBestAsk;
  const sideStyle: Style | undefined =
    side === 'bid' ? theme.bid : side === 'ask' ? theme.ask : undefined;
  const priceStyle: Style | undefined = touch
    ? mergeStyles(sideStyle ?? {}, theme.touch)
    : r.own !== undefined
      ? theme.own
      : sideStyle;
  const out: Seg[] = [seg(padLeft(fmtDecimal(r.price, c.price), c.price), priceStyle)];

  if (c.split) {
    out.push(...qtyCell(r.bidQty, theme.bid), ...qtyCell(r.askQty, theme.ask));
  } else if (c.size) {
    out.push(...qtyCell(side === 'bid' ? r.bidQty : side === 'ask' ? r.askQty : 0, sideStyle));
  }
  if (c.cum) out.push(...qtyCell(side === 'bid' ? r.cumBid : side === 'ask' ? r.cumAsk : 0, theme.muted));

  // Bars: the row's side; a row holding both (an aggregated bucket across the touch) shows both, bid first.
  if (c.bar > 0) {
    out.push(seg(' '));
    let left = c.bar;
    if (r.bidQty > 0) {
      const n = Math.min(left, barCells(r.bidQty, maxQty, c.bar));
      out.push(seg('█'.repeat(n), theme.bid));
      left -= n;
    }
    if (r.askQty > 0) {
      const n = Math.min(left, barCells(r.askQty, maxQty, c.bar));
      out.push(seg('█'.repeat(n), theme.ask));
      left -= n;
    }
    out.push(seg(' '.repeat(left)));
  }
  if (c.marks) out.push(seg(' '), ...markSegs(r.marks, r.own !== undefined));
  return out;
}

/** The price ladder in `width` × `height` cells. */
export function ladderLines({ ladder, width, height }: LadderProps): Line[] {
  const lines: Line[] = [];
  const agg = ladder.aggregation === 1 ? 'agg 1 tick' : `agg ${ladder.aggregation} ticks`;
  const maxQty =
    ladder.maxQty > 0
      ? ladder.maxQty
      : ladder.rows.reduce((m, r) => Math.max(m, r.bidQty, r.askQty), 0);
  lines.push(
    titleLine(
      [seg('ladder', mergeStyles(theme.accent, { bold: true }))],
      [[seg(agg)]],
      maxQty > 0 ? [seg(`max ${fmtQty(maxQty, QTY_WIDTH)}`, theme.muted)] : [],
      width,
    ),
  );

  const priceWidth = ladder.rows.reduce((m, r) => Math.max(m, r.price.length), 0);
  const c = ladderColumns(width, priceWidth);
  const head: Seg[] = [seg(padLeft(ellipsis('price', c.price), c.price))];
  const col = (name: string) => seg(` ${padLeft(name, QTY_WIDTH)}`);
  if (c.split) head.push(col('bid'), col('ask'));
  else if (c.size) head.push(col('size'));
  if (c.cum) head.push(col('cum'));
  if (c.bar > 0) head.push(seg(' '.repeat(c.bar + 1)));
  if (c.marks) head.push(seg(` ${MARKS.marksColumn.char}`));
  lines.push(head.map((s) => seg(s.text, theme.muted)));

  const visible = Math.max(0, height - lines.length);
  if (ladder.rows.length === 0) {
    lines.push([seg(ellipsis('no book', width), theme.muted)]);
  } else {
    const start = ladderWindowStart(ladder.rows, visible);
    for (const r of ladder.rows.slice(start, start + visible)) lines.push(row(r, c, maxQty));
  }
  return lines;
}

export function Ladder(props: LadderProps): ReactElement {
  return <Lines lines={ladderLines(props)} width={props.width} height={props.height} />;
}
