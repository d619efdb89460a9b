// The strategy at a venue with private state of its own (kernel/venue-trader.ts), on the bundled BTCUSDT
// spot recording: the venue here is a real SimulatedExchange standing in for Binance, its holdings read as
// the Binance adapter's are (a snapshot the caller refreshes). No order goes out until the operator enables
// trading AND a reconciliation agreed; a venue problem or a mismatch seen twice closes the privateState gate
// (journaled); client ids come from the venue's id source and each order is registered before it is sent.
import { describe, expect, it } from 'vitest';
import { strategyParamsFor } from '../../src/config/index.js';
import { seededRandom } from '../../src/core/index.js';
import { loadStrategyConfig } from '../../src/cli/strategy-config.js';
import { NOT_RECONCILED_YET, attachFeatureEngines, attachVenueTrader, bookViewOf, prepareReplay, ReplayController, type UnnumberedEvent, type VenueHoldings, type VenueTrader } from '../../src/kernel/index.js';
import type { OrderRequest } from '../../src/model/index.js';
import { SimAccount, SimulatedExchange, simAccountSymbol } from '../../src/sim/index.js';
import { ENGINE_OPTIONS, SPOT_FILES } from '../support/fixtures.js';

const PERMISSIVE = ['scoreThreshold=0', 'safetyMarginBps=0', 'warmupSeconds=30', 'adverseSelectionBps=0', 'fees.makerBps=0.1', 'fees.takerBps=0.2'];

interface Rig {
  readonly trader: VenueTrader;
  readonly controller: ReplayController;
  readonly journal: UnnumberedEvent[];
  readonly registered: OrderRequest[];
  /** Added to the venue's stated position of BTCUSDT (a trade made elsewhere). */
  offset: { value: number };
  /** Whether the venue's state is read (every 5 s of run time) and reconciled. */
  reads: { on: boolean };
  orders(): number;
  nowUs(): number;
  gate(name: string): UnnumberedEvent[];
}

