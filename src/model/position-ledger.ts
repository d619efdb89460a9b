// model/position-ledger: the exact accounting of one symbol's long-flat position from its fills — quantity
// (never below 0), cost basis (average cost), realised P&L gross of fees, fees (valued in the quote asset),
// the last mark (mid) and the unrealised P&L at it, and the round trips (flat → long → flat) with their
// result net of every fee paid in them. All decimal.js. Positions start at 0. The one ledger of flowdesk:
// the risk book and the simulated account both keep their positions with it.
//
// Average cost: a buy adds price × qty to the cost basis; a sell of q out of Q moves basis × q / Q out of
// the position (rounded to COST_DECIMALS places; the rest stays in), and realises q × price minus that cost.
// Because what moves out plus what stays is the basis exactly, realised + unrealised − fees always equals
// the cash-and-inventory P&L (Σ sells − Σ buys + Q × mark − fees) exactly. The mark is the last mid given;
// before any, the cost basis (unrealised 0).
//
// A fee in the base asset (feeAsset 'base') is a quantity f that leaves the position; it counts in fees at
// its value at the fill price (f × price), so fees stay one quote-asset total:
// - on a buy of q, only q − f arrives: the position grows by q − f at cost price × (q − f) (the fee units
//   never enter the average, so the average entry of the fill is its price);
// - on a sell of q, q + f leave the position: they go out at average cost as a sale of q + f at the fill
//   price, and the proceeds of the f fee units are the fee (realised includes them, fees subtract them).
// Either way the identity above holds with Q the base actually held, exactly.
//
// A sell beyond the position is a broken invariant (spot, long-flat: the venue cannot fill it) and throws;
// so does a fill that is not a decimal or not positive. Error messages start with the ledger's label.
//
// State (restart recovery): exportState() gives every field as decimal strings; restore() sets them back
// exactly (a StateError naming the field for a corrupt state, nothing changed).

import { COST_DECIMALS, MONEY_ZERO, Money, money, moneyText, positiveMoney } from './money.js';
import { StateFields } from './state-fields.js';

/** One fill as the ledger takes it: decimal strings. */
export interface LedgerFill {
  readonly side: 'BUY' | 'SELL';
  readonly price: string;
  readonly qty: string;
  /** The fee (negative: a rebate), in the quote asset unless `feeAsset` is 'base'. */
  readonly fee: string;
  /** The asset `fee` is in; default 'quote'. */
  readonly feeAsset?: 'quote' | 'base';
}

/** What a fill did to the ledger. */
export interface FillEffect {
  /** Realised P&L of this fill, gross of fees (0 for a buy). */
  readonly realized: Money;
  /** This fill's fee valued in the quote asset (a base fee at the fill price). */
  readonly fee: Money;
  /** When the fill brought the position back to flat: the round trip's result net of all its fees. */
  readonly roundTripNet: Money | null;
}

/** A ledger's whole state, JSON-able: decimal strings. */
export interface PositionLedgerState {
  /** Base quantity held (≥ 0). */
  readonly qty: string;
  /** Σ price × qty of what is held, at average cost (≥ 0; 0 when flat). */
  readonly costBasis: string;
  /** Realised P&L gross of fees. */
  readonly realized: string;
  /** Σ fees in the quote asset. */
  readonly fees: string;
  /** The last mark as it was given; null before any. */
  readonly mark: string | null;
  /** Realised P&L and fees since the position last left flat (the open round trip's). */
  readonly tripRealized: string;
  readonly tripFees: string;
}

/** Reads a ledger's state (the fields of `f`); a StateError names any bad field. */
export function readPositionLedgerState(f: StateFields): PositionLedgerState {
  const state: PositionLedgerState = {
    qty: f.decimal('qty', 'nonNegative'),
    costBasis: f.decimal('costBasis', 'nonNegative'),
    realized: f.decimal('realized'),
    fees: f.decimal('fees'),
    mark: f.nullableDecimal('mark', 'positive'),
    tripRealized: f.decimal('tripRealized'),
    tripFees: f.decimal('tripFees'),
  };
  f.end();
  if (new Money(state.qty).isZero() && !new Money(state.costBasis).isZero()) f.fail('costBasis', `must be 0 when qty is 0, got ${JSON.stringify(state.costBasis)}`);
  return state;
}

export class PositionLedger {
  readonly #label: string;
  #qty: Money = MONEY_ZERO;
  #costBasis: Money = MONEY_ZERO;
  #realized: Money = MONEY_ZERO;
  #fees: Money = MONEY_ZERO;
  #mark: Money | null = null;
  /** The text #mark was read from: the same text again is the same mark (the risk book marks at every evaluation). */
  #markText: string | null = null;
  /** netPnl as of the last fill and mark (Money is immutable); null: to compute. */
  #net: Money | null = null;
  /** Realised P&L and fees since the position last left flat. */
  #tripRealized: Money = MONEY_ZERO;
  #tripFees: Money = MONEY_ZERO;

  /** `label` starts every error message ("risk", "sim account BTCUSDT"). */
  constructor(label = 'position ledger') {
    this.#label = label;
  }

