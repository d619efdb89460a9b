// cli/args: the option declarations several commands share (the units of recordings, symbols), and the
// check that input files are distinct. Parsing and validation themselves are config's (command-line.ts).

import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { InvalidOptionValue, choice, decimal, parsed, type OptionValues } from '../config/index.js';
import { UsageError } from '../core/index.js';
import { prepareReplay, type PreparedReplay, type SourceOverrides } from '../kernel/index.js';
import { DEFAULT_HORIZONS_MS, horizonLabel, parseHorizons } from '../features/index.js';
import { PRODUCTS, type Product } from '../model/index.js';
import type { CommandContext } from './context.js';

const SYMBOL = /^[A-Z0-9]{2,30}$/;

/** A symbol as Binance spells it (upper case). */
export function parseSymbol(text: string): string {
  const symbol = text.trim().toUpperCase();
  if (!SYMBOL.test(symbol)) throw new InvalidOptionValue(`"${text}" is not a symbol`);
  return symbol;
}

/** "BTCUSDT,ETHUSDT" → distinct symbols, in order. */
export function parseSymbolList(text: string): string[] {
  const symbols = text.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
  if (symbols.length === 0) throw new InvalidOptionValue('no symbol');
  for (const symbol of symbols) if (!SYMBOL.test(symbol)) throw new InvalidOptionValue(`"${symbol}" is not a symbol`);
  const twice = symbols.find((s, i) => symbols.indexOf(s) !== i);
  if (twice !== undefined) throw new InvalidOptionValue(`${twice} is named twice`);
  return symbols;
}

/** Options of the commands that read recordings, for data that does not carry its units. */
export const UNIT_OPTIONS = {
  product: choice(PRODUCTS as readonly Product[], { help: 'the product of files whose data does not tell' }),
  symbol: parsed({
    help: 'the symbol of bare REST snapshot lines (files naming several symbols); it must be one the files hold',
    placeholder: 'SYMBOL',
    accepts: 'a symbol such as BTCUSDT',
    example: 'BTCUSDT',
    parse: parseSymbol,
  }),
  'tick-size': decimal({ help: 'price tick, overriding the units of the data; every price must be a multiple of it', example: '0.01' }),
  'lot-size': decimal({ help: 'quantity lot, overriding the units of the data; every quantity must be a multiple of it', example: '0.00001' }),
};

export function unitOverrides(values: OptionValues<typeof UNIT_OPTIONS>): SourceOverrides {
  const out: { product?: Product; symbol?: string; tickSize?: string; lotSize?: string } = {};
  if (values.product !== undefined) out.product = values.product;
  if (values.symbol !== undefined) out.symbol = values.symbol;
  if (values['tick-size'] !== undefined) out.tickSize = values['tick-size'];
  if (values['lot-size'] !== undefined) out.lotSize = values['lot-size'];
  return out;
}

/**
 * The input files, refused when one file is named twice (also through another path or a link): its data
 * would be counted twice. A file that cannot be resolved is left for the reader to report.
 */
export async function distinctFiles(files: readonly string[]): Promise<readonly string[]> {
  const seen = new Map<string, string>();
  for (const file of files) {
    const resolved = await realpath(file).catch(() => path.resolve(file));
    const earlier = seen.get(resolved);
    if (earlier !== undefined) {
      throw new UsageError(earlier === file ? `${file} is given twice; its data would be counted twice` : `${earlier} and ${file} are the same file; its data would be counted twice`);
    }
    seen.set(resolved, file);
  }
  return files;
}

/**
 * The replay a command runs over its files: units from the flags, engine options and warnings from the
 * context. `decodeInWorker`: read and parse on a second core (the same results) when no hook needs the raw
 * messages.
 */
export function commandReplay(
  files: readonly string[],
  values: OptionValues<typeof UNIT_OPTIONS>,
  context: CommandContext,
  decodeInWorker = false,
): Promise<PreparedReplay> {
  return prepareReplay({ files, overrides: unitOverrides(values), engine: context.engine, warn: (message) => context.warn(message), decodeInWorker });
}

/** `--horizons LIST`: markout horizons (features' parseHorizons), DEFAULT_HORIZONS_MS by default. */
export function horizonsOption(help: string) {
  return parsed({
    help,
    placeholder: 'LIST',
    accepts: 'a comma-separated list of distinct whole durations in ms, s or m from 1ms to 60m, such as 250ms,1s,10s',
    parse: (text) => {
      try {
        return parseHorizons(text);
      } catch (error) {
        if (error instanceof RangeError) throw new InvalidOptionValue(error.message);
        throw error;
      }
    },
    default: DEFAULT_HORIZONS_MS.map(horizonLabel).join(','),
  });
}
