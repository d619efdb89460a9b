// cli/args: argument parsing on node:util's parseArgs, with usage errors as UsageError values.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../core/index.js';
import { PRODUCTS, type Product } from '../model/index.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

export function parseCommandArgs(command: string, argv: readonly string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.split('\n')[0]} (see flowdesk ${command} --help)`);
  }
}

export function optionalString(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** `--name` as one of `choices` (undefined when absent); anything else is a UsageError naming them. */
export function choiceOption<T extends string>(parsed: Parsed, name: string, choices: readonly T[]): T | undefined {
  const value = optionalString(parsed, name);
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${name} must be ${choices.join(' or ')}, got "${value}"`);
  return value as T;
}

export function productOption(parsed: Parsed, name = 'product'): Product | undefined {
  return choiceOption(parsed, name, PRODUCTS);
}

export function positiveNumberOption(parsed: Parsed, name: string, fallback: number): number {
  const value = optionalString(parsed, name);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`--${name} must be a positive number, got "${value}"`);
  return number;
}

/** An integer option within [min, max]; `fallback` when absent. */
export function integerOption(parsed: Parsed, name: string, min: number, max: number, fallback: number): number {
  const value = optionalString(parsed, name);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^[0-9]+$/.test(value) || number < min || number > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return number;
}

export const UNIT_OPTIONS: OptionSpec = {
  product: { type: 'string' },
  symbol: { type: 'string' },
  'tick-size': { type: 'string' },
  'lot-size': { type: 'string' },
};

export function unitOverrides(parsed: Parsed): {
  product?: Product;
  symbol?: string;
  tickSize?: string;
  lotSize?: string;
} {
  const out: { product?: Product; symbol?: string; tickSize?: string; lotSize?: string } = {};
  const product = productOption(parsed);
  if (product !== undefined) out.product = product;
  const symbol = optionalString(parsed, 'symbol');
  if (symbol !== undefined) out.symbol = symbol.toUpperCase();
  const tick = optionalString(parsed, 'tick-size');
  if (tick !== undefined) out.tickSize = tick;
  const lot = optionalString(parsed, 'lot-size');
  if (lot !== undefined) out.lotSize = lot;
  return out;
}