  applyFill(fill: LedgerFill): FillEffect {
    const price = positiveMoney(fill.price, `${this.#label}: fill price`);
    const qty = positiveMoney(fill.qty, `${this.#label}: fill qty`);
    const fee = money(fill.fee, `${this.#label}: fill fee`);
    if (fill.side !== 'BUY' && fill.side !== 'SELL') throw new RangeError(`${this.#label}: fill side must be BUY or SELL, got ${JSON.stringify(fill.side)}`);
    const feeAsset = fill.feeAsset ?? 'quote';
    if (feeAsset !== 'quote' && feeAsset !== 'base') throw new RangeError(`${this.#label}: fill feeAsset must be quote or base, got ${JSON.stringify(feeAsset)}`);
    const baseFee = feeAsset === 'base' ? fee : MONEY_ZERO;
    const feeValue = feeAsset === 'base' ? fee.times(price) : fee;
    let realized = MONEY_ZERO;
    if (fill.side === 'BUY') {
      const arrived = qty.minus(baseFee);
      if (!arrived.greaterThan(0)) throw new RangeError(`${this.#label}: a base fee of ${fill.fee} takes the whole BUY fill of ${fill.qty}`);
      this.#costBasis = this.#costBasis.plus(price.times(arrived));
      this.#qty = this.#qty.plus(arrived);
    } else {
      const out = qty.plus(baseFee);
      if (out.greaterThan(this.#qty)) {
        const what = baseFee.isZero() ? `a SELL fill of ${fill.qty}` : `a SELL fill of ${fill.qty} plus its base fee ${fill.fee}`;
        throw new RangeError(`${this.#label}: ${what} exceeds the position ${this.#qty.toFixed()} (long-flat positions never go below 0)`);
      }
      const removed = out.equals(this.#qty) ? this.#costBasis : this.#costShare(out);
      realized = price.times(out).minus(removed);
      this.#costBasis = this.#costBasis.minus(removed);
      this.#qty = this.#qty.minus(out);
      this.#realized = this.#realized.plus(realized);
    }
    this.#fees = this.#fees.plus(feeValue);
    this.#net = null;
    this.#tripRealized = this.#tripRealized.plus(realized);
    this.#tripFees = this.#tripFees.plus(feeValue);
    let roundTripNet: Money | null = null;
    if (fill.side === 'SELL' && this.#qty.isZero()) {
      roundTripNet = this.#tripRealized.minus(this.#tripFees);
      this.#tripRealized = MONEY_ZERO;
      this.#tripFees = MONEY_ZERO;
    }
    return { realized, fee: feeValue, roundTripNet };
  }

  /** The mid to value the position at. */
  mark(midPrice: string): void {
    if (midPrice === this.#markText) return;
    this.#mark = positiveMoney(midPrice, `${this.#label}: mark price`);
    this.#markText = midPrice;
    this.#net = null;
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

  /** Σ fees valued in the quote asset. */
  get fees(): Money {
    return this.#fees;
  }

  /** The last mark; null before any. */
  get lastMark(): Money | null {
    return this.#mark;
  }

  /** qty × mark − cost basis; 0 when flat or before any mark. */
  get unrealized(): Money {
    if (this.#qty.isZero() || this.#mark === null) return MONEY_ZERO;
    return this.#qty.times(this.#mark).minus(this.#costBasis);
  }

  /** realised + unrealised − fees: the equity change since the start (positions start at 0). */
  get netPnl(): Money {
    this.#net ??= this.#realized.plus(this.unrealized).minus(this.#fees);
    return this.#net;
  }

  /** The cost basis that would remain after selling `qty` (for the position gate of an exit); never below 0. */
  costAfterSell(qty: Money): Money {
    if (qty.greaterThanOrEqualTo(this.#qty)) return MONEY_ZERO;
    return this.#costBasis.minus(this.#costShare(qty));
  }

  /** The whole state, exactly (decimal strings). */
  exportState(): PositionLedgerState {
    return {
      qty: moneyText(this.#qty),
      costBasis: moneyText(this.#costBasis),
      realized: moneyText(this.#realized),
      fees: moneyText(this.#fees),
      mark: this.#markText,
      tripRealized: moneyText(this.#tripRealized),
      tripFees: moneyText(this.#tripFees),
    };
  }

  /** Sets the state exportState() gave: every later fill and mark acts as on the ledger it came from. */
  restore(state: PositionLedgerState): void {
    const s = readPositionLedgerState(StateFields.of(this.#label, state));
    this.#qty = new Money(s.qty);
    this.#costBasis = new Money(s.costBasis);
    this.#realized = new Money(s.realized);
    this.#fees = new Money(s.fees);
    this.#mark = s.mark === null ? null : new Money(s.mark);
    this.#markText = s.mark;
    this.#net = null;
    this.#tripRealized = new Money(s.tripRealized);
    this.#tripFees = new Money(s.tripFees);
  }

  /** The cost `qty` (< the position) takes out of the basis at average cost, rounded to COST_DECIMALS places. */
  #costShare(qty: Money): Money {
    return this.#costBasis.times(qty).dividedBy(this.#qty).toDecimalPlaces(COST_DECIMALS, Money.ROUND_HALF_EVEN);
  }
}
