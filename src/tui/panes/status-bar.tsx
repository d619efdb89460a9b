// tui/panes/status-bar: one or two rows of session state.
//
//   BTCUSDT spot │ PAUSED 16× │ replay btcusdt.gz 00:03:12 / 00:10:50 │ BTCUSDT live        12:03:04.567
//   lat 12 ms │ 1234 msg/s │ gap 12:01:00.120 │ resync 12:01:00.450 │ ! wall 64000 · ! sweep      30 fps
//
// The clock and fps stay at the right edge; what is on the left gives way (is cut) first. With one row,
// the second row's alerts follow the first.

import type { ReactElement } from 'react';

import { mergeStyles, theme, type Style } from '../theme.js';
import type { StatusView } from '../view-model.js';
import { Lines, seg, spread, type Line, type Seg } from './text.js';

export interface StatusBarProps {
  readonly status: StatusView;
  readonly width: number;
  readonly height: number;
}

const SEP = seg(' │ ', theme.muted);

function bookStyle(state: string): Style {
  if (state === 'live') return theme.ok;
  if (state === 'faulted') return theme.error;
  return theme.warn;
}

function fmtRate(rate: number): string {
  if (!Number.isFinite(rate)) return '-';
  if (rate >= 10_000) return `${(rate / 1000).toFixed(1)}k`;
  return String(Math.round(rate));
}

/** Segments joined by the separator. */
function joined(groups: readonly (readonly Seg[])[]): Seg[] {
  const out: Seg[] = [];
  for (const g of groups) {
    if (g.length === 0) continue;
    if (out.length > 0) out.push(SEP);
    out.push(...g);
  }
  return out;
}

function playState(s: StatusView): Seg[] {
  return s.paused
    ? [seg('PAUSED', mergeStyles(theme.warn, { inverse: true, bold: true })), seg(` ${s.speed}`)]
    : [seg('PLAY', theme.ok), seg(` ${s.speed}`)];
}

function books(s: StatusView): Seg[] {
  const out: Seg[] = [];
  for (const b of s.books) {
    if (out.length > 0) out.push(seg(' '));
    out.push(seg(`${b.symbol} `), seg(b.state, bookStyle(b.state)));
  }
  return out;
}

function alerts(s: StatusView): Seg[] {
  const last = s.alerts.slice(-2);
  const out: Seg[] = [];
  for (const a of last) {
    if (out.length > 0) out.push(seg(' · ', theme.muted));
    out.push(seg(`! ${a}`, theme.warn));
  }
  return out;
}

/** The status bar in exactly `width` × `height` cells (height 1 or 2). */
export function statusBarLines({ status: s, width, height }: StatusBarProps): Line[] {
  const first = joined([
    [seg(s.symbol, { bold: true }), seg(` ${s.product}`)],
    playState(s),
    [seg(s.source)],
    books(s),
  ]);
  // Short, always-present fields first, so they stay put and survive a narrow terminal.
  const second = joined([
    [seg('lat ', theme.muted), seg(s.latencyMs === null ? '-' : `${Math.round(s.latencyMs)} ms`)],
    [seg(fmtRate(s.msgRate)), seg(' msg/s', theme.muted)],
    [seg('gap ', theme.muted), seg(s.lastGap === '' ? '-' : s.lastGap)],
    [seg('resync ', theme.muted), seg(s.lastResync === '' ? '-' : s.lastResync)],
    alerts(s),
  ]);
  const clock: Seg[] = [seg(s.clock, { bold: true })];
  const fps: Seg[] = [seg(`${Math.round(s.fps)} fps`, theme.muted)];
  const lines: Line[] =
    height >= 2
      ? [spread(first, clock, width, true), spread(second, fps, width, true)]
      : [spread(joined([first, alerts(s)]), clock, width, true)];
  return lines;
}

export function StatusBar(props: StatusBarProps): ReactElement {
  return <Lines lines={statusBarLines(props)} width={props.width} height={props.height} />;
}
