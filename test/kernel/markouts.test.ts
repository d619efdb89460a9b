// Markouts on the pipeline, computed by hand on small synthetic streams: the anchor and each horizon read
// the fused top after every message received up to their time (a message at exactly t or t+h included), a
// sell anchor's sign, censoring at the end of the data, in a gap, and for an anchor taken while the book
// was resyncing; large trades and detections as anchors; and the market digest unchanged by markouts.
import { describe, expect, it } from 'vitest';
import { detectionSide, type Detection, type MarkoutRow } from '../../src/features/index.js';
import { attachDetectors, attachMarkouts, prepareReplay, type Pipeline } from '../../src/kernel/index.js';
import { SyntheticMarket, syntheticPipeline } from '../support/synthetic-market.js';
import { ENGINE_OPTIONS, SPOT_FILES } from '../support/fixtures.js';

/** test/kernel/golden-replay.test.ts's pinned digest of the bundled spot recording. */
const GOLDEN_SPOT_DIGEST = 'f3915a83cb12c512decd1af11b0f9559a9669d804bc69a9ac90915b1a831739d';

const T0 = 1_700_000_000_000_000;
const S = 1_000_000;

/** Plain rows: [anchor time − T0 (µs), kind, side, bid, ask, [mid bps, exec bps] per horizon]. */
function plain(rows: readonly MarkoutRow[]) {
  return rows.map((r) => ({
    t: r.timeUs - T0,
    kind: r.kind,
    side: r.side,
    bid: r.bidTicks,
    ask: r.askTicks,
    mid: r.midBps,
    exec: r.execBps,
  }));
}

function run(market: SyntheticMarket, horizonsMs: readonly number[], anchors: Parameters<typeof attachMarkouts>[1]['anchors'] = ['trade']): { rows: MarkoutRow[]; pipeline: Pipeline } {
  const pipeline = syntheticPipeline();
  const rows: MarkoutRow[] = [];
  const markouts = attachMarkouts(pipeline, { anchors, horizonsMs, onRow: (r) => rows.push(r) });
  for (const m of market.messages) pipeline.ingest(m);
  markouts.finish();
  return { rows, pipeline };
}

/** s·(b − a)/a·10⁴ with prices given as decimals (what the definitions say, written out). */
const bps = (s: 1 | -1, from: number, to: number) => (s * (to - from) / from) * 10_000;

function expectClose(actual: readonly (number | null)[], expected: readonly (number | null)[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => {
    const e = expected[i] ?? null;
    if (e === null) expect(v, `horizon ${i}`).toBeNull();
    else expect(v, `horizon ${i}`).toBeCloseTo(e, 9);
  });
}

describe('markouts on a hand-written stream', () => {
  // snapshot 100.00 / 100.02; a buy at 0.1 s with a diff at the same µs (bid 100.01); a sell at 0.6 s; the
  // ask moves to 100.04 at exactly 1.1 s, the bid to 100.03 at exactly 1.6 s, both to 100.05 / 100.06 at
  // 3.2 s, and a last sell at 3.2 s. Horizons 1 s and 3 s.
  const market = new SyntheticMarket()
    .snapshot(T0, 100, [['100.00', '1']], [['100.02', '1']])
    .trade(T0 + 0.1 * S, 'buy', '100.02', '0.5')
    .diff(T0 + 0.1 * S, 101, 101, [['100.01', '2']], [])
    .trade(T0 + 0.6 * S, 'sell', '100.01', '0.3')
    .diff(T0 + 1.1 * S, 102, 102, [], [['100.02', '0'], ['100.04', '1']])
    .diff(T0 + 1.6 * S, 103, 103, [['100.03', '1']], [])
    .diff(T0 + 3.2 * S, 104, 104, [['100.05', '1']], [['100.04', '0'], ['100.06', '1']])
    .trade(T0 + 3.2 * S, 'sell', '100.05', '0.1');
  const { rows } = run(market, [1000, 3000]);

  it('reads the anchor after every message at its receive time, the diff at the same µs included', () => {
    expect(plain(rows).map((r) => [r.t, r.kind, r.side, r.bid, r.ask])).toEqual([
      [0.1 * S, 'trade', 'buy', 10001, 10002],
      [0.6 * S, 'trade', 'sell', 10001, 10002],
      [3.2 * S, 'trade', 'sell', 10005, 10006],
    ]);
  });

  it('measures a buy at t+h after every message up to t+h, one at exactly t+h included', () => {
    const buy = rows[0] as MarkoutRow;
    // 1 s: the ask moved at exactly t+1s → 100.01 / 100.04; 3 s: then the bid → 100.03 / 100.04.
    expectClose(buy.midBps, [bps(1, 100.015, 100.025), bps(1, 100.015, 100.035)]);
    // entry at the ask 100.02, exit at the bid.
    expectClose(buy.execBps, [bps(1, 100.02, 100.01), bps(1, 100.02, 100.03)]);
  });

  it('turns the sign for a sell: entry at the bid, exit at the ask, and a rising mid is a loss', () => {
    const sell = rows[1] as MarkoutRow;
    // 1 s after 0.6 s: the bid moved at exactly 1.6 s → 100.03 / 100.04. 3 s: 3.6 s is after the last message.
    expectClose(sell.midBps, [bps(-1, 100.015, 100.035), null]);
    expectClose(sell.execBps, [bps(-1, 100.01, 100.04), null]);
    expect(sell.midBps[0]).toBeLessThan(0);
  });

  it('censors what falls after the data ends, and still reads an anchor on the last message', () => {
    const last = rows[2] as MarkoutRow;
    expect([last.bidTicks, last.askTicks]).toEqual([10005, 10006]);
    expect(last.midBps).toEqual([null, null]);
    expect(last.execBps).toEqual([null, null]);
  });
});

