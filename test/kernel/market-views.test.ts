// The read-only views a strategy gets: they read what the engines hold, expose no way to change them (by
// type and at run time), and reading them on every event changes nothing of a replay.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { featureColumns, featureRow, type LiquidityFlow, type WindowedFlow } from '../../src/features/index.js';
import { InstrumentRegistry, Pipeline, attachFeatureEngines, marketViewOf, midPriceText, type SymbolEngine } from '../../src/kernel/index.js';
import { createInstrument, ticksToPrice, type BookView, type FeatureView, type FlowWindowView, type MarketView, type RawMessage, type SideLiquidityView } from '../../src/model/index.js';
import { decodeHftLine } from '../../src/recording/index.js';
import { ENGINE_OPTIONS, SPOT_FILES, fixtureLines } from '../support/fixtures.js';

const SPEC = { product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00000001', source: 'test' } as const;
const MESSAGES: RawMessage[] = fixtureLines(SPOT_FILES[0] as string)
  .slice(0, 6000)
  .map((line, i) => {
    const decoded = decodeHftLine(line, { product: 'spot', snapshotSymbol: 'BTCUSDT' });
    if (typeof decoded === 'string') throw new Error(decoded);
    return { ...decoded, seq: i };
  });

function setup(): { pipeline: Pipeline; features: ReturnType<typeof attachFeatureEngines>; view: () => MarketView; engine: () => SymbolEngine } {
  const registry = new InstrumentRegistry();
  registry.add(SPEC);
  const pipeline = new Pipeline(registry, ENGINE_OPTIONS);
  const features = attachFeatureEngines(pipeline);
  const engine = (): SymbolEngine => pipeline.engine('spot', 'BTCUSDT') as SymbolEngine;
  let cached: MarketView | null = null;
  const view = (): MarketView => (cached ??= marketViewOf(engine(), features.get(engine()) ?? null, pipeline.time));
  return { pipeline, features, view, engine };
}

/** Every key of T that is not readonly. */
type MutableKeys<T> = {
  [K in keyof T]-?: (<U>() => U extends { [Q in K]: T[K] } ? 1 : 2) extends <U>() => U extends { -readonly [Q in K]: T[K] } ? 1 : 2 ? K : never;
}[keyof T];

/** Reads everything a view offers (the way a strategy would). */
function readAll(view: MarketView): unknown[] {
  const b = view.book;
  const f = view.features as FeatureView;
  return [
    b.healthy(),
    b.stale(),
    b.syncedSinceUs(),
    b.latencyMs(),
    b.tickerAgreement(),
    b.lastUpdateId(),
    b.bestBid(),
    b.bestAsk(),
    b.topOfBook(),
    b.top('bid', 5),
    b.top('ask', 5),
    b.sizeAt('bid', b.bestBid()?.ticks ?? 0),
    b.depthWithinBps('bid', 10),
    b.depthWithinBps('ask', 25),
    f.windows(),
    f.window(500),
    f.cvd(),
    f.sessionVwap(),
    f.micropriceAdjustment(),
    f.rowColumns(1000),
    f.row(1000),
  ];
}

describe('market views, by type', () => {
  it('offer reads only: no field of a view can be assigned, and the book view has exactly its read methods', () => {
    expectTypeOf<MutableKeys<BookView>>().toEqualTypeOf<never>();
    expectTypeOf<MutableKeys<FeatureView>>().toEqualTypeOf<never>();
    expectTypeOf<MutableKeys<MarketView>>().toEqualTypeOf<never>();
    expectTypeOf<keyof BookView>().toEqualTypeOf<
      | 'instrument'
      | 'healthy'
      | 'stale'
      | 'syncedSinceUs'
      | 'latencyMs'
      | 'tickerAgreement'
      | 'lastUpdateId'
      | 'bestBid'
      | 'bestAsk'
      | 'topOfBook'
      | 'top'
      | 'sizeAt'
      | 'depthWithinBps'
    >();
    expectTypeOf<keyof FeatureView>().toEqualTypeOf<'windows' | 'window' | 'cvd' | 'sessionVwap' | 'micropriceAdjustment' | 'rowColumns' | 'row'>();
    expectTypeOf<MarketView['book']>().not.toHaveProperty('sync');
  });

  it('describe feature windows exactly as the feature engine computes them', () => {
    expectTypeOf<WindowedFlow>().toEqualTypeOf<FlowWindowView>();
    expectTypeOf<LiquidityFlow>().toEqualTypeOf<SideLiquidityView>();
  });
});

describe('market views, at run time', () => {
  it('are frozen objects of read functions that lead back to no engine', () => {
    const { pipeline, view, engine } = setup();
    for (const m of MESSAGES) pipeline.ingest(m);
    const v = view();
    expect(Object.keys(v).sort()).toEqual(['book', 'features', 'product', 'symbol']);
    expect(Object.keys(v.book).sort()).toEqual([
      'bestAsk',
      'bestBid',
      'depthWithinBps',
      'healthy',
      'instrument',
      'lastUpdateId',
      'latencyMs',
      'sizeAt',
      'stale',
      'syncedSinceUs',
      'tickerAgreement',
      'top',
      'topOfBook',
    ]);
    expect(Object.keys(v.features as FeatureView).sort()).toEqual(['cvd', 'micropriceAdjustment', 'row', 'rowColumns', 'sessionVwap', 'window', 'windows']);
    for (const object of [v, v.book, v.features, v.book.instrument]) expect(Object.isFrozen(object)).toBe(true);
    for (const [key, value] of Object.entries(v.book)) {
      if (key !== 'instrument') expect(typeof value).toBe('function');
    }
    const e = engine();
    expect(v.book.instrument).toEqual(e.instrument);
    expect(v.book.instrument).not.toBe(e.instrument);
    expect(() => {
      (v.book as { healthy: () => boolean }).healthy = () => false;
    }).toThrow(TypeError);
    expect(() => {
      (v.book.instrument as { tickSize: string }).tickSize = '1';
    }).toThrow(TypeError);
    expect(e.instrument.tickSize).toBe('0.01');
  });

  it('read what the engines hold, and hand out copies', () => {
    const { pipeline, features, view, engine } = setup();
    for (const m of MESSAGES) pipeline.ingest(m);
    const e = engine();
    const book = e.sync.book;
    const v = view();
    expect(v.book.healthy()).toBe(true);
    expect(v.book.bestBid()).toEqual({ ticks: book.bids.bestTicks(), lots: book.bids.bestLots() });
    expect(v.book.bestAsk()).toEqual({ ticks: book.asks.bestTicks(), lots: book.asks.bestLots() });
    expect(v.book.lastUpdateId()).toBe(book.lastUpdateId);
    expect(v.book.topOfBook()).toEqual(e.bbo.top(e.sync));
    expect(v.book.depthWithinBps('ask', 10)).toEqual(book.depthWithinBps('ask', 10));
    const top = v.book.top('bid', 3) as number[];
    expect(top).toEqual(book.bids.top(3));
    top[0] = 1;
    top[1] = 1;
    expect(book.bids.top(3)).not.toEqual(top);
    const [, , bidTicks, bidLots] = book.bids.top(2);
    const askTicks = book.asks.bestTicks() as number;
    expect(v.book.sizeAt('bid', bidTicks as number)).toBe(bidLots);
    expect(v.book.sizeAt('ask', askTicks)).toBe(book.asks.bestLots());
    expect(v.book.sizeAt('bid', askTicks)).toBe(0);
    const fe = features.get(e);
    expect(v.features?.windows()).toEqual(fe?.windows(pipeline.time.nowUs()));
    for (const w of v.features?.windows() ?? []) expect(v.features?.window(w.windowMs)).toEqual(w);
    expect(v.features?.window(2000)).toBeNull();
    expect(v.features?.cvd()).toBe(fe?.cvd);
  });

  it('give the time of the last sync, the last diff latency and how the last bookTicker stands against the book', () => {
    const { pipeline, view, engine } = setup();
    const syncs: number[] = [];
    const agreements = new Set<string | null>();
    pipeline.onEvent((event) => {
      if (event.kind === 'notice' && event.notice === 'bookSynced') syncs.push(event.receiveTimeUs);
      if (event.kind === 'bookTicker') agreements.add(view().book.tickerAgreement());
    });
    for (const m of MESSAGES) pipeline.ingest(m);
    const b = view().book;
    expect(syncs.length).toBeGreaterThan(0);
    expect(b.syncedSinceUs()).toBe(syncs[syncs.length - 1]);
    expect(b.latencyMs()).toBe(engine().latencyMs);
    expect(typeof b.latencyMs()).toBe('number');
    // Tickers lead the 100 ms depth stream: some show the book's touch ahead of it, some a moved one.
    expect(agreements).toContain('touchAgrees');
    expect(agreements).toContain('touchMoved');
    expect(agreements).not.toContain('disagrees');
  });

  it('forget the sync time at a gap (the book then waits for a fresh snapshot)', () => {
    const { pipeline, view } = setup();
    const diffs = MESSAGES.map((m, i) => (m.kind === 'ws' && m.payload.includes('depthUpdate') ? i : -1)).filter((i) => i >= 0);
    const dropped = diffs[Math.floor(diffs.length / 2)] as number;
    const seen: (number | null)[] = [];
    const syncs: number[] = [];
    pipeline.onEvent((event) => {
      if (event.kind === 'notice' && event.notice === 'bookSynced') syncs.push(event.receiveTimeUs);
      if (event.kind === 'notice' && event.notice === 'gapDetected') seen.push(view().book.syncedSinceUs());
    });
    MESSAGES.forEach((m, i) => {
      if (i !== dropped) pipeline.ingest(m);
    });
    expect(seen).toEqual([null]);
    expect(syncs.length).toBe(1);
    expect(view().book.healthy()).toBe(false);
    expect(view().book.syncedSinceUs()).toBeNull();
  });

  it('give the features row of the export at a window length, as numbers read back from its text', () => {
    const { pipeline, features, view, engine } = setup();
    for (const m of MESSAGES) pipeline.ingest(m);
    const f = view().features as FeatureView;
    const fe = features.get(engine()) as NonNullable<ReturnType<typeof features.get>>;
    const columns = featureColumns(fe);
    expect(f.rowColumns(1000)).toEqual(columns);
    expect(f.rowColumns(1500)).toBeNull();
    expect(f.row(1500)).toBeNull();
    const row = f.row(1000) as Readonly<Record<string, number>>;
    const cells = featureRow(fe, pipeline.time.nowUs(), fe.options.windowsMs.indexOf(1000), true, engine().sync.book);
    expect(row.ofi_1s).toBe(Number(cells[columns.indexOf('ofi_1s')]));
    expect(row.tfi_1s).toBe(Number(cells[columns.indexOf('tfi_1s')]));
    expect(row.microprice_edge_bps).toBe(Number(cells[columns.indexOf('microprice_edge_bps')]));
    expect(row.healthy).toBe(1);
    expect(row.symbol).toBeUndefined();
    expect(Object.keys(row).length).toBe(cells.filter((c) => c !== '' && Number.isFinite(Number(c))).length);
  });

  it('read as empty while the book is not synced', () => {
    const { pipeline, view } = setup();
    pipeline.ingest(MESSAGES.find((m) => m.kind === 'ws' && m.payload.includes('depthUpdate')) as RawMessage);
    const b = view().book;
    expect(b.sizeAt('bid', 1)).toBe(0);
    expect([b.healthy(), b.syncedSinceUs(), b.tickerAgreement(), b.bestBid(), b.bestAsk(), b.topOfBook(), b.top('bid', 5), b.depthWithinBps('bid', 10)]).toEqual([
      false,
      null,
      null,
      null,
      null,
      null,
      [],
      { lots: 0, levels: 0 },
    ]);
  });

  it('change nothing when read on every event: the market digest and the features come out the same', () => {
    const quiet = setup();
    for (const m of MESSAGES) quiet.pipeline.ingest(m);
    const reading = setup();
    let reads = 0;
    reading.pipeline.onEvent((event) => {
      if (event.kind === 'notice' || event.kind === 'connection') return;
      readAll(reading.view());
      reads++;
    });
    for (const m of MESSAGES) reading.pipeline.ingest(m);
    expect(reads).toBeGreaterThan(5000);
    const now = quiet.pipeline.time.nowUs();
    expect(readAll(reading.view())).toEqual(readAll(quiet.view()));
    expect(reading.features.get(reading.engine())?.windows(now)).toEqual(quiet.features.get(quiet.engine())?.windows(now));
    expect(reading.pipeline.finishDigest()).toBe(quiet.pipeline.finishDigest());
  });
});

describe('the mid price', () => {
  it('is (bid + ask) / 2 exactly, written one decimal place finer than the tick, for any tick size and prices', () => {
    const Ref = Decimal.clone({ precision: 100 });
    const tick = fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 8 })).map(([u, d]) => new Ref(u).div(new Ref(10).pow(d)).toFixed());
    fc.assert(
      fc.property(tick, fc.integer({ min: 0, max: 2 ** 50 }), fc.integer({ min: 0, max: 2 ** 50 }), (tickSize, bid, ask) => {
        const inst = createInstrument({ product: 'spot', symbol: 'MIDUSDT', tickSize, lotSize: '1', source: 'flags' });
        fc.pre(Number.isSafeInteger(bid * inst.tickUnits) && Number.isSafeInteger(ask * inst.tickUnits)); // prices ticksToPrice can write
        const mid = new Ref(ticksToPrice(inst, bid)).plus(ticksToPrice(inst, ask)).div(2);
        expect(midPriceText(inst, bid, ask)).toBe(mid.toFixed(inst.priceDecimals + 1));
      }),
      { seed: 16, numRuns: 1000 },
    );
    const btc = createInstrument({ product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00001', source: 'flags' });
    expect(midPriceText(btc, 6_173_763, 6_173_764)).toBe('61737.635');
    expect(midPriceText(btc, 6_173_763, 6_173_765)).toBe('61737.640');
  });
});
