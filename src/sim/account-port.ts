// sim/account-port: what the simulated exchange needs from the simulated account (sim/account.ts implements
// it as SimAccount): reserve an order's funds at arrival, release what is left when the order ends, and book
// each fill, which returns the fee charged and the position after it. The exchange never computes money.

import type { Balance, Position } from '../model/index.js';

export interface SimFill {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  /** Always the order's own limit price for a maker fill; the level's price for a taker fill. */
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly liquidity: 'maker' | 'taker';
  /** Match time on the run's (receive-time) axis, µs. */
  readonly timeUs: number;
}

export interface SimFillBooked {
  /** Decimal string in feeAsset. */
  readonly fee: string;
  readonly feeAsset: string;
  /** The symbol's position after the fill, a decimal string (base units). */
  readonly position: string;
}

export interface SimAccountPort {
  /** Reserves what the order may spend (quote for a buy, base for a sell). null: reserved; else the reject reason. */
  reserve(clientOrderId: string, symbol: string, side: 'buy' | 'sell', priceTicks: number, qtyLots: number): string | null;
  /** Releases what is left of the order's reservation; idempotent. */
  release(clientOrderId: string): void;
  /** Books one fill of the order against its reservation. */
  fill(clientOrderId: string, fill: SimFill): SimFillBooked;
  /** Balances and positions for the venue snapshot, when the account offers them (the exchange reports none otherwise). */
  snapshot?(): { readonly balances: readonly Balance[]; readonly positions: readonly Position[] };
}
