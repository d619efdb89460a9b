// Paper trading on a pipeline (kernel/paper.ts) over the bundled BTCUSDT spot recording, with a strategy
// permissive enough to trade: the operator's kill switch cancels every open order and holds new intents
// until its reset, pausing holds them too, flatten sells the inventory with a capped IOC, every action is a
// journal event, and the positions, orders and reconciliation figures agree with the simulated venue.
import { describe, expect, it } from 'vitest';
import { loadStrategyConfig } from '../../src/cli/strategy-config.js';
import { attachFeatureEngines, attachPaper, prepareReplay, ReplayController, type PaperTrader, type UnnumberedEvent } from '../../src/kernel/index.js';
import { isFinalStatus } from '../../src/model/index.js';
import { ENGINE_OPTIONS, SPOT_FILES } from '../support/fixtures.js';

const PERMISSIVE = ['scoreThreshold=0', 'safetyMarginBps=0', 'warmupSeconds=30', 'adverseSelectionBps=0', 'fees.makerBps=0.1', 'fees.takerBps=0.2'];

interface Rig {
  readonly trader: PaperTrader;
  readonly controller: ReplayController;
  readonly journal: UnnumberedEvent[];
  /** Orders sent so far. */
  orders(): number;
}

async function rig(sets: readonly string[] = PERMISSIVE): Promise<Rig> {
  const replay = await prepareReplay({ files: SPOT_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  const config = await loadStrategyConfig(undefined, [...sets]);
  const features = attachFeatureEngines(replay.pipeline);
  const journal: UnnumberedEvent[] = [];
  const trader = attachPaper(
    replay.pipeline,
    { config, models: new Map(), features, rulesOf: (i) => replay.rulesOf(i.product, i.symbol) },
    { journal: (event) => journal.push(event) },
  );
  const controller = new ReplayController(replay);
  await controller.start();
  return { trader, controller, journal, orders: () => journal.filter((e) => e.type === 'orderRequested').length };
}

/** Steps the replay 100 ms at a time until `done` holds (or the replay ends). */
async function until(r: Rig, done: () => boolean): Promise<void> {
  while (!done() && !r.controller.finished) await r.controller.stepTime(100);
}

const openOrders = (t: PaperTrader): number => t.backtest.orders.all().filter((o) => !isFinalStatus(o.status)).length;

describe('paper trading on the bundled recording', () => {
  it('kill switch: journaled, every open order canceled, no new order until the reset, then trading goes on', async () => {
    const r = await rig();
    await until(r, () => openOrders(r.trader) > 0);
    expect(openOrders(r.trader)).toBeGreaterThan(0);
    r.trader.kill('test kill');
    expect(r.trader.status()).toEqual({ killed: true, killReason: 'test kill', paused: false });
    const kills = r.journal.filter((e) => e.type === 'killSwitchEngaged');
    expect(kills).toHaveLength(1);
    expect(r.journal.some((e) => e.type === 'cancelRequested' && e.reason === 'kill switch')).toBe(true);
    const sent = r.orders();
    // Canceled once the cancel's latency (50 ms) passed: well before the maker TTL (5 s) would have.
    await r.controller.stepTime(1000);
    expect(openOrders(r.trader)).toBe(0);
    await r.controller.stepTime(120_000);
    expect(r.orders()).toBe(sent);
    // The strategy's decisions say why: the kill switch gate.
    const last = r.trader.backtest.strategy.symbols()[0]?.lastDecision;
    expect(last?.gates.find((g) => g.gate === 'killSwitch')?.pass ?? false).toBe(false);
    r.trader.kill('again');
    expect(r.journal.filter((e) => e.type === 'killSwitchEngaged')).toHaveLength(1);
    expect(r.trader.resetKill()).toBe(true);
    expect(r.trader.resetKill()).toBe(false);
    expect(r.journal.filter((e) => e.type === 'killSwitchReset')).toHaveLength(1);
    await until(r, () => r.orders() > sent);
    expect(r.orders()).toBeGreaterThan(sent);
  });

  it('pause holds new orders while the market keeps flowing; resume lets them go again', async () => {
    const r = await rig();
    await until(r, () => r.orders() > 0);
    expect(r.trader.setPaused(true)).toBe(true);
    expect(r.trader.setPaused(true)).toBe(false);
    expect(r.trader.status().paused).toBe(true);
    const sent = r.orders();
    const position = r.controller.position;
    await r.controller.stepTime(120_000);
    expect(r.controller.position).toBeGreaterThan(position);
    expect(r.orders()).toBe(sent);
    expect(r.journal.filter((e) => e.type === 'gateChanged' && e.gate === 'operatorEnabled').map((e) => (e.type === 'gateChanged' ? e.open : null))).toEqual([false]);
    r.trader.setPaused(false);
    await until(r, () => r.orders() > sent);
    expect(r.orders()).toBeGreaterThan(sent);
  });

  it('flatten sells the whole inventory with an IOC capped below the bid, whatever the gates say', async () => {
    const r = await rig();
    await until(r, () => r.trader.positions().symbols.some((s) => s.qty !== '0'));
    const held = r.trader.positions().symbols.find((s) => s.qty !== '0');
    expect(held).toBeDefined();
    r.trader.kill('stop first');
    const sent = r.trader.flatten();
    expect(sent).toEqual(['BTCUSDT']);
    const request = r.journal.filter((e) => e.type === 'orderRequested').at(-1);
    expect(request?.type === 'orderRequested' && request.request.intent).toMatchObject({ type: 'LIMIT_IOC', side: 'sell' });
    expect(r.journal.some((e) => e.type === 'decision' && e.reason === 'flatten (operator)')).toBe(true);
    await until(r, () => openOrders(r.trader) === 0);
    await r.controller.stepTime(1000);
    // Sold down to less than one lot (the IOC may fill in part when the bid is thin; then flatten again).
    for (let k = 0; k < 5 && r.trader.positions().symbols[0]?.qty !== '0'; k++) {
      r.trader.flatten();
      await r.controller.stepTime(1000);
    }
    expect(r.trader.positions().symbols[0]?.qty).toBe('0');
    expect(r.trader.flatten()).toEqual([]);
  });

  it('positions, orders and reconciliation agree with the simulated venue over the whole run', async () => {
    const r = await rig();
    let checks = 0;
    let sawOpen = false;
    while (!r.controller.finished) {
      await r.controller.stepTime(1000);
      const rec = r.trader.reconcileNow();
      checks++;
      expect(rec.mismatches).toEqual([]);
      if (r.trader.orders().open.length > 0) sawOpen = true;
    }
    expect(checks).toBeGreaterThan(300);
    expect(sawOpen).toBe(true);
    const account = r.trader.backtest.account.summary();
    const positions = r.trader.positions();
    const btc = positions.symbols[0];
    expect(btc?.qty).toBe(account.symbols['BTCUSDT']?.position);
    expect(btc?.fees).toBe(account.fees);
    expect(btc?.realizedPnl).toBe(account.realizedPnl);
    expect(positions.totals?.quoteAsset).toBe('USDT');
    const orders = r.trader.orders();
    expect(orders.fills).toBeGreaterThan(0);
    expect(orders.lastFills[0]?.price).toMatch(/^\d+(\.\d+)?$/);
    expect(positions.fillMarkouts.reduce((n, m) => n + m.n, 0)).toBeGreaterThan(0);
  });

  it('keeps what a restart\'s reconciliation corrected for the pane, and checks again at once', async () => {
    const r = await rig();
    expect(r.trader.reconciliation().checkedAtUs).toBeNull();
    await r.controller.stepTime(1000);
    const result = r.trader.restartReconciled(['fd-BTCUSDT-7: local open, venue filled 3/3 lots']);
    expect(result.checkedAtUs).not.toBeNull();
    expect(r.trader.reconciliation().atRestart).toEqual(['fd-BTCUSDT-7: local open, venue filled 3/3 lots']);
    await r.controller.stepTime(10_000);
    expect(r.trader.reconciliation().atRestart).toEqual(['fd-BTCUSDT-7: local open, venue filled 3/3 lots']);
  });
});
