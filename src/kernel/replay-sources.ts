// kernel/replay-sources: opens recording files for replay. Detects each file's format, works out product,
// symbols and instrument units (from a flowdesk header, from flags, or inferred from the data), and
// returns one batch stream per file, with the order rules a flowdesk header holds. Every problem that
// stops a file is an InputError naming it; flags that do not fit the file (--symbol it does not hold,
// --tick-size off its prices) are UsageErrors.

import { InputError, UsageError } from '../core/index.js';
import { instrumentKey, type InstrumentSpec, type Product, type RawMessage, type SymbolRules } from '../model/index.js';
import {
  decodeHftLine,
  decodeMessage,
  detectFormat,
  readHeadLines,
  readRecording,
  type MessageBatches,
  type ReaderSpec,
  type ReaderStats,
  type RecordingFormat,
  type WarningSink,
} from '../recording/index.js';
import { inferFromSample, tickSizeOf, type SampleMessage } from '../venue/index.js';
import { checkFlagUnits } from './flag-units.js';

export interface SourceOverrides {
  readonly product?: Product;
  readonly symbol?: string;
  readonly tickSize?: string;
  readonly lotSize?: string;
}

export interface OpenedSource {
  readonly path: string;
  readonly format: RecordingFormat;
  readonly product: Product;
  readonly symbols: readonly string[];
  readonly instruments: readonly InstrumentSpec[];
  /** The order rules its header holds (a flowdesk recording of a live session); none for other files. */
  readonly rules: readonly SymbolRules[];
  /** How the file is read (plain data: a decode worker opens it again from this). */
  readonly reader: ReaderSpec;
  /** Its messages; nothing is read until the first next(). */
  readonly batches: MessageBatches;
}

const SAMPLE_LINES = 3000;

export async function openSource(
  path: string,
  overrides: SourceOverrides,
  warn: WarningSink,
  stats: ReaderStats,
): Promise<OpenedSource> {
  const { format, header } = await detectFormat(path);
  if (header !== null) {
    if (overrides.product !== undefined && overrides.product !== header.product) {
      throw new UsageError(`--product ${overrides.product} does not fit ${path}: it is recorded as ${header.product}`);
    }
    const instruments = header.instruments.map((spec) => withOverrides(spec, overrides));
    if (overrides.tickSize !== undefined || overrides.lotSize !== undefined) {
      const sample = (await readHeadLines(path, SAMPLE_LINES)).slice(1).map((line) => decodeMessage(line, header.product));
      checkFlagUnits(path, overrides, header.instruments, sample.filter((raw): raw is RawMessage => typeof raw !== 'string'));
    }
    const reader: ReaderSpec = { format: 'flowdesk', header };
    const rules = header.rules ?? [];
    return { path, format, product: header.product, symbols: header.symbols, instruments, rules, reader, batches: readRecording(path, reader, warn, stats) };
  }
  const head = await readHeadLines(path, SAMPLE_LINES);
  const sample: SampleMessage[] = [];
  for (const line of head) {
    const raw = decodeHftLine(line, { product: 'spot', snapshotSymbol: null });
    if (typeof raw !== 'string') sample.push(raw);
    else if (line.includes(' {"lastUpdateId"')) sample.push({ kind: 'rest', stream: '', payload: line.slice(line.indexOf(' ') + 1) });
  }
  const inferred = inferFromSample(sample, overrides.symbol);
  if (overrides.symbol !== undefined) {
    // --symbol names the bare snapshots of a file; it must not relabel another symbol's data.
    const named = inferFromSample(sample).symbols;
    if (named.length > 0 && !named.includes(overrides.symbol)) {
      throw new UsageError(`--symbol ${overrides.symbol} is not in ${path}, which holds ${named.join(', ')}`);
    }
  }
  const product = overrides.product ?? inferred.product;
  if (product === null) {
    throw new InputError(`${path}: cannot tell spot from USD-M from the data; pass --product spot|usdm`, path);
  }
  const symbols = overrides.symbol !== undefined ? [overrides.symbol] : inferred.symbols;
  if (symbols.length === 0) throw new InputError(`${path}: no Binance market data found in the first ${SAMPLE_LINES} lines`, path);
  const instruments: InstrumentSpec[] = [];
  const own: InstrumentSpec[] = [];
  for (const symbol of symbols) {
    const units = inferred.units.get(symbol);
    if (units === undefined && (overrides.tickSize === undefined || overrides.lotSize === undefined)) {
      throw new InputError(`${path}: no prices of ${symbol} in the first lines; pass --tick-size and --lot-size`, path);
    }
    const spec: InstrumentSpec = {
      product,
      symbol,
      tickSize: tickSizeOf(units?.priceDecimals ?? 0),
      lotSize: tickSizeOf(units?.qtyDecimals ?? 0),
      source: 'inferred',
    };
    if (units !== undefined) own.push(spec);
    instruments.push(withOverrides(spec, overrides));
  }
  const snapshotSymbol = symbols.length === 1 ? (symbols[0] as string) : null;
  const reader: ReaderSpec = { format: 'hftbacktest', options: { product, snapshotSymbol } };
  const decoded = head.map((line) => decodeHftLine(line, reader.options));
  checkFlagUnits(path, overrides, own, decoded.filter((raw): raw is RawMessage => typeof raw !== 'string'));
  return { path, format, product, symbols, instruments, rules: [], reader, batches: readRecording(path, reader, warn, stats) };
}

function withOverrides(spec: InstrumentSpec, overrides: SourceOverrides): InstrumentSpec {
  if (overrides.tickSize === undefined && overrides.lotSize === undefined) return spec;
  return {
    ...spec,
    tickSize: overrides.tickSize ?? spec.tickSize,
    lotSize: overrides.lotSize ?? spec.lotSize,
    source: 'flags',
  };
}

/**
 * Several files of one symbol may infer different units (one saw finer prices): keep, per symbol, the
 * finest tick and lot, so every file converts exactly. Declared units (header, flags) win over inferred.
 */
export function reconcileInstruments(sources: readonly OpenedSource[]): InstrumentSpec[] {
  const byKey = new Map<string, InstrumentSpec>();
  for (const source of sources) {
    for (const spec of source.instruments) {
      const key = `${spec.product}:${spec.symbol}`;
      const seen = byKey.get(key);
      if (seen === undefined || (seen.source === 'inferred' && spec.source !== 'inferred')) {
        byKey.set(key, spec);
      } else if (seen.source === 'inferred' && spec.source === 'inferred') {
        byKey.set(key, {
          ...seen,
          tickSize: finer(seen.tickSize, spec.tickSize),
          lotSize: finer(seen.lotSize, spec.lotSize),
        });
      }
    }
  }
  return [...byKey.values()];
}

/** Each symbol's order rules, by instrumentKey: from the first file (in the order given) whose header has them. */
export function reconcileRules(sources: readonly OpenedSource[]): Map<string, SymbolRules> {
  const byKey = new Map<string, SymbolRules>();
  for (const source of sources) {
    for (const rules of source.rules) {
      const key = instrumentKey(rules.product, rules.symbol);
      if (!byKey.has(key)) byKey.set(key, rules);
    }
  }
  return byKey;
}

function finer(a: string, b: string): string {
  return Number(a) <= Number(b) ? a : b;
}
