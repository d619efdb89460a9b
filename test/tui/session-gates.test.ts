// The console session's strategy (tui/strategy-status) in-process, on the bundled spot and USD-M
// recordings: the gates section is absent without a strategy; with one it follows the selected symbol
// (tab), each symbol with its own latest decision, evaluations and last journaled decision.
import { describe, expect, it } from 'vitest';
import { loadStrategyConfig } from '../../src/cli/strategy-config.js';
import { prepareReplay } from '../../src/kernel/index.js';
import { ConsoleSession } from '../../src/tui/session.js';
import { replayTrading } from '../../src/tui/strategy-status.js';
import { ENGINE_OPTIONS, SPOT_FILES, USDM_FILES } from '../support/fixtures.js';

const SIZE = { ladderRows: 20, tapeRows: 20, heatmapRows: 10, heatmapColumns: 20 };
const PERMISSIVE = ['scoreThreshold=0', 'safetyMarginBps=0', 'warmupSeconds=30', 'adverseSelectionBps=0', 'fees.makerBps=0.1', 'fees.takerBps=0.2'];

async function session(withStrategy: boolean): Promise<ConsoleSession> {
  const replay = await prepareReplay({ files: [...SPOT_FILES, ...USDM_FILES], overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  const strategy = withStrategy ? { config: await loadStrategyConfig(undefined, PERMISSIVE), models: new Map() } : undefined;
  const s = new ConsoleSession({ kind: 'replay', replay, label: 'both', ...(strategy === undefined ? {} : { trading: replayTrading(strategy, replay) }) });
  await s.start();
  return s;
}

describe('the console session with a strategy', () => {
  it('has no gates section without one', async () => {
    const s = await session(false);
    await s.controller.stepTime(60_000);
    expect(s.view(SIZE, 0).gates).toBeUndefined();
  });

  it('shows the selected symbol\'s decisions from the first evaluation on, and why a USD-M symbol is not traded', async () => {
    const s = await session(true);
    const first = s.view(SIZE, 0).gates;
    expect(first).toEqual({ latest: null, lastJournaled: null, evaluations: 0, notTraded: null });
    await s.controller.stepTime(120_000);
    const spot = s.view(SIZE, 0);
    await s.input('', { tab: true }, 0);
    const usdm = s.view(SIZE, 0);
    expect([spot.status.product, usdm.status.product]).toEqual(['spot', 'usdm']);
    // USD-M is not traded (its long/short model is not built): the pane says why.
    expect(usdm.gates?.notTraded).toMatch(/^the data is usdm but its strategy trades spot/);
    expect(usdm.gates?.evaluations).toBe(0);
    for (const v of [spot]) {
      const g = v.gates;
      expect(g?.evaluations).toBeGreaterThan(100);
      expect(g?.latest?.gates.length).toBeGreaterThan(0);
      expect(g?.lastJournaled).not.toBeNull();
      // The latest decision is of this clock's last evaluation (at most evaluateEveryMs behind).
      expect(g?.latest?.time.slice(0, 5)).toBe(v.status.clock.slice(0, 5));
    }
  });
});
