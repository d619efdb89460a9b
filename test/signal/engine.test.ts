// SignalEngine over a hand-written market view: the score from z-scores of a known series and the
// configured weights, its mirror for the sell side, side-oriented gates, the intent only when every gate
// passes, model alpha from the features row, and the set-up errors of a model the run cannot feed.
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/index.js';
import type { ModelFile } from '../../src/research/index.js';
import { SIGNAL_GATES, SignalEngine, SignalSetupError, type SignalVerdict } from '../../src/signal/index.js';
import { handState, handView, paramsWith, permissive, type HandState } from './hand-view.js';

const S = 1_000_000;
/** z of the top value of a 3-point series {a − d, a, a + d}: d / (d √(2/3)) = √(3/2). */
const Z = Math.sqrt(1.5);

function clockOf(state: HandState): Clock {
  return { nowUs: () => state.nowUs };
}

/**
 * Three samples 1 s apart: TFI −1, 0, 1; OFI 0, 2, 4; weighted MLOFI 0, 1, 2; vol 1, 2, 3; micro-price,
 * depletion and spread constant (z 0).
 */
function sampled(params = permissive()): { state: HandState; engine: SignalEngine } {
  const state = handState();
  const engine = new SignalEngine(handView(state), params, null, clockOf(state));
  for (let i = 0; i < 3; i++) {
    state.nowUs = i * S;
    state.flow = { ...state.flow, tfi: i - 1, ofi: 2 * i, mlofi: [i, 0, 0, 0, 0], volBps: i + 1 };
    engine.sample();
  }
  return { state, engine };
}

function gate(v: SignalVerdict, name: string) {
  return v.gates.find((g) => g.gate === name);
}

describe('SignalEngine: the score', () => {
  it('weighs the z-scores of the inputs: 0.35 + 0.25 + 0.15 of √(3/2) for a top TFI, OFI and MLOFI', () => {
    const { state, engine } = sampled();
    state.flow = { ...state.flow, tfi: 1, ofi: 4, mlofi: [2, 0, 0, 0, 0], volBps: 2 };
    const v = engine.evaluate(0);
    expect(v.features).toMatchObject({ zTfi: expect.closeTo(Z, 12) as number, zOfi: expect.closeTo(Z, 12) as number, zMlofi: expect.closeTo(Z, 12) as number });
    expect([v.features.zMicroprice, v.features.zDepletion, v.features.zSpread, v.features.zVol]).toEqual([0, 0, 0, 0]);
    expect(v.side).toBe('BUY');
    expect(v.score).toBeCloseTo(0.75 * Z, 12);
    expect(v.features.sellScore).toBeCloseTo(-0.75 * Z, 12);
    // baseline alpha: 0.5 bps per unit of score
    expect(v.alphaBps).toBeCloseTo(0.5 * 0.75 * Z, 12);
  });

  it('takes the penalties off both sides: a high vol lowers the buy and the sell score alike', () => {
    const { state, engine } = sampled();
    state.flow = { ...state.flow, tfi: 1, ofi: 4, mlofi: [2, 0, 0, 0, 0], volBps: 3 };
    const v = engine.evaluate(0);
    expect(v.score).toBeCloseTo(0.75 * Z - 0.2 * Z, 12);
    expect(v.features.sellScore).toBeCloseTo(-0.75 * Z - 0.2 * Z, 12);
  });

  it('evaluates the mirror for the sell side when it scores higher, with side-oriented gates', () => {
    const { state, engine } = sampled();
    state.flow = { ...state.flow, tfi: -1, ofi: 0, mlofi: [0, 0, 0, 0, 0], volBps: 2, bidRefill: 0.25, askRefill: 3 };
    state.microTicks = -1;
    const v = engine.evaluate(0);
    expect(v.side).toBe('SELL');
    expect(v.score).toBeCloseTo(0.75 * Z, 12);
    expect(v.alphaBps).toBeCloseTo(0.5 * 0.75 * Z, 12);
    expect(gate(v, 'tfi')).toEqual({ gate: 'tfi', pass: true, value: 1, limit: 0 });
    expect(gate(v, 'ofi')).toEqual({ gate: 'ofi', pass: false, value: 0, limit: 0 });
    // the micro-price edge is −1 tick of a 99.975 mid, oriented: +2 / 19995 × 10⁴
    expect(gate(v, 'microprice')?.value).toBeCloseTo((2 / 19_995) * 10_000, 12);
    // a sell leans against the bids: their refill ratio, not the asks'
    expect(gate(v, 'refill')).toMatchObject({ value: 0.25, pass: true });
    // long-flat: nothing to sell without inventory
    expect(gate(v, 'position')).toMatchObject({ value: 0, pass: false });
    expect(gate(engine.evaluate(500), 'position')).toMatchObject({ value: 500, pass: true });
    // at most the order notional's worth: ⌊100 / 100.00 / 0.001⌋ = 1000 lots
    expect(gate(engine.evaluate(1500), 'position')).toMatchObject({ value: 1000, pass: true });
  });

  it('takes its weights from the configuration', () => {
    const weights = { tfi: 1, ofi: 0, mlofi: 0, microprice: 0, depletion: 0, spread: 0, vol: 0 };
    const { state, engine } = sampled(permissive({ baseline: { weights } }));
    state.flow = { ...state.flow, tfi: 0.5, ofi: 4, mlofi: [2, 0, 0, 0, 0], volBps: 3 };
    expect(engine.evaluate(0).score).toBeCloseTo(0.5 / Math.sqrt(2 / 3), 12);
  });

  it('weighs the MLOFI levels by the configured level weights', () => {
    const state = handState();
    state.flow = { ...state.flow, mlofi: [4, 2, 8, 0, 100] };
    const engine = new SignalEngine(handView(state), permissive({ baseline: { mlofiLevelWeights: [1, 0.5, 0.25] } }), null, clockOf(state));
    // 4 + 0.5 × 2 + 0.25 × 8 (levels beyond the weights count for nothing)
    expect(engine.evaluate(0).features.mlofi).toBe(7);
  });

  it('has no score, and fails warm-up, before two samples', () => {
    const state = handState();
    const engine = new SignalEngine(handView(state), permissive(), null, clockOf(state));
    const none = engine.evaluate(0);
    expect([none.score, none.alphaBps, none.intent]).toEqual([null, null, null]);
    expect(gate(none, 'warmup')).toEqual({ gate: 'warmup', pass: false, value: null, limit: 0 });
    engine.sample();
    expect(engine.evaluate(0).score).toBeNull();
    state.nowUs = S;
    engine.sample();
    expect(engine.evaluate(0).score).toBe(0);
  });

  it('counts the warm-up from the first sample, in seconds of run time', () => {
    const state = handState();
    const engine = new SignalEngine(handView(state), permissive({ warmupSeconds: 30 }), null, clockOf(state));
    state.nowUs = 5 * S;
    engine.sample();
    state.nowUs = 34 * S;
    engine.sample();
    expect(gate(engine.evaluate(0), 'warmup')).toEqual({ gate: 'warmup', pass: false, value: 29, limit: 30 });
    state.nowUs = 35 * S;
    expect(gate(engine.evaluate(0), 'warmup')).toEqual({ gate: 'warmup', pass: true, value: 30, limit: 30 });
  });

  it('takes no sample while an input is unknown', () => {
    const state = handState();
    const engine = new SignalEngine(handView(state), permissive(), null, clockOf(state));
    state.healthy = false;
    engine.sample();
    state.healthy = true;
    state.microKnown = false;
    engine.sample();
    expect(engine.samples).toBe(0);
  });
});