async function rig(register: (request: OrderRequest) => boolean = () => true): Promise<Rig> {
  const replay = await prepareReplay({ files: SPOT_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  const config = await loadStrategyConfig(undefined, PERMISSIVE);
  const features = attachFeatureEngines(replay.pipeline);
  const pipeline = replay.pipeline;
  const engine = pipeline.allEngines()[0];
  if (engine === undefined) throw new Error('no engine');
  const { instrument } = engine;
  const params = strategyParamsFor(config, instrument.symbol);
  const account = new SimAccount({ symbols: [simAccountSymbol(instrument, params)], initialBalances: config.defaults.initialBalances });
  const exchange = new SimulatedExchange({ product: 'spot', time: pipeline.time, symbols: { [instrument.symbol]: { book: bookViewOf(engine), params, rules: null } }, random: seededRandom(1), account });
  const offset = { value: 0 };
  let snapshot = exchange.venueSnapshot();
  const holdings: VenueHoldings = {
    name: 'the venue',
    quoteAsset: () => 'USDT',
    holdings: () => {
      const held = account.summary().symbols;
      const own = held[instrument.symbol];
      return own === undefined ? held : { ...held, [instrument.symbol]: { ...own, position: String(Number(own.position) + offset.value) } };
    },
    snapshot: () => snapshot,
    orderFacts: () => null,
  };
  const journal: UnnumberedEvent[] = [];
  const registered: OrderRequest[] = [];
  let ids = 0;
  const trader = attachVenueTrader(pipeline, { config, models: new Map(), features, rulesOf: () => undefined }, exchange, holdings, {
    journal: (event) => journal.push(event),
    clientOrderIdOf: () => `x-test-${++ids}`,
    register: (request) => {
      // registered before the order is journaled
      expect(journal.some((e) => e.type === 'orderRequested' && e.request.clientOrderId === request.clientOrderId)).toBe(false);
      registered.push(request);
      return register(request);
    },
  });
  void exchange.connect(trader.path.sink);
  pipeline.onEvent((event, e) => {
    if (e !== null && event.kind !== 'notice' && event.kind !== 'connection') exchange.onMarketEvent(instrument.symbol, event);
  });
  // A read of the venue's state every 5 s of run time, reconciled as it arrives (as the Binance account is).
  const reads = { on: true };
  pipeline.time.every(5000, () => {
    if (!reads.on) return;
    snapshot = exchange.venueSnapshot();
    trader.reconcileNow();
  });
  const controller = new ReplayController(replay);
  await controller.start();
  return {
    trader,
    controller,
    journal,
    registered,
    offset,
    reads,
    orders: () => journal.filter((e) => e.type === 'orderRequested').length,
    nowUs: () => pipeline.time.nowUs(),
    gate: (name) => journal.filter((e) => e.type === 'gateChanged' && e.gate === name),
  };
}

async function tradeUntilOrder(r: Rig): Promise<void> {
  while (r.orders() === 0 && !r.controller.finished) await r.controller.stepTime(100);
}

describe('the strategy at a venue with private state', () => {
  it('sends nothing before a reconciliation agreed, even once enabled; then trades with the venue’s client ids, registered first', async () => {
    const r = await rig();
    r.reads.on = false;
    r.trader.enableTrading('--enable-trading');
    expect(r.trader.reconciliation().privateState).toBe(NOT_RECONCILED_YET);
    await r.controller.stepTime(120_000);
    expect(r.orders()).toBe(0);
    r.reads.on = true;
    await tradeUntilOrder(r);
    expect(r.orders()).toBeGreaterThan(0);
    expect(r.gate('privateState')).toEqual([expect.objectContaining({ open: true, reason: 'reconciled', symbol: 'BTCUSDT' })]);
    const first = r.journal.find((e) => e.type === 'orderRequested');
    expect(first?.type === 'orderRequested' ? first.request.clientOrderId : null).toBe('x-test-1');
    expect(r.registered.map((q) => q.clientOrderId)).toEqual(['x-test-1']);
    const held = r.journal.filter((e) => e.type === 'decision' && e.gates.some((g) => g.gate === 'privateState' && !g.pass && g.value === NOT_RECONCILED_YET));
    expect(held.length).toBeGreaterThan(0);
  });

  it('an order that cannot be registered is not sent', async () => {
    const r = await rig(() => false);
    r.trader.enableTrading('operator');
    while (r.registered.length === 0 && !r.controller.finished) await r.controller.stepTime(100);
    expect(r.registered.length).toBe(1);
    expect(r.orders()).toBe(0);
    expect(r.trader.core.orders.all()).toEqual([]);
  });

  it('a venue problem closes the privateState gate until it clears, journaled once each way', async () => {
    const r = await rig();
    r.trader.enableTrading('operator');
    await r.controller.stepTime(6000);
    r.trader.setVenueProblem('user stream down for 20 s');
    expect(r.trader.reconciliation().privateState).toBe('user stream down for 20 s');
    await r.controller.stepTime(120_000);
    expect(r.orders()).toBe(0);
    expect(r.gate('privateState').map((e) => e.type === 'gateChanged' && [e.open, e.reason])).toEqual([
      [true, 'reconciled'],
      [false, 'user stream down for 20 s'],
    ]);
    r.trader.setVenueProblem(null);
    expect(r.gate('privateState').at(-1)).toEqual(expect.objectContaining({ open: true, reason: 'reconciled' }));
    await tradeUntilOrder(r);
    expect(r.orders()).toBeGreaterThan(0);
  });

  it('a position the venue states differently at two reads in a row closes the gate; one read does not', async () => {
    const r = await rig();
    r.trader.enableTrading('operator');
    await r.controller.stepTime(6000);
    r.offset.value = 0.5;
    await r.controller.stepTime(5000);
    expect(r.trader.reconciliation().privateState).toBeNull();
    await r.controller.stepTime(5000);
    expect(r.trader.reconciliation().privateState).toBe('reconciliation: BTCUSDT: position 0 here, 0.5 at the venue');
    expect(r.gate('privateState').at(-1)).toEqual(expect.objectContaining({ open: false, reason: 'reconciliation: BTCUSDT: position 0 here, 0.5 at the venue' }));
    r.offset.value = 0;
    await r.controller.stepTime(5000);
    expect(r.trader.reconciliation().privateState).toBeNull();
  });

  it('a rate-limit warning counts in the rateLimit gate', async () => {
    const r = await rig();
    await r.controller.stepTime(6000);
    r.trader.rateLimitWarning();
    r.trader.rateLimitWarning();
    const risk = r.trader.core.strategy.symbols()[0]?.risk;
    const gate = risk?.gates({ side: 'BUY', notional: '10', qty: '0.001' }, r.nowUs()).find((g) => g.gate === 'rateLimit');
    expect(gate?.value).toBe(2);
  });
});
