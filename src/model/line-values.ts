// model/line-values: the values of a trading journal line, written and read — whole numbers, prices and
// quantities in the instrument's units, canonical decimals, finite floats, and objects whose keys are written
// sorted. Writing throws a RangeError for a value that cannot be written exactly (a broken program); reading
// throws a LineProblem naming the field. The lines themselves are trading-codec.ts and decision-line.ts.

import { UnitError } from '../core/index.js';
import { decimalText, isCanonicalDecimal } from './decimal-text.js';
import { lotsToQty, priceToTicks, qtyToLots, ticksToPrice, type Instrument } from './instrument.js';
import { isProduct, type Product } from './product.js';

/** A line that cannot be decoded: why. */
export class LineProblem extends Error {}

export type Fields = Readonly<Record<string, unknown>>;

/** The instrument of (product, symbol); throws (RangeError when writing, LineProblem when reading) when the header names none. */
export type InstrumentOf = (product: Product, symbol: string) => Instrument;

// Writing.

export function count(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
  return value;
}

/** A float written as a JSON number (the shortest text that reads back to it; -0 is written 0). */
export function finite(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${String(value)}`);
  return value;
}

export function finiteOrNull(value: number | null, name: string): number | null {
  return value === null ? null : finite(value, name);
}

export function price(inst: Instrument, ticks: number): string {
  return decimalText(ticksToPrice(inst, count(ticks, 'priceTicks')));
}

export function qty(inst: Instrument, lots: number): string {
  return decimalText(lotsToQty(inst, count(lots, 'qtyLots')));
}

export function decimal(value: string, name: string): string {
  try {
    return decimalText(value);
  } catch (error) {
    throw new RangeError(`${name}: ${(error as Error).message}`);
  }
}

/**
 * The JSON text of an object with its keys sorted (by UTF-16 code units), each value already JSON text.
 * Written by hand: a JavaScript object would put integer-like keys ("10", "9") first, whatever the order.
 */
export function sortedObjectText(entries: readonly (readonly [string, string])[]): string {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${sorted.map(([key, json]) => `${JSON.stringify(key)}:${json}`).join(',')}}`;
}

// Reading.

export function text(f: Fields, key: string): string {
  const v = f[key];
  if (typeof v !== 'string') throw new LineProblem(`"${key}" must be a string`);
  return v;
}

export function textOrNull(f: Fields, key: string): string | null {
  return f[key] === null ? null : text(f, key);
}

export function integer(f: Fields, key: string): number {
  return integerValue(f[key], `"${key}"`);
}

export function integerValue(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new LineProblem(`${name} must be a whole number ≥ 0`);
  return v;
}

/** A finite JSON number or null (a JSON number too large for a double reads as Infinity: refused). */
export function finiteOrNullOf(f: Fields, key: string): number | null {
  return finiteOrNullValue(f[key], `"${key}"`);
}

export function finiteOrNullValue(v: unknown, name: string): number | null {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new LineProblem(`${name} must be a finite number or null`);
  return v;
}

export function finiteOf(f: Fields, key: string): number {
  const v = f[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new LineProblem(`"${key}" must be a finite number`);
  return v;
}

/** A JSON object (not an array, not null). */
export function objectOf(f: Fields, key: string): Fields {
  const v = f[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new LineProblem(`"${key}" must be an object`);
  return v as Fields;
}

export function productOf(f: Fields): Product {
  const v = text(f, 'product');
  if (!isProduct(v)) throw new LineProblem(`unknown product "${v}"`);
  return v;
}

export function decimalOf(f: Fields, key: string): string {
  const v = text(f, key);
  if (!isCanonicalDecimal(v)) throw new LineProblem(`"${key}" must be a decimal string in canonical form, got "${v}"`);
  return v;
}

export function ticksOf(f: Fields, key: string, inst: Instrument): number {
  return exact(() => priceToTicks(inst, decimalOf(f, key)), key);
}

export function lotsOf(f: Fields, key: string, inst: Instrument): number {
  return exact(() => qtyToLots(inst, decimalOf(f, key)), key);
}

function exact(convert: () => number, key: string): number {
  try {
    return convert();
  } catch (error) {
    if (error instanceof UnitError) throw new LineProblem(`"${key}": ${error.message}`);
    throw error;
  }
}