describe('SignalEngine: gates and intent', () => {
  it('asks for an order when every signal gate passes: a post at the bid below the taker cost, an IOC above it', () => {
    const { state, engine } = sampled(permissive({ orderNotional: '300', ioc: { maxBpsThroughTouch: 10 } }));
    state.flow = { ...state.flow, tfi: 1, ofi: 4, mlofi: [2, 0, 0, 0, 0], volBps: 2 };
    const v = engine.evaluate(0);
    expect(v.gates.map((g) => g.gate)).toEqual([...SIGNAL_GATES]);
    expect(v.gates.every((g) => g.pass)).toBe(true);
    // alpha 0.46 bps is below the taker cost (half the 0.05 spread alone is 2.5 bps); the maker cost is 0
    expect(v.intent).toEqual({ type: 'LIMIT_MAKER', side: 'BUY', priceTicks: 9995, qtyLots: 3001 });
    expect(v.costBps).toBe(0);
    expect(v.intentNotional).toBe('299.94995');
    const rich = sampled(permissive({ orderNotional: '300', ioc: { maxBpsThroughTouch: 10 }, alpha: { bpsPerScore: 100 } }));
    rich.state.flow = { ...rich.state.flow, tfi: 1, ofi: 4, mlofi: [2, 0, 0, 0, 0], volBps: 2 };
    const ioc = rich.engine.evaluate(0);
    expect(ioc.intent).toEqual({ type: 'LIMIT_IOC', side: 'BUY', priceTicks: 10_010, qtyLots: 2997 });
    expect(ioc.costParts?.halfSpread).toBeCloseTo((0.025 / 99.975) * 10_000, 12);
    expect(ioc.alphaBps as number).toBeGreaterThan(ioc.costBps as number);
  });

  it('asks for nothing when one gate fails, and says which', () => {
    const { state, engine } = sampled(permissive({ maxSpreadBps: 1 }));
    state.flow = { ...state.flow, tfi: 1, ofi: 4, mlofi: [2, 0, 0, 0, 0], volBps: 2 };
    const v = engine.evaluate(0);
    expect(v.intent).toBeNull();
    expect(v.intentNotional).toBeNull();
    expect(v.gates.filter((g) => !g.pass)).toEqual([{ gate: 'spread', pass: false, value: expect.closeTo((0.05 / 99.975) * 10_000, 12) as number, limit: 1 }]);
  });

  it('reads freshness from the book view: synced, stale, cool-down since the last sync, bookTicker, latency', () => {
    const { state, engine } = sampled(permissive({ freshness: { cooldownSeconds: 30, maxLatencyMs: 100 } }));
    state.syncedSinceUs = 0;
    state.nowUs = 20 * S;
    state.stale = true;
    state.ticker = 'touchMoved';
    state.latencyMs = 150;
    const v = engine.evaluate(0);
    expect(['stale', 'cooldown', 'bookTicker', 'latency'].map((n) => gate(v, n))).toEqual([
      { gate: 'stale', pass: false, value: true, limit: false },
      { gate: 'cooldown', pass: false, value: 20, limit: 30 },
      { gate: 'bookTicker', pass: false, value: 'touchMoved', limit: 'agrees' },
      { gate: 'latency', pass: false, value: 150, limit: 100 },
    ]);
    state.healthy = false;
    const down = engine.evaluate(0);
    expect(down.gates.filter((g) => !g.pass).map((g) => g.gate)).toEqual(
      expect.arrayContaining(['synced', 'cooldown', 'bookTicker', 'spread', 'microprice', 'cost', 'position']) as string[],
    );
    expect([down.costBps, down.costParts, down.intent, down.features.spreadBps]).toEqual([null, null, null, null]);
  });

  it('never lets NaN or Infinity out: a default-parameter verdict on an empty history is all numbers or null', () => {
    const state = handState();
    const engine = new SignalEngine(handView(state), paramsWith(), null, clockOf(state));
    const v = engine.evaluate(0);
    for (const value of [v.score, v.alphaBps, v.costBps, ...Object.values(v.features), ...v.gates.map((g) => g.value)]) {
      if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
    }
  });
});

