// tui/panes/status-bar: one or two rows of session state.
//
//   BTCUSDT spot │ PAUSED 16× │ replay btcusdt.gz +00:03:12 │ BTCUSDT live                  12:03:04.567
//   recv−exch 12 ms │ 1234 msg/s │ gap 12:01:00.120 │ resync 12:01:00.450 │ ! wall 64000 │ ! sweep 30 fps
//
// Built with the line builder (panes/fields.ts): when a row is too narrow, the least important field gives
// way first — the alerts, the file names (cut with '…', then dropped), the books' long form — while the
// symbol, the play state, the replay position and the clock stay. Text is cut only with '…'; a number or
// a state is shown whole or left out.
// Several books name their product when the products differ: `spot BTCUSDT live · usdm BTCUSDT live`.
// The latency is receive time minus exchange time (`recv−exch`), negative when the clocks disagree.
// When a strategy runs: `KILLED` while the kill switch holds and `TRADING PAUSED` while trading is paused
// (these words exactly, after the play state, never left out), and `open orders: N` on the second row.

import type { ReactElement } from 'react';

import { MARKS } from '../marks.js';
import { mergeStyles, theme, type Style } from '../theme.js';
import type { BookState, StatusView, TradingStatusView } from '../view-model.js';
import { fieldsLine, type Field } from './fields.js';
import { numberForms } from './number.js';
import { Lines, seg, type Line } from './text.js';

export interface StatusBarProps {
  readonly status: StatusView;
  readonly width: number;
  readonly height: number;
  /** The strategy's kill switch and pause, and its open orders (a strategy runs). */
  readonly trading?: { readonly status: TradingStatusView; readonly openOrders: number };
}

/** The status bar's words for the operator's state of trading (exactly these: scripts grep a captured screen). */
export const KILLED_TEXT = 'KILLED';
export const TRADING_PAUSED_TEXT = 'TRADING PAUSED';
export const TRADING_NOT_ENABLED_TEXT = 'TRADING NOT ENABLED';

/** KILLED and TRADING PAUSED, each shown while it holds; they outrank everything but the clock. */
function tradingFields(trading: StatusBarProps['trading']): Field[] {
  if (trading === undefined) return [];
  const out: Field[] = [];
  if (trading.status.killed) out.push({ alts: [[seg(KILLED_TEXT, mergeStyles(theme.error, { inverse: true }))]], rank: 11, sep: SEP });
  if (trading.status.notEnabled === true) out.push({ alts: [[seg(TRADING_NOT_ENABLED_TEXT, mergeStyles(theme.warn, { inverse: true, bold: true }))]], rank: 11, sep: SEP });
  if (trading.status.paused) out.push({ alts: [[seg(TRADING_PAUSED_TEXT, mergeStyles(theme.warn, { inverse: true, bold: true }))]], rank: 11, sep: SEP });
  return out;
}

const SEP: Line = [seg(' │ ', theme.muted)];
const DOT: Line = [seg(' · ', theme.muted)];

function bookStyle(state: string): Style {
  if (state === 'live') return theme.ok;
  if (state === 'faulted') return theme.error;
  return theme.warn;
}

function playState(s: StatusView): Line {
  return s.paused
    ? [seg('PAUSED', mergeStyles(theme.warn, { inverse: true, bold: true })), seg(` ${s.speed}`)]
    : [seg('PLAY', theme.ok), seg(` ${s.speed}`)];
}

function joinWith(parts: readonly Line[], sep: Line): Line {
  return parts.flatMap((p, i) => (i === 0 ? [...p] : [...sep, ...p]));
}

/**
 * The books, longest first: each with its product (when the books span several products) and symbol;
 * then without what every book shares; then a count per state.
 */
