// features: measures computed from books and trades. Pure functions of engine state and events; no I/O,
// no clock (time is the events' receive time).
export { notionalImbalance, type ImbalanceSignal, type NotionalImbalance } from './notional-imbalance.js';
export { RollingSums, WINDOWS_MS, WINDOW_NAMES, type WindowName } from './windows.js';
export { multiLevelOfi, touchOfi, type Quotes } from './ofi.js';
export { OnlineMicroprice } from './microprice.js';
export { leeReady, tickRule } from './trade-classify.js';
export { RollingQuantile } from './rolling-quantile.js';
export { bookMeasures, DEPTH_LEVELS, OBI_BANDS_BPS, OBI_LEVELS, type BookMeasures } from './book-measures.js';
export {
  DEFAULT_FEATURE_OPTIONS,
  FeatureEngine,
  type FeatureEngineOptions,
  type LiquidityFlow,
  type WindowedFlow,
} from './engine.js';
export { featureColumns, featureRow, formatNumber, windowLabel } from './row.js';
export {
  AVERAGE_PRICE_EXTRA_DECIMALS,
  flatLevels,
  orderQtyToLots,
  simulateMarketOrder,
  takerFillOnLevels,
  walkLevels,
  type ImpactResult,
  type ImpactSide,
  type LevelSource,
  type LevelWalk,
  type TakerFill,
} from './impact.js';
export { VolumeProfile, bucketOf, valueAreaOf, type ProfileLevel, type ProfileView, type TradePrint, type ValueArea, type VolumeProfileOptions } from './profile.js';
export {
  Footprint,
  diagonalImbalances,
  shareStackedImbalances,
  stackedImbalances,
  type DiagonalImbalanceOptions,
  type FootprintBin,
  type FootprintCell,
  type FootprintOptions,
  type ImbalanceCell,
  type ImbalanceStack,
  type LevelImbalance,
  type ShareImbalanceOptions,
} from './footprint.js';
export {
  DEFAULT_DETECTOR_OPTIONS,
  DESK_DETECTOR_OPTIONS,
  DETECTOR_KINDS,
  Detectors,
  type Detection,
  type DetectionSink,
  type DetectorKind,
  type DetectorOptions,
} from './detectors/index.js';
export { LARGE_TRADE_MIN_HISTORY, LargeTrades } from './large-trades.js';
export {
  ANCHOR_KINDS,
  DEFAULT_HORIZONS_MS,
  MAX_HORIZONS,
  MAX_HORIZON_MS,
  MarkoutEngine,
  MarkoutMarket,
  MarkoutStats,
  detectionSide,
  horizonLabel,
  parseHorizons,
  type AnchorKind,
  type MarkoutGroup,
  type MarkoutRow,
  type MarkoutSink,
  type MarkoutSummary,
  type MarkoutTime,
} from './markouts/index.js';
