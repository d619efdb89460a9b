// What "a number shown true" means, for the console's tests: a rendering parses back (k / M / G / T
// suffixes and exponents included) to the value within half a unit of its last digit, a value that is not
// zero is not shown as zero, '<.001' is a bound the value is under, and '…' (overflow) or '-' (no value)
// are not numbers at all.

import fc from 'fast-check';

/** Any number the view can hold: extreme, tiny, negative, NaN, infinite, and a few from the bug reports. */
export const anyNumber = fc.oneof(
  fc.double(),
  fc.double({ min: -1e7, max: 1e7, noNaN: true }),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 10_000),
  fc.constantFrom(0, -0, 1e-300, -1e-300, 5e-324, 1e300, -1e300, Number.MAX_VALUE, NaN, Infinity, -Infinity, 0.002, 35293.75, -12.3456, 9729.22, 0.0449, 0.05, 0.95, 999.9996, 999_999.6),
);

const SHIFT: Readonly<Record<string, number>> = { k: 3, M: 6, G: 9, T: 12 };

/** A token that reads as a number: '-12.5', '35.3k', '2e-3', '<.001', '.5'. */
export const NUMBER_TOKEN = /^(<|-)?(\d+(\.\d+)?|\.\d+)(e-?\d+)?([kMGT])?$/;

/** |v| / 10^shift, without overflowing or underflowing on the way. */
function scaledDown(v: number, shift: number): number {
  const [m = '0', e = '0'] = Math.abs(v).toExponential(17).split('e');
  return Number(`${m}e${Number(e) - shift}`);
}

/** True when `text` is a true rendering of `v` (see the module header). */
export function shownTrue(text: string, v: number): boolean {
  if (text === '…') return true;
  if (Number.isNaN(v)) return text === '-';
  if (!Number.isFinite(v)) return text === (v > 0 ? '∞' : '-∞');
  const m = NUMBER_TOKEN.exec(text);
  if (m === null) return false;
  const [, lead, mantissa = '', fraction = '', exp = '', suffix = ''] = m;
  const shift = (SHIFT[suffix] ?? 0) + (exp === '' ? 0 : Number(exp.slice(1)));
  const decimals = mantissa.startsWith('.') ? mantissa.length - 1 : Math.max(0, fraction.length - 1);
  const shown = Number(mantissa);
  const target = scaledDown(v, shift);
  if (lead === '<') return v > 0 && target < shown * (1 + 1e-12);
  if ((lead === '-') !== (v < 0) && !(shown === 0 && v === 0)) return false;
  if (v !== 0 && shown === 0) return false;
  const half = 0.5 * 10 ** -decimals;
  return Math.abs(shown - target) <= half * (1 + 1e-9) + target * 1e-12;
}

/** The tokens of a line that read as numbers (times, words and bars are not). */
export function numberTokens(line: string): string[] {
  return line.split(/[\s│/·(),]+/).filter((t) => NUMBER_TOKEN.test(t));
}

/** Tokens that are numbers cut short: a trailing point ('-12.', '4136.'). */
export function cutTokens(line: string): string[] {
  return line.split(/[\s│/·(),]+/).filter((t) => /\d\.$/.test(t));
}
