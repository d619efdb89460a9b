import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/index.js';
import { strategyParamsSchema } from '../../src/config/index.js';
import { latencyModelOf } from '../../src/sim/index.js';
import { Harness, standardBook } from './harness.js';

const lognormal = (seed: number) =>
  latencyModelOf(strategyParamsSchema.parse({ latency: { submitMs: 20, cancelMs: 5, responseMs: 10, distribution: 'lognormal', sigma: 0.5 } }).latency, seededRandom(seed));

describe('latency models', () => {
  it('constant: every message takes its configured value, in whole µs', () => {
    const m = latencyModelOf(strategyParamsSchema.parse({ latency: { submitMs: 12.3456, cancelMs: 0, responseMs: 3 } }).latency, seededRandom(1));
    expect([m.delayUs('submit'), m.delayUs('cancel'), m.delayUs('response'), m.delayUs('submit')]).toEqual([12_346, 0, 3000, 12_346]);
  });

  it('lognormal: the same seed gives the same draws, another seed others', () => {
    const actions = ['submit', 'response', 'cancel', 'submit', 'response'] as const;
    const a = lognormal(7);
    const b = lognormal(7);
    const c = lognormal(8);
    const drawsA = actions.map((x) => a.delayUs(x));
    expect(actions.map((x) => b.delayUs(x))).toEqual(drawsA);
    expect(actions.map((x) => c.delayUs(x))).not.toEqual(drawsA);
    for (const d of drawsA) expect(Number.isInteger(d) && d >= 0).toBe(true);
  });

  it('lognormal: the configured value is the median and sigma the spread of ln(delay)', () => {
    const m = lognormal(42);
    const draws = Array.from({ length: 20_001 }, () => m.delayUs('submit')).sort((x, y) => x - y);
    const median = draws[10_000] as number;
    expect(Math.abs(median - 20_000) / 20_000).toBeLessThan(0.02);
    const logs = draws.map((d) => Math.log(d / 20_000));
    const sd = Math.sqrt(logs.reduce((s, x) => s + x * x, 0) / logs.length);
    expect(Math.abs(sd - 0.5)).toBeLessThan(0.02);
  });

  it('a backtest with lognormal latency is the same run twice from one seed, and reports never overtake each other', () => {
    const run = (seed: number) => {
      const h = standardBook(new Harness({ params: { seed, latency: { submitMs: 5, cancelMs: 5, responseMs: 5, distribution: 'lognormal', sigma: 1.5 } } }));
      for (let i = 0; i < 20; i++) {
        h.at(i * 10);
        h.submit('buy', 'LIMIT_IOC', 10_002, 1);
        h.submit('buy', 'LIMIT_MAKER', 9999, 1);
        h.trade(i * 10 + 3, 'sell', 9999, 5);
      }
      h.at(10_000);
      return h.delivered.map((d) => [d.atUs, d.report.kind, d.report.clientOrderId]);
    };
    const first = run(3);
    expect(run(3)).toEqual(first);
    expect(run(4)).not.toEqual(first);
    const times = first.map((d) => d[0] as number);
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });
});
