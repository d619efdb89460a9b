// tui/panes/orders: the strategy's orders (a strategy runs). The first line always says `open orders: N`
// (exactly, so a captured screen can be grepped); then each open order — side, type, price, quantity,
// filled, the venue's estimate of the size queued ahead of it, its age and state — and our last fills.
//
//   open orders: 1 · 1 canceling               3 sent · 8 fills
//   side type  price      qty        filled      queue   age state
//   BUY  MAKER 61855.36   0.00161667 0.00000000 1.06876  86ms open
//   last fills
//   time      side price    qty        liq fee
//   54:27.441 SELL 61826.01 0.00161667 T   0.00199905 USDT
//
// Narrower, whole columns give way (the symbol, the state, the queue, ...) before side, price and quantity,
// whose decimals are then written shorter but true (panes/table.ts). When rows are short, the open orders
// keep theirs first ("+N more").

import type { ReactElement } from 'react';

import { mergeStyles, theme, type Style } from '../theme.js';
import type { OpenOrderRow, OrdersView, OwnFillRow } from '../view-model.js';
import { titleLine } from './fields.js';
import { fitColumns, headLine, rowLine, type TableColumn } from './table.js';
import { ellipsis, Lines, seg, type Line } from './text.js';

export interface OrdersProps {
  readonly orders: OrdersView;
  readonly width: number;
  readonly height: number;
}

/** The first line's words (exactly: operators and scripts grep for them). */
export const openOrdersText = (n: number): string => `open orders: ${n}`;

const sideStyle = (side: 'buy' | 'sell'): Style => (side === 'buy' ? theme.buy : theme.sell);

/** An order type without its `LIMIT_` (MAKER, IOC, LIMIT). */
const shortType = (type: string): string => (type.startsWith('LIMIT_') ? type.slice(6) : type);

/** An order's state in a word. */
const STATE: Readonly<Record<string, string>> = {
  pendingNew: 'sending',
  new: 'open',
  partiallyFilled: 'partial',
  pendingCancel: 'canceling',
};

/** An age: `86ms`, `4.2s`, `3m05s`, `2h10m`. */
export function ageText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function openColumns(open: readonly OpenOrderRow[], symbols: boolean): TableColumn[] {
  const side = open.map((o) => ({ text: o.side.toUpperCase(), style: sideStyle(o.side) }));
  return [
    ...(symbols ? [{ head: 'symbol', kind: 'text', rank: 2, optional: true, cells: open.map((o) => ({ text: o.symbol })) } satisfies TableColumn] : []),
    { head: 'side', kind: 'text', rank: 10, cells: side },
    { head: 'type', kind: 'text', rank: 6, optional: true, cells: open.map((o) => ({ text: shortType(o.type) })) },
    { head: 'price', kind: 'decimal', rank: 9, cells: open.map((o) => ({ text: o.price })) },
    { head: 'qty', kind: 'decimal', rank: 8, cells: open.map((o) => ({ text: o.qty })) },
    { head: 'filled', kind: 'decimal', rank: 5, optional: true, cells: open.map((o) => ({ text: o.filled })) },
    { head: 'queue', kind: 'decimal', rank: 4, optional: true, cells: open.map((o) => ({ text: o.queueAhead ?? '-' })) },
    { head: 'age', kind: 'text', right: true, rank: 7, optional: true, cells: open.map((o) => ({ text: ageText(o.ageMs) })) },
    { head: 'state', kind: 'text', rank: 3, optional: true, cells: open.map((o) => ({ text: STATE[o.status] ?? o.status, style: theme.muted })) },
  ];
}

function fillColumns(fills: readonly OwnFillRow[], symbols: boolean): TableColumn[] {
  return [
    { head: 'time', kind: 'text', rank: 5, optional: true, cells: fills.map((f) => ({ text: f.time.slice(3), style: theme.muted })) },
    ...(symbols ? [{ head: 'symbol', kind: 'text', rank: 2, optional: true, cells: fills.map((f) => ({ text: f.symbol })) } satisfies TableColumn] : []),
    { head: 'side', kind: 'text', rank: 10, cells: fills.map((f) => ({ text: f.side.toUpperCase(), style: sideStyle(f.side) })) },
    { head: 'price', kind: 'decimal', rank: 9, cells: fills.map((f) => ({ text: f.price })) },
    { head: 'qty', kind: 'decimal', rank: 8, cells: fills.map((f) => ({ text: f.qty })) },
    { head: 'liq', kind: 'text', rank: 4, optional: true, cells: fills.map((f) => ({ text: f.liquidity === 'maker' ? 'M' : 'T' })) },
    { head: 'fee', kind: 'decimal', rank: 3, optional: true, maxWidth: 10, cells: fills.map((f) => ({ text: f.fee })) },
    { head: '', kind: 'text', rank: 1, optional: true, cells: fills.map((f) => ({ text: f.feeAsset, style: theme.muted })) },
  ];
}

/** The orders pane in `width` × `height` cells. */
export function ordersLines({ orders, width, height }: OrdersProps): Line[] {
  const rows = Math.max(0, height);
  const { open, lastFills } = orders;
  const symbols = new Set([...open.map((o) => o.symbol), ...lastFills.map((f) => f.symbol)]).size > 1;
  // Orders being canceled (after the kill switch), said in the title: the state column is the first to go.
  const canceling = open.filter((o) => o.status === 'pendingCancel').length;
  const lines: Line[] = [
    titleLine(
      [seg(openOrdersText(open.length), mergeStyles(theme.accent, { bold: true }))],
      canceling === 0 ? [] : [[seg('· ', theme.muted), seg(`${canceling} canceling`, theme.warn)]],
      [seg(`${orders.orders} sent · ${orders.fills} fill${orders.fills === 1 ? '' : 's'}`, theme.muted)],
      width,
    ),
  ];
  if (open.length > 0 && rows > 2) {
    // The open orders keep their rows first; at least the fills' heading and one fill when there are any.
    const forFills = lastFills.length > 0 ? 3 : 0;
    const room = Math.max(1, rows - 2 - forFills);
    const columns = fitColumns(openColumns(open, symbols), width);
    lines.push(headLine(columns, theme.muted));
    const shown = open.length <= room ? open.length : Math.max(0, room - 1);
    for (let i = 0; i < shown; i++) lines.push(rowLine(columns, i));
    if (shown < open.length) lines.push([seg(ellipsis(`+${open.length - shown} more open`, width), theme.muted)]);
  }
  if (rows - lines.length >= 2) {
    lines.push(titleLine([seg('last fills', mergeStyles(theme.accent, { bold: true }))], [], [], width));
    if (lastFills.length === 0) lines.push([seg(ellipsis('no fills yet', width), theme.muted)]);
    else if (rows - lines.length >= 2) {
      const columns = fitColumns(fillColumns(lastFills, symbols), width);
      lines.push(headLine(columns, theme.muted));
      const shown = Math.min(lastFills.length, rows - lines.length);
      for (let i = 0; i < shown; i++) lines.push(rowLine(columns, i));
    }
  }
  return lines.slice(0, rows);
}

export function Orders(props: OrdersProps): ReactElement {
  return <Lines lines={ordersLines(props)} width={props.width} height={props.height} />;
}
