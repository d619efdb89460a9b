// model/money: the exact decimal arithmetic of money — one decimal.js clone with room for any price ×
// quantity × fee rate a venue can produce, the parsing of the decimal strings that come in (fills, marks,
// limits) with one clear error for anything else, and the conversions out (canonical strings for state and
// files, JS numbers only for display). Shared by the risk book and the simulated account. Owns no state.

import { Decimal } from 'decimal.js';
import { decimalText, isDecimalText } from './decimal-text.js';

/** 100 significant digits: products and sums of venue decimals are exact; only divisions round. */
export const Money = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN });
export type Money = InstanceType<typeof Money>;

/** Decimal places kept when cost moves out of a position on a partial sell (and for the average entry). */
export const COST_DECIMALS = 16;

export const MONEY_ZERO: Money = new Money(0);

/** A decimal string as Money; throws a RangeError naming `what` (e.g. "risk: fill price") for anything that is not a finite decimal. */
export function money(text: string, what: string): Money {
  if (typeof text !== 'string' || !isDecimalText(text)) throw new RangeError(`${what} must be a decimal string, got ${JSON.stringify(text)}`);
  return new Money(text);
}

/** A decimal string that must be > 0. */
export function positiveMoney(text: string, what: string): Money {
  const m = money(text, what);
  if (!m.greaterThan(0)) throw new RangeError(`${what} must be above 0, got ${JSON.stringify(text)}`);
  return m;
}

/** The canonical string of an exact value ("0.10" → "0.1", "-0" → "0"; never exponent notation). */
export function moneyText(m: Money): string {
  return decimalText(m);
}

/** A value for display (a gate's value/limit): the nearest double; comparisons never use it. */
export function displayNumber(m: Money): number {
  const n = m.toNumber();
  return Object.is(n, -0) ? 0 : n;
}
