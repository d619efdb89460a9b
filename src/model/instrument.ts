// model/instrument: a symbol's price and quantity units, and exact conversion between the venue's decimal
// strings and flowdesk's integers. Prices are integer ticks (multiples of tickSize); quantities are integer
// lots (multiples of lotSize). lotSize is the book's quantity resolution, which may be finer than the
// order filter's stepSize: real Binance books carry legacy quantities below the current stepSize.

import { Decimal } from 'decimal.js';
import { UnitError, decimalPlaces, formatScaled, parseScaled, scaledRun, scaledSpan } from '../core/index.js';
import type { Product } from './product.js';

export interface InstrumentSpec {
  readonly product: Product;
  readonly symbol: string;
  /** Price increment, a decimal string such as "0.01". */
  readonly tickSize: string;
  /** Quantity resolution of the book, a decimal string such as "0.00000001". */
  readonly lotSize: string;
  /** Where the spec came from: "exchangeInfo", "recording", "flags" or "inferred". */
  readonly source: string;
}

export interface Instrument extends InstrumentSpec {
  /** Decimal places of tickSize; prices are first read in 10^-priceDecimals units. */
  readonly priceDecimals: number;
  /** tickSize in 10^-priceDecimals units (1 when tickSize is a power of ten). */
  readonly tickUnits: number;
  readonly qtyDecimals: number;
  readonly lotUnits: number;
}

const MAX_DECIMALS = 15;

function units(text: string, what: string, symbol: string): { decimals: number; units: number } {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UnitError(`${symbol}: ${what} "${text}" is not a plain decimal number`);
  const value = new Decimal(text);
  if (!value.isFinite() || value.lte(0)) throw new UnitError(`${symbol}: ${what} must be positive, got "${text}"`);
  const normalized = value.toFixed();
  const decimals = decimalPlaces(normalized);
  if (decimals > MAX_DECIMALS) throw new UnitError(`${symbol}: ${what} "${text}" has too many decimal places`);
  return { decimals, units: parseScaled(normalized, decimals) };
}

export function createInstrument(spec: InstrumentSpec): Instrument {
  const price = units(spec.tickSize, 'tickSize', spec.symbol);
  const qty = units(spec.lotSize, 'lotSize', spec.symbol);
  return {
    ...spec,
    tickSize: new Decimal(spec.tickSize).toFixed(),
    lotSize: new Decimal(spec.lotSize).toFixed(),
    priceDecimals: price.decimals,
    tickUnits: price.units,
    qtyDecimals: qty.decimals,
    lotUnits: qty.units,
  };
}

/** parseScaled, with the symbol and the size named in the UnitError (a finer price is not a whole tick). */
function scaledOrThrow(inst: Instrument, text: string, decimals: number, what: string, size: string): number {
  try {
    return parseScaled(text, decimals);
  } catch (error) {
    if (error instanceof UnitError) throw new UnitError(`${inst.symbol}: ${what} ${error.message} (${size})`);
    throw error;
  }
}

/** "61737.63000000" → 6173763 ticks for tickSize 0.01. Throws UnitError if not a whole number of ticks. */
export function priceToTicks(inst: Instrument, text: string): number {
  const scaled = scaledOrThrow(inst, text, inst.priceDecimals, 'price', `tickSize ${inst.tickSize}`);
  if (inst.tickUnits === 1) return scaled;
  const ticks = scaled / inst.tickUnits;
  if (!Number.isInteger(ticks)) {
    throw new UnitError(`${inst.symbol}: price "${text}" is not a multiple of tickSize ${inst.tickSize}`);
  }
  return ticks;
}

export function qtyToLots(inst: Instrument, text: string): number {
  const scaled = scaledOrThrow(inst, text, inst.qtyDecimals, 'quantity', `lotSize ${inst.lotSize}`);
  if (inst.lotUnits === 1) return scaled;
  const lots = scaled / inst.lotUnits;
  if (!Number.isInteger(lots)) {
    throw new UnitError(`${inst.symbol}: quantity "${text}" is not a multiple of lotSize ${inst.lotSize}`);
  }
  return lots;
}

/** priceToTicks of `text[start, end)` without the substring; NaN where priceToTicks would throw. */
export function spanToTicks(inst: Instrument, text: string, start: number, end: number): number {
  return wholeUnits(scaledSpan(text, start, end, inst.priceDecimals), inst.tickUnits);
}

/** qtyToLots of `text[start, end)` without the substring; NaN where qtyToLots would throw. */
export function spanToLots(inst: Instrument, text: string, start: number, end: number): number {
  return wholeUnits(scaledSpan(text, start, end, inst.qtyDecimals), inst.lotUnits);
}

/** spanToTicks of the price that starts at `text[start]` and runs as far as it can (core's scaledRun: its end in `scanned.end`). */
export function runToTicks(inst: Instrument, text: string, start: number): number {
  return wholeUnits(scaledRun(text, start, text.length, inst.priceDecimals), inst.tickUnits);
}

/** spanToLots of the quantity that starts at `text[start]` (see runToTicks). */
export function runToLots(inst: Instrument, text: string, start: number): number {
  return wholeUnits(scaledRun(text, start, text.length, inst.qtyDecimals), inst.lotUnits);
}

function wholeUnits(scaled: number, unit: number): number {
  if (unit === 1) return scaled;
  const n = scaled / unit;
  return Number.isInteger(n) ? n : Number.NaN;
}

/** Exact decimal string of a price in ticks. */
export function ticksToPrice(inst: Instrument, ticks: number): string {
  return formatScaled(ticks * inst.tickUnits, inst.priceDecimals);
}

export function lotsToQty(inst: Instrument, lots: number): string {
  return formatScaled(lots * inst.lotUnits, inst.qtyDecimals);
}

/** A price as a float, for ratios and display only. */
export function ticksToNumber(inst: Instrument, ticks: number): number {
  return (ticks * inst.tickUnits) / 10 ** inst.priceDecimals;
}

export function lotsToNumber(inst: Instrument, lots: number): number {
  return (lots * inst.lotUnits) / 10 ** inst.qtyDecimals;
}

export function instrumentKey(product: Product, symbol: string): string {
  return `${product}:${symbol}`;
}
