// model/trading-event: the trading journal's vocabulary — every decision change, command, venue report,
// position change, gate change, gate tally and kill-switch action of a run, as an immutable event in past
// tense, and the exact parameters of each request sent to (or validated by) a real venue. Each carries the run's time (µs, the kernel's event-time scheduler: never a wall clock) and its
// sequence number in the journal (0, 1, 2, ...). Market data is not here: recordings keep it, with their
// own digest.

import type { Decision } from './decision.js';
import type { ExecutionReport } from './execution-report.js';
import type { Position } from './execution-port.js';
import type { OrderRequest } from './order.js';
import type { Product } from './product.js';

interface TradingEventHeader {
  /** Position in the journal: 0, 1, 2, ... */
  readonly seq: number;
  /** The run's time when it happened, µs (the pipeline's time). */
  readonly timeUs: number;
}

/**
 * A strategy's decision changed (no-trade reason changed, an intent produced, a gate tripped or cleared): the
 * whole Decision, with the run's time as its timeUs. Orders it asks for name its id. Not every evaluation is
 * journaled (that would flood the journal): GatesTallied counts them.
 */
export interface DecisionMade extends TradingEventHeader, Decision {
  readonly type: 'decision';
  readonly decisionId: string;
}

/** How many evaluations of one symbol's strategy there were so far, and how many each gate rejected. */
export interface GatesTallied extends TradingEventHeader {
  readonly type: 'gateTally';
  readonly product: Product;
  readonly symbol: string;
  readonly evaluations: number;
  /** Gate name → evaluations in which that gate failed (every failing gate counts); each ≤ evaluations. */
  readonly rejectedBy: Readonly<Record<string, number>>;
}

/** An order went out to the venue. */
export interface OrderRequested extends TradingEventHeader {
  readonly type: 'orderRequested';
  readonly request: OrderRequest;
}

/** A cancel of one order went out. */
export interface CancelRequested extends TradingEventHeader {
  readonly type: 'cancelRequested';
  readonly product: Product;
  readonly clientOrderId: string;
  readonly reason: string;
}

/** A cancel of every open order (of one symbol, or all) went out. */
export interface CancelAllRequested extends TradingEventHeader {
  readonly type: 'cancelAllRequested';
  readonly product: Product;
  readonly symbol: string | null;
  readonly reason: string;
}

/** The venue reported on one of our orders (ack, reject, fill, canceled, expired, ...). */
export interface ReportReceived extends TradingEventHeader {
  readonly type: 'reportReceived';
  readonly product: Product;
  readonly report: ExecutionReport;
}

export interface PositionChanged extends TradingEventHeader {
  readonly type: 'positionChanged';
  readonly position: Position;
}

/** A gate (data health, risk limit, ...) opened or closed: orders may (not) go out. */
export interface GateChanged extends TradingEventHeader {
  readonly type: 'gateChanged';
  readonly gate: string;
  readonly open: boolean;
  /** What it covers; null for all products / symbols. */
  readonly product: Product | null;
  readonly symbol: string | null;
  readonly reason: string;
}

/** Trading stopped: no order goes out until a reset. */
export interface KillSwitchEngaged extends TradingEventHeader {
  readonly type: 'killSwitchEngaged';
  readonly reason: string;
}

export interface KillSwitchReset extends TradingEventHeader {
  readonly type: 'killSwitchReset';
  readonly reason: string;
}

/** What a request to a real venue did: place an order, validate one (test order), cancel one, cancel a symbol's open orders. */
export type VenueRequestKind = 'order' | 'testOrder' | 'cancel' | 'cancelAll';

export const VENUE_REQUEST_KINDS: readonly VenueRequestKind[] = ['order', 'testOrder', 'cancel', 'cancelAll'];

/**
 * Parameters a venue request must never journal: the signature and the API key are secrets, the timestamp
 * belongs to the signing, not to the request. The codec refuses an event that holds one.
 */
export const UNJOURNALED_PARAMS: readonly string[] = ['apiKey', 'signature', 'timestamp'];

/**
 * A request went out to a real venue (or was validated there), with its exact parameters as sent: every value
 * the string on the wire ("60000.01", never a number). Parameters are those before signing (no key, no
 * signature, no timestamp). The order model's own events (orderRequested, cancelRequested) say what was
 * meant; this one says what the venue was asked.
 */
export interface VenueRequested extends TradingEventHeader {
  readonly type: 'venueRequest';
  readonly product: Product;
  /** Which of the exchange's venues: 'production', 'demo' or 'testnet'. */
  readonly venue: string;
  readonly request: VenueRequestKind;
  /** The order the request names (new or original client order id); null for a cancel of all. */
  readonly clientOrderId: string | null;
  readonly params: Readonly<Record<string, string>>;
}

export type TradingEvent =
  | DecisionMade
  | OrderRequested
  | CancelRequested
  | CancelAllRequested
  | ReportReceived
  | PositionChanged
  | GateChanged
  | KillSwitchEngaged
  | KillSwitchReset
  | GatesTallied
  | VenueRequested;

export type TradingEventType = TradingEvent['type'];

export const TRADING_EVENT_TYPES: readonly TradingEventType[] = [
  'decision',
  'orderRequested',
  'cancelRequested',
  'cancelAllRequested',
  'reportReceived',
  'positionChanged',
  'gateChanged',
  'killSwitchEngaged',
  'killSwitchReset',
  'gateTally',
  'venueRequest',
];
