// model/order: what a strategy asks a venue for — an order intent (what to trade, why, for which decision)
// and an order request (the intent under a client order id). Venue-neutral: prices in integer ticks,
// quantities in integer lots of the symbol's Instrument; no exchange wire names beyond the three order types.

import type { Product } from './product.js';

export type OrderSide = 'buy' | 'sell';

/**
 * The order types a strategy may ask for. LIMIT_MAKER is post-only (the venue refuses it if it would take),
 * LIMIT_IOC takes what it can at its price or better and expires the rest, LIMIT_GTC rests until filled or
 * canceled.
 */
export type OrderType = 'LIMIT_MAKER' | 'LIMIT_IOC' | 'LIMIT_GTC';

export const ORDER_TYPES: readonly OrderType[] = ['LIMIT_MAKER', 'LIMIT_IOC', 'LIMIT_GTC'];

export interface OrderIntent {
  readonly product: Product;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  /** Limit price, integer ticks of the symbol's tickSize. */
  readonly priceTicks: number;
  /** Quantity, integer lots of the symbol's lotSize. */
  readonly qtyLots: number;
  /** Why the order is wanted (free text, journaled). */
  readonly reason: string;
  /** The decision that asked for it (a DecisionMade event's id). */
  readonly decisionId: string;
}

export interface OrderRequest {
  /** Unique among the venue's open orders; Binance's rule: 1–36 of [a-zA-Z0-9-_]. */
  readonly clientOrderId: string;
  readonly intent: OrderIntent;
}

const CLIENT_ORDER_ID = /^[a-zA-Z0-9_-]{1,36}$/;

export function isClientOrderId(text: string): boolean {
  return CLIENT_ORDER_ID.test(text);
}

/** What is wrong with a request (one line), or null when it is well formed. Exchange filters are not checked here. */
export function orderRequestProblem(request: OrderRequest): string | null {
  const { clientOrderId, intent } = request;
  if (!isClientOrderId(clientOrderId)) return `client order id "${clientOrderId}" is not 1–36 of [a-zA-Z0-9-_]`;
  if (!ORDER_TYPES.includes(intent.type)) return `${clientOrderId}: unknown order type "${intent.type}"`;
  if (intent.side !== 'buy' && intent.side !== 'sell') return `${clientOrderId}: unknown side "${String(intent.side)}"`;
  if (!Number.isSafeInteger(intent.priceTicks) || intent.priceTicks <= 0) return `${clientOrderId}: price must be a positive whole number of ticks, got ${intent.priceTicks}`;
  if (!Number.isSafeInteger(intent.qtyLots) || intent.qtyLots <= 0) return `${clientOrderId}: quantity must be a positive whole number of lots, got ${intent.qtyLots}`;
  if (intent.symbol === '') return `${clientOrderId}: no symbol`;
  return null;
}
