// risk/position-ledger: the exact accounting of one symbol's long-flat position from its fills — quantity
// (never below 0), cost basis (average cost), realised P&L gross of fees, fees, the last mark (mid) and the
// unrealised P&L at it, and the round trips (flat → long → flat) with their result net of every fee paid in
// them. All decimal.js. Positions start at 0.
//
// Average cost: a buy adds price × qty to the cost basis; a sell of q out of Q moves basis × q / Q out of
// the position (rounded to COST_DECIMALS places; the rest stays in), and realises q × price minus that cost.
// Because what moves out plus what stays is the basis exactly, realised + unrealised − fees always equals
// the cash-and-inventory P&L (Σ sells − Σ buys + Q × mark − fees) exactly. The mark is the last mid given;
// before any, the average entry (unrealised 0). A sell beyond the position is a broken invariant (spot,
// long-flat: the venue cannot fill it) and throws; so does a fill that is not a decimal or not positive.

import { COST_DECIMALS, Money, ZERO, money, positiveMoney } from './money.js';
import type { RiskFill } from './types.js';

/** What a fill did to the ledger. */
export interface FillEffect {
  /** Realised P&L of this fill, gross of fees (0 for a buy). */
  readonly realized: Money;
  /** When the fill brought the position back to flat: the round trip's result net of all its fees. */
  readonly roundTripNet: Money | null;
}

export class PositionLedger {
  #qty: Money = ZERO;
  #costBasis: Money = ZERO;
  #realized: Money = ZERO;
  #fees: Money = ZERO;
  #mark: Money | null = null;
  /** Realised P&L and fees since the position last left flat. */
  #tripRealized: Money = ZERO;
  #tripFees: Money = ZERO;

  applyFill(fill: RiskFill): FillEffect {
    const price = positiveMoney(fill.price, 'fill price');
    const qty = positiveMoney(fill.qty, 'fill qty');
    const fee = money(fill.fee, 'fill fee');
    if (fill.side !== 'BUY' && fill.side !== 'SELL') throw new RangeError(`risk: fill side must be BUY or SELL, got ${JSON.stringify(fill.side)}`);
    let realized = ZERO;
    if (fill.side === 'BUY') {
      this.#costBasis = this.#costBasis.plus(price.times(qty));
      this.#qty = this.#qty.plus(qty);
    } else {
      if (qty.greaterThan(this.#qty)) {
        throw new RangeError(`risk: a SELL fill of ${fill.qty} exceeds the position ${this.#qty.toFixed()} (long-flat positions never go below 0)`);
      }
      const removed = qty.equals(this.#qty)
        ? this.#costBasis
        : this.#costBasis.times(qty).dividedBy(this.#qty).toDecimalPlaces(COST_DECIMALS, Money.ROUND_HALF_EVEN);
      realized = price.times(qty).minus(removed);
      this.#costBasis = this.#costBasis.minus(removed);
      this.#qty = this.#qty.minus(qty);
      this.#realized = this.#realized.plus(realized);
    }
    this.#fees = this.#fees.plus(fee);
    this.#tripRealized = this.#tripRealized.plus(realized);
    this.#tripFees = this.#tripFees.plus(fee);
    let roundTripNet: Money | null = null;
    if (fill.side === 'SELL' && this.#qty.isZero()) {
      roundTripNet = this.#tripRealized.minus(this.#tripFees);
      this.#tripRealized = ZERO;
      this.#tripFees = ZERO;
    }
    return { realized, roundTripNet };
  }

  /** The mid to value the position at. */
  mark(midPrice: string): void {
    this.#mark = positiveMoney(midPrice, 'mark price');
  }

  get qty(): Money {
    return this.#qty;
  }

  /** Σ price × qty of what the position holds, at average cost. */
  get costBasis(): Money {
    return this.#costBasis;
  }

  /** The average entry price (COST_DECIMALS places); null when flat. */
  get avgEntry(): Money | null {
    return this.#qty.isZero() ? null : this.#costBasis.dividedBy(this.#qty).toDecimalPlaces(COST_DECIMALS, Money.ROUND_HALF_EVEN);
  }

  get realized(): Money {
    return this.#realized;
  }

  get fees(): Money {
    return this.#fees;
  }

  /** qty × mark − cost basis; 0 when flat or before any mark. */
  get unrealized(): Money {
    if (this.#qty.isZero() || this.#mark === null) return ZERO;
    return this.#qty.times(this.#mark).minus(this.#costBasis);
  }

  /** realised + unrealised − fees: the equity change since the start (positions start at 0). */
  get netPnl(): Money {
    return this.#realized.plus(this.unrealized).minus(this.#fees);
  }

  /** The cost basis that would remain after selling `qty` (for the position gate of an exit); never below 0. */
  costAfterSell(qty: Money): Money {
    if (qty.greaterThanOrEqualTo(this.#qty)) return ZERO;
    return this.#costBasis.minus(this.#costBasis.times(qty).dividedBy(this.#qty).toDecimalPlaces(COST_DECIMALS, Money.ROUND_HALF_EVEN));
  }
}
