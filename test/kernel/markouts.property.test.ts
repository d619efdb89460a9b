// Markouts against a brute-force reference. The reference replays the same messages one by one through a
// plain pipeline and notes after each one the fused top and the book's health; then, for each anchor, it
// scans that list: the anchor reads the top after the last message received at or before t, a horizon the
// top after the last message at or before t+h — censored when no message comes after t+h (the data ended),
// when the book was not healthy after any message in between, or when there is no top. Large trades are
// found by sorting the sizes before each trade. Checked on random synthetic streams (ties, exact horizon
// hits, gaps, crossed books, reconnects, tickers ahead of the book) and on a slice of the real spot
// recording with every anchor kind; and a symbol whose data ends before the others' keeps its own rows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectionSide, type AnchorKind, type MarkoutRow } from '../../src/features/index.js';
import { InstrumentRegistry, Pipeline, attachDetectors, attachMarkouts, prepareReplay } from '../../src/kernel/index.js';
import type { AggressorSide, RawMessage } from '../../src/model/index.js';
import { decodeHftLine } from '../../src/recording/index.js';
import { ENGINE_OPTIONS, SPOT_FILES, USDM_FILES, fixtureLines } from '../support/fixtures.js';
import { SYNTHETIC_SPEC, SyntheticMarket, type Level } from '../support/synthetic-market.js';

interface Expected {
  readonly timeUs: number;
  readonly kind: AnchorKind;
  readonly side: AggressorSide;
  readonly bidTicks: number | null;
  readonly askTicks: number | null;
  readonly midBps: readonly (number | null)[];
  readonly execBps: readonly (number | null)[];
}

function newPipeline(): Pipeline {
  const registry = new InstrumentRegistry();
  registry.add(SYNTHETIC_SPEC);
  return new Pipeline(registry, ENGINE_OPTIONS);
}

/** The markout engine's rows for `messages`, anchors of `kinds` (detections from the detectors). */
function engineRows(messages: readonly RawMessage[], horizonsMs: readonly number[], kinds: readonly AnchorKind[]): MarkoutRow[] {
  const pipeline = newPipeline();
  const rows: MarkoutRow[] = [];
  const markouts = attachMarkouts(pipeline, { anchors: kinds, horizonsMs, onRow: (r) => rows.push(r) });
  const detectors = kinds.includes('detection') ? attachDetectors(pipeline, (d) => markouts.detection(d)) : new Map();
  for (const m of messages) pipeline.ingest(m);
  for (const d of detectors.values()) d.flush();
  markouts.finish();
  return rows;
}

