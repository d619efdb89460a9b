// kernel/backtest: the strategy trading against the simulated exchange on a pipeline — the backtest's
// composition (and paper trading's, on live data). The strategy runner (kernel/strategy.ts) decides; the
// order manager (kernel/execution.ts) sends its intents to the SimulatedExchange (src/sim), which matches
// them against the replayed market (fed every market event after the book applied it) and books fills in
// the SimAccount; the account is marked at the fused mid whenever it moves. Everything runs on the run's
// time, seeded from the configuration: the same input, configuration and seed give the same everything.

import type { StrategyConfig } from '../config/index.js';
import { seededRandom } from '../core/index.js';
import type { FeatureEngine } from '../features/index.js';
import { type Decision, type ExecutionReport, type ExecutionReportSink, type ExecutionVenue, type Instrument, type Order, type OrderRequest, type SymbolRules } from '../model/index.js';
import type { ModelFile } from '../research/index.js';
import { SimAccount, SimulatedExchange, simAccountSymbol, type SimSymbol } from '../sim/index.js';
import { strategyParamsFor } from '../config/index.js';
import { OrderManager, type ExecutionOptions } from './execution.js';
import { bookViewOf, midPriceText } from './market-views.js';
import type { Pipeline } from './pipeline.js';
import { attachStrategy, type AttachedStrategy, type UnnumberedEvent } from './strategy.js';
import type { SymbolEngine } from './symbol-engine.js';

export interface BacktestOptions {
  readonly config: StrategyConfig;
  readonly models: ReadonlyMap<string, ModelFile>;
  readonly features: ReadonlyMap<SymbolEngine, FeatureEngine>;
  /** The exchange's filters of a symbol when the recording holds them (replay.rulesOf). */
  readonly rulesOf: (instrument: Instrument) => SymbolRules | undefined;
}

export interface BacktestHooks {
  readonly journal: (event: UnnumberedEvent) => void;
  /** Every report at the exchange's own time (the match time of a fill), before the response latency. */
  readonly onVenueEvent?: (report: ExecutionReport, eventUs: number) => void;
  readonly onSubmit?: (request: OrderRequest, decision: Decision) => void;
  readonly onCancelRequest?: (order: Order, reason: string) => void;
  /** Every evaluation's decision (the console's gate pane); `journaled` says whether it went to the journal. */
  readonly onDecision?: (decision: Decision, journaled: boolean) => void;
}

export interface AttachedBacktest {
  readonly strategy: AttachedStrategy;
  readonly exchange: SimulatedExchange;
  readonly account: SimAccount;
  readonly orders: OrderManager;
  /** The symbols traded, by name. */
  readonly instruments: ReadonlyMap<string, Instrument>;
  /** The end of the data: tallies to the journal. Open orders stay as they are (the summary counts them). */
  finish(): void;
}

/** The strategy and its order manager over one venue: the part every run shares (backtest, paper, Binance). */
export interface ExecutionPath {
  readonly strategy: AttachedStrategy;
  readonly orders: OrderManager;
  /** The symbols traded, by name. */
  readonly instruments: ReadonlyMap<string, Instrument>;
  /** Where the venue sends its reports (the order manager). */
  readonly sink: ExecutionReportSink;
  /** The end of the data: tallies to the journal. */
  finish(): void;
}

export interface ExecutionHooks extends BacktestHooks {
  /** The client order id of a decision's order (default fd-<decision id>: deterministic, for the simulator). */
  readonly clientOrderIdOf?: (decisionId: string) => string;
  /** Each order before it is journaled and sent; false: it cannot be recorded, and is not sent. */
  readonly register?: (request: OrderRequest, decision: Decision) => boolean;
  /** Whether a rejected report counts in the rejectRate gate (default: every one). */
  readonly rejectCounts?: ExecutionOptions['rejectCounts'];
  /** Which side of the pair a fill's fee was taken from (default: the symbol's feeAsset parameter). */
  readonly feeSideOf?: ExecutionOptions['feeSideOf'];
}

/** The engines of the pipeline the strategy trades (their product is the one its configuration names). */
function tradedEngines(pipeline: Pipeline, config: StrategyConfig): SymbolEngine[] {
  return pipeline.allEngines().filter((e) => strategyParamsFor(config, e.instrument.symbol).product === e.instrument.product);
}

/**
 * Attaches the strategy and its order manager to a pipeline, over `venue` (not connected here: connect it
 * to the returned sink). Throws a StrategySetupError (kernel/strategy.ts) for a configuration the run
 * cannot feed.
 */
