// model: the vocabulary shared by every engine — products, instruments and exact units, raw messages and
// the normalized event model; the exchange's order rules of a symbol; orders, their state machine, the
// execution port and the read-only market views strategies get; trading events and their canonical journal
// lines; exact money (decimal.js) and the one long-flat position ledger. Depends only on core.
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
  isPlainDecimal,
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
export { decimalText, isCanonicalDecimal, isDecimalText } from './decimal-text.js';
export { COST_DECIMALS, MONEY_ZERO, Money, displayNumber, money, moneyText, positiveMoney } from './money.js';
export { PositionLedger, readPositionLedgerState, type FillEffect, type LedgerFill, type PositionLedgerState } from './position-ledger.js';
export { StateFields, StateItem } from './state-fields.js';
export { ORDER_TYPES, isClientOrderId, orderRequestProblem, type OrderIntent, type OrderRequest, type OrderSide, type OrderType } from './order.js';
export {
  EXECUTION_REPORT_KINDS,
  type CancelRejected,
  type ExecutionReport,
  type ExecutionReportKind,
  type Liquidity,
  type OrderAccepted,
  type OrderCanceled,
  type OrderExpired,
  type OrderFilled,
  type OrderRejected,
  type OutcomeUnknown,
} from './execution-report.js';
export {
  ORDER_STATUSES,
  applyReport,
  createOrder,
  isAccepted,
  isFinalStatus,
  requestCancel,
  type InvalidTransitionReason,
  type Order,
  type OrderStatus,
  type OrderTransition,
} from './order-state.js';
export { filledReportOf, type Balance, type ExecutionReportSink, type ExecutionVenue, type Position, type VenueFill, type VenueOrder, type VenueOrderState, type VenueOrderStatus, type VenueSnapshot } from './execution-port.js';
export { readOrder, readOrderRequest, readVenueFill } from './order-fields.js';
export type { BookLevel, BookView, FeatureView, FlowWindowView, MarketView, SideLiquidityView, TickerAgreement, TopOfBookView } from './market-view.js';
export { COST_PART_NAMES, DECISION_ACTIONS, firstFailingGate, type CostParts, type Decision, type DecisionAction, type DecisionIntent, type GateResult } from './decision.js';
export {
  TRADING_EVENT_TYPES,
  UNJOURNALED_PARAMS,
  VENUE_REQUEST_KINDS,
  type CancelAllRequested,
  type CancelRequested,
  type DecisionMade,
  type GatesTallied,
  type GateChanged,
  type KillSwitchEngaged,
  type KillSwitchReset,
  type OrderRequested,
  type PositionChanged,
  type ReportReceived,
  type TradingEvent,
  type TradingEventType,
  type VenueRequested,
  type VenueRequestKind,
} from './trading-event.js';
export { JOURNAL_FORMAT, JOURNAL_FORMAT_VERSION, TradingCodec, type JournalHeader } from './trading-codec.js';
export { TradingLog } from './trading-log.js';