describe('SignalEngine: model alpha', () => {
  const model = {
    format: 'flowdesk-model',
    formatVersion: 1,
    symbol: 'TESTUSDT',
    product: 'spot',
    model: 'ols',
    horizonMs: 10_000,
    intervalMs: 1000,
    winsorQuantile: 0,
    lambda: null,
    intercept: 0.5,
    features: [{ name: 'ofi_1s', winsorLow: -10, winsorHigh: 10, mean: 1, sd: 2, coefficient: 3 }],
    droppedFeatures: [],
    training: { fold: 0, startMs: 0, endMs: 1, n: 2 },
    metrics: {
      r2InSample: null,
      test: { startMs: 0, endMs: 1, n: 0, r2OutOfSample: null, corr: null, hitRate: null, meanPredictedBps: null, meanRealisedBps: null },
      walkForward: { folds: 1, n: 0, r2OutOfSample: null, r2InSample: null, corr: null, hitRate: null },
    },
  } as const satisfies ModelFile;

  it('takes the model prediction from the features row as the buy edge and its negative as the sell edge', () => {
    const { state } = sampled();
    state.row = { ofi_1s: 5 };
    const engine = new SignalEngine(handView(state), permissive(), model, clockOf(state));
    state.nowUs = 0;
    engine.sample();
    state.nowUs = S;
    state.flow = { ...state.flow, tfi: 0 };
    engine.sample();
    state.flow = { ...state.flow, tfi: 1 };
    const buy = engine.evaluate(0);
    // 0.5 + 3 × (5 − 1) / 2
    expect([buy.side, buy.alphaBps, buy.features.prediction]).toEqual(['BUY', 6.5, 6.5]);
    state.flow = { ...state.flow, tfi: -1 };
    const sell = engine.evaluate(0);
    expect([sell.side, sell.alphaBps]).toEqual(['SELL', -6.5]);
    state.row = {};
    expect(engine.evaluate(0).alphaBps).toBeNull();
  });

  it('refuses a model the run cannot feed, naming why', () => {
    const state = handState();
    state.row = { tfi_1s: 1 };
    expect(() => new SignalEngine(handView(state), permissive(), model, clockOf(state))).toThrow(SignalSetupError);
    expect(() => new SignalEngine(handView(state), permissive(), model, clockOf(state))).toThrow('ofi_1s is not a column of the features row');
    state.row = { ofi_1s: 1 };
    expect(() => new SignalEngine(handView(state), permissive(), { ...model, intervalMs: 2000 }, clockOf(state))).toThrow('interval 2000 ms is not a window');
    expect(() => new SignalEngine({ ...handView(state), features: null }, permissive(), model, clockOf(state))).toThrow('no feature engine');
  });
});
