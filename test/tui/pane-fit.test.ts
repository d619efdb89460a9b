// The width rule of every pane, as a property: for any view the engine can produce (extreme, tiny,
// negative, NaN and infinite values, long names) and any pane size — and exactly the panes of the 80×24
// and 120×40 layouts — every line a pane draws fits its width (the frame composer cuts anything wider, so
// a wider line would lose its end), and every number on it is true: it parses back to one of the values
// the view holds within the precision shown, is not cut short ('4136.'), and is never a non-zero value
// shown as zero. Gauge rows are checked value by value, labels in full, in short form or cut with '…'.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeLayout, type Rect } from '../../src/tui/layout.js';
import { depthCurveLines } from '../../src/tui/panes/depth-curve.js';
import { gatesLines } from '../../src/tui/panes/gates.js';
import { gaugesLines } from '../../src/tui/panes/gauges.js';
import { heatmapLines } from '../../src/tui/panes/heatmap.js';
import { helpLines, helpSize } from '../../src/tui/panes/help.js';
import { ladderLines } from '../../src/tui/panes/ladder.js';
import { markoutsLines } from '../../src/tui/panes/markouts.js';
import { ordersLines } from '../../src/tui/panes/orders.js';
import { positionsLines } from '../../src/tui/panes/positions.js';
import { reconciliationLines } from '../../src/tui/panes/reconciliation.js';
import { statusBarLines } from '../../src/tui/panes/status-bar.js';
import { tapeLines } from '../../src/tui/panes/tape.js';
import { lineCells, type Line } from '../../src/tui/panes/text.js';
import { KEYMAP } from '../../src/tui/keymap.js';
import { LEGEND } from '../../src/tui/marks.js';
import type { ConsoleView, GatesView, GateValue, Gauge, GaugesView, MarkoutsView, PaneName, TradingView } from '../../src/tui/view-model.js';
import { anyNumber, cutTokens, numberTokens, shownTrue } from './truth.js';

// ---- views ----

