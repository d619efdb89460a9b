// The OFI study's interval samples, through the real replay driver and grid: on a hand-written stream
// every Δmid, OFI, MLOFI, trade flow and time-weighted depth is known (a message at exactly a boundary
// belongs to the interval it ends; an interval with a reconnect and resync is dropped; the interval the
// data ends inside is not sampled); and, on random streams and on the real spot recording, an interval's
// OFI is the sum of the feature engine's per-event OFI over the events received in it — each event
// counted once, whatever the boundaries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeatureEngine } from '../../src/features/index.js';
import { attachFeatureEngines, prepareReplay, sampleOfiIntervals, type OfiSampling, type SymbolEngine } from '../../src/kernel/index.js';
import type { RawMessage } from '../../src/model/index.js';
import type { OfiSample } from '../../src/research/index.js';
import { ENGINE_OPTIONS, SPOT_FILES } from '../support/fixtures.js';
import { SyntheticMarket, writeSyntheticRecording, type Level } from '../support/synthetic-market.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-ofi-samples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = 1_700_000_000_000_000; // a whole second
const S = 1_000_000;
let files = 0;

/** A per-event record: receive time and the feature engine's OFI of that event (base units). */
interface EventOfi {
  readonly timeUs: number;
  readonly ofi: number;
}

/**
 * Samples `paths` on an `intervalMs` grid, and beside it the feature engine's OFI of each event: the change,
 * across the event, of a second feature engine's OFI over a window longer than the data (a running sum).
 */
