// model/execution-port: what the trading engine needs from a place that executes orders, as an interface.
// A Binance adapter implements it for paper (demo/testnet) and live trading, a simulator for backtests; the
// strategy's code path is the same for all three. Commands go in; every outcome comes back later as an
// ExecutionReport through the sink, because latency and races are real: nothing here returns an ack or a
// fill. Balances and positions are decimal strings, exactly as the venue states them.

import type { ExecutionReport, OrderFilled } from './execution-report.js';
import type { OrderSide, OrderRequest, OrderType } from './order.js';
import type { Product } from './product.js';

export interface Balance {
  readonly asset: string;
  /** Decimal strings. */
  readonly free: string;
  readonly locked: string;
}

export interface Position {
  readonly product: Product;
  readonly symbol: string;
  /** Signed base quantity, a decimal string (negative: short). */
  readonly qty: string;
  /** Average entry price, a decimal string; null when flat. */
  readonly entryPrice: string | null;
  /** Realized P&L in the quote asset, a decimal string. */
  readonly realizedPnl: string;
}

/** An open order as the venue knows it (it may have been placed by someone else: no intent, no decision). */
export interface VenueOrder {
  readonly clientOrderId: string;
  readonly venueOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  /** null for an order type flowdesk does not place (a stop order placed by hand). */
  readonly type: OrderType | null;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly filledLots: number;
}

/** One fill of an order as the venue records it (Binance's "account trade list" entry). */
export interface VenueFill {
  /** The venue's trade id: the same fill reported by the stream has the same id. */
  readonly tradeId: string;
  readonly priceTicks: number;
  readonly qtyLots: number;
  /** Decimal string in feeAsset (negative: a rebate). */
  readonly fee: string;
  readonly feeAsset: string;
  /** True when the order was the maker (it rested and was hit). */
  readonly maker: boolean;
  /** When it traded, µs on the run's time. */
  readonly timeUs: number;
}

/** How the venue sees one order: open (working, or waiting to be matched), or how it ended. */
export type VenueOrderState = 'open' | 'filled' | 'canceled' | 'expired' | 'rejected';

/** The venue's record of one order (Binance's "query order" with its trades): what reconciliation trusts. */
export interface VenueOrderStatus {
  readonly clientOrderId: string;
  /** The venue's id, once it accepted the order; null before (an order waiting to be matched) or for a reject. */
  readonly venueOrderId: string | null;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly status: VenueOrderState;
  /** Σ fills' lots. */
  readonly filledLots: number;
  /** Every fill, in the order they traded. */
  readonly fills: readonly VenueFill[];
  /** The venue's reason for a reject; null otherwise. */
  readonly rejectReason: string | null;
}

export interface VenueSnapshot {
  readonly openOrders: readonly VenueOrder[];
  readonly balances: readonly Balance[];
  /** Empty on spot (holdings are balances). */
  readonly positions: readonly Position[];
}

export interface ExecutionReportSink {
  /** One report about one of our orders, in the order the venue's stream gave them. */
  report(report: ExecutionReport): void;
}

export interface ExecutionVenue {
  readonly product: Product;

  /**
   * Starts delivering reports to `sink` (a live adapter opens its private stream first). Resolves once
   * reports will flow; every other call needs it first. Called once.
   */
  connect(sink: ExecutionReportSink): Promise<void>;

  /**
   * Sends the order. Returns as soon as the request is on its way: never with an ack or a fill. Its outcome
   * arrives through the sink — `accepted` then `filled`s, or `rejected`, `expired`, `canceled`; or
   * `outcomeUnknown` when the venue did not answer (the order may exist: reconcile through snapshot(), never
   * resubmit blindly). A request the venue cannot even read (malformed) is a `rejected` report too.
   */
  submit(request: OrderRequest): void;

  /**
   * Asks the venue to cancel one order. Its outcome arrives through the sink: `canceled`, or `cancelRejected`
   * (unknown or already ended order), or `outcomeUnknown`; fills may still arrive before the cancel takes.
   */
  cancel(clientOrderId: string): void;

  /** Asks the venue to cancel every open order of ours (of `symbol` only, when given); each outcome is a report. */
  cancelAll(symbol?: string): void;

  /**
   * The venue's current view of open orders, balances and positions (a REST query live, the simulator's state
   * in a backtest): for reconciliation at start, after a reconnect and after an unknown outcome. Reports sent
   * before the snapshot was taken may still be on their way to the sink.
   */
  snapshot(): Promise<VenueSnapshot>;

  /** Stops reports and releases connections; open orders are left as they are (cancelAll first to close them). */
  close(): Promise<void>;
}

/** The `filled` report of one of the venue's fills of an order (a reconciliation's, a query's). */
export function filledReportOf(clientOrderId: string, symbol: string, fill: VenueFill): OrderFilled {
  return {
    kind: 'filled',
    clientOrderId,
    symbol,
    transactTimeMs: Math.floor(fill.timeUs / 1000),
    tradeId: fill.tradeId,
    priceTicks: fill.priceTicks,
    qtyLots: fill.qtyLots,
    liquidity: fill.maker ? 'maker' : 'taker',
    fee: fill.fee,
    feeAsset: fill.feeAsset,
  };
}