const word = fc.stringMatching(/^[a-z]{1,10}$/);
const words = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
const qty = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e13, noNaN: true }), fc.double({ min: 0, max: 1e-3, noNaN: true }), anyNumber.map(Math.abs));
const price = fc.tuple(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 8 })).map(([n, d]) => (n / 10 ** d).toFixed(d));
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 999 })).map(
  ([h, m, s, ms]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}`,
);

const gauge: fc.Arbitrary<Gauge> = fc.record(
  {
    label: fc.oneof(words, fc.constantFrom('spread bps', 'micro edge bps', 'refill bid/ask', 'msg/s trd/s', 'MLOFI l1-3', 'OBI 5')),
    short: word,
    values: fc.array(anyNumber, { minLength: 1, maxLength: 3 }),
    decimals: fc.integer({ min: 0, max: 5 }),
    sep: fc.constantFrom(' ', ' / '),
    bar: fc.option(anyNumber, { nil: null }),
    signed: fc.boolean(),
  },
  { requiredKeys: ['label', 'values', 'decimals', 'bar'] },
);

const markoutsArb: fc.Arbitrary<MarkoutsView> = fc.record({
  anchor: fc.constantFrom('trades', 'large trades', 'detections'),
  anchors: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10_000 }), fc.constant(5000)),
  capacity: fc.constantFrom(5000, 100),
  rows: fc.array(
    fc.record({
      horizon: fc.constantFrom('250ms', '500ms', '1s', '3s', '10s', '1500ms', '60m'),
      n: fc.oneof(fc.integer({ min: 0, max: 1e9 }), anyNumber),
      censored: fc.oneof(fc.integer({ min: 0, max: 1e6 }), anyNumber),
      meanBps: anyNumber,
      medianBps: anyNumber,
      tStat: anyNumber,
      positivePct: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), anyNumber),
      execMeanBps: anyNumber,
    }),
    { maxLength: 8 },
  ),
});

const gateValue: fc.Arbitrary<GateValue> = fc.oneof(anyNumber, fc.boolean(), words, fc.constant('0–10'), fc.constant(null));
const figureArb = fc.option(anyNumber, { nil: null });
const summaryArb = fc.record({ time, action: fc.constantFrom('BUY' as const, 'SELL_INVENTORY' as const, 'NO_TRADE' as const), reason: fc.oneof(word, fc.constantFrom('LIMIT_MAKER BUY', 'maxDailyNotional')) });

const gatesArb: fc.Arbitrary<GatesView> = fc.record({
  latest: fc.option(
    fc.record({
      time,
      action: fc.constantFrom('BUY' as const, 'SELL_INVENTORY' as const, 'NO_TRADE' as const),
      reason: fc.oneof(word, fc.constantFrom('LIMIT_IOC SELL', 'consecutiveLosses')),
      side: fc.constantFrom('BUY' as const, 'SELL' as const, null),
      score: figureArb,
      alphaBps: figureArb,
      costBps: figureArb,
      costParts: fc.option(
        fc.array(fc.record({ label: fc.constantFrom('fee', 'half spread', 'latency'), short: fc.constantFrom('fee', '½spr', 'lat'), bps: anyNumber }), { minLength: 6, maxLength: 6 }),
        { nil: null },
      ),
      gates: fc.array(
        fc.record({ name: fc.oneof(word, fc.constantFrom('consecutiveLosses', 'maxDailyNotional', 'microprice')), pass: fc.boolean(), value: gateValue, limit: gateValue }),
        { maxLength: 30 },
      ),
    }),
    { nil: null },
  ),
  lastJournaled: fc.option(summaryArb, { nil: null }),
  evaluations: fc.integer({ min: 0, max: 1e9 }),
  notTraded: fc.option(words, { nil: null }),
});

// A money or quantity figure as the kernel writes it: an exact decimal, maybe negative, up to 15 decimals.
const decimal = fc
  .tuple(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 15 }))
  .map(([n, d]) => (n / 10 ** d).toFixed(d));
const symbol = fc.stringMatching(/^[A-Z]{3,12}$/);
const count = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1e9 }));

const tradingArb: fc.Arbitrary<TradingView> = fc.record({
  status: fc.record({ killed: fc.boolean(), killReason: fc.option(words, { nil: null }), paused: fc.boolean() }),
  positions: fc.record({
    symbols: fc.array(
      fc.record({ symbol, quoteAsset: fc.constantFrom('USDT', 'FDUSD'), position: decimal, avgEntry: fc.option(price, { nil: null }), realizedPnl: decimal, unrealizedPnl: decimal, fees: decimal, netPnl: decimal, fills: count }),
      { maxLength: 4 },
    ),
    totals: fc.option(fc.record({ quoteAsset: fc.constant('USDT'), realizedPnl: decimal, unrealizedPnl: decimal, fees: decimal, netPnl: decimal }), { nil: null }),
    fillMarkouts: fc.array(fc.record({ horizon: fc.constantFrom('250ms', '1s', '10s'), n: count, meanBps: anyNumber }), { maxLength: 6 }),
  }),
  orders: fc.record({
    open: fc.array(
      fc.record({
        clientOrderId: word,
        symbol,
        side: fc.constantFrom('buy' as const, 'sell' as const),
        type: fc.constantFrom('LIMIT_MAKER', 'LIMIT_IOC', 'LIMIT'),
        price,
        qty: decimal,
        filled: decimal,
        queueAhead: fc.option(decimal, { nil: null }),
        ageMs: fc.oneof(fc.integer({ min: 0, max: 1e9 }), anyNumber),
        status: fc.constantFrom('pendingNew', 'new', 'partiallyFilled', 'pendingCancel'),
      }),
      { maxLength: 12 },
    ),
    lastFills: fc.array(
      fc.record({ time, symbol, side: fc.constantFrom('buy' as const, 'sell' as const), price, qty: decimal, fee: decimal, feeAsset: fc.constantFrom('USDT', 'BNB'), liquidity: fc.constantFrom('maker' as const, 'taker' as const) }),
      { maxLength: 50 },
    ),
    orders: count,
    fills: count,
  }),
  reconciliation: fc.record({
    venue: fc.constant('simulated exchange'),
    checkedAt: fc.option(time, { nil: null }),
    localOpen: count,
    venueOpen: count,
    positions: fc.array(fc.record({ symbol, local: decimal, venue: decimal }), { maxLength: 4 }),
    mismatches: fc.array(words, { maxLength: 6 }),
    privateState: fc.option(words, { nil: null }),
    atRestart: fc.array(words, { maxLength: 3 }),
  }),
  page: fc.integer({ min: 0, max: 11 }),
});

/** The numbers a trading pane holds (counts of what does not fit, '+N more', are small integers). */
function tradingValues(t: TradingView, pane: 'positions' | 'orders' | 'reconciliation'): number[] {
  const small = Array.from({ length: 60 }, (_, i) => i);
  if (pane === 'positions') {
    const p = t.positions;
    return [
      ...p.symbols.flatMap((s) => [s.position, s.avgEntry ?? '0', s.realizedPnl, s.unrealizedPnl, s.fees, s.netPnl].map(Number)),
      ...(p.totals === null ? [] : [p.totals.realizedPnl, p.totals.unrealizedPnl, p.totals.fees, p.totals.netPnl].map(Number)),
      ...p.fillMarkouts.flatMap((m) => [m.n, m.meanBps]),
      Math.max(0, ...p.fillMarkouts.map((m) => m.n)),
    ];
  }
  if (pane === 'orders') {
    const o = t.orders;
    return [
      o.open.length,
      o.orders,
      o.fills,
      ...small,
      ...o.open.flatMap((r) => [r.price, r.qty, r.filled, r.queueAhead ?? '0'].map(Number)),
      ...o.lastFills.flatMap((f) => [f.price, f.qty, f.fee].map(Number)),
    ];
  }
  const r = t.reconciliation;
  return [r.localOpen, r.venueOpen, ...small, ...r.positions.flatMap((p) => [Number(p.local), Number(p.venue)])];
}

/** The numbers a gates view holds (gate values that are texts are words, so never numbers). */
function gatesValues(g: GatesView): number[] {
  const d = g.latest;
  if (d === null) return [g.evaluations];
  const numbers = (v: GateValue): number[] => (typeof v === 'number' ? [v] : []);
  return [
    g.evaluations,
    d.gates.length,
    d.gates.filter((r) => !r.pass).length,
    d.gates.filter((r) => r.pass).length,
    ...Array.from({ length: d.gates.length + 1 }, (_, i) => i),
    ...[d.score, d.alphaBps, d.costBps].flatMap((v) => (v === null ? [NaN] : [v])),
    ...(d.costParts ?? []).map((p) => p.bps),
    ...d.gates.flatMap((r) => [...numbers(r.value), ...numbers(r.limit)]),
  ];
}

const viewArb: fc.Arbitrary<ConsoleView> = fc.record({
  ladder: fc.record({
    rows: fc.array(
      fc.record({
        price,
        bidQty: qty,
        askQty: qty,
        cumBid: qty,
        cumAsk: qty,
        isBestBid: fc.boolean(),
        isBestAsk: fc.boolean(),
        marks: fc.constantFrom('', 'W', 'I', 'WI'),
      }),
      { maxLength: 50 },
    ),
    aggregation: fc.constantFrom(1, 5, 10, 50),
    maxQty: qty,
  }),
  tape: fc.array(fc.record({ time, price, qty, side: fc.constantFrom('buy' as const, 'sell' as const), large: fc.boolean(), sweep: fc.boolean() }), { maxLength: 40 }),
  gauges: fc.record({ window: fc.constantFrom('100ms', '1s', '10s'), gauges: fc.array(gauge, { maxLength: 12 }) }),
  heatmap: fc.integer({ min: 0, max: 30 }).chain((rows) =>
    fc.record({
      prices: fc.array(price, { minLength: rows, maxLength: rows }),
      columns: fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: rows, maxLength: rows }), { maxLength: 80 }),
      trades: fc.constant([]),
      columnSpan: fc.constantFrom('100ms', '1s'),
    }),
  ),
  depth: fc.record({
    bids: fc.array(fc.record({ bps: fc.oneof(fc.integer({ min: 0, max: 1000 }), anyNumber), qty }), { maxLength: 12 }),
    asks: fc.array(fc.record({ bps: fc.oneof(fc.integer({ min: 0, max: 1000 }), anyNumber), qty }), { maxLength: 12 }),
    maxQty: qty,
  }),
  status: fc.record({
    symbol: fc.stringMatching(/^[A-Z]{3,12}$/),
    product: fc.constantFrom('spot', 'usdm'),
    source: fc.oneof(words.map((w) => `replay ${w}`), fc.constantFrom('live spot BTCUSDT', 'reconnecting in 3s (attempt 2) spot BTCUSDT')),
    position: fc.constantFrom('', '+00:00:10', '+00:10:50 end'),
    paused: fc.boolean(),
    speed: fc.constantFrom('1×', '16×', 'max', 'live'),
    books: fc.array(fc.record({ product: fc.constantFrom('spot', 'usdm'), symbol: fc.stringMatching(/^[A-Z]{3,10}$/), state: fc.constantFrom('live', 'resyncing', 'awaitingSnapshot', 'stale') }), { maxLength: 4 }),
    lastGap: fc.oneof(fc.constant('-'), time.map((t) => `${t} gap`)),
    lastResync: fc.oneof(fc.constant('-'), time.map((t) => `${t} resync`)),
    latencyMs: fc.option(anyNumber, { nil: null }),
    msgRate: anyNumber,
    alerts: fc.array(words, { maxLength: 3 }),
    fps: anyNumber,
    clock: time,
  }),
  markouts: markoutsArb,
  gates: gatesArb,
  trading: tradingArb,
  message: words,
});

// ---- checks ----

const plain = (line: Line): string => line.map((s) => s.text).join('');

/** Every line at most `width` cells, and every number on it true for one of `values`. */
function expectFitAndTrue(name: string, lines: readonly Line[], width: number, values: readonly number[]): void {
  for (const line of lines) {
    const text = plain(line);
    expect(lineCells(line), `${name} ${width}: ${JSON.stringify(text)}`).toBeLessThanOrEqual(width);
    expect(cutTokens(text), `${name}: ${JSON.stringify(text)}`).toEqual([]);
    for (const token of numberTokens(text)) {
      expect(values.some((v) => shownTrue(token, v)), `${name} ${width}: ${token} in ${JSON.stringify(text)} is none of the view's values`).toBe(true);
    }
  }
}

