// model/events: the one normalized event model. Market data (depth diff, snapshot, trade, aggTrade,
// bookTicker), connection lifecycle and engine notices. Every market event keeps the venue's event time
// (E), transaction time (T) where the venue gives it, the local receive time, the stream, the update ids
// and the connection id. Units are in the names; prices are integer ticks and quantities integer lots.

import type { LevelList } from './levels.js';
import type { AggressorSide, Product } from './product.js';

export interface EventHeader {
  /** Sequence number of the raw message this event came from. */
  readonly seq: number;
  readonly receiveTimeUs: number;
  readonly connectionId: number;
  readonly stream: string;
  readonly product: Product;
  readonly symbol: string;
}

export interface DepthDiffEvent extends EventHeader {
  readonly kind: 'depthDiff';
  readonly exchangeTimeMs: number;
  /** USD-M only. */
  readonly transactTimeMs: number | null;
  readonly firstUpdateId: number;
  readonly finalUpdateId: number;
  /** USD-M only: the previous diff's final update id. */
  readonly prevFinalUpdateId: number | null;
  readonly bids: LevelList;
  readonly asks: LevelList;
}

export interface DepthSnapshotEvent extends EventHeader {
  readonly kind: 'depthSnapshot';
  readonly lastUpdateId: number;
  readonly exchangeTimeMs: number | null;
  readonly transactTimeMs: number | null;
  readonly bids: LevelList;
  readonly asks: LevelList;
}

export interface TradeEvent extends EventHeader {
  readonly kind: 'trade';
  readonly tradeId: number;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly tradeTimeMs: number;
  readonly exchangeTimeMs: number;
  /** m: true when the buyer was the maker, i.e. the aggressor sold. */
  readonly buyerIsMaker: boolean;
  readonly aggressor: AggressorSide;
}

export interface AggTradeEvent extends EventHeader {
  readonly kind: 'aggTrade';
  readonly aggTradeId: number;
  readonly firstTradeId: number;
  readonly lastTradeId: number;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly tradeTimeMs: number;
  readonly exchangeTimeMs: number;
  readonly buyerIsMaker: boolean;
  readonly aggressor: AggressorSide;
}

export interface BookTickerEvent extends EventHeader {
  readonly kind: 'bookTicker';
  readonly updateId: number;
  readonly bidTicks: number;
  readonly bidLots: number;
  readonly askTicks: number;
  readonly askLots: number;
  /** USD-M only. */
  readonly exchangeTimeMs: number | null;
  readonly transactTimeMs: number | null;
}

export type MarketEvent = DepthDiffEvent | DepthSnapshotEvent | TradeEvent | AggTradeEvent | BookTickerEvent;

/** shutdownAnnounced: the venue said it will close the connection soon (Binance's serverShutdown event). */
export type ConnectionState = 'open' | 'reconnecting' | 'reconnected' | 'closed' | 'shutdownAnnounced';

/** Lifecycle of one connection; applies to every symbol streamed on it. */
export interface ConnectionEvent {
  readonly kind: 'connection';
  readonly seq: number;
  readonly receiveTimeUs: number;
  readonly connectionId: number;
  readonly product: Product;
  readonly state: ConnectionState;
  readonly stream: string;
}

export type NoticeType =
  | 'bookSynced'
  | 'gapDetected'
  | 'resyncRequested'
  | 'snapshotRejected'
  | 'snapshotIgnored'
  | 'staleDetected'
  | 'staleCleared'
  | 'crossedDetected'
  | 'bboMismatchDetected'
  | 'bufferOverflowed'
  | 'connectionReset'
  | 'snapshotFetchFailed'
  | 'messageMalformed';

/** Something the engine noticed and decided. Past tense; every one is logged and digested. */
export interface EngineNotice {
  readonly kind: 'notice';
  readonly notice: NoticeType;
  /** Sequence number of the message that caused it. */
  readonly seq: number;
  readonly receiveTimeUs: number;
  readonly product: Product;
  /** "" when the notice is not about one symbol (a malformed message, a connection). */
  readonly symbol: string;
  /** One line for humans. */
  readonly detail: string;
}

export type FlowEvent = MarketEvent | ConnectionEvent | EngineNotice;