describe('markouts around a gap', () => {
  // live from the snapshot; a buy at 0.1 s; a gap at 0.5 s (the book resyncs); a trade during the resync at
  // 0.6 s; a new snapshot at 0.7 s; a buy at 0.8 s; the bid rises at 1.3 s; a last diff at 2.0 s.
  const market = new SyntheticMarket()
    .snapshot(T0, 100, [['100.00', '1']], [['100.02', '1']])
    .trade(T0 + 0.1 * S, 'buy', '100.02', '0.5')
    .diff(T0 + 0.5 * S, 105, 105, [['99.99', '1']], [])
    .trade(T0 + 0.6 * S, 'sell', '100.00', '0.5')
    .snapshot(T0 + 0.7 * S, 200, [['100.00', '1']], [['100.02', '1']])
    .trade(T0 + 0.8 * S, 'buy', '100.02', '0.5')
    .diff(T0 + 1.3 * S, 201, 201, [['100.01', '1']], [])
    .diff(T0 + 2.0 * S, 202, 202, [], [['100.03', '1']]);
  const { rows, pipeline } = run(market, [1000]);

  it('is a real gap and resync of the book', () => {
    expect(pipeline.totals()).toMatchObject({ gaps: 1, resyncs: 1, syncs: 2 });
  });

  it('censors a horizon in which the book was not healthy, though it is healthy again at t+h', () => {
    expect(plain(rows)[0]).toMatchObject({ t: 0.1 * S, bid: 10000, ask: 10002, mid: [null], exec: [null] });
  });

  it('censors every horizon of an anchor taken while the book was resyncing, and reads no prices for it', () => {
    expect(plain(rows)[1]).toEqual({ t: 0.6 * S, kind: 'trade', side: 'sell', bid: null, ask: null, mid: [null], exec: [null] });
  });

  it('measures an anchor after the resync normally', () => {
    const after = rows[2] as MarkoutRow;
    expect([after.timeUs - T0, after.bidTicks, after.askTicks]).toEqual([0.8 * S, 10000, 10002]);
    expectClose(after.midBps, [bps(1, 100.01, 100.015)]);
    expectClose(after.execBps, [bps(1, 100.02, 100.01)]);
  });
});

describe('markouts read the fused top', () => {
  it('takes a bookTicker ahead of the book as the top, at the anchor and at the horizon', () => {
    const market = new SyntheticMarket()
      .snapshot(T0, 100, [['100.00', '1']], [['100.02', '1']])
      .ticker(T0 + 0.05 * S, 150, '100.05', '100.07')
      .trade(T0 + 0.1 * S, 'buy', '100.07', '0.5')
      .ticker(T0 + 0.9 * S, 151, '100.08', '100.10')
      .diff(T0 + 1.5 * S, 101, 101, [['99.99', '1']], []);
    const { rows } = run(market, [1000]);
    expect(plain(rows)[0]).toMatchObject({ bid: 10005, ask: 10007 });
    expectClose((rows[0] as MarkoutRow).midBps, [bps(1, 100.06, 100.09)]);
    expectClose((rows[0] as MarkoutRow).execBps, [bps(1, 100.07, 100.08)]);
  });
});

