// risk/types: the values the risk book takes in and hands out — a fill in decimal strings, a change of a
// holding gate, and the names of the risk gates in the order a decision lists them.

/** One fill of our order: decimal strings; the fee in the quote asset (negative: a rebate). */
export interface RiskFill {
  /** The run's time, µs; its UTC day is the day the fill's notional counts in. */
  readonly timeUs: number;
  readonly side: 'BUY' | 'SELL';
  readonly price: string;
  readonly qty: string;
  readonly fee: string;
  /** The asset `fee` is in; default 'quote' (a base-asset fee reduces the position). */
  readonly feeAsset?: 'quote' | 'base';
}

/** A holding gate (kill switch, daily loss, drawdown, consecutive losses) tripped or was reset. */
export interface RiskGateChange {
  readonly gate: RiskGateName;
  readonly tripped: boolean;
  readonly reason: string;
}

/** The order an intent would send, as the risk gates see it: notional = price × qty, decimal strings. */
export interface RiskIntent {
  readonly side: 'BUY' | 'SELL';
  readonly notional: string;
  readonly qty: string;
}

/** The risk gates, in the order RiskBook.gates lists them (after the signal's gates). */
export const RISK_GATE_NAMES = [
  'maxOrderNotional',
  'maxPosition',
  'maxDailyNotional',
  'maxDailyLoss',
  'maxDrawdown',
  'consecutiveLosses',
  'rejectRate',
  'cancelLatency',
  'rateLimit',
  'privateState',
  'operatorEnabled',
  'killSwitch',
] as const;

export type RiskGateName = (typeof RISK_GATE_NAMES)[number];

/** The position and P&L, as canonical decimal strings. */
export interface RiskPosition {
  /** Base-asset quantity held (long-flat: ≥ 0). */
  readonly qty: string;
  /** Average entry price; null when flat. */
  readonly avgEntry: string | null;
  /** Realised P&L, gross of fees. */
  readonly realizedPnl: string;
  /** At the last mid (0 before any mark). */
  readonly unrealizedPnl: string;
  readonly fees: string;
  /** realised + unrealised − fees. */
  readonly netPnl: string;
  /** Notional traded in the current UTC day. */
  readonly dailyNotional: string;
}
