// kernel: wires sources, the venue parser and the engines into one pipeline (replay today; live, paper and
// execution later). Engines stay free of I/O and clocks; the kernel hands them time from messages.
export { InstrumentRegistry } from './instruments.js';
export { Pipeline, type PipelineCounters, type PipelineListener } from './pipeline.js';
export { SymbolEngine, type EngineCounters, type EngineOptions, type NoticeSink } from './symbol-engine.js';
export { mergeByReceiveTime } from './merge.js';
export { openSource, reconcileInstruments, type OpenedSource, type SourceOverrides } from './replay-sources.js';
export { prepareReplay, type PreparedReplay, type ReplayRequest } from './replay.js';
export { ReplayDriver, type ReplayDriverOptions } from './replay-driver.js';
export { buildReport, formatReportText, type RunReport, type SymbolReport } from './report.js';
export {
  ConnectionSupervisor,
  DEFAULT_RECONNECT,
  type ConnectionPhase,
  type ConnectionStatus,
  type ReconnectOptions,
} from './connection-supervisor.js';
export { LiveSession, type LiveSessionHooks, type LiveSessionOptions, type LiveSessionPorts, type TradeStream } from './live-session.js';
export {
  DEFAULT_BACKOFF,
  SNAPSHOT_WEIGHT_BUDGET_PER_MINUTE,
  SnapshotFetcher,
  depthRequestWeight,
  type BackoffOptions,
  type FetcherStats,
} from './snapshot-fetcher.js';
export { attachDetectors, attachFeatureEngines } from './features.js';
export { attachMarkouts, type AttachedMarkouts, type MarkoutOptions } from './markouts.js';
export { OrderManager, type ExecutionOptions, type ExecutionTime } from './execution.js';
export { readOrderManagerState, type OrderManagerState, type TrackedOrderState } from './execution-state.js';
export { attachBacktest, attachExecution, type AttachedBacktest, type BacktestHooks, type BacktestOptions, type ExecutionHooks, type ExecutionPath } from './backtest.js';
export { attachVenueTrader, type VenueTrader, type VenueTraderHooks, type VenueTraderOptions } from './venue-trader.js';
export { StrategySetupError, attachStrategy, intentPrice, orderSizing, sellableLots, type AttachedStrategy, type NotTraded, type StrategyHooks, type StrategyRunOptions, type SymbolStrategyState, type UnnumberedEvent } from './strategy.js';
export { ReplayController, type Speed } from './replay-controller.js';
export { bookViewOf, featureViewOf, marketViewOf, midPriceText } from './market-views.js';
export { runOnGrid } from './grid.js';
export { OFI_MLOFI_LEVELS, sampleOfiIntervals, type OfiSampling, type SymbolOfiSamples } from './ofi-samples.js';
export { attachPaper, simulatedHoldings, type PaperHooks, type PaperOptions, type PaperTrader } from './paper.js';
export {
  LAST_FILLS,
  NOT_RECONCILED_YET,
  RECONCILE_EVERY_MS,
  attachTrader,
  type FillMarkout,
  type OpenOrderInfo,
  type OwnFill,
  type PaperOrders,
  type PaperPositions,
  type ReconciliationResult,
  type SymbolPosition,
  type Trader,
  type TraderCore,
  type TraderHooks,
  type TraderOptions,
  type TradingStatus,
  type VenueHolding,
  type VenueHoldings,
} from './trader.js';
export { REASON_CANCEL_LOST, REASON_NOT_AT_VENUE, reconcileOrders, reconcilePosition, type OrderReconciliation } from './reconcile.js';
