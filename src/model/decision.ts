// model/decision: what a strategy decided at one evaluation, as a value — the action, the score and the
// expected edge against every cost, each gate's pass/fail with its value and limit, the feature values used,
// and the order intent when there is one. The signal (src/signal) fills the score, costs and signal gates;
// the risk gates (src/risk) add theirs; the kernel's strategy runner puts them together and journals the
// changes (trading-event.ts). Floats: ratios and bps; the intent's price and quantity are exact ticks/lots.

import type { Product } from './product.js';

/** BUY: an entry; SELL_INVENTORY: sell what a long-flat position holds; NO_TRADE: stand aside. */
export type DecisionAction = 'BUY' | 'SELL_INVENTORY' | 'NO_TRADE';

export const DECISION_ACTIONS: readonly DecisionAction[] = ['BUY', 'SELL_INVENTORY', 'NO_TRADE'];

/**
 * One gate's verdict. `value` and `limit` are oriented to the decision's side (a sell's TFI gate holds −TFI),
 * so a reader compares them the same way for both sides; `limit` is text for a range ("0–10") or a state.
 * null: not known at this evaluation (the gate then fails, unless it says otherwise in docs/STRATEGY.md).
 */
export interface GateResult {
  readonly gate: string;
  readonly pass: boolean;
  readonly value: number | boolean | string | null;
  readonly limit: number | boolean | string | null;
}

/** The parts of an order's estimated cost, bps of the mid; costBps is their sum. */
export interface CostParts {
  readonly fee: number;
  readonly halfSpread: number;
  readonly slippage: number;
  readonly adverseSelection: number;
  readonly latencyBuffer: number;
  readonly safetyMargin: number;
}

export const COST_PART_NAMES: readonly (keyof CostParts)[] = ['fee', 'halfSpread', 'slippage', 'adverseSelection', 'latencyBuffer', 'safetyMargin'];

/** The order a decision asks for: a post-only entry at the touch, or an IOC capped some bps through it. */
export interface DecisionIntent {
  readonly type: 'LIMIT_MAKER' | 'LIMIT_IOC';
  readonly side: 'BUY' | 'SELL';
  /** Limit price (the IOC's cap), integer ticks. */
  readonly priceTicks: number;
  /** Quantity, integer lots. */
  readonly qtyLots: number;
}

export interface Decision {
  /** The run's time, µs. */
  readonly timeUs: number;
  readonly product: Product;
  readonly symbol: string;
  readonly action: DecisionAction;
  /** The side evaluated (the one with the higher score); gate values are oriented to it. null: none was. */
  readonly side: 'BUY' | 'SELL' | null;
  /** The score of the side evaluated (the sell side's is the mirror score); null before any baseline. */
  readonly score: number | null;
  /** The expected edge, bps; null when it cannot be estimated. */
  readonly alphaBps: number | null;
  /** Σ costParts; null when the cost cannot be estimated (no top of book). */
  readonly costBps: number | null;
  readonly costParts: CostParts | null;
  /** Every condition an intent requires, in a fixed order; a NO_TRADE has at least one with pass=false. */
  readonly gates: readonly GateResult[];
  /** The feature values the score and gates used, by name (null: not available). */
  readonly features: Readonly<Record<string, number | null>>;
  /** Non-null exactly when action is BUY or SELL_INVENTORY. */
  readonly intent: DecisionIntent | null;
  /** For a NO_TRADE, the first failing gate's name; for an intent, the order type and side ("LIMIT_IOC BUY"). */
  readonly reason: string;
}

/** The first failing gate, or null when every gate passes. */
export function firstFailingGate(gates: readonly GateResult[]): GateResult | null {
  for (const g of gates) if (!g.pass) return g;
  return null;
}