/** The nearest-rank quantile of `values` (sorted here). */
function nearestRank(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** The brute-force reference (see the file header). */
function referenceRows(messages: readonly RawMessage[], horizonsMs: readonly number[], kinds: readonly AnchorKind[]): Expected[] {
  const pipeline = newPipeline();
  const anchors: { index: number; kind: AnchorKind; side: AggressorSide }[] = [];
  const sizes: number[] = [];
  let current = 0;
  pipeline.onEvent((event) => {
    if (event.kind !== 'trade' && event.kind !== 'aggTrade') return;
    if (kinds.includes('trade')) anchors.push({ index: current, kind: 'trade', side: event.aggressor });
    const before = sizes.slice(-1000);
    if (kinds.includes('large-trade') && before.length >= 20 && event.qtyLots > nearestRank(before, 0.95)) anchors.push({ index: current, kind: 'large-trade', side: event.aggressor });
    sizes.push(event.qtyLots);
  });
  const detectors = kinds.includes('detection') ? attachDetectors(pipeline, (d) => anchors.push({ index: current, kind: 'detection', side: detectionSide(d) })) : new Map();
  const after: { timeUs: number; top: { bidTicks: number; askTicks: number } | null; healthy: boolean }[] = [];
  messages.forEach((m, i) => {
    current = i;
    pipeline.ingest(m);
    const engine = pipeline.engine('spot', 'BTCUSDT');
    const top = engine === undefined ? null : engine.bbo.top(engine.sync);
    after.push({ timeUs: m.receiveTimeUs, top: top === null ? null : { bidTicks: top.bidTicks, askTicks: top.askTicks }, healthy: engine?.sync.healthy ?? false });
  });
  for (const d of detectors.values()) d.flush();
  /** The last message received at or before `timeUs` (−1: none). */
  const lastAtOrBefore = (timeUs: number): number => {
    let k = -1;
    while (k + 1 < after.length && (after[k + 1] as (typeof after)[number]).timeUs <= timeUs) k++;
    return k;
  };
  return anchors.map(({ index, kind, side }) => {
    const t = (after[index] as (typeof after)[number]).timeUs;
    const a = lastAtOrBefore(t);
    const top0 = after[a]?.top ?? null;
    const s = side === 'buy' ? 1 : -1;
    const midBps: (number | null)[] = [];
    const execBps: (number | null)[] = [];
    for (const h of horizonsMs) {
      const target = t + h * 1000;
      const j = lastAtOrBefore(target);
      const ended = j === after.length - 1; // no message after t+h: the horizon's time never came
      let healthy = true;
      for (let k = a + 1; k <= j; k++) if (!(after[k] as (typeof after)[number]).healthy) healthy = false;
      const topH = after[j]?.top ?? null;
      if (top0 === null || topH === null || ended || !healthy) {
        midBps.push(null);
        execBps.push(null);
        continue;
      }
      const mid0 = (top0.bidTicks + top0.askTicks) / 2;
      const midH = (topH.bidTicks + topH.askTicks) / 2;
      midBps.push(((s * (midH - mid0)) / mid0) * 1e4);
      const entry = side === 'buy' ? top0.askTicks : top0.bidTicks;
      const exit = side === 'buy' ? topH.bidTicks : topH.askTicks;
      execBps.push(((s * (exit - entry)) / entry) * 1e4);
    }
    return { timeUs: t, kind, side, bidTicks: top0?.bidTicks ?? null, askTicks: top0?.askTicks ?? null, midBps, execBps };
  });
}

function expectSameRows(actual: readonly MarkoutRow[], expected: readonly Expected[], kinds: readonly AnchorKind[]): void {
  for (const kind of kinds) {
    const got = actual.filter((r) => r.kind === kind);
    const want = expected.filter((r) => r.kind === kind);
    expect(got.map((r) => [r.timeUs, r.side, r.bidTicks, r.askTicks]), kind).toEqual(want.map((r) => [r.timeUs, r.side, r.bidTicks, r.askTicks]));
    got.forEach((r, i) => {
      const w = want[i] as Expected;
      const near = (x: readonly (number | null)[], y: readonly (number | null)[]) => x.every((v, k) => (v === null ? y[k] === null : y[k] !== null && Math.abs(v - (y[k] as number)) < 1e-9));
      expect(near(r.midBps, w.midBps) && near(r.execBps, w.execBps), `${kind} at ${r.timeUs}: ${JSON.stringify([r.midBps, r.execBps])} vs ${JSON.stringify([w.midBps, w.execBps])}`).toBe(true);
    });
  }
  expect(actual.length).toBe(expected.length);
}

// ---- random synthetic streams ----

const T0 = 1_700_000_000_000_000;
const price = (ticks: number): string => (ticks / 100).toFixed(2);
const level = (ticks: number, qty: string): Level => [price(ticks), qty];

type Step =
  | { readonly op: 'trade'; readonly side: AggressorSide; readonly offset: number; readonly qty: string }
  | { readonly op: 'diff'; readonly bid: number; readonly bidQty: string; readonly ask: number; readonly askQty: string; readonly leadUs: number | null }
  | { readonly op: 'ticker'; readonly truthful: boolean }
  | { readonly op: 'gap' | 'cross' | 'snapshot' | 'reconnect' };

const qty = fc.constantFrom('0', '0.1', '0.5', '1', '2');
const stepArb: fc.Arbitrary<{ dt: number; step: Step }> = fc.record({
  // Times on a 50 ms grid, often equal: ties, and horizons (50 ms multiples) that land on a message exactly.
  dt: fc.constantFrom(0, 0, 50_000, 100_000, 250_000, 500_000, 1_000_000),
  step: fc.oneof(
    { weight: 5, arbitrary: fc.record({ op: fc.constant('trade' as const), side: fc.constantFrom('buy' as const, 'sell' as const), offset: fc.integer({ min: -3, max: 3 }), qty: fc.constantFrom('0.1', '0.2', '0.3', '0.5', '4') }) },
    // A diff near the touch (bid/ask: ticks inside the other side's best), at times led by its bookTicker.
    {
      weight: 8,
      arbitrary: fc.record({
        op: fc.constant('diff' as const),
        bid: fc.integer({ min: 0, max: 6 }),
        bidQty: qty,
        ask: fc.integer({ min: 0, max: 6 }),
        askQty: qty,
        leadUs: fc.constantFrom(null, null, 0, 50_000, 100_000),
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('ticker' as const), truthful: fc.constantFrom(true, true, true, false) }) },
    { weight: 3, arbitrary: fc.constant({ op: 'snapshot' as const }) },
    { weight: 1, arbitrary: fc.constantFrom({ op: 'gap' as const }, { op: 'cross' as const }, { op: 'reconnect' as const }) },
  ),
});

/**
 * Messages for `steps`. The exchange's book is mirrored here, so its snapshots and bookTickers tell the
 * truth (a ticker may lead the diff it belongs to); what breaks the local book is chosen: a gap (a diff the
 * book never sees), a crossed diff, a false ticker, a reconnect. A snapshot repairs it.
 */
function synthetic(steps: readonly { dt: number; step: Step }[]): RawMessage[] {
  const bids = new Map<number, string>([[10000, '1'], [9999, '2']]);
  const asks = new Map<number, string>([[10002, '1'], [10003, '2']]);
  const best = (side: Map<number, string>, pick: (a: number, b: number) => number, fallback: number) => ([...side.keys()].reduce((m, p) => pick(m, p), NaN) || fallback);
  const bestBid = () => best(bids, (m, p) => (Number.isNaN(m) ? p : Math.max(m, p)), 10000);
  const bestAsk = () => best(asks, (m, p) => (Number.isNaN(m) ? p : Math.min(m, p)), 10002);
  const levels = (side: Map<number, string>) => [...side.entries()].map(([p, q]) => level(p, q));
  const setLevel = (side: Map<number, string>, p: number, q: string) => (q === '0' ? side.delete(p) : side.set(p, q));
  const market = new SyntheticMarket().snapshot(T0, 100, levels(bids), levels(asks));
  let id = 100;
  let t = T0;
  for (const { dt, step } of steps) {
    t += dt;
    switch (step.op) {
      case 'trade':
        market.trade(t, step.side, price(10001 + step.offset), step.qty);
        break;
      case 'diff': {
        const bid = bestAsk() - 1 - step.bid;
        const ask = bestBid() + 1 + step.ask;
        setLevel(bids, bid, step.bidQty);
        setLevel(asks, ask, step.askQty);
        id++;
        if (step.leadUs !== null) {
          // Tickers lead the depth stream: the book's new top first, the diff after.
          market.ticker(t, id, price(bestBid()), price(bestAsk()), bids.get(bestBid()) ?? '1', asks.get(bestAsk()) ?? '1');
          t += step.leadUs;
        }
        market.diff(t, id, id, [level(bid, step.bidQty)], [level(ask, step.askQty)]);
        break;
      }
      case 'ticker':
        market.ticker(t, id, price(bestBid() - (step.truthful ? 0 : 1)), price(bestAsk()), bids.get(bestBid()) ?? '1', asks.get(bestAsk()) ?? '1');
        break;
      case 'gap':
        id += 2;
        market.diff(t, id, id, [], []); // the diff before it never arrived
        break;
      case 'cross':
        id++;
        market.diff(t, id, id, [level(bestAsk() + 1, '1')], []); // the exchange's book was never crossed: a bad diff
        setLevel(bids, bestAsk() + 1, '0');
        break;
      case 'snapshot':
        market.snapshot(t, id, levels(bids), levels(asks));
        break;
      case 'reconnect':
        market.reconnected(t);
        break;
    }
  }
  return market.messages;
}

const KINDS: readonly AnchorKind[] = ['trade', 'large-trade'];
const HORIZONS = [50, 250, 1000];

describe('markouts against a brute-force reference', () => {
  it('agree on random synthetic streams: ties, exact horizon hits, gaps, crossed books, reconnects, tickers', () => {
    let measured = 0;
    let censored = 0;
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 150, size: 'large' }), (steps) => {
        const messages = synthetic(steps);
        const rows = engineRows(messages, HORIZONS, KINDS);
        expectSameRows(rows, referenceRows(messages, HORIZONS, KINDS), KINDS);
        for (const r of rows) {
          for (const v of r.midBps) {
            if (v === null) censored++;
            else measured++;
          }
        }
      }),
      { numRuns: 300 },
    );
    // The streams reach both outcomes plenty of times.
    expect(measured).toBeGreaterThan(1000);
    expect(censored).toBeGreaterThan(1000);
  });

  it('agree on a slice of the real spot recording, for trades, large trades and detections', () => {
    const messages = fixtureLines(SPOT_FILES[0] as string)
      .slice(0, 12_000)
      .map((line, i) => {
        const decoded = decodeHftLine(line, { product: 'spot', snapshotSymbol: 'BTCUSDT' });
        if (typeof decoded === 'string') throw new Error(decoded);
        return { ...decoded, seq: i };
      });
    const kinds: readonly AnchorKind[] = ['trade', 'large-trade', 'detection'];
    const horizons = [250, 500, 1000, 3000, 5000, 10_000];
    const rows = engineRows(messages, horizons, kinds);
    expectSameRows(rows, referenceRows(messages, horizons, kinds), kinds);
    // Real data reaches every case: anchors before the first sync, values, and the end of the slice.
    const byKind = (k: AnchorKind) => rows.filter((r) => r.kind === k);
    expect(byKind('trade').length).toBeGreaterThan(2000);
    expect(byKind('large-trade').length).toBeGreaterThan(50);
    expect(byKind('detection').length).toBeGreaterThan(0);
    expect(rows.some((r) => r.bidTicks === null)).toBe(true);
    expect(rows.some((r) => r.midBps.every((v) => v !== null) && r.midBps.some((v) => v !== 0))).toBe(true);
    expect(rows.some((r) => r.bidTicks !== null && r.midBps.at(-1) === null)).toBe(true);
  });
});

describe('a symbol whose data ends before the others\'', () => {
  it('gets the rows it would get alone: what falls after its end is censored while the run goes on', async () => {
    const rowsOf = async (files: readonly string[]) => {
      const replay = await prepareReplay({ files, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
      const rows: MarkoutRow[] = [];
      const markouts = attachMarkouts(replay.pipeline, { anchors: ['trade'], horizonsMs: [1000, 10_000], onRow: (r) => rows.push(r) });
      await replay.run();
      markouts.finish();
      return rows.filter((r) => r.instrument.product === 'usdm').map((r) => [r.timeUs, r.side, r.bidTicks, r.askTicks, ...r.midBps, ...r.execBps]);
    };
    const alone = await rowsOf(USDM_FILES);
    const together = await rowsOf([...USDM_FILES, ...SPOT_FILES]);
    expect(together).toEqual(alone);
    // Its last 10 s are censored at 10 s although the spot files go on for another 5 minutes.
    expect(alone.filter((r) => r[5] === null).length).toBeGreaterThan(100);
  });
});
