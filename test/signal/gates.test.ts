// Each signal gate passes and fails at its limit, and fails on an unknown value; the order is the design's.
import { describe, expect, it } from 'vitest';
import { SIGNAL_GATES, signalGates, type GateInputs, type GateLimits } from '../../src/signal/index.js';

const LIMITS: GateLimits = {
  warmupSeconds: 30,
  cooldownSeconds: 10,
  maxLatencyMs: 500,
  maxSpreadBps: 2,
  volMinBps: 1,
  volMaxBps: 10,
  scoreThreshold: 0.5,
  maxRefillRatio: 2,
};

const PASSING: GateInputs = {
  warmupSeconds: 30,
  samples: 2,
  synced: true,
  stale: false,
  syncedSeconds: 10,
  tickerAgreement: 'agrees',
  latencyMs: 500,
  spreadBps: 2,
  volBps: 1,
  score: 0.51,
  tfi: 0.01,
  ofi: 0.01,
  micropriceEdgeBps: 0.01,
  refillRatio: 1.99,
  alphaBps: 3.01,
  costBps: 3,
  orderLots: 1,
};

function failing(inputs: Partial<GateInputs>): string[] {
  return signalGates({ ...PASSING, ...inputs }, LIMITS)
    .filter((g) => !g.pass)
    .map((g) => g.gate);
}

describe('signal gates', () => {
  it('come in the design order and all pass at their limits', () => {
    const gates = signalGates(PASSING, LIMITS);
    expect(gates.map((g) => g.gate)).toEqual([...SIGNAL_GATES]);
    expect(gates.filter((g) => !g.pass)).toEqual([]);
  });

  it('carry their value and limit', () => {
    const byName = Object.fromEntries(signalGates(PASSING, LIMITS).map((g) => [g.gate, g]));
    expect(byName.spread).toEqual({ gate: 'spread', pass: true, value: 2, limit: 2 });
    expect(byName.vol).toEqual({ gate: 'vol', pass: true, value: 1, limit: '1–10' });
    expect(byName.cost).toEqual({ gate: 'cost', pass: true, value: 3.01, limit: 3 });
    expect(byName.bookTicker).toEqual({ gate: 'bookTicker', pass: true, value: 'agrees', limit: 'agrees' });
    expect(byName.synced).toEqual({ gate: 'synced', pass: true, value: true, limit: true });
    expect(byName.stale).toEqual({ gate: 'stale', pass: true, value: false, limit: false });
  });

  it.each<[string, Partial<GateInputs>]>([
    ['warmup', { warmupSeconds: 29.999 }],
    ['warmup', { samples: 1 }],
    ['synced', { synced: false }],
    ['stale', { stale: true }],
    ['cooldown', { syncedSeconds: 9.99 }],
    ['bookTicker', { tickerAgreement: 'touchMoved' }],
    ['bookTicker', { tickerAgreement: 'disagrees' }],
    ['bookTicker', { tickerAgreement: 'none' }],
    ['latency', { latencyMs: 500.1 }],
    ['spread', { spreadBps: 2.001 }],
    ['vol', { volBps: 0.99 }],
    ['vol', { volBps: 10.01 }],
    ['score', { score: 0.5 }],
    ['tfi', { tfi: 0 }],
    ['ofi', { ofi: -1 }],
    ['microprice', { micropriceEdgeBps: 0 }],
    ['refill', { refillRatio: 2 }],
    ['cost', { alphaBps: 3 }],
    ['position', { orderLots: 0 }],
  ])('%s fails just past its limit (%o)', (gate, inputs) => {
    expect(failing(inputs)).toEqual([gate]);
  });

  it.each<[string, Partial<GateInputs>]>([
    ['warmup', { warmupSeconds: null }],
    ['cooldown', { syncedSeconds: null }],
    ['bookTicker', { tickerAgreement: null }],
    ['latency', { latencyMs: null }],
    ['spread', { spreadBps: null }],
    ['vol', { volBps: null }],
    ['score', { score: null }],
    ['tfi', { tfi: null }],
    ['ofi', { ofi: null }],
    ['microprice', { micropriceEdgeBps: null }],
    ['refill', { refillRatio: null }],
    ['cost', { alphaBps: null }],
    ['cost', { costBps: null }],
    ['position', { orderLots: null }],
  ])('%s fails when its value is unknown (%o)', (gate, inputs) => {
    expect(failing(inputs)).toEqual([gate]);
  });

  it('lets the bookTicker gate pass when the book is newer or the ticker ahead shows the same touch', () => {
    expect(failing({ tickerAgreement: 'bookNewer' })).toEqual([]);
    expect(failing({ tickerAgreement: 'touchAgrees' })).toEqual([]);
  });
});