describe('anchors', () => {
  it('large trades: only a trade above the 95th percentile of the sizes before it, once 20 were seen', () => {
    const market = new SyntheticMarket().snapshot(T0, 100, [['100.00', '1']], [['100.02', '1']]);
    // 19 small trades, then a big one (too early: 19 sizes before it), 5 more small, then a big one.
    for (let i = 0; i < 19; i++) market.trade(T0 + (i + 1) * 1000, 'buy', '100.02', '0.1');
    market.trade(T0 + 20_000, 'sell', '100.00', '5');
    for (let i = 0; i < 5; i++) market.trade(T0 + 21_000 + i * 1000, 'buy', '100.02', '0.1');
    market.trade(T0 + 30_000, 'sell', '100.00', '5');
    market.trade(T0 + 31_000, 'buy', '100.02', '5'); // equal to the 95th percentile now: not above it
    const { rows } = run(market, [1], ['large-trade']);
    expect(plain(rows).map((r) => [r.t, r.kind, r.side])).toEqual([[30_000, 'large-trade', 'sell']]);
  });

  it('detections: anchored when they are handed in, at the time being handled, on their symbol, towards their side', () => {
    const market = new SyntheticMarket()
      .snapshot(T0, 100, [['100.00', '1']], [['100.02', '1']])
      .trade(T0 + 0.1 * S, 'buy', '100.02', '0.5')
      .diff(T0 + 0.5 * S, 101, 101, [['100.01', '1']], []);
    const pipeline = syntheticPipeline();
    const rows: MarkoutRow[] = [];
    const markouts = attachMarkouts(pipeline, { anchors: ['detection'], horizonsMs: [100], onRow: (r) => rows.push(r) });
    const sweep: Detection = { kind: 'detection', detector: 'sweep', product: 'spot', symbol: 'BTCUSDT', side: 'ask', priceTicks: 10002, startUs: 0, endUs: 0, strength: 10, detail: '' };
    pipeline.onEvent((event) => {
      if (event.kind === 'trade') markouts.detection(sweep);
    });
    for (const m of market.messages) pipeline.ingest(m);
    markouts.finish();
    expect(plain(rows)).toMatchObject([{ t: 0.1 * S, kind: 'detection', side: 'buy', bid: 10000, ask: 10002, mid: [0] }]);
    expectClose((rows[0] as MarkoutRow).execBps, [bps(1, 100.02, 100.0)]);
  });

  it('detections point where their pressure would move the price', () => {
    const side = (detector: Detection['detector'], book: 'bid' | 'ask') => detectionSide({ detector, side: book });
    expect(['wall', 'absorption', 'iceberg', 'layering'].map((d) => [side(d as Detection['detector'], 'bid'), side(d as Detection['detector'], 'ask')])).toEqual([
      ['buy', 'sell'],
      ['buy', 'sell'],
      ['buy', 'sell'],
      ['buy', 'sell'],
    ]);
    expect([side('sweep', 'ask'), side('sweep', 'bid'), side('exhaustion', 'ask'), side('exhaustion', 'bid')]).toEqual(['buy', 'sell', 'buy', 'sell']);
  });
});

describe('markouts and the market digest', () => {
  it('leave the pinned replay digest of the real spot recording as it is', async () => {
    const replay = await prepareReplay({ files: SPOT_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
    let rows = 0;
    const markouts = attachMarkouts(replay.pipeline, { anchors: ['trade', 'large-trade', 'detection'], horizonsMs: [250, 1000, 10_000], onRow: () => rows++ });
    attachDetectors(replay.pipeline, (d) => markouts.detection(d));
    await replay.run();
    markouts.finish();
    expect(rows).toBeGreaterThan(19_000);
    expect(replay.pipeline.finishDigest()).toBe(GOLDEN_SPOT_DIGEST);
  });
});
