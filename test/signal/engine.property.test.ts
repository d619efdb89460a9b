// Property: over random markets, histories and parameters, an intent never comes with a failing gate or
// with alphaBps ≤ costBps, a verdict without an intent always has a failing gate, and no NaN or Infinity
// leaves. Fixed seed; the runs are checked to produce intents of both types (the property is not vacuous).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIGNAL_GATES, SignalEngine } from '../../src/signal/index.js';
import type { TickerAgreement } from '../../src/model/index.js';
import { handState, handView, paramsWith, type Flow } from './hand-view.js';

const flow: fc.Arbitrary<Flow> = fc.record({
  tfi: fc.double({ min: -1, max: 1, noNaN: true }),
  ofi: fc.double({ min: -50, max: 50, noNaN: true }),
  mlofi: fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 5, maxLength: 5 }),
  volBps: fc.double({ min: 0, max: 20, noNaN: true }),
  askDepleted: fc.double({ min: 0, max: 10, noNaN: true }),
  bidDepleted: fc.double({ min: 0, max: 10, noNaN: true }),
  askRefill: fc.double({ min: 0, max: 5, noNaN: true }),
  bidRefill: fc.double({ min: 0, max: 5, noNaN: true }),
});

/** A ladder of `n` levels from a touch outwards, ticks `step` apart. */
function ladder(touch: number, step: number, lots: readonly number[]): number[] {
  return lots.flatMap((l, i) => [touch + i * step, l]);
}

const market = fc.record({
  history: fc.array(flow, { minLength: 0, maxLength: 12 }),
  now: flow,
  spreadTicks: fc.integer({ min: 1, max: 20 }),
  askLots: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 0, maxLength: 30 }),
  bidLots: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 0, maxLength: 30 }),
  microTicks: fc.double({ min: -2, max: 2, noNaN: true }),
  microKnown: fc.boolean(),
  healthy: fc.boolean(),
  stale: fc.boolean(),
  ticker: fc.constantFrom<TickerAgreement>('none', 'bookNewer', 'agrees', 'touchAgrees', 'touchMoved', 'disagrees'),
  latencyMs: fc.option(fc.double({ min: -2000, max: 2000, noNaN: true })),
  syncedAgoS: fc.integer({ min: 0, max: 120 }),
  inventoryLots: fc.integer({ min: 0, max: 5000 }),
  /** Half the runs: fresh data, wide limits and directional inputs agreeing, so intents happen. */
  friendly: fc.boolean(),
  direction: fc.constantFrom(1, -1),
  params: fc.record({
    scoreThreshold: fc.double({ min: -2, max: 2, noNaN: true }),
    orderNotional: fc.constantFrom('1', '50', '100', '333.33'),
    fees: fc.record({ makerBps: fc.double({ min: 0, max: 3, noNaN: true }), takerBps: fc.double({ min: 0, max: 5, noNaN: true }) }),
    adverseSelectionBps: fc.double({ min: 0, max: 2, noNaN: true }),
    safetyMarginBps: fc.double({ min: 0, max: 2, noNaN: true }),
    latencyMs: fc.integer({ min: 0, max: 500 }),
    maxSpreadBps: fc.double({ min: 0, max: 30, noNaN: true }),
    warmupSeconds: fc.integer({ min: 0, max: 10 }),
    alpha: fc.record({ bpsPerScore: fc.double({ min: 0, max: 50, noNaN: true }) }),
    freshness: fc.record({ cooldownSeconds: fc.integer({ min: 0, max: 60 }), maxLatencyMs: fc.integer({ min: 0, max: 2000 }) }),
    vol: fc.record({ minBps: fc.constant(0), maxBps: fc.double({ min: 0, max: 30, noNaN: true }) }),
    refill: fc.record({ maxRatio: fc.double({ min: 0.1, max: 10, noNaN: true }) }),
    ioc: fc.record({ enabled: fc.boolean(), maxBpsThroughTouch: fc.double({ min: 0, max: 20, noNaN: true }) }),
  }),
});

describe('SignalEngine property', () => {
  it('asks for an order only when every signal gate passes and the edge beats the cost', () => {
    const seen = { intents: 0, LIMIT_IOC: 0, LIMIT_MAKER: 0, SELL: 0, verdicts: 0 };
    fc.assert(
      fc.property(market, (generated) => {
        const state = handState();
        const d = generated.direction;
        const m = !generated.friendly
          ? generated
          : {
              ...generated,
              now: { ...generated.now, tfi: d * Math.abs(generated.now.tfi), ofi: d * Math.abs(generated.now.ofi), mlofi: generated.now.mlofi.map((x) => d * Math.abs(x)) },
              microTicks: d * Math.abs(generated.microTicks),
              healthy: true,
              stale: false,
              ticker: 'agrees' as const,
              latencyMs: 0,
              syncedAgoS: 120,
              params: { ...generated.params, maxSpreadBps: 30, warmupSeconds: 0, vol: { minBps: 0, maxBps: 30 }, refill: { maxRatio: 10 } },
            };
        const engine = new SignalEngine(handView(state), paramsWith(m.params), null, { nowUs: () => state.nowUs });
        m.history.forEach((f, i) => {
          state.flow = f;
          state.nowUs = i * 1_000_000;
          engine.sample();
        });
        state.nowUs = m.history.length * 1_000_000;
        Object.assign(state, {
          flow: m.now,
          bidTicks: 10_000,
          askTicks: 10_000 + m.spreadTicks,
          bids: ladder(10_000, -1, m.bidLots),
          asks: ladder(10_000 + m.spreadTicks, 1, m.askLots),
          microTicks: m.microTicks,
          microKnown: m.microKnown,
          healthy: m.healthy,
          stale: m.stale,
          ticker: m.ticker,
          latencyMs: m.latencyMs,
          syncedSinceUs: state.nowUs - m.syncedAgoS * 1_000_000,
        });
        const v = engine.evaluate(m.inventoryLots);
        seen.verdicts++;
        expect(v.gates.map((g) => g.gate)).toEqual([...SIGNAL_GATES]);
        for (const x of [v.score, v.alphaBps, v.costBps, ...Object.values(v.features), ...v.gates.map((g) => g.value)]) {
          if (typeof x === 'number') expect(Number.isFinite(x)).toBe(true);
        }
        if (v.intent === null) {
          expect(v.gates.some((g) => !g.pass)).toBe(true);
          expect(v.intentNotional).toBeNull();
          return;
        }
        seen.intents++;
        seen[v.intent.type]++;
        if (v.intent.side === 'SELL') seen.SELL++;
        expect(v.gates.every((g) => g.pass)).toBe(true);
        expect(v.alphaBps).not.toBeNull();
        expect(v.costBps).not.toBeNull();
        expect(v.alphaBps as number).toBeGreaterThan(v.costBps as number);
        expect(v.intent.side).toBe(v.side);
        expect(v.intent.qtyLots).toBeGreaterThan(0);
        if (v.side === 'SELL') expect(v.intent.qtyLots).toBeLessThanOrEqual(m.inventoryLots);
      }),
      { seed: 20_240_808, numRuns: 3000 },
    );
    expect(seen.intents).toBeGreaterThan(10);
    expect(seen.LIMIT_IOC).toBeGreaterThan(0);
    expect(seen.LIMIT_MAKER).toBeGreaterThan(0);
    expect(seen.SELL).toBeGreaterThan(0);
  });
});
