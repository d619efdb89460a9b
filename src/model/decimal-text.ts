// model/decimal-text: the one written form of an exact decimal that leaves the engine (fees, balances,
// positions, P&L, journal prices): plain digits, no exponent, no trailing zeros, no "-0" — so equal values
// are equal strings and a journal line is the same bytes on every run. Values computed from others are
// computed with decimal.js and written with decimalText().

import { Decimal } from 'decimal.js';

/** A decimal literal: optional sign, digits with an optional fraction, optional exponent (1e-7). */
const DECIMAL_LITERAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** True when `text` is a finite decimal number decimalText() accepts. */
export function isDecimalText(text: string): boolean {
  return DECIMAL_LITERAL.test(text);
}

/**
 * The canonical string of an exact decimal: "1e-7" → "0.0000001", "0.10" → "0.1", "-0" → "0".
 * Throws a RangeError for anything that is not a finite decimal number (NaN, Infinity, "0x10", "").
 */
export function decimalText(value: string | Decimal): string {
  let d: Decimal;
  if (typeof value === 'string') {
    if (!isDecimalText(value)) throw new RangeError(`"${value}" is not a decimal number`);
    d = new Decimal(value);
  } else {
    d = value;
  }
  if (!d.isFinite()) throw new RangeError(`${d.toString()} is not a finite decimal number`);
  return d.isZero() ? '0' : d.toFixed();
}

/** True when `text` is already in canonical form. */
export function isCanonicalDecimal(text: string): boolean {
  return isDecimalText(text) && decimalText(text) === text;
}