/** Gauge rows: the label in full, in short form or cut with '…'; then exactly the gauge's values, each true. */
function expectGaugesTrue(g: GaugesView, lines: readonly Line[], width: number): void {
  g.gauges.forEach((gauge, i) => {
    const line = lines[i + 1];
    if (line === undefined) return;
    const text = plain(line);
    expect(lineCells(line), JSON.stringify(text)).toBeLessThanOrEqual(width);
    const labels = [gauge.label, gauge.short ?? gauge.label];
    const label = labels.find((l) => text.startsWith(l) && (text.length === l.length || text[l.length] === ' '));
    const cut = text.indexOf('…');
    let rest: string;
    if (label !== undefined) rest = text.slice(label.length);
    else if (cut >= 0 && labels.some((l) => l.startsWith(text.slice(0, cut)))) rest = text.slice(cut + 1);
    else {
      // No room for a label: the row is values only.
      expect(text.startsWith(' ') || /^[-<.\d∞…]/.test(text), `label of ${JSON.stringify(text)}`).toBe(true);
      rest = text;
    }
    const shown = rest.replace(/[█│]/g, ' ').split(/ \/ | +/).filter((t) => t !== '' && t !== '/');
    if (shown.length === 1 && shown[0] === '…') return;
    if (shown.length === 0) return; // no room for values at all (a pane a few cells wide)
    expect(shown.length, `values of ${JSON.stringify(text)}`).toBe(gauge.values.length);
    shown.forEach((t, k) => expect(shownTrue(t, gauge.values[k] ?? NaN), `${t} for ${gauge.values[k]} in ${JSON.stringify(text)}`).toBe(true));
  });
}