async function sampleWithEvents(paths: readonly string[], intervalMs: number): Promise<{ sampling: OfiSampling; events: EventOfi[] }> {
  const replay = await prepareReplay({ files: paths, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  const running = attachFeatureEngines(replay.pipeline, { mlofiLevels: 5, nearTouchBps: 10, largeTradeQuantile: 0.95, largeTradeMemory: 1000, windowsMs: [24 * 3_600_000] });
  const events: EventOfi[] = [];
  const last = new Map<SymbolEngine, number>();
  replay.pipeline.onEvent((event, engine) => {
    if (engine === null || event.kind === 'notice' || event.kind === 'connection') return;
    const total = ((running.get(engine) as FeatureEngine).windows(event.receiveTimeUs)[0] as { ofi: number }).ofi;
    events.push({ timeUs: event.receiveTimeUs, ofi: total - (last.get(engine) ?? 0) });
    last.set(engine, total);
  });
  const sampling = await sampleOfiIntervals(replay.pipeline, replay.driver(), intervalMs);
  return { sampling, events };
}

function recording(messages: readonly RawMessage[]): string {
  const path = join(dir, `synthetic-${files++}.fdr`);
  writeSyntheticRecording(path, messages);
  return path;
}

function onlySamples(sampling: OfiSampling): readonly OfiSample[] {
  expect(sampling.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT']);
  return (sampling.symbols[0] as { samples: readonly OfiSample[] }).samples;
}

describe('OFI interval samples on a hand-written stream (1 s intervals)', () => {
  // Book 100.00 × 1 / 100.02 × 2 from 0.2 s. Interval (1 s, 2 s]: the bid grows to 3 at 1.5 s (OFI +2), a
  // buy of 0.5 at 1.7 s, the ask 100.02 is cleared and 100.03 × 1 added at exactly 2 s (OFI +2, mid + 0.5
  // tick). (2 s, 3 s]: the connection comes back at 2.3 s, a new snapshot 100.01 × 1 / 100.03 × 1 at 2.6 s.
  // (3 s, 4 s]: a bid 100.02 × 2 at 3.4 s (OFI +2, mid + 0.5), a bookTicker ahead of the book shrinks the
  // ask to 0.5 at 3.6 s (OFI +0.5), a sell of 0.3 at 3.9 s. The data ends at 4.6 s, inside (4 s, 5 s].
  const market = new SyntheticMarket()
    .snapshot(T0 + 0.2 * S, 100, [['100.00', '1']], [['100.02', '2']])
    .diff(T0 + 1.5 * S, 101, 101, [['100.00', '3']], [])
    .trade(T0 + 1.7 * S, 'buy', '100.02', '0.5')
    .diff(T0 + 2 * S, 102, 102, [], [['100.02', '0'], ['100.03', '1']])
    .reconnected(T0 + 2.3 * S)
    .snapshot(T0 + 2.6 * S, 200, [['100.01', '1']], [['100.03', '1']])
    .diff(T0 + 3.4 * S, 201, 201, [['100.02', '2']] as Level[], [])
    .ticker(T0 + 3.6 * S, 202, '100.02', '100.03', '2', '0.5')
    .trade(T0 + 3.9 * S, 'sell', '100.02', '0.3')
    .trade(T0 + 4.6 * S, 'buy', '100.03', '0.1');
  const run = sampleWithEvents([recording(market.messages)], 1000);

  it('samples each whole interval after the first boundary, and not the one the data ends inside', async () => {
    const samples = onlySamples((await run).sampling);
    expect(samples.map((s) => [s.endMs * 1000 - T0, s.healthy])).toEqual([
      [2 * S, true],
      [3 * S, false],
      [4 * S, true],
    ]);
  });

  it('measures Δmid, OFI, MLOFI and trade flow of an interval, the message at exactly its end included', async () => {
    const [first, , third] = onlySamples((await run).sampling) as [OfiSample, OfiSample, OfiSample];
    expect(first).toMatchObject({ dMidTicks: 0.5, ofi: 4, mlofi: [4, 0, 0, 0, 0], tfi: 1, tradeImbalance: 0.5 });
    // The bookTicker moves the fused top (touch OFI) but not the depth-diff book (MLOFI); the new second bid
    // level counts at level 2.
    expect(third).toMatchObject({ dMidTicks: 0.5, ofi: 2.5, mlofi: [2, 1, 0, 0, 0], tfi: -1, tradeImbalance: -0.3 });
  });

  it('averages the depth at the touch over time', async () => {
    const [first, , third] = onlySamples((await run).sampling) as [OfiSample, OfiSample, OfiSample];
    // (1 + 2)/2 for 0.5 s, then (3 + 2)/2 for 0.5 s.
    expect(first.avgDepth).toBeCloseTo(0.5 * 1.5 + 0.5 * 2.5, 12);
    // (1 + 1)/2 for 0.4 s, (2 + 1)/2 for 0.2 s, (2 + 0.5)/2 for 0.4 s.
    expect(third.avgDepth).toBeCloseTo(0.4 * 1 + 0.2 * 1.5 + 0.4 * 1.25, 12);
  });
});

// ---- the sum of per-event OFI ----

function expectIntervalSums(sampling: OfiSampling, events: readonly EventOfi[], intervalMs: number): number {
  let checked = 0;
  for (const { samples } of sampling.symbols) {
    for (const s of samples) {
      const endUs = s.endMs * 1000;
      const inside = events.filter((e) => e.timeUs > endUs - intervalMs * 1000 && e.timeUs <= endUs);
      const sum = inside.reduce((a, e) => a + e.ofi, 0);
      expect(Math.abs(s.ofi - sum), `interval ending ${s.endMs}: ${s.ofi} vs ${sum}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(sum)));
      checked++;
    }
  }
  return checked;
}

const price = (ticks: number): string => (ticks / 100).toFixed(2);
type Step =
  | { readonly op: 'diff'; readonly bid: number; readonly bidQty: string; readonly ask: number; readonly askQty: string; readonly leadUs: number | null }
  | { readonly op: 'trade'; readonly buy: boolean }
  | { readonly op: 'reconnect' | 'snapshot' };

const qty = fc.constantFrom('0', '0.5', '1', '2', '3');
const stepArb = fc.record({
  // On a 50 ms grid, often 0 (ties) and often landing on a 500 ms boundary exactly.
  dt: fc.constantFrom(0, 0, 50_000, 100_000, 200_000, 250_000, 500_000, 1_300_000),
  step: fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        op: fc.constant('diff' as const),
        bid: fc.integer({ min: 0, max: 4 }),
        bidQty: qty,
        ask: fc.integer({ min: 0, max: 4 }),
        askQty: qty,
        leadUs: fc.constantFrom(null, null, 0, 50_000, 100_000),
      }),
    },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('trade' as const), buy: fc.boolean() }) },
    { weight: 1, arbitrary: fc.constantFrom({ op: 'reconnect' as const }, { op: 'snapshot' as const }, { op: 'snapshot' as const }) },
  ),
});

/**
 * Bids at 99.96–100.00, asks at 100.01–100.05: never crossed. The exchange's book is mirrored, so snapshots
 * and bookTickers tell the truth; a ticker may lead its diff (the fused top moves first).
 */
function synthetic(steps: readonly { dt: number; step: Step }[]): RawMessage[] {
  const bids = new Map<number, string>([[10000, '1']]);
  const asks = new Map<number, string>([[10001, '1']]);
  const levels = (side: Map<number, string>): Level[] => [...side.entries()].map(([p, q]) => [price(p), q]);
  const set = (side: Map<number, string>, p: number, q: string) => (q === '0' ? side.delete(p) : side.set(p, q));
  const market = new SyntheticMarket().snapshot(T0, 100, levels(bids), levels(asks));
  let id = 100;
  let t = T0;
  for (const { dt, step } of steps) {
    t += dt;
    switch (step.op) {
      case 'diff': {
        id++;
        set(bids, 10000 - step.bid, step.bidQty);
        set(asks, 10001 + step.ask, step.askQty);
        const bid = Math.max(...bids.keys());
        const ask = Math.min(...asks.keys());
        if (step.leadUs !== null && Number.isFinite(bid) && Number.isFinite(ask)) {
          market.ticker(t, id, price(bid), price(ask), bids.get(bid), asks.get(ask));
          t += step.leadUs;
        }
        market.diff(t, id, id, [[price(10000 - step.bid), step.bidQty]], [[price(10001 + step.ask), step.askQty]]);
        break;
      }
      case 'trade':
        market.trade(t, step.buy ? 'buy' : 'sell', price(step.buy ? 10001 : 10000), '0.1');
        break;
      case 'reconnect':
        market.reconnected(t);
        break;
      case 'snapshot':
        market.snapshot(t, id, levels(bids), levels(asks));
        break;
    }
  }
  return market.messages;
}

describe('interval OFI is the sum of the feature engine\'s per-event OFI', () => {
  it('on random streams: ties, events at exactly a boundary, tickers, reconnects and resyncs', async () => {
    let checked = 0;
    let nonZero = 0;
    let onBoundary = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 80, size: 'large' }), async (steps) => {
        const { sampling, events } = await sampleWithEvents([recording(synthetic(steps))], 500);
        checked += expectIntervalSums(sampling, events, 500);
        nonZero += sampling.symbols.flatMap((s) => s.samples).filter((s) => s.ofi !== 0).length;
        onBoundary += events.filter((e) => e.ofi !== 0 && e.timeUs % 500_000 === 0).length;
      }),
      { numRuns: 120 },
    );
    // The streams reach the cases that matter many times: intervals with flow, and flow at a boundary.
    expect(checked).toBeGreaterThan(1000);
    expect(nonZero).toBeGreaterThan(300);
    expect(onBoundary).toBeGreaterThan(30);
  });

  it('on the real spot recording (its first file), 1 s intervals', async () => {
    const { sampling, events } = await sampleWithEvents(SPOT_FILES.slice(0, 1), 1000);
    expect(expectIntervalSums(sampling, events, 1000)).toBeGreaterThan(300);
  });
});