export function attachExecution(pipeline: Pipeline, options: BacktestOptions, venue: ExecutionVenue, hooks: ExecutionHooks): ExecutionPath {
  const engines = tradedEngines(pipeline, options.config);
  const instruments = new Map(engines.map((e) => [e.instrument.symbol, e.instrument] as const));
  const params = (symbol: string) => strategyParamsFor(options.config, symbol);
  let strategy: AttachedStrategy | null = null;
  const orders = new OrderManager({
    venue,
    time: pipeline.time,
    params,
    journal: hooks.journal,
    onFill: (instrument, fill) => strategy?.fill(instrument.product, instrument.symbol, fill),
    riskOf: (instrument) => strategy?.symbols().find((s) => s.instrument.symbol === instrument.symbol)?.risk,
    ...(hooks.onSubmit === undefined ? {} : { onSubmit: hooks.onSubmit }),
    ...(hooks.onCancelRequest === undefined ? {} : { onCancelRequest: hooks.onCancelRequest }),
    ...(hooks.clientOrderIdOf === undefined ? {} : { clientOrderIdOf: hooks.clientOrderIdOf }),
    ...(hooks.register === undefined ? {} : { register: hooks.register }),
    ...(hooks.rejectCounts === undefined ? {} : { rejectCounts: hooks.rejectCounts }),
    ...(hooks.feeSideOf === undefined ? {} : { feeSideOf: hooks.feeSideOf }),
  });
  const attached = attachStrategy(
    pipeline,
    { config: options.config, models: options.models, features: options.features, rulesOf: options.rulesOf },
    {
      journal: hooks.journal,
      ...(hooks.onDecision === undefined ? {} : { onDecision: hooks.onDecision }),
      onIntent: (decision, decisionId, instrument) => {
        orders.submit(decision, decisionId, instrument);
      },
      openOrders: (instrument) => orders.openOrders(instrument),
    },
  );
  strategy = attached;
  return { strategy: attached, orders, instruments, sink: { report: (report) => orders.report(report) }, finish: () => attached.finish() };
}

/**
 * Attaches the strategy, the order manager and one simulated exchange to a pipeline of one product.
 * Throws a StrategySetupError (kernel/strategy.ts) for a configuration the run cannot feed, and an Error
 * from the account for balances it cannot hold (an unknown quote asset).
 */
export function attachBacktest(pipeline: Pipeline, options: BacktestOptions, hooks: BacktestHooks): AttachedBacktest {
  const engines = tradedEngines(pipeline, options.config);
  const product = engines[0]?.instrument.product ?? 'spot';
  const params = (symbol: string) => strategyParamsFor(options.config, symbol);
  const account = new SimAccount({
    symbols: engines.map((e) => simAccountSymbol(e.instrument, params(e.instrument.symbol), options.rulesOf(e.instrument))),
    initialBalances: options.config.defaults.initialBalances,
  });
  const symbols: Record<string, SimSymbol> = {};
  for (const e of engines) symbols[e.instrument.symbol] = { book: bookViewOf(e), params: params(e.instrument.symbol), rules: options.rulesOf(e.instrument) ?? null };
  const exchange = new SimulatedExchange({
    product,
    time: pipeline.time,
    symbols,
    random: seededRandom(options.config.defaults.seed),
    account,
    ...(hooks.onVenueEvent === undefined ? {} : { observe: hooks.onVenueEvent }),
  });
  const path = attachExecution(pipeline, options, exchange, hooks);
  const { strategy, orders, instruments } = path;
  // The simulated exchange takes its sink at once (connect resolves at once): attaching is synchronous, so a
  // live session can attach before its first message.
  void exchange.connect(path.sink);
  // The exchange sees each market event after its book applied it; the account is marked when the mid moves.
  const lastMid = new Map<string, number>();
  pipeline.onEvent((event, engine) => {
    if (engine === null || event.kind === 'notice' || event.kind === 'connection') return;
    const symbol = engine.instrument.symbol;
    if (!instruments.has(symbol)) return;
    exchange.onMarketEvent(symbol, event);
    const top = engine.bbo.top(engine.sync);
    if (top === null) return;
    const twiceMid = top.bidTicks + top.askTicks;
    if (lastMid.get(symbol) === twiceMid) return;
    lastMid.set(symbol, twiceMid);
    account.mark(symbol, midPriceText(engine.instrument, top.bidTicks, top.askTicks), pipeline.time.nowUs());
  });
  return {
    strategy,
    exchange,
    account,
    orders,
    instruments,
    finish: () => path.finish(),
  };
}