function paneValues(view: ConsoleView, pane: PaneName, width: number): number[] {
  switch (pane) {
    case 'ladder': {
      const rows = view.ladder.rows;
      return [
        view.ladder.aggregation,
        view.ladder.maxQty,
        rows.reduce((m, r) => Math.max(m, r.bidQty, r.askQty), 0),
        ...rows.flatMap((r) => [Number(r.price), r.bidQty, r.askQty, r.cumBid, r.cumAsk]),
      ];
    }
    case 'tape':
      return view.tape.flatMap((t) => [Number(t.price), t.qty, Number(t.time.slice(-6))]);
    case 'heatmap':
      return [...view.heatmap.prices.map(Number), ...Array.from({ length: Math.max(width, view.heatmap.columns.length) + 1 }, (_, i) => i)];
    case 'depth': {
      const points = [...view.depth.bids, ...view.depth.asks];
      return [0, view.depth.maxQty, ...points.flatMap((p) => [p.bps, p.qty]), points.reduce((m, p) => Math.max(m, p.qty), 0)];
    }
    case 'status': {
      const s = view.status;
      return [s.latencyMs ?? NaN, s.msgRate, s.fps, ...s.books.map((_, i) => i + 1), 1, 2, 3, view.trading?.orders.open.length ?? NaN];
    }
    case 'gauges':
      return [];
    case 'markouts': {
      const m = view.markouts;
      if (m === undefined) return [];
      return [m.anchors, m.capacity, ...m.rows.flatMap((r) => [r.n, r.censored, r.meanBps, r.medianBps, r.tStat, r.positivePct, r.execMeanBps])];
    }
    case 'gates':
      return view.gates === undefined ? [] : gatesValues(view.gates);
    case 'positions':
    case 'orders':
    case 'reconciliation':
      return view.trading === undefined ? [] : tradingValues(view.trading, pane);
  }
}

