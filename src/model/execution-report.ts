// model/execution-report: what a venue says about one of our orders, after the fact and in its own time
// (events, past tense). A venue adapter turns its wire messages into these; a simulator produces them
// directly. Prices and quantities are integer ticks and lots; the fee is a decimal string, as charged.

export type Liquidity = 'maker' | 'taker';

interface ReportHeader {
  readonly clientOrderId: string;
  readonly symbol: string;
  /** The venue's time of the event, ms (Binance `T`); null where the venue gives none (a timeout). */
  readonly transactTimeMs: number | null;
}

/** The venue took the order (it is open, or about to be filled). */
export interface OrderAccepted extends ReportHeader {
  readonly kind: 'accepted';
  readonly venueOrderId: string;
}

/** The venue refused the order (a filter, a post-only order that would take, a rate limit...). */
export interface OrderRejected extends ReportHeader {
  readonly kind: 'rejected';
  readonly reason: string;
}

/** A part (or the rest) of the order traded. */
export interface OrderFilled extends ReportHeader {
  readonly kind: 'filled';
  /** The venue's trade id: a trade reported twice (stream and reconciliation) is the same fill. */
  readonly tradeId: string;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly liquidity: Liquidity;
  /** Fee charged for this fill, a decimal string in `feeAsset` (negative for a rebate). */
  readonly fee: string;
  readonly feeAsset: string;
}

export interface OrderCanceled extends ReportHeader {
  readonly kind: 'canceled';
}

/** The venue ended the order without us asking (the unfilled rest of an IOC, a post-only order on USD-M). */
export interface OrderExpired extends ReportHeader {
  readonly kind: 'expired';
}

/** The venue refused a cancel request: the order is as it was (or already ended: its own report says so). */
export interface CancelRejected extends ReportHeader {
  readonly kind: 'cancelRejected';
  readonly reason: string;
}

/**
 * A request got no answer (a timeout, a 5xx): whether the venue acted on it is unknown. The order may exist;
 * a later report (or a reconciliation) resolves it. Never resubmit blindly.
 */
export interface OutcomeUnknown extends ReportHeader {
  readonly kind: 'outcomeUnknown';
  readonly request: 'submit' | 'cancel';
  readonly detail: string;
}

export type ExecutionReport = OrderAccepted | OrderRejected | OrderFilled | OrderCanceled | OrderExpired | CancelRejected | OutcomeUnknown;

export type ExecutionReportKind = ExecutionReport['kind'];

export const EXECUTION_REPORT_KINDS: readonly ExecutionReportKind[] = [
  'accepted',
  'rejected',
  'filled',
  'canceled',
  'expired',
  'cancelRejected',
  'outcomeUnknown',
];
