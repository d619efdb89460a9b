// risk/risk-book-state: the saved state of one symbol's RiskBook (restart recovery) — the JSON-able shape
// RiskBook.exportState() gives and RiskBook.restore() takes, and its reader, which checks every field and
// throws one StateError naming the first bad one. Money is decimal strings; times are the run's µs.

import { StateFields, readPositionLedgerState, type PositionLedgerState } from '../model/index.js';

export interface RiskBookState {
  /** The symbol the book belongs to (a state of another symbol is refused). */
  readonly symbol: string;
  /** The position and P&L. */
  readonly ledger: PositionLedgerState;
  /** The UTC day (days since 1970-01-01) of the last time the book saw; null before any. */
  readonly day: number | null;
  /** Notional filled in that day. */
  readonly dailyNotional: string;
  /** Net P&L when that day started (or when the daily loss was last reset). */
  readonly dayStartNet: string;
  /** The running peak of net P&L (from 0). */
  readonly peakNet: string;
  /** Losing round trips in a row. */
  readonly losingTrips: number;
  readonly dailyLossHeld: boolean;
  readonly drawdownHeld: boolean;
  /** Why the kill switch holds; null when off. */
  readonly killReason: string | null;
  readonly operatorEnabled: boolean;
  /** The last cancel latency, ms; null before any. */
  readonly cancelLatencyMs: number | null;
  /** The last order outcomes (at most rejectWindowOrders), oldest first: true for a reject. */
  readonly outcomes: readonly boolean[];
  /** Times (µs) of the rate-limit warnings not yet out of the window. */
  readonly rateLimitWarningsUs: readonly number[];
}

/** Reads a RiskBookState; `owner` starts every error ("risk BTCUSDT"). */
export function readRiskBookState(owner: string, value: unknown): RiskBookState {
  const f = StateFields.of(owner, value);
  const state: RiskBookState = {
    symbol: f.string('symbol'),
    ledger: readPositionLedgerState(f.object('ledger')),
    day: f.nullableInteger('day', Number.MIN_SAFE_INTEGER),
    dailyNotional: f.decimal('dailyNotional', 'nonNegative'),
    dayStartNet: f.decimal('dayStartNet'),
    peakNet: f.decimal('peakNet'),
    losingTrips: f.integer('losingTrips'),
    dailyLossHeld: f.boolean('dailyLossHeld'),
    drawdownHeld: f.boolean('drawdownHeld'),
    killReason: f.nullableString('killReason'),
    operatorEnabled: f.boolean('operatorEnabled'),
    cancelLatencyMs: f.nullableNumber('cancelLatencyMs', 0),
    outcomes: f.list('outcomes', (item) => item.boolean()),
    rateLimitWarningsUs: f.list('rateLimitWarningsUs', (item) => item.integer(Number.MIN_SAFE_INTEGER)),
  };
  f.end();
  return state;
}
