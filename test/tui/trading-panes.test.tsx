// The trading panes (a strategy runs), rendered with ink-testing-library from a hand-made view
// (fixture.ts tradingViewFixture): Positions with each figure and the fills' markouts, Orders with
// `open orders: N` first and every open order's side, type, price, quantity, filled, queue and age, then
// the last fills, Reconciliation in agreement or with its mismatches; the status bar's KILLED and TRADING
// PAUSED; the ladder's own-order mark and the tape's own fills. Colour is forced on (before Ink and chalk
// load) so the frames carry real ANSI codes.

process.env.FORCE_COLOR = '1';

import type { ReactElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';

import { computeLayout } from '../../src/tui/layout.js';
import type { LadderRow, TapeRow } from '../../src/tui/view-model.js';
import { consoleView, gatesViewFixture, KEYS, ladderView, statusView, tapeRows, tradingViewFixture } from './fixture.js';

const { cleanup, render } = await import('ink-testing-library');
const { ConsoleScreen, Ladder, Orders, Positions, Reconciliation, StatusBar, Tape } = await import('../../src/tui/panes/index.js');
const { ageText } = await import('../../src/tui/panes/orders.js');

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const stripAnsi = (s: string): string => s.replace(ANSI, '');

afterEach(() => {
  cleanup();
});

/** The frame Ink draws on a terminal `columns` wide (see panes.test.tsx renderAt). */
function renderAt(el: ReactElement, columns: number): { raw: string[]; lines: string[] } {
  const r = render(el);
  Object.defineProperty(r.stdout, 'columns', { configurable: true, get: () => columns });
  r.rerender(el);
  const raw = (r.lastFrame() ?? '').split('\n');
  return { raw, lines: raw.map(stripAnsi) };
}

function expectWithin(lines: readonly string[], width: number, height: number): void {
  expect(lines.length).toBeLessThanOrEqual(height);
  for (const line of lines) expect([...line].length, JSON.stringify(line)).toBeLessThanOrEqual(width);
}

const trimmed = (lines: readonly string[]): string[] => lines.map((l) => l.trimEnd()).filter((l) => l !== '');

/** The places of the 120×40 and 80×24 layouts with a strategy. */
const FULL = computeLayout(120, 40, { trading: true });
const REDUCED = (page: number) => computeLayout(80, 24, { trading: true, tradingPage: page });

describe('the positions pane', () => {
  it('at its 120×40 place shows the position, entry, realised and unrealised P&L, fees and net, then the fills\' markouts', () => {
    const rect = FULL.panes.positions;
    if (rect === undefined) throw new Error('no positions pane at 120×40');
    expect([rect.width, rect.height]).toEqual([30, 13]);
    const { raw, lines } = renderAt(<Positions positions={tradingViewFixture().positions} width={rect.width} height={rect.height} />, rect.width);
    expectWithin(lines, rect.width, rect.height);
    expect(trimmed(lines)).toEqual([
      'positions BTCUSDT         USDT',
      'position    0.00161667',
      'avg entry     61855.36',
      'realised   -0.04744926',
      'unrealised 0.002932019',
      'fees       0.004998841',
      'net        -0.04951609',
      'fill markouts bps          n 9',
      '250ms -2.27  1s -2.27',
      '10s 0.50',
    ]);
    // P&L in the side colours: a loss red, a gain green.
    expect(raw[3]).toContain('\u001b[91m-0.04744926');
    expect(raw[4]).toContain('\u001b[92m0.002932019');
  });

  it('at 80×24 (its turn below the gauges) keeps every figure and leaves out the markouts', () => {
    const rect = REDUCED(1).panes.positions;
    if (rect === undefined) throw new Error('no positions pane at 80×24');
    const { lines } = renderAt(<Positions positions={tradingViewFixture().positions} width={rect.width} height={rect.height} />, rect.width);
    expectWithin(lines, rect.width, rect.height);
    expect(trimmed(lines)).toEqual([
      'positions BTCUSDT   USDT',
      'position    0.00161667',
      'avg entry     61855.36',
      'realised   -0.04744926',
      'unrealised 0.002932019',
      'fees       0.004998841',
      'net        -0.04951609',
    ]);
    const short = renderAt(<Positions positions={tradingViewFixture().positions} width={24} height={4} />, 24).lines;
    expect(trimmed(short)).toEqual(['positions BTCUSDT   USDT', 'position    0.00161667', 'realised   -0.04744926', 'net        -0.04951609']);
  });

  it('gives several symbols a column each and the session totals, a flat one with no entry', () => {
    const one = tradingViewFixture().positions;
    const base = one.symbols[0];
    if (base === undefined) throw new Error('no symbol');
    const two = { ...one, symbols: [base, { ...base, symbol: 'ETHUSDT', position: '0', avgEntry: null, realizedPnl: '1.5', unrealizedPnl: '0', fees: '0.01', netPnl: '1.49' }] };
    const { lines } = renderAt(<Positions positions={two} width={60} height={13} />, 60);
    expect(trimmed(lines).slice(0, 8)).toEqual([
      'positions                                               USDT',
      '               BTCUSDT ETHUSDT       total',
      'position    0.00161667       0',
      'avg entry     61855.36       -',
      'realised   -0.04744926     1.5 -0.04744926',
      'unrealised 0.002932019       0 0.002932019',
      'fees       0.004998841    0.01 0.004998841',
      'net        -0.04951609    1.49 -0.04951609',
    ]);
  });

  it('fits any size it is given', () => {
    const p = tradingViewFixture().positions;
    for (const [w, h] of [[1, 1], [10, 3], [24, 7], [30, 13], [59, 12], [160, 50]] as const) expectWithin(renderAt(<Positions positions={p} width={w} height={h} />, Math.max(w, 10)).lines, w, h);
  });
});

describe('the orders pane', () => {
  it('at its 120×40 place says `open orders: N` first, then each open order and the last fills', () => {
    const rect = FULL.panes.orders;
    if (rect === undefined) throw new Error('no orders pane at 120×40');
    const { raw, lines } = renderAt(<Orders orders={tradingViewFixture().orders} width={rect.width} height={rect.height} />, rect.width);
    expectWithin(lines, rect.width, rect.height);
    expect(trimmed(lines)).toEqual([
      'open orders: 2 · 1 canceling             21 sent · 27 fills',
      'side type     price        qty     filled      queue  age',
      'BUY  MAKER 61659.99 0.00162179 0.00040000 1.06876000 1.8s',
      'SELL MAKER 61672.15 0.00161667 0.00000000          - 86ms',
      'last fills',
      'time      side    price        qty liq        fee',
      '55:27.441 SELL 61826.01 0.00161667 T   0.00199905 USDT',
      '54:46.836 BUY  61855.36 0.00108667 M   0.00067216 USDT',
    ]);
    expect(raw[2]).toContain('\u001b[92mBUY');
    expect(raw[3]).toContain('\u001b[91mSELL');
  });

  it('at 80×24 keeps side, price and quantity whole; with no open order, the fills follow the first line', () => {
    const rect = REDUCED(2).panes.orders;
    if (rect === undefined) throw new Error('no orders pane at 80×24');
    const { lines } = renderAt(<Orders orders={tradingViewFixture().orders} width={rect.width} height={rect.height} />, rect.width);
    expect(trimmed(lines)).toEqual(['open orders: 2', 'side    price        qty', 'BUY  61659.99 0.00162179', 'SELL 61672.15 0.00161667', 'last fills', 'side    price        qty', 'SELL 61826.01 0.00161667']);
    const none = renderAt(<Orders orders={{ ...tradingViewFixture().orders, open: [], lastFills: [] }} width={rect.width} height={rect.height} />, rect.width);
    expect(trimmed(none.lines)).toEqual(['open orders: 0', 'last fills', 'no fills yet']);
  });

  it('says how many more are open when they do not all fit, and writes ages short', () => {
    const orders = tradingViewFixture().orders;
    const many = { ...orders, open: Array.from({ length: 9 }, (_, i) => ({ ...orders.open[0]!, clientOrderId: `o${i}` })) };
    const { lines } = renderAt(<Orders orders={many} width={59} height={8} />, 59);
    expect(lines[0]).toMatch(/^open orders: 9 /);
    expect(trimmed(lines)[4]).toBe('+7 more open');
    expect(trimmed(lines).slice(5)).toEqual(['last fills', 'time      side    price        qty liq        fee', '55:27.441 SELL 61826.01 0.00161667 T   0.00199905 USDT']);
    expect([ageText(86), ageText(1830), ageText(185_000), ageText(7_800_000), ageText(-1)]).toEqual(['86ms', '1.8s', '3m05s', '2h10m', '-']);
  });
});

describe('the reconciliation pane', () => {
  it('shows the venue, the time of the last check, local against venue open orders and positions, and that they agree', () => {
    const rect = FULL.panes.orders;
    if (rect === undefined) throw new Error('no orders place at 120×40');
    const { raw, lines } = renderAt(<Reconciliation reconciliation={tradingViewFixture().reconciliation} width={rect.width} height={rect.height} />, rect.width);
    expect(trimmed(lines)).toEqual([
      'reconciliation simulated exchange      checked 23:55:30.120',
      '                 local      venue',
      'open orders          2          2',
      'BTCUSDT     0.00161667 0.00161667',
      '✓ in agreement',
    ]);
    expect(raw[4]).toContain('\u001b[32m✓ in agreement');
    const before = renderAt(<Reconciliation reconciliation={{ ...tradingViewFixture().reconciliation, checkedAt: null }} width={59} height={12} />, 59);
    expect(trimmed(before.lines)).toEqual(['reconciliation simulated exchange           not checked yet']);
  });

  it('says what the reconciliation of a restart corrected, below the verdict', () => {
    const r = { ...tradingViewFixture().reconciliation, atRestart: ['fd-BTCUSDT-7: local open, venue filled 3/3 lots'] };
    const { lines } = renderAt(<Reconciliation reconciliation={r} width={59} height={12} />, 59);
    expect(trimmed(lines).slice(-2)).toEqual(['✓ in agreement', 'at the restart, corrected: fd-BTCUSDT-7: local open, venue…']);
  });

  it('lists each mismatch in the error colour, the differing figures too, and how many more when they do not fit', () => {
    const r = {
      ...tradingViewFixture().reconciliation,
      venueOpen: 1,
      positions: [{ symbol: 'BTCUSDT', local: '0.00161667', venue: '0' }],
      mismatches: ['fd-BTCUSDT-21: open here, not open at the venue', 'BTCUSDT: position 0.00161667 here, 0 at the venue', 'fd-BTCUSDT-22: open at the venue, unknown here'],
    };
    const { raw, lines } = renderAt(<Reconciliation reconciliation={r} width={59} height={12} />, 59);
    expect(trimmed(lines).slice(1)).toEqual([
      '                 local venue',
      'open orders          2     1',
      'BTCUSDT     0.00161667     0',
      '✗ fd-BTCUSDT-21: open here, not open at the venue',
      '✗ BTCUSDT: position 0.00161667 here, 0 at the venue',
      '✗ fd-BTCUSDT-22: open at the venue, unknown here',
    ]);
    expect(raw[2]).toContain('\u001b[31m         2     1');
    expect(raw[4]).toContain('\u001b[31m✗ fd-BTCUSDT-21');
    const small = renderAt(<Reconciliation reconciliation={r} width={24} height={5} />, 24);
    expect(trimmed(small.lines)).toEqual(['reconciliation', '             local venue', 'open orders      2     1', '✗ fd-BTCUSDT-21: open h…', '+2 more mismatches']);
  });
});

describe('the status bar with a strategy', () => {
  it('says KILLED and TRADING PAUSED, exactly, while they hold, and `open orders: N` on the second row — at 80 columns too', () => {
    for (const width of [120, 80]) {
      const both = renderAt(<StatusBar status={statusView()} width={width} height={2} trading={{ status: { killed: true, killReason: 'kill switch (key K)', paused: true }, openOrders: 2 }} />, width);
      expectWithin(both.lines, width, 2);
      expect(both.lines[0]).toMatch(/^BTCUSDT spot │ PAUSED 16× │ KILLED │ TRADING PAUSED /);
      expect(both.lines[1]).toMatch(/^open orders: 2 │ recv−exch 12 ms/);
      expect(both.raw[0]).toContain('\u001b[7m\u001b[31mKILLED');
      const none = renderAt(<StatusBar status={statusView()} width={width} height={2} trading={{ status: { killed: false, killReason: null, paused: false }, openOrders: 0 }} />, width);
      expect(none.lines[0]).not.toMatch(/KILLED|TRADING PAUSED/);
      expect(none.lines[1]).toMatch(/^open orders: 0 │/);
    }
    const without = renderAt(<StatusBar status={statusView()} width={120} height={2} />, 120);
    expect(without.lines.join('\n')).not.toMatch(/open orders|KILLED|TRADING PAUSED/);
  });
});

describe('own orders and fills', () => {
  it('the ladder marks a price where our orders rest with ◆ (before any detector mark) and draws its price in the own colour', () => {
    const rows: LadderRow[] = ladderView(6, 6).rows.map((r) => (r.price === '64012.40' ? { ...r, own: 'buy' } : r.price === '64012.70' ? { ...r, own: 'sell' } : r));
    const { raw, lines } = renderAt(<Ladder ladder={{ rows, aggregation: 5, maxQty: 12 }} width={30} height={16} />, 30);
    const at = (price: string) => lines.findIndex((l) => l.includes(price));
    expect(lines[at('64012.40')]?.trimEnd().endsWith('◆')).toBe(true);
    expect(lines[at('64012.70')]?.trimEnd().endsWith('◆W')).toBe(true); // the wall mark after ours
    expect(raw[at('64012.40')]).toContain('\u001b[94m64012.40');
    expect(raw[at('64012.40')]).toContain('\u001b[94m◆');
    expect(lines.filter((l) => l.includes('◆'))).toHaveLength(2);
  });

  it('the tape shows our fills as rows of their own, in the own colour with ◆ after our side', () => {
    const rows: TapeRow[] = [...tapeRows(3).slice(0, 1), { time: '12:03:04.500', price: '64012.40', qty: 0.0016, side: 'sell', large: false, sweep: false, own: true }, ...tapeRows(3).slice(1)];
    const { raw, lines } = renderAt(<Tape rows={rows} width={28} height={8} />, 28);
    expect(lines[3]?.trimEnd()).toBe('03:04.500 64012.40 0.002 S◆');
    expect(raw[3]).toContain('\u001b[94m64012.40');
    expect(lines.filter((l) => l.includes('◆'))).toHaveLength(1);
  });
});

describe('the console with a strategy', () => {
  it('at 120×40 shows Gates, Positions and the Orders band, with KILLED in the status bar', () => {
    const trading = tradingViewFixture({ status: { killed: true, killReason: 'kill switch (key K)', paused: false } });
    const view = { ...consoleView(), gates: gatesViewFixture(), trading };
    const { lines } = renderAt(<ConsoleScreen view={view} columns={120} rows={40} showHelp={false} keys={KEYS} />, 120);
    expectWithin(lines, 120, 39);
    expect(lines[0]).toMatch(/│ KILLED │/);
    expect(lines[2]?.slice(90)).toMatch(/^positions BTCUSDT +USDT$/);
    expect(lines[15]?.slice(60)).toMatch(/^gates +NO_TRADE spread/);
    expect(lines[25]?.slice(0, 59)).toBe('─'.repeat(59));
    expect(lines[26]).toMatch(/^open orders: 2 · 1 canceling +21 sent · 27 fills│/);
    expect(lines.join('\n')).not.toMatch(/heatmap|depth cum/);
  });

  it('at 80×24 shows the gates below the gauges and the key o\'s turn of the others there', () => {
    const view = { ...consoleView(), gates: gatesViewFixture(), trading: tradingViewFixture() };
    const titles = ['gates', 'positions', 'open orders: 2', 'reconciliation'];
    titles.forEach((title, page) => {
      const { lines } = renderAt(<ConsoleScreen view={{ ...view, trading: { ...view.trading, page } }} columns={80} rows={24} showHelp={false} keys={KEYS} />, 80);
      expectWithin(lines, 80, 23);
      expect(lines[15]?.slice(56)).toMatch(new RegExp(`^${title}\\b`));
      expect(lines[1]).toMatch(/^open orders: 2 │/);
    });
  });
});