function paneLines(view: ConsoleView, pane: PaneName, width: number, height: number): Line[] {
  switch (pane) {
    case 'ladder':
      return ladderLines({ ladder: view.ladder, width, height });
    case 'tape':
      return tapeLines({ rows: view.tape, width, height });
    case 'gauges':
      return gaugesLines({ gauges: view.gauges, width, height });
    case 'heatmap':
      return heatmapLines({ heatmap: view.heatmap, width, height });
    case 'depth':
      return depthCurveLines({ depth: view.depth, width, height });
    case 'status':
      return statusBarLines({
        status: view.status,
        width,
        height,
        ...(view.trading === undefined ? {} : { trading: { status: view.trading.status, openOrders: view.trading.orders.open.length } }),
      });
    case 'markouts':
      return view.markouts === undefined ? [] : markoutsLines({ markouts: view.markouts, width, height });
    case 'gates':
      return view.gates === undefined ? [] : gatesLines({ gates: view.gates, width, height });
    case 'positions':
      return view.trading === undefined ? [] : positionsLines({ positions: view.trading.positions, width, height });
    case 'orders':
      return view.trading === undefined ? [] : ordersLines({ orders: view.trading.orders, width, height });
    case 'reconciliation':
      return view.trading === undefined ? [] : reconciliationLines({ reconciliation: view.trading.reconciliation, width, height });
  }
}

function expectPane(view: ConsoleView, pane: PaneName, rect: Pick<Rect, 'width' | 'height'>): void {
  const lines = paneLines(view, pane, rect.width, rect.height);
  if (pane === 'gauges') {
    expectFitAndTrue(pane, lines.slice(0, 1), rect.width, [1, 10, 100]);
    expectGaugesTrue(view.gauges, lines, rect.width);
  } else {
    expectFitAndTrue(pane, lines, rect.width, paneValues(view, pane, rect.width));
  }
}

const PANES: readonly PaneName[] = ['status', 'ladder', 'tape', 'gauges', 'heatmap', 'depth', 'markouts', 'gates', 'positions', 'orders', 'reconciliation'];

describe('every pane', () => {
  it('fits any width and shows only true numbers (property over views and sizes)', () => {
    fc.assert(
      fc.property(viewArb, fc.constantFrom(...PANES), fc.integer({ min: 1, max: 160 }), fc.integer({ min: 1, max: 50 }), (view, pane, width, height) => {
        expectPane(view, pane, { width, height });
      }),
      { numRuns: 600 },
    );
  });

  for (const [columns, rows, markouts, gates, trading, tradingPage] of [
    [80, 24, false, false, false, 0],
    [120, 40, false, false, false, 0],
    [80, 24, true, false, false, 0],
    [120, 40, true, false, false, 0],
    [80, 24, true, true, false, 0],
    [120, 40, true, true, false, 0],
    [120, 40, false, true, true, 0],
    [120, 40, false, true, true, 1],
    [80, 24, false, true, true, 1],
    [80, 24, false, true, true, 2],
    [80, 24, false, true, true, 3],
  ] as const) {
    const what = trading ? ` with a strategy (o pressed ${tradingPage} times)` : `${markouts ? ' with the markouts table' : ''}${gates ? ' and the gates' : ''}`;
    it(`fits its rectangle of the ${columns}×${rows} layout${what} and shows only true numbers (property over views)`, () => {
      const layout = computeLayout(columns, rows, { markouts, gates, trading, tradingPage });
      if (markouts) expect(layout.panes.markouts).toBeDefined();
      if (gates) expect(layout.panes.gates !== undefined || (trading && tradingPage > 0)).toBe(true);
      fc.assert(
        fc.property(viewArb, (view) => {
          for (const pane of PANES) {
            const rect = layout.panes[pane];
            if (rect !== undefined) expectPane(view, pane, rect);
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  it('the help box fits any size', () => {
    const keys = KEYMAP.map((k) => ({ key: k.key, action: k.description }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 40 }), (w, h) => {
        const size = helpSize(keys, w, h, LEGEND);
        const lines = helpLines({ keys, legend: LEGEND, ...size });
        expect(lines.length).toBeLessThanOrEqual(Math.max(2, size.height));
        for (const line of lines) expect(lineCells(line)).toBeLessThanOrEqual(size.width);
      }),
    );
  });
});
