// The operator's layer (kernel/trader.ts) with the enablement gate of a venue that can write, on the simulated
// exchange over the bundled BTCUSDT spot recording: no order goes out (not even a flatten) until the
// operator enables trading; enabling is one journal event and orders follow; a pause still holds them after.
import { describe, expect, it } from 'vitest';
import { loadStrategyConfig } from '../../src/cli/strategy-config.js';
import { attachFeatureEngines, attachPaper, prepareReplay, ReplayController, type PaperTrader, type UnnumberedEvent } from '../../src/kernel/index.js';
import { ENGINE_OPTIONS, SPOT_FILES } from '../support/fixtures.js';

const PERMISSIVE = ['scoreThreshold=0', 'safetyMarginBps=0', 'warmupSeconds=30', 'adverseSelectionBps=0', 'fees.makerBps=0.1', 'fees.takerBps=0.2'];

async function rig(requireEnablement: boolean): Promise<{ trader: PaperTrader; controller: ReplayController; journal: UnnumberedEvent[]; orders: () => number }> {
  const replay = await prepareReplay({ files: SPOT_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  const config = await loadStrategyConfig(undefined, PERMISSIVE);
  const features = attachFeatureEngines(replay.pipeline);
  const journal: UnnumberedEvent[] = [];
  const trader = attachPaper(
    replay.pipeline,
    { config, models: new Map(), features, rulesOf: (i) => replay.rulesOf(i.product, i.symbol), requireEnablement },
    { journal: (event) => journal.push(event) },
  );
  const controller = new ReplayController(replay);
  await controller.start();
  return { trader, controller, journal, orders: () => journal.filter((e) => e.type === 'orderRequested').length };
}

describe('the enablement gate of a venue that can write', () => {
  it('sends no order until the operator enables trading, then the strategy trades', async () => {
    const r = await rig(true);
    expect(r.trader.tradingEnabled()).toBe(false);
    await r.controller.stepTime(180_000);
    expect(r.orders()).toBe(0);
    const held = r.journal.filter((e) => e.type === 'decision' && e.gates.some((g) => g.gate === 'operatorEnabled' && !g.pass));
    expect(held.length).toBeGreaterThan(0);
    expect(r.trader.flatten()).toEqual([]);
    expect(r.trader.enableTrading('--enable-trading')).toBe(true);
    expect(r.trader.enableTrading('again')).toBe(false);
    const opened = r.journal.filter((e) => e.type === 'gateChanged' && e.gate === 'operatorEnabled');
    expect(opened).toEqual([expect.objectContaining({ open: true, reason: '--enable-trading' })]);
    while (r.orders() === 0 && !r.controller.finished) await r.controller.stepTime(100);
    expect(r.orders()).toBeGreaterThan(0);
  });

  it('a pause holds orders after the enablement, and a resume before it does not open the gate', async () => {
    const r = await rig(true);
    expect(r.trader.setPaused(true)).toBe(true);
    expect(r.trader.setPaused(false)).toBe(true);
    const resumed = r.journal.filter((e) => e.type === 'gateChanged');
    expect(resumed.at(-1)).toEqual(expect.objectContaining({ open: false }));
    await r.controller.stepTime(120_000);
    expect(r.orders()).toBe(0);
    r.trader.setPaused(true);
    r.trader.enableTrading('operator');
    await r.controller.stepTime(60_000);
    expect(r.orders()).toBe(0);
  });

  it('paper trading needs no enablement: the gate is open from the start', async () => {
    const r = await rig(false);
    expect(r.trader.tradingEnabled()).toBe(true);
    while (r.orders() === 0 && !r.controller.finished) await r.controller.stepTime(100);
    expect(r.orders()).toBeGreaterThan(0);
  });
});
