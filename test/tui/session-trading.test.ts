// The console session's trading view (tui/trading-view) in-process, on the bundled spot and USD-M
// recordings with a strategy permissive enough to trade: the view carries the trader's positions, orders
// and reconciliation as the kernel gives them (exact decimal strings), absent without a strategy; the own
// order marks only the ladder of the book it rests in (spot BTCUSDT, not USD-M BTCUSDT).
import { describe, expect, it } from 'vitest';
import { loadStrategyConfig } from '../../src/cli/strategy-config.js';
import { prepareReplay, type Trader } from '../../src/kernel/index.js';
import { ConsoleSession } from '../../src/tui/session.js';
import { replayTrading } from '../../src/tui/strategy-status.js';
import { clockText } from '../../src/tui/view.js';
import { ENGINE_OPTIONS, SPOT_FILES, USDM_FILES } from '../support/fixtures.js';

const SIZE = { ladderRows: 20, tapeRows: 20, heatmapRows: 10, heatmapColumns: 20 };
const PERMISSIVE = ['scoreThreshold=0', 'safetyMarginBps=0', 'warmupSeconds=30', 'adverseSelectionBps=0', 'fees.makerBps=0.1', 'fees.takerBps=0.2'];

async function session(withStrategy: boolean): Promise<{ s: ConsoleSession; trader: () => Trader }> {
  const replay = await prepareReplay({ files: [...SPOT_FILES, ...USDM_FILES], overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  let trader: Trader | null = null;
  const trading = withStrategy ? replayTrading({ config: await loadStrategyConfig(undefined, PERMISSIVE), models: new Map() }, replay) : undefined;
  const s = new ConsoleSession({
    kind: 'replay',
    replay,
    label: 'both',
    ...(trading === undefined ? {} : { trading: (...args: Parameters<typeof trading>) => (trader = trading(...args)) }),
  });
  await s.start();
  return {
    s,
    trader: () => {
      if (trader === null) throw new Error('no trader');
      return trader;
    },
  };
}

describe('the console session\'s trading view', () => {
  it('is absent without a strategy', async () => {
    const { s } = await session(false);
    await s.controller.stepTime(40_000);
    const view = s.view(SIZE, 0);
    expect(view.trading).toBeUndefined();
    expect(view.ladder.rows.some((r) => r.own !== undefined)).toBe(false);
  });

  it('carries the trader\'s positions, open orders, fills and reconciliation as the kernel writes them', async () => {
    const { s, trader } = await session(true);
    expect(s.view(SIZE, 0).trading?.status).toEqual({ killed: false, killReason: null, paused: false });
    await s.controller.stepTime(31_700);
    const open = s.view(SIZE, 0).trading?.orders.open ?? [];
    const kernel = trader().orders().open;
    expect(kernel).toHaveLength(1);
    expect(open).toEqual(kernel.map(({ priceTicks: _ticks, ...o }) => o));
    expect(open[0]).toMatchObject({ side: 'buy', type: 'LIMIT_MAKER', price: '61855.36', qty: '0.00161667' });

    await s.controller.stepTime(10_000);
    const t = s.view(SIZE, 0).trading;
    const positions = trader().positions();
    const p = positions.symbols[0];
    expect(t?.positions.symbols).toEqual([
      { symbol: 'BTCUSDT', quoteAsset: 'USDT', position: p?.qty, avgEntry: p?.avgEntry, realizedPnl: p?.realizedPnl, unrealizedPnl: p?.unrealizedPnl, fees: p?.fees, netPnl: p?.netPnl, fills: p?.fills },
    ]);
    expect(t?.positions.symbols[0]?.position).toBe('0.00161667');
    expect(t?.positions.totals).toEqual(positions.totals);
    expect(t?.positions.fillMarkouts.map((m) => m.horizon)).toEqual(['250ms', '500ms', '1s', '3s', '5s', '10s']);
    expect(t?.positions.fillMarkouts).toEqual(positions.fillMarkouts.map((m) => ({ horizon: m.horizon, n: m.n, meanBps: m.meanBps ?? Number.NaN })));
    expect(t?.positions.fillMarkouts[0]?.n).toBeGreaterThan(0);
    const fills = trader().orders().lastFills;
    expect(t?.orders.lastFills).toEqual(fills.map((f) => ({ time: clockText(f.timeUs), symbol: f.symbol, side: f.side, price: f.price, qty: f.qty, fee: f.fee, feeAsset: f.feeAsset, liquidity: f.liquidity })));
    expect(t?.orders).toMatchObject({ open: [], orders: 1, fills: fills.length });
    expect(fills.length).toBeGreaterThan(1);
    const r = trader().reconciliation();
    expect(r.checkedAtUs).not.toBeNull();
    expect(t?.reconciliation).toEqual({ venue: 'simulated exchange', checkedAt: clockText(r.checkedAtUs), localOpen: 0, venueOpen: 0, positions: [{ symbol: 'BTCUSDT', local: '0.00161667', venue: '0.00161667' }], mismatches: [], privateState: null, atRestart: [] });
  });

  it('marks the open order on the spot ladder only, not on the USD-M book of the same symbol', async () => {
    const { s } = await session(true);
    await s.controller.stepTime(31_700);
    const spot = s.view(SIZE, 0);
    expect(spot.status.product).toBe('spot');
    expect(spot.ladder.rows.filter((r) => r.own !== undefined).map((r) => [r.price, r.own])).toEqual([['61855.36', 'buy']]);
    await s.input('', { tab: true }, 0);
    const usdm = s.view(SIZE, 0);
    expect(usdm.status.product).toBe('usdm');
    expect(usdm.ladder.rows.some((r) => r.own !== undefined)).toBe(false);
    expect(usdm.trading?.orders.open).toHaveLength(1); // the panes show the strategy's orders whichever book is selected
  });
});

describe('the trading keys on live data', () => {
  it('act as on a replay: K kills and its cancel goes out as data flows; a display frozen by space shows KILLED at once', async () => {
    // A live source whose messages come from the bundled recording, fed by the test (the session cannot step it).
    const replay = await prepareReplay({ files: SPOT_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
    const driver = replay.driver();
    let trader: Trader | null = null;
    const trading = replayTrading({ config: await loadStrategyConfig(undefined, PERMISSIVE), models: new Map() }, replay);
    const clock = { nowUs: () => replay.pipeline.time.nowUs() };
    const s = new ConsoleSession({ kind: 'live', pipeline: replay.pipeline, clock, label: 'spot BTCUSDT', trading: (...args) => (trader = trading(...args)) });
    await driver.stepTime(31_700);
    const t = (): Trader => {
      if (trader === null) throw new Error('no trader');
      return trader;
    };
    expect(t().orders().open).toHaveLength(1);
    await s.input(' ', {}, 0); // freeze the display
    expect(s.view(SIZE, 0).trading?.status.killed).toBe(false);
    await s.input('K', {}, 0);
    const killed = s.view(SIZE, 0);
    expect(killed.trading?.status.killed).toBe(true);
    expect(killed.message).toContain('kill switch engaged');
    await driver.stepTime(1000);
    expect(t().orders().open).toHaveLength(0);
    await driver.stepTime(120_000);
    expect(t().orders().orders).toBe(1);
    await s.input('p', {}, 0);
    expect(s.view(SIZE, 0).trading?.status).toEqual({ killed: true, killReason: 'kill switch (key K)', paused: true });
  });
});

describe('stepping a paused replay with a strategy', () => {
  it('says on the message line what each step caused: the decision, the orders sent and the fills', async () => {
    const { s, trader } = await session(true);
    await s.controller.stepTime(30_500);
    expect(s.controller.paused).toBe(true); // a replay starts paused (the console resumes it)
    // Step event by event until the first order goes out: the step that sent it says so, with its decision.
    const seen: string[] = [];
    for (let k = 0; k < 20_000 && trader().orders().orders === 0; k++) {
      await s.act('stepEvent', 0);
      seen.push(s.view(SIZE, 0).message);
    }
    expect(trader().orders().orders).toBe(1);
    expect(seen.at(-1)).toMatch(/^event: decision BTCUSDT BUY LIMIT_MAKER BUY · 1 order sent$/);
    expect(seen.some((m) => /^event: decision BTCUSDT NO_TRADE \(\w+\)$/.test(m) || m === 'event: no evaluation, no order, no fill')).toBe(true);
    // A second's step that fills says so too.
    const fills = trader().orders().fills;
    for (let k = 0; k < 120 && trader().orders().fills === fills; k++) await s.act('stepSecond', 0);
    expect(s.view(SIZE, 0).message).toMatch(/^1 s: .*\d+ fills?$/);
  });
});
