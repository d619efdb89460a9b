// core/fixed-point: exact conversion between decimal strings and scaled integers, without floats.
// `parseScaled("61737.63000000", 2)` is 6173763. This runs on every price and quantity of every message,
// so it is a hand-written loop over char codes; anything it cannot represent exactly is a UnitError,
// never a rounded number.

import { UnitError } from './errors.js';

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_DOT = 46;
const CODE_MINUS = 45;

/** Powers of ten that are exact doubles. */
export const POW10: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * Parses a plain decimal string (digits, optional '.', optional leading '-') into an integer count of
 * 10^-decimals units. Digits beyond `decimals` must be zeros. Throws UnitError otherwise, or when the
 * result is not a safe integer.
 */
export function parseScaled(text: string, decimals: number): number {
  const value = scaledSpan(text, 0, text.length, decimals);
  if (!Number.isNaN(value)) return value;
  if (!/^-?\d*\.?\d*$/.test(text) || !/\d/.test(text)) throw new UnitError(`"${text}" is not a decimal number`);
  const dot = text.indexOf('.');
  if (dot >= 0 && /[1-9]/.test(text.slice(dot + 1 + decimals))) throw new UnitError(`"${text}" has more than ${decimals} decimal places`);
  throw new UnitError(`"${text}" is too large to represent exactly`);
}

/**
 * parseScaled of `text[start, end)` without making the substring, NaN where parseScaled would throw.
 */
export function scaledSpan(text: string, start: number, end: number, decimals: number): number {
  const value = scaledRun(text, start, end, decimals);
  return scanned.end === end ? value : Number.NaN;
}

/** Where the last scaledRun() stopped (meaningful only when it did not return NaN). */
export const scanned = { end: 0 };

/**
 * Reads a plain decimal — optional '-', digits, at most one '.' — from `text[start]` on, up to `limit` or the
 * first character that cannot continue it (its index goes to scanned.end), as an integer count of
 * 10^-decimals units. NaN when that is not exact: no digit, a non-zero digit beyond `decimals`, or not a
 * safe integer. The wire parser's hot path: one loop over char codes per price and quantity, which also
 * finds where the number ends (no separate scan for the closing quote).
 */
export function scaledRun(text: string, start: number, limit: number, decimals: number): number {
  let i = start;
  let negative = false;
  if (i < limit && text.charCodeAt(i) === CODE_MINUS) {
    negative = true;
    i++;
  }
  let value = 0;
  let digits = 0;
  let fractionDigits = -1; // -1 until the dot is seen
  for (; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c >= CODE_0 && c <= CODE_9) {
      digits++;
      if (fractionDigits >= 0) {
        if (fractionDigits >= decimals) {
          if (c !== CODE_0) return Number.NaN;
          continue;
        }
        fractionDigits++;
      }
      value = value * 10 + (c - CODE_0);
    } else if (c === CODE_DOT && fractionDigits < 0) {
      fractionDigits = 0;
    } else {
      break;
    }
  }
  scanned.end = i;
  if (digits === 0) return Number.NaN;
  const missing = decimals - (fractionDigits < 0 ? 0 : fractionDigits);
  if (missing > 0) value *= POW10[missing] ?? 10 ** missing;
  if (!Number.isSafeInteger(value)) return Number.NaN;
  return negative && value !== 0 ? -value : value; // "-0" is 0, not -0 (the digest would tell them apart)
}

/** Formats an integer count of 10^-decimals units as a decimal string with exactly `decimals` places. */
export function formatScaled(value: number, decimals: number): string {
  if (!Number.isSafeInteger(value)) throw new UnitError(`${value} is not a safe integer`);
  const negative = value < 0;
  const digits = String(negative ? -value : value);
  if (decimals === 0) return negative ? `-${digits}` : digits;
  const padded = digits.padStart(decimals + 1, '0');
  const cut = padded.length - decimals;
  return `${negative ? '-' : ''}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/** Number of decimal places written in a decimal string ("0.010" → 3). */
export function decimalPlaces(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Number of significant decimal places ("0.010" → 2, "5.000" → 0). */
export function significantDecimalPlaces(text: string): number {
  const dot = text.indexOf('.');
  if (dot < 0) return 0;
  let end = text.length;
  while (end > dot + 1 && text.charCodeAt(end - 1) === CODE_0) end--;
  return end - dot - 1;
}
