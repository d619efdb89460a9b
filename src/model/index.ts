// model: the vocabulary shared by every engine — products, instruments and exact units, raw messages and
// the normalized event model, and the exchange's order rules of a symbol. Depends only on core.
export { PRODUCTS, isProduct, type AggressorSide, type Product, type Side } from './product.js';
export {
  createInstrument,
  instrumentKey,
  lotsToNumber,
  lotsToQty,
  priceToTicks,
  qtyToLots,
  runToLots,
  runToTicks,
  spanToLots,
  spanToTicks,
  ticksToNumber,
  ticksToPrice,
  type Instrument,
  type InstrumentSpec,
} from './instrument.js';
export { levelCount, type LevelList } from './levels.js';
export {
  RULE_FIELDS,
  isDecimalText,
  isDisabled,
  readRuleFields,
  type NotionalRule,
  type PercentPriceBySideRule,
  type PriceRule,
  type QuantityRule,
  type SpotMinNotionalRule,
  type SpotPercentPriceRule,
  type SpotSymbolRules,
  type SymbolRules,
  type UsdmMinNotionalRule,
  type UsdmPercentPriceRule,
  type UsdmSymbolRules,
} from './symbol-rules.js';
export { restDepthStream, streamOfEnvelope, symbolOfStream, type RawMessage, type RawMessageKind } from './raw-message.js';
export type {
  AggTradeEvent,
  BookTickerEvent,
  ConnectionEvent,
  ConnectionState,
  DepthDiffEvent,
  DepthSnapshotEvent,
  EngineNotice,
  EventHeader,
  FlowEvent,
  MarketEvent,
  NoticeType,
  TradeEvent,
} from './events.js';
export type {
  MarketDataVenue,
  RestFailure,
  RestFailureKind,
  RestOutcome,
  StreamSink,
} from './market-data-port.js';
