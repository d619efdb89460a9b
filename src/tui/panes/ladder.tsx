// tui/panes/ladder: the price ladder. Asks above, bids below (the view's row order), one row per
// (aggregated) level. Columns, as the width allows:
//
//   agg 5 ticks            max 12.5        title, aggregation, bar scale
//      price    size bar          M        narrow (one size column, coloured by side)
//      price    bid    ask    cum bar   M  wider: separate bid / ask columns, then cumulative depth
//
// Bars are whole '█' cells, qty / maxQty of the bar column. The best bid and ask rows are drawn
// inverse. When the ladder has more rows than fit, the window is centred on the touch.

import type { ReactElement } from 'react';

import { mergeStyles, theme, type Style } from '../theme.js';
import type { LadderRow, LadderView } from '../view-model.js';
import { barCells, fmtQty, Lines, pad, padLeft, seg, spread, type Line, type Seg } from './text.js';

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
  /** Separate bid and ask size columns (else one size column, coloured by side). */
  readonly split: boolean;
  readonly cum: boolean;
  readonly bar: number;
}

/** Column widths for a ladder of `width` cells whose longest price is `priceWidth`. */
export function ladderColumns(width: number, priceWidth: number): Columns {
  const price = Math.max(5, priceWidth);
  // price ␣ size ␣ bar ␣ marks
  const base = price + 1 + QTY_WIDTH + 1 + 1 + MARKS_WIDTH;
  const extra = QTY_WIDTH + 1;
  const split = width - base - extra >= MIN_BAR;
  const cum = width - base - extra * (split ? 2 : 1) >= MIN_BAR;
  const bar = Math.max(0, width - base - extra * ((split ? 1 : 0) + (cum ? 1 : 0)));
  return { price, split, cum, bar };
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

function markSegs(marks: string): Seg[] {
  const out: Seg[] = [];
  for (const ch of marks.slice(0, MARKS_WIDTH)) {
    if (ch === 'W') out.push(seg('W', theme.wall));
    else if (ch === 'I') out.push(seg('I', theme.iceberg));
    else out.push(seg(ch, theme.warn));
  }
  return out;
}

function row(r: LadderRow, c: Columns, maxQty: number): Line {
  const side = sideOf(r);
  const touch = r.isBestBid || r.isBestAsk;
  const sideStyle: Style | undefined =
    side === 'bid' ? theme.bid : side === 'ask' ? theme.ask : undefined;
  const priceStyle: Style | undefined = touch
    ? mergeStyles(sideStyle ?? {}, theme.touch)
    : sideStyle;
  const out: Seg[] = [seg(padLeft(r.price, c.price), priceStyle), seg(' ')];

  if (c.split) {
    out.push(seg(padLeft(fmtQty(r.bidQty, QTY_WIDTH), QTY_WIDTH), theme.bid), seg(' '));
    out.push(seg(padLeft(fmtQty(r.askQty, QTY_WIDTH), QTY_WIDTH), theme.ask), seg(' '));
  } else {
    const q = side === 'bid' ? r.bidQty : side === 'ask' ? r.askQty : 0;
    out.push(seg(padLeft(fmtQty(q, QTY_WIDTH), QTY_WIDTH), sideStyle), seg(' '));
  }
  if (c.cum) {
    const cum = side === 'bid' ? r.cumBid : side === 'ask' ? r.cumAsk : 0;
    out.push(seg(padLeft(fmtQty(cum, QTY_WIDTH), QTY_WIDTH), theme.muted), seg(' '));
  }

  // Bars: the row's side; a row holding both (an aggregated bucket across the touch) shows both, bid first.
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
  out.push(seg(' '.repeat(left + 1)));
  out.push(...markSegs(r.marks));
  return out;
}

/** The price ladder in exactly `width` × `height` cells. */
export function ladderLines({ ladder, width, height }: LadderProps): Line[] {
  const lines: Line[] = [];
  const agg = ladder.aggregation === 1 ? 'agg 1 tick' : `agg ${ladder.aggregation} ticks`;
  const maxQty =
    ladder.maxQty > 0
      ? ladder.maxQty
      : ladder.rows.reduce((m, r) => Math.max(m, r.bidQty, r.askQty), 0);
  lines.push(
    spread(
      [seg('ladder', mergeStyles(theme.accent, { bold: true })), seg(' '), seg(agg)],
      maxQty > 0 ? [seg(`max ${fmtQty(maxQty, QTY_WIDTH)}`, theme.muted)] : [],
      width,
    ),
  );

  const priceWidth = ladder.rows.reduce((m, r) => Math.max(m, r.price.length), 0);
  const c = ladderColumns(width, priceWidth);
  const head: Seg[] = [seg(padLeft('price', c.price)), seg(' ')];
  if (c.split) head.push(seg(padLeft('bid', QTY_WIDTH)), seg(' '), seg(padLeft('ask', QTY_WIDTH)), seg(' '));
  else head.push(seg(padLeft('size', QTY_WIDTH)), seg(' '));
  if (c.cum) head.push(seg(padLeft('cum', QTY_WIDTH)), seg(' '));
  head.push(seg(pad('', c.bar + 1)), seg('M'));
  lines.push(head.map((s) => seg(s.text, theme.muted)));

  const visible = Math.max(0, height - lines.length);
  if (ladder.rows.length === 0) {
    lines.push([seg('no book', theme.muted)]);
  } else {
    const start = ladderWindowStart(ladder.rows, visible);
    for (const r of ladder.rows.slice(start, start + visible)) lines.push(row(r, c, maxQty));
  }
  return lines;
}

export function Ladder(props: LadderProps): ReactElement {
  return <Lines lines={ladderLines(props)} width={props.width} height={props.height} />;
}
