// The console's enable key (E) on a trader whose venue can write (`flowdesk trade`): the status says
// TRADING NOT ENABLED and no order goes out; E asks y/n, n leaves the gate closed, y opens it and the
// strategy's orders follow. The session runs on a live source fed from the bundled recording by the test.
import { describe, expect, it } from 'vitest';
import { loadStrategyConfig } from '../../src/cli/strategy-config.js';
import { attachPaper, prepareReplay, type PaperTrader } from '../../src/kernel/index.js';
import { ConsoleSession } from '../../src/tui/session.js';
import { ENGINE_OPTIONS, SPOT_FILES } from '../support/fixtures.js';

const SIZE = { ladderRows: 20, tapeRows: 20, heatmapRows: 10, heatmapColumns: 20 };
const PERMISSIVE = ['scoreThreshold=0', 'safetyMarginBps=0', 'warmupSeconds=30', 'adverseSelectionBps=0', 'fees.makerBps=0.1', 'fees.takerBps=0.2'];

describe('the enable key', () => {
  it('asks y/n; n keeps the gate closed, y opens it and orders go out', async () => {
    const replay = await prepareReplay({ files: SPOT_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
    const driver = replay.driver();
    const config = await loadStrategyConfig(undefined, PERMISSIVE);
    let trader: PaperTrader | null = null;
    const clock = { nowUs: () => replay.pipeline.time.nowUs() };
    const s = new ConsoleSession({
      kind: 'live',
      pipeline: replay.pipeline,
      clock,
      label: 'spot BTCUSDT · trade PUBLIC',
      trading: (pipeline, features, onDecision) =>
        (trader = attachPaper(pipeline, { config, models: new Map(), features, rulesOf: (i) => replay.rulesOf(i.product, i.symbol), requireEnablement: true }, { journal: () => undefined, onDecision })),
    });
    const t = (): PaperTrader => {
      if (trader === null) throw new Error('no trader');
      return trader;
    };
    // Without the gate the strategy's first order goes out at 31.7 s (test/tui/session-trading.test.ts).
    await driver.stepTime(40_000);
    expect(t().orders().orders).toBe(0);
    expect(s.view(SIZE, 0).trading?.status).toEqual({ killed: false, killReason: null, paused: false, notEnabled: true });
    await s.input('E', {}, 0);
    expect(s.view(SIZE, 0).message).toBe('enable trading: orders will go out? (y/n)');
    await s.input('n', {}, 0);
    expect(s.view(SIZE, 0).message).toBe('trading not enabled: no order goes out');
    await driver.stepTime(10_000);
    expect(t().orders().orders).toBe(0);
    await s.input('E', {}, 0);
    await s.input('y', {}, 0);
    expect(s.view(SIZE, 0).message).toBe('trading enabled: orders may go out');
    expect(s.view(SIZE, 0).trading?.status).toEqual({ killed: false, killReason: null, paused: false });
    for (let second = 0; second < 600 && t().orders().orders === 0; second++) await driver.stepTime(1000);
    expect(t().orders().orders).toBeGreaterThan(0);
    await s.input('E', {}, 0);
    expect(s.view(SIZE, 0).message).toBe('trading is enabled');
  });
});
