// The console's panes, rendered with ink-testing-library from hand-built view models (fixture.ts):
// content, and that every frame fits the width and height it was given. Colour is forced on (before Ink
// and chalk load) so the frames carry real ANSI codes: widths are measured after stripping them, and
// the best bid/ask highlight (inverse) can be checked.

process.env.FORCE_COLOR = '1';

import type { ReactElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';

import {
  computeLayout,
  FULL_COLUMNS,
  FULL_ROWS,
  MIN_COLUMNS,
  MIN_ROWS,
  TOO_SMALL_TEXT,
  type Layout,
  type Rect,
} from '../../src/tui/layout.js';
import { KEYMAP } from '../../src/tui/keymap.js';
import { LEGEND } from '../../src/tui/marks.js';
import { heatStep, theme } from '../../src/tui/theme.js';
import type { PaneName } from '../../src/tui/view-model.js';
import {
  consoleView,
  depthView,
  gaugesView,
  heatmapView,
  KEYS,
  ladderView,
  statusView,
  tapeRows,
} from './fixture.js';

const { cleanup, render } = await import('ink-testing-library');
const { ConsoleScreen, DepthCurve, Gauges, Heatmap, Help, Ladder, StatusBar, Tape } = await import(
  '../../src/tui/panes/index.js'
);

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;
const stripAnsi = (s: string): string => s.replace(ANSI, '');

/**
 * Renders `el` as Ink would on a terminal `columns` wide. ink-testing-library's stdout is always 100
 * columns, and Ink's output grid is as wide as the terminal: cells past it are not pre-filled, so gaps
 * there collapse. Widening the fake stdout and rendering again gives the real frame.
 */
function renderAt(el: ReactElement, columns: number): { raw: string; lines: string[] } {
  const r = render(el);
  Object.defineProperty(r.stdout, 'columns', { configurable: true, get: () => columns });
  r.rerender(el);
  const raw = r.lastFrame() ?? '';
  return { raw, lines: raw.split('\n').map(stripAnsi) };
}

/** Every line within `width` cells (all our characters are one cell wide) and at most `height` lines. */
function expectWithin(lines: readonly string[], width: number, height: number): void {
  expect(lines.length).toBeLessThanOrEqual(height);
  for (const line of lines) expect([...line].length, JSON.stringify(line)).toBeLessThanOrEqual(width);
}

const count = (s: string, ch: string): number => [...s].filter((c) => c === ch).length;

afterEach(() => {
  cleanup();
});

describe('Ladder', () => {
  it('shows prices high to low, the aggregation, bars proportional to qty / maxQty and marks', () => {
    const ladder = ladderView(6, 6);
    const { raw, lines } = renderAt(<Ladder ladder={ladder} width={30} height={16} />, 30);
    expectWithin(lines, 30, 16);
    expect(lines[0]).toContain('agg 5 ticks');

    // Every price, in the view's order (asks above, bids below).
    const rowsAt = ladder.rows.map((r) => lines.findIndex((l) => l.includes(r.price)));
    expect(rowsAt.every((i) => i >= 2)).toBe(true);
    expect([...rowsAt].sort((a, b) => a - b)).toEqual(rowsAt);

    // Bars: narrow ladder (one size column) has an 11-cell bar column: maxQty 12 → 11 cells.
    const wall = ladder.rows.find((r) => r.askQty === 12);
    const wallLine = lines.find((l) => wall !== undefined && l.includes(wall.price)) ?? '';
    expect(count(wallLine, '█')).toBe(11);
    expect(wallLine.trimEnd().endsWith('W')).toBe(true);
    for (const r of ladder.rows) {
      const line = lines.find((l) => l.includes(r.price)) ?? '';
      const q = Math.max(r.bidQty, r.askQty);
      expect(count(line, '█')).toBe(Math.max(1, Math.round((q / 12) * 11)));
    }
    // 6 cells for 6 of 12: half of the wall's bar.
    const six = ladder.rows.find((r) => r.bidQty === 6);
    expect(count(lines.find((l) => six !== undefined && l.includes(six.price)) ?? '', '█')).toBe(6);
    expect(lines.some((l) => l.trimEnd().endsWith('I'))).toBe(true);

    // Best bid and best ask: present, and drawn inverse.
    const bestBid = ladder.rows.find((r) => r.isBestBid);
    const bestAsk = ladder.rows.find((r) => r.isBestAsk);
    expect(bestBid?.price).toBe('64012.50');
    expect(bestAsk?.price).toBe('64012.55');
    const rawLines = raw.split('\n');
    for (const price of ['64012.50', '64012.55']) {
      const rawLine = rawLines.find((l) => stripAnsi(l).includes(price)) ?? '';
      expect(rawLine).toMatch(new RegExp(`\\u001b\\[7m[^\\n]*${price.replace('.', '\\.')}`));
    }
    const plain = rawLines.find((l) => stripAnsi(l).includes('64012.45')) ?? '';
    expect(plain).not.toContain('\u001b[7m');
  });

  it('keeps the touch in view when there are more levels than rows', () => {
    const ladder = ladderView(40, 40);
    const { lines } = renderAt(<Ladder ladder={ladder} width={30} height={12} />, 30);
    expectWithin(lines, 30, 12);
    const ask = lines.findIndex((l) => l.includes('64012.55'));
    const bid = lines.findIndex((l) => l.includes('64012.50'));
    expect(ask).toBeGreaterThan(1);
    expect(bid).toBe(ask + 1);
    expect(lines.length).toBe(12);
  });

  it('adds separate bid / ask and cumulative columns when wide', () => {
    const ladder = ladderView(4, 4);
    const { lines } = renderAt(<Ladder ladder={ladder} width={50} height={12} />, 50);
    expectWithin(lines, 50, 12);
    expect(lines[1]).toMatch(/price\s+bid\s+ask\s+cum/);
    // The best bid's cumulative size equals its own size; the row's cum column shows it.
    const bidRow = lines.find((l) => l.includes('64012.40')) ?? '';
    const cum = ladder.rows.find((r) => r.price === '64012.40')?.cumBid ?? 0;
    expect(bidRow).toContain(cum.toFixed(3));
  });

  it('fits tiny and empty cases', () => {
    for (const [w, h] of [
      [10, 3],
      [30, 1],
      [1, 1],
    ] as const) {
      expectWithin(renderAt(<Ladder ladder={ladderView()} width={w} height={h} />, 40).lines, w, h);
    }
    const empty = renderAt(<Ladder ladder={{ rows: [], aggregation: 1, maxQty: 0 }} width={30} height={5} />, 30);
    expect(empty.lines.join('\n')).toContain('agg 1 tick');
    expect(empty.lines.join('\n')).toContain('no book');
  });
});

describe('Tape', () => {
  it('lists trades newest first with time, price, size, side and large / sweep marks', () => {
    const rows = tapeRows(30);
    const { lines } = renderAt(<Tape rows={rows} width={28} height={12} />, 28);
    expectWithin(lines, 28, 12);
    expect(lines.length).toBe(12);
    const body = lines.slice(2);
    expect(body).toHaveLength(10);
    body.forEach((line, i) => {
      const t = rows[i];
      expect(t).toBeDefined();
      if (t === undefined) return;
      expect(line).toContain(t.time.slice(-9)); // MM:SS.mmm at 28 columns
      expect(line).toContain(t.price);
      expect(line).toMatch(t.side === 'buy' ? / B/ : / S/);
      expect(line.includes('!')).toBe(t.large);
      expect(line.includes('»')).toBe(t.sweep);
    });
    // newest first: the first row is the latest time
    expect(body[0]).toContain('03:08.567');
    expect(body[1]).toContain('03:08.430');
  });

  it('colours buys and sells from the theme', () => {
    const rows = tapeRows(4);
    const { raw } = renderAt(<Tape rows={rows} width={28} height={6} />, 28);
    const rawLines = raw.split('\n');
    // greenBright = 92, redBright = 91
    expect(theme.buy.color).toBe('greenBright');
    expect(rawLines[2]).toContain('\u001b[91m'); // row 0 is a sell
    expect(rawLines[3]).toContain('\u001b[92m'); // row 1 is a buy
  });

  it('shows the full time when wide and fits narrow', () => {
    const rows = tapeRows(5);
    const wide = renderAt(<Tape rows={rows} width={40} height={8} />, 40);
    expect(wide.lines[2]).toContain('12:03:08.567');
    for (const w of [12, 20, 1]) expectWithin(renderAt(<Tape rows={rows} width={w} height={4} />, 40).lines, w, 4);
    expect(renderAt(<Tape rows={[]} width={28} height={4} />, 28).lines.join('\n')).toContain('no trades');
  });
});

describe('Gauges', () => {
  it('shows the window, labels, values, signed bars centred and magnitudes from the left', () => {
    const g = gaugesView();
    const { lines } = renderAt(<Gauges gauges={g} width={30} height={10} />, 30);
    expectWithin(lines, 30, 10);
    expect(lines[0]).toContain('window 1s');
    for (const x of g.gauges) {
      expect(lines.some((l) => l.includes(x.label) && l.includes((x.values[0] ?? NaN).toFixed(x.decimals)))).toBe(true);
    }
    const line = (label: string): string => lines.find((l) => l.startsWith(label)) ?? '';
    // bar column: 30 − 10 (label) − 8 (value) − 2 = 10 cells → signed: 9 used, centre at 4, halves of 4.
    const ofi = line('OFI');
    const [ofiLeft = '', ofiRight = ''] = ofi.split('│');
    expect(count(ofiLeft, '█')).toBe(0);
    expect(count(ofiRight, '█')).toBe(Math.round(0.42 * 4));
    const tfi = line('TFI');
    const [tfiLeft = '', tfiRight = ''] = tfi.split('│');
    expect(count(tfiLeft, '█')).toBe(Math.round(0.8 * 4));
    expect(count(tfiRight, '█')).toBe(0);
    // centres line up
    expect(ofi.indexOf('│')).toBe(tfi.indexOf('│'));
    // magnitude: no centre, from the left right after the value
    const trades = line('trades/s');
    expect(trades).not.toContain('│');
    expect(trades).toMatch(/37 █{6}\s*$/);
    // null bar: no bar
    expect(count(line('microprice'), '█')).toBe(0);
  });

  it('never cuts a value: a value wider than its column is rounded to fewer decimals; fits narrow', () => {
    const g = gaugesView();
    const { lines } = renderAt(<Gauges gauges={g} width={24} height={9} />, 24);
    expectWithin(lines, 24, 9);
    // 24 − 10 (label) − 2 − 5 (bar) leaves 7 cells for values: 64012.53 is shown as 64012.5, never 64012.
    expect(lines.find((l) => l.startsWith('microprice'))).toMatch(/^microprice +64012\.5( |$)/);
    for (const w of [8, 3, 1]) expectWithin(renderAt(<Gauges gauges={g} width={w} height={3} />, 30).lines, w, 3);
  });
});

describe('Heatmap', () => {
  it('draws shades oldest-left, newest at the right edge, and a trade print at its row and column', () => {
    const prices = ['100.0', '99.5', '99.0', '98.5', '98.0'];
    const columns = Array.from({ length: 10 }, (_, c) => prices.map((_, r) => (r === 4 ? 1 : c / 10)));
    const trades = Array.from({ length: 10 }, (_, c) =>
      c === 7 ? { row: 2, side: 'buy' as const } : c === 9 ? { row: 0, side: 'sell' as const } : null,
    );
    const { lines } = renderAt(
      <Heatmap heatmap={{ prices, columns, trades, columnSpan: '500ms' }} width={30} height={8} />,
      30,
    );
    expectWithin(lines, 30, 8);
    expect(lines[0]).toContain('500ms/col');
    // label column 5 wide + 1 space; 24 cells for 10 columns → 14 blank, data from x = 20.
    const x0 = 6 + 14;
    expect(lines[1 + 2]?.[x0 + 7]).toBe('●');
    expect(lines[1 + 0]?.[x0 + 9]).toBe('●');
    expect(count(lines.join('\n'), '●')).toBe(2);
    // prices as labels, top to bottom
    prices.forEach((p, r) => expect(lines[1 + r]?.startsWith(p.padStart(5))).toBe(true));
    // row 4 is fully intense; column 0 of the other rows is blank; column 9 at 0.9 → the top shade
    expect(lines[5]?.slice(x0)).toBe('█'.repeat(10));
    expect(lines[2]?.[x0]).toBe(' ');
    expect(lines[2]?.[x0 + 9]).toBe(heatStep(0.9).char);
    expect(lines[2]?.[x0 + 1]).toBe(heatStep(0.1).char);
  });

  it('keeps the newest columns and the middle prices when there are too many', () => {
    const h = heatmapView(30, 200);
    const { lines } = renderAt(<Heatmap heatmap={h} width={40} height={12} />, 40);
    expectWithin(lines, 40, 12);
    expect(lines.length).toBe(12);
    expect(lines[0]).toContain('31 cols');
    // 11 rows of 30: rows 9..19
    expect(lines[1]?.startsWith(h.prices[9] ?? '?')).toBe(true);
    expect(lines[11]?.startsWith(h.prices[19] ?? '?')).toBe(true);
    // the print in the newest column with a trade lands in the last cells of its row
    const lastTrade = h.trades.findLastIndex((t) => t !== null);
    const t = h.trades[lastTrade];
    expect(t).not.toBeNull();
    if (t != null) expect(lines[1 + t.row - 9]?.[9 + (lastTrade - (200 - 31))]).toBe('●');
  });
});

describe('DepthCurve', () => {
  it('mirrors cumulative bids (left) and asks (right) per bps step', () => {
    const d = depthView();
    const { lines } = renderAt(<DepthCurve depth={d} width={34} height={10} />, 34);
    expectWithin(lines, 34, 10);
    const text = lines.join('\n');
    expect(text).toContain('bids');
    expect(text).toContain('asks');
    expect(lines).toHaveLength(10);
    const body = lines.slice(2, 9);
    expect(lines[9]).toBe('');
    // nearest first; the centre column holds the step; bars grow outward with distance
    let prevBid = 0;
    let prevAsk = 0;
    d.bids.forEach((p, i) => {
      const line = body[i] ?? '';
      const mid = line.indexOf(` ${String(p.bps).padStart(2)}`);
      expect(line).toMatch(new RegExp(`█\\s+${p.bps}\\s+█`));
      const [left = '', right = ''] = line.split(new RegExp(`\\s${p.bps}\\s`));
      const nb = count(left, '█');
      const na = count(right, '█');
      expect(nb).toBeGreaterThanOrEqual(prevBid);
      expect(na).toBeGreaterThanOrEqual(prevAsk);
      prevBid = nb;
      prevAsk = na;
      expect(mid).toBeGreaterThan(0);
    });
    // the farthest ask is the max: its bar is full
    expect(prevAsk).toBe(Math.floor((34 - 3 - 2) / 2) - 6);
  });

  it('fits narrow and empty', () => {
    for (const w of [20, 10, 2]) expectWithin(renderAt(<DepthCurve depth={depthView()} width={w} height={5} />, 34).lines, w, 5);
    const empty = renderAt(<DepthCurve depth={{ bids: [], asks: [], maxQty: 0 }} width={30} height={5} />, 30);
    expect(empty.lines.join('\n')).toContain('no depth');
  });
});

describe('StatusBar', () => {
  it('shows symbol, product, source, PAUSED and speed, books, gap, resync, latency, rate, last two alerts, fps, clock', () => {
    const { lines } = renderAt(<StatusBar status={statusView()} width={124} height={2} />, 124);
    expectWithin(lines, 124, 2);
    const [a = '', b = ''] = lines;
    for (const s of ['BTCUSDT spot', 'PAUSED 16×', 'replay btcusdt_20240808.gz +00:03:12', 'BTCUSDT live']) {
      expect(a).toContain(s);
    }
    expect(a.endsWith('12:03:04.567')).toBe(true);
    for (const s of ['gap 12:01:00.120', 'resync 12:01:00.450', 'recv−exch 12 ms', '1234 msg/s', 'wall 64000.00 bid', 'sweep 4 levels buy']) {
      expect(b).toContain(s);
    }
    expect(b).not.toContain('old alert');
    expect(b.endsWith('30 fps')).toBe(true);
  });

  it('shows the speed without PAUSED when playing, unknown latency, and keeps the clock when narrow', () => {
    const s = statusView({ paused: false, speed: '4×', latencyMs: null, alerts: [] });
    const { lines } = renderAt(<StatusBar status={s} width={40} height={2} />, 40);
    expectWithin(lines, 40, 2);
    expect(lines[0]).not.toContain('PAUSED');
    expect(lines[0]).toContain('4×');
    expect(lines[0]?.endsWith('12:03:04.567')).toBe(true);
    expect(lines[1]).toContain('recv−exch -');
    const one = renderAt(<StatusBar status={statusView()} width={80} height={1} />, 80);
    expectWithin(one.lines, 80, 1);
    expect(one.lines[0]).toContain('PAUSED');
  });
});

describe('where the logs go', () => {
  it('shows the log file in the status bar while there is room, and in help', () => {
    const status = statusView({ alerts: [], logFile: '~/.local/state/flowdesk/console.log' });
    const { lines } = renderAt(<StatusBar status={status} width={160} height={2} />, 160);
    expectWithin(lines, 160, 2);
    expect(lines[1]).toContain('log ~/.local/state/flowdesk/console.log');
    const narrow = renderAt(<StatusBar status={status} width={80} height={2} />, 80);
    expectWithin(narrow.lines, 80, 2); // it gives way first
    const screen = renderAt(<ConsoleScreen view={{ ...consoleView(), status }} columns={120} rows={40} showHelp keys={KEYS} />, 120);
    expect(screen.lines.join('\n')).toMatch(/logs +~\/\.local\/state\/flowdesk\/console\.log/);
  });
});

describe('Help', () => {
  it('boxes the key table', () => {
    const { lines } = renderAt(<Help keys={KEYS} width={48} height={KEYS.length + 2} />, 48);
    expectWithin(lines, 48, KEYS.length + 2);
    expect(lines[0]).toContain('keys');
    for (const k of KEYS) expect(lines.some((l) => l.includes(k.key) && l.includes(k.action))).toBe(true);
    const short = renderAt(<Help keys={KEYS} width={30} height={5} />, 30);
    expectWithin(short.lines, 30, 5);
    expect(short.lines.join('\n')).toContain('+4 more');
  });
});

// ---- layout ----

const ALL: readonly PaneName[] = ['status', 'ladder', 'tape', 'gauges', 'heatmap', 'depth'];

function shown(layout: Layout): PaneName[] {
  return ALL.filter((p) => layout.panes[p] !== undefined);
}

function regions(layout: Layout): Rect[] {
  return [
    ...Object.values(layout.panes),
    ...layout.dividers,
    ...(layout.message === null ? [] : [layout.message]),
  ];
}

const overlap = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function expectSound(layout: Layout): void {
  expect(layout.height).toBeLessThan(layout.rows);
  expect(layout.width).toBeLessThanOrEqual(layout.columns);
  const rs = regions(layout);
  for (const r of rs) {
    expect(r.width).toBeGreaterThan(0);
    expect(r.height).toBeGreaterThan(0);
    expect(r.x).toBeGreaterThanOrEqual(0);
    expect(r.y).toBeGreaterThanOrEqual(0);
    expect(r.x + r.width).toBeLessThanOrEqual(layout.width);
    expect(r.y + r.height).toBeLessThanOrEqual(layout.height);
  }
  rs.forEach((a, i) => rs.slice(i + 1).forEach((b) => expect(overlap(a, b), JSON.stringify([a, b])).toBe(false)));
}

describe('computeLayout', () => {
  it('shows all six panes at 120×40, with the heatmap the widest region', () => {
    const l = computeLayout(120, 40);
    expect(l.mode).toBe('full');
    expect(shown(l)).toEqual(ALL);
    expectSound(l);
    expect(l.height).toBe(39);
    const { ladder, tape, heatmap, status } = l.panes;
    expect(ladder?.width).toBe(30);
    expect(tape?.width).toBe(28);
    expect(status?.height).toBe(2);
    for (const p of ['ladder', 'tape', 'gauges', 'depth'] as const) {
      expect(heatmap?.width).toBeGreaterThan(l.panes[p]?.width ?? Infinity);
    }
    // every cell of the frame is covered by exactly one region
    const area = regions(l).reduce((s, r) => s + r.width * r.height, 0);
    expect(area).toBe(l.width * l.height);
  });

  it('shows the reduced set at 80×24', () => {
    const l = computeLayout(80, 24);
    expect(l.mode).toBe('reduced');
    expect(shown(l)).toEqual(['status', 'ladder', 'tape', 'gauges']);
    expectSound(l);
    expect(l.height).toBe(23);
  });

  it('gives the markouts table the heatmap\'s place at 120×40 and the gauges\' at 80×24, the rest unmoved', () => {
    for (const [c, r, replaced] of [
      [120, 40, 'heatmap'],
      [80, 24, 'gauges'],
    ] as const) {
      const without = computeLayout(c, r);
      const withTable = computeLayout(c, r, { markouts: true });
      expect(withTable.panes.markouts).toEqual(without.panes[replaced]);
      expect(withTable.panes[replaced]).toBeUndefined();
      expect({ ...withTable.panes, markouts: undefined, [replaced]: without.panes[replaced] }).toEqual({ ...without.panes, markouts: undefined });
      expect(withTable.dividers).toEqual(without.dividers);
    }
  });

  it('gives the gates pane the heatmap\'s place at 120×40 and the rows below the gauges at 80×24; the markouts table then the depth curve\'s or the gauges\'', () => {
    const full = computeLayout(120, 40);
    const fullGates = computeLayout(120, 40, { gates: true });
    expect(fullGates.panes.gates).toEqual(full.panes.heatmap);
    expect({ ...fullGates.panes, gates: undefined }).toEqual({ ...full.panes, heatmap: undefined });
    expect(computeLayout(120, 40, { gates: true, markouts: true }).panes.markouts).toEqual(full.panes.depth);

    const reduced = computeLayout(80, 24);
    const reducedGates = computeLayout(80, 24, { gates: true });
    expect(reducedGates.panes.gauges).toEqual({ ...reduced.panes.gauges, height: 12 });
    expect(reducedGates.panes.gates).toEqual({ x: 56, y: 15, width: 24, height: 7 });
    expect(reducedGates.dividers).toEqual([...reduced.dividers, { x: 56, y: 14, width: 24, height: 1 }]);
    expect(computeLayout(80, 24, { gates: true, markouts: true }).panes.markouts).toEqual(reducedGates.panes.gauges);
    for (const l of [fullGates, reducedGates]) {
      expectSound(l);
      expect(regions(l).reduce((n, r) => n + r.width * r.height, 0)).toBe(l.width * l.height);
    }
  });

  it('with a strategy at 120×40 shows Gates (the heatmap\'s place), Positions (the depth curve\'s) and Orders (a band under the ladder and tape) from the start; o puts Reconciliation in the Orders place', () => {
    const full = computeLayout(120, 40);
    const t = computeLayout(120, 40, { trading: true });
    expect(t.mode).toBe('full');
    expect(t.panes.gates).toEqual(full.panes.heatmap);
    expect(t.panes.positions).toEqual(full.panes.depth);
    expect(t.panes.orders).toEqual({ x: 0, y: 26, width: 59, height: 12 });
    expect(t.panes.reconciliation).toBeUndefined();
    expect([t.panes.heatmap, t.panes.depth]).toEqual([undefined, undefined]);
    expect(t.panes.ladder).toEqual({ ...full.panes.ladder, height: 23 });
    expect(t.panes.tape).toEqual({ ...full.panes.tape, height: 23 });
    expect(t.panes.gauges).toEqual(full.panes.gauges);
    expect(t.dividers).toContainEqual({ x: 0, y: 25, width: 59, height: 1 });
    const recon = computeLayout(120, 40, { trading: true, tradingPage: 1 });
    expect(recon.panes.reconciliation).toEqual(t.panes.orders);
    expect(recon.panes.orders).toBeUndefined();
    expect({ ...recon.panes, reconciliation: undefined }).toEqual({ ...t.panes, orders: undefined });
    expect(computeLayout(120, 40, { trading: true, tradingPage: 2 }).panes).toEqual(t.panes);
    for (const l of [t, recon]) {
      expectSound(l);
      expect(regions(l).reduce((n, r) => n + r.width * r.height, 0)).toBe(l.width * l.height);
    }
  });

  it('with a strategy at 80×24 shows the gates below the gauges; o turns that place to Positions, Orders, Reconciliation, then Gates again', () => {
    const gatesOnly = computeLayout(80, 24, { gates: true });
    const place = gatesOnly.panes.gates;
    expect(place).toEqual({ x: 56, y: 15, width: 24, height: 7 });
    const order = ['gates', 'positions', 'orders', 'reconciliation', 'gates'] as const;
    order.forEach((pane, page) => {
      const l = computeLayout(80, 24, { trading: true, tradingPage: page });
      expect(l.mode).toBe('reduced');
      for (const p of ['gates', 'positions', 'orders', 'reconciliation'] as const) expect(l.panes[p], `${p} at page ${page}`).toEqual(p === pane ? place : undefined);
      expect({ ...l.panes, [pane]: undefined }).toEqual({ ...gatesOnly.panes, gates: undefined });
      expect(l.dividers).toEqual(gatesOnly.dividers);
      expectSound(l);
    });
  });

  it('says the terminal is too small below 80×24', () => {
    for (const [c, r] of [
      [60, 20],
      [79, 40],
      [200, 23],
      [10, 2],
    ] as const) {
      const l = computeLayout(c, r);
      expect(l.mode).toBe('tooSmall');
      expect(shown(l)).toEqual([]);
      expect(l.height).toBeLessThan(r);
      expect(l.message).toEqual({ x: 0, y: 0, width: c, height: 1 });
    }
    expect(TOO_SMALL_TEXT).toBe('terminal too small (need 80×24)');
    expect(computeLayout(100, 1).height).toBe(0);
    expect(computeLayout(0, 0).height).toBe(0);
    expect(computeLayout(Number.NaN, 30).mode).toBe('tooSmall');
  });

  it('is sound at every size from 80×24 to 220×70', () => {
    for (let c = MIN_COLUMNS; c <= 220; c += 3) {
      for (let r = MIN_ROWS; r <= 70; r += 2) {
        const l = computeLayout(c, r);
        expectSound(l);
        expect(l.height).toBe(r - 1);
        expect(l.mode).toBe(c >= FULL_COLUMNS && r >= FULL_ROWS ? 'full' : 'reduced');
        for (const p of ['status', 'ladder', 'tape', 'gauges'] as const) expect(l.panes[p]).toBeDefined();
        if (l.mode === 'full') expect(shown(l)).toEqual(ALL);
        for (const markouts of [false, true]) {
          const g = computeLayout(c, r, { gates: true, markouts });
          expectSound(g);
          expect(g.panes.gates).toBeDefined();
          expect(regions(g).reduce((n, x) => n + x.width * x.height, 0)).toBe(g.width * g.height);
        }
        // With a strategy (at every third width and second height: the sizes between are alike): o shows every
        // trading pane.
        if ((c - MIN_COLUMNS) % 9 !== 0 || (r - MIN_ROWS) % 4 !== 0) continue;
        const seen = new Set<string>();
        for (const tradingPage of [0, 1, 2, 3]) {
          const t = computeLayout(c, r, { trading: true, tradingPage });
          expectSound(t);
          expect(regions(t).reduce((n, x) => n + x.width * x.height, 0)).toBe(t.width * t.height);
          for (const p of ['gates', 'positions', 'orders', 'reconciliation'] as const) if (t.panes[p] !== undefined) seen.add(p);
        }
        expect([...seen].sort()).toEqual(['gates', 'orders', 'positions', 'reconciliation']);
      }
    }
  });
});

// ---- the whole console ----

describe('ConsoleScreen', () => {
  const sizes = [
    [120, 40],
    [80, 24],
    [100, 30],
    [160, 50],
    [119, 39],
  ] as const;

  for (const [columns, rows] of sizes) {
    it(`fits ${columns}×${rows}`, () => {
      const view = consoleView();
      const { lines } = renderAt(
        <ConsoleScreen view={view} columns={columns} rows={rows} showHelp={false} keys={KEYS} />,
        columns,
      );
      expectWithin(lines, columns, rows - 1);
      expect(lines.length).toBe(rows - 1);
      const text = lines.join('\n');
      expect(text).toContain('PAUSED 16×');
      expect(text).toContain('64012.55');
      expect(text).toContain('window 1s');
      expect(lines.at(-1)).toContain(view.message);
    });
  }

  it('at 120×40 shows every pane', () => {
    const { lines } = renderAt(
      <ConsoleScreen view={consoleView()} columns={120} rows={40} showHelp={false} keys={KEYS} />,
      120,
    );
    const text = lines.join('\n');
    for (const s of ['agg 5 ticks', 'tape', 'window 1s', 'heatmap 1s/col', 'bids', 'asks', '●', '12:03:04.567']) {
      expect(text).toContain(s);
    }
    // the divider runs straight down between ladder and tape
    for (const line of lines.slice(2, 38)) expect(line[30]).toBe('│');
  });

  it('at 80×24 hides the heatmap and depth curve', () => {
    const { lines } = renderAt(
      <ConsoleScreen view={consoleView()} columns={80} rows={24} showHelp={false} keys={KEYS} />,
      80,
    );
    const text = lines.join('\n');
    expect(text).not.toContain('heatmap');
    expect(text).not.toContain('●');
    expect(text).toContain('agg 5 ticks');
  });

  it('draws the help box over the panes', () => {
    const { lines } = renderAt(
      <ConsoleScreen view={consoleView()} columns={120} rows={40} showHelp keys={KEYS} />,
      120,
    );
    expectWithin(lines, 120, 39);
    const text = lines.join('\n');
    for (const k of KEYS) expect(text).toContain(k.action);
    expect(lines[0]).toContain('BTCUSDT spot');
  });

  it('at 80×24 the help box holds every key in two columns with its short text, and every mark in short form', () => {
    const keys = KEYMAP.map((k) => ({ key: k.key, action: k.description, short: k.short }));
    const { lines } = renderAt(<ConsoleScreen view={consoleView()} columns={80} rows={24} showHelp keys={keys} />, 80);
    expectWithin(lines, 80, 23);
    const text = lines.join('\n');
    for (const k of keys) expect(text, k.key).toMatch(new RegExp(`│ .*${k.key.replace(/[+?]/g, '\\$&')} +${k.short.replace(/[()+?]/g, '\\$&')}`));
    // Two keys on a row: the first half of the table beside the second.
    const half = Math.ceil(keys.length / 2);
    const escaped = (t: string): string => t.replace(/[()+?]/g, '\\$&');
    expect(text).toMatch(new RegExp(`│ space +${escaped(keys[0]?.short ?? '')} +${escaped(keys[half]?.key ?? '')} +${escaped(keys[half]?.short ?? '')} +│`));
    const top = lines.findIndex((l) => l.includes('┌─ keys'));
    const box = lines.slice(top, lines.findIndex((l, i) => i > top && l.includes('└'))).join('\n');
    expect(top).toBeGreaterThan(0);
    expect(box).not.toContain('…'); // no key text is cut
    for (const m of LEGEND) expect(text).toContain(`${m.char} ${m.short}`);
    expect(text).not.toContain('more');
  });

  it('at 120×40 the help box lists every key with its full text, one a row, and every mark', () => {
    const keys = KEYMAP.map((k) => ({ key: k.key, action: k.description, short: k.short }));
    const { lines } = renderAt(<ConsoleScreen view={consoleView()} columns={120} rows={40} showHelp keys={keys} />, 120);
    const text = lines.join('\n');
    for (const k of keys) expect(text).toContain(k.action);
    for (const m of LEGEND) expect(text).toContain(m.meaning);
  });

  it('says the terminal is too small at 60×20', () => {
    const { lines } = renderAt(
      <ConsoleScreen view={consoleView()} columns={60} rows={20} showHelp={false} keys={KEYS} />,
      60,
    );
    expect(lines).toEqual([TOO_SMALL_TEXT]);
    expectWithin(lines, 60, 19);
  });
});