export function bookAlts(books: readonly BookState[]): Line[] {
  if (books.length === 0) return [];
  const products = new Set(books.map((b) => b.product)).size > 1;
  const symbols = new Set(books.map((b) => b.symbol)).size > 1;
  const one = (b: BookState, names: readonly string[]): Line => [seg(`${names.join(' ')} `), seg(b.state, bookStyle(b.state))];
  const full = joinWith(books.map((b) => one(b, products ? [b.product, b.symbol] : [b.symbol])), DOT);
  const alts: Line[] = [full];
  if (books.length > 1 && (products || symbols)) {
    alts.push(joinWith(books.map((b) => one(b, [...(products ? [b.product] : []), ...(symbols ? [b.symbol] : [])])), DOT));
  }
  const counts = new Map<string, number>();
  for (const b of books) counts.set(b.state, (counts.get(b.state) ?? 0) + 1);
  alts.push(
    joinWith(
      [...counts].map(([state, n]) => [seg(`${n} `), seg(state, bookStyle(state))]),
      [seg(' ')],
    ),
  );
  return alts;
}

/** The last two alerts, oldest first; the older gives way first. */
function alertFields(s: StatusView): Field[] {
  const last = s.alerts.slice(-2);
  return last.map((a, i) => ({
    alts: [[seg(`${MARKS.large.char} ${a}`, theme.warn)]],
    rank: i === last.length - 1 ? 1.5 : 1,
    elastic: true,
    minCut: 10,
    sep: SEP,
  }));
}

/** A number field: `before` + the number in its most precise true form that fits + `after`. */
function numberField(v: number | null, before: Line, after: Line, rank: number): Field {
  if (v === null || Number.isNaN(v)) return { alts: [[...before, seg('-')]], rank, sep: SEP };
  return { alts: numberForms(v, { decimals: 0 }).map((f) => [...before, seg(f), ...after]), rank, sep: SEP };
}

/** The first row's fields: symbol, play state, the trading words, source and position, books, clock. */
function firstRow(s: StatusView, trading: StatusBarProps['trading']): Field[] {
  const words = s.source.split(' ');
  return [
    { alts: [[seg(s.symbol, { bold: true }), seg(` ${s.product}`)], [seg(s.symbol, { bold: true })]], rank: [8, 9] },
    { alts: [playState(s)], rank: 9, sep: SEP },
    ...tradingFields(trading),
    { alts: [[seg(s.source)], [seg(words[0] ?? '')]], rank: [2, 6], elastic: true, minCut: 12, sep: SEP },
    { alts: [[seg(s.position)]], rank: 7 },
    { alts: bookAlts(s.books), rank: [3, 4, 5], sep: SEP },
  ];
}

/** The status bar in `width` × `height` cells (height 1 or 2). */
export function statusBarLines({ status: s, width, height, trading }: StatusBarProps): Line[] {
  const clock: Field = { alts: [[seg(s.clock, { bold: true })]], rank: 10, right: true };
  const alerts = alertFields(s);
  const orders: Field[] =
    trading === undefined ? [] : [{ alts: [[seg(`open orders: ${trading.openOrders}`)], [seg(`open ${trading.openOrders}`)]], rank: [7, 6.5], sep: SEP }];
  if (height < 2) return [fieldsLine([...firstRow(s, trading), ...orders, ...alerts, clock], width)];
  const second: Field[] = [
    ...orders,
    // Short, always-present fields first, so they stay put and survive a narrow terminal.
    numberField(s.latencyMs, [seg('recv−exch ', theme.muted)], [seg(' ms')], 6),
    numberField(s.msgRate, [], [seg(' msg/s', theme.muted)], 5),
    { alts: [[seg('gap ', theme.muted), seg(s.lastGap === '' ? '-' : s.lastGap)]], rank: 3, elastic: true, minCut: 8, sep: SEP },
    { alts: [[seg('resync ', theme.muted), seg(s.lastResync === '' ? '-' : s.lastResync)]], rank: 2, elastic: true, minCut: 8, sep: SEP },
    ...alerts,
    // Where the logs go (the terminal is the console's): the first field to give way.
    ...(s.logFile === undefined ? [] : [{ alts: [[seg('log ', theme.muted), seg(s.logFile)]], rank: 0.5, elastic: true, minCut: 12, sep: SEP } satisfies Field]),
    { ...numberField(s.fps, [], [seg(' fps', theme.muted)], 8), right: true },
  ];
  return [fieldsLine([...firstRow(s, trading), clock], width), fieldsLine(second, width)];
}

export function StatusBar(props: StatusBarProps): ReactElement {
  return <Lines lines={statusBarLines(props)} width={props.width} height={props.height} />;
}
