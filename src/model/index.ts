// model: the vocabulary shared by every engine — products, instruments and exact units, raw messages and
// the normalized event model. Depends only on core.
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
