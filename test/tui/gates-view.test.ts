// The gates section of the console's view model, built from the strategy's decisions (tui/gates-view): the
// latest evaluation with every gate as the strategy gave it, the score, alpha against cost with the cost's
// parts in a fixed order, and the last journaled decision in one line.
import { describe, expect, it } from 'vitest';
import { gatesView } from '../../src/tui/gates-view.js';
import { decision } from './fixture.js';

describe('gatesView', () => {
  it('carries every gate in order with its pass, value and limit, the figures, and the cost parts labelled in order', () => {
    const latest = decision();
    const view = gatesView(latest, decision({ timeUs: latest.timeUs - 3_300_000, reason: 'warmup' }), 812);
    expect(view.evaluations).toBe(812);
    expect(view.lastJournaled).toEqual({ time: '23:58:01.200', action: 'NO_TRADE', reason: 'warmup' });
    const d = view.latest;
    expect(d).toMatchObject({ time: '23:58:04.500', action: 'NO_TRADE', reason: 'spread', side: 'BUY', score: 1.8412, alphaBps: 0.9206, costBps: 1.3517 });
    expect(d?.gates.map((g) => g.name)).toEqual(latest.gates.map((g) => g.gate));
    expect(d?.gates.find((g) => g.name === 'vol')).toEqual({ name: 'vol', pass: true, value: 1.25, limit: '0–10' });
    expect(d?.gates.find((g) => g.name === 'cancelLatency')).toEqual({ name: 'cancelLatency', pass: true, value: null, limit: 2000 });
    expect(d?.gates.filter((g) => !g.pass).map((g) => g.name)).toEqual(['spread', 'cost']);
    expect(d?.costParts).toEqual([
      { label: 'fee', short: 'fee', bps: 0.1 },
      { label: 'half spread', short: '½spr', bps: 0 },
      { label: 'slippage', short: 'slip', bps: 0 },
      { label: 'adverse', short: 'adv', bps: 0 },
      { label: 'latency', short: 'lat', bps: 0.2517 },
      { label: 'safety', short: 'safe', bps: 1 },
    ]);
  });

  it('keeps unknown figures unknown and says an intent in its summary', () => {
    const view = gatesView(decision({ score: null, alphaBps: null, costBps: null, costParts: null, action: 'BUY', reason: 'LIMIT_IOC BUY' }), null, 1);
    expect(view.latest).toMatchObject({ action: 'BUY', reason: 'LIMIT_IOC BUY', score: null, alphaBps: null, costBps: null, costParts: null });
    expect(view.lastJournaled).toBeNull();
  });

  it('is empty before the first evaluation', () => {
    expect(gatesView(null, null, 0)).toEqual({ latest: null, lastJournaled: null, evaluations: 0, notTraded: null });
    expect(gatesView(null, null, 0, 'the data is usdm').notTraded).toBe('the data is usdm');
  });
});
