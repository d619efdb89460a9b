// venue/binance/infer: what a recording without metadata is about — product (spot or USD-M), symbols, and
// price/quantity units — read off a sample of its raw Binance messages. Price tick: the finest significant
// decimal place seen (a 1000-level snapshot shows it); lot: the decimal places the venue writes quantities
// with (Binance pads quantities to the asset's precision). Inferred units are reported as such.

import { decimalPlaces, significantDecimalPlaces } from '../../core/index.js';
import { symbolOfStream, type Product, type RawMessageKind } from '../../model/index.js';
import { isObject, type Json } from './fields.js';

export interface SampleMessage {
  readonly kind: RawMessageKind;
  readonly stream: string;
  readonly payload: string;
}

export interface SymbolUnits {
  priceDecimals: number;
  qtyDecimals: number;
}

export interface Inference {
  /** null when nothing in the sample tells. */
  readonly product: Product | null;
  /** Symbols named by stream names or `s` fields, in order of first appearance. */
  readonly symbols: readonly string[];
  /** Per symbol; REST snapshots (which name no symbol) count for `snapshotSymbol` when given. */
  readonly units: ReadonlyMap<string, SymbolUnits>;
  readonly snapshots: number;
}

export function tickSizeOf(decimals: number): string {
  return decimals === 0 ? '1' : `0.${'0'.repeat(decimals - 1)}1`;
}

/** Reads product, symbols and units off sample messages. `snapshotSymbol` names the symbol of bare snapshots. */
export function inferFromSample(sample: readonly SampleMessage[], snapshotSymbol?: string): Inference {
  let usdmSignals = 0;
  let spotSignals = 0;
  let snapshots = 0;
  const symbols: string[] = [];
  const units = new Map<string, SymbolUnits>();
  const pending: Json[] = [];

  const noteSymbol = (symbol: string): SymbolUnits => {
    let u = units.get(symbol);
    if (u === undefined) {
      u = { priceDecimals: 0, qtyDecimals: 0 };
      units.set(symbol, u);
      symbols.push(symbol);
    }
    return u;
  };
  const notePair = (u: SymbolUnits, price: unknown, qty: unknown): void => {
    if (typeof price === 'string') u.priceDecimals = Math.max(u.priceDecimals, significantDecimalPlaces(price));
    if (typeof qty === 'string') u.qtyDecimals = Math.max(u.qtyDecimals, decimalPlaces(qty));
  };
  const noteLevels = (u: SymbolUnits, list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const level of list) if (Array.isArray(level)) notePair(u, level[0], level[1]);
  };

  for (const message of sample) {
    let body: unknown;
    try {
      body = JSON.parse(message.payload);
    } catch {
      continue;
    }
    if (!isObject(body)) continue;
    if (body['lastUpdateId'] !== undefined) {
      snapshots++;
      if (body['E'] !== undefined || body['T'] !== undefined) usdmSignals++;
      const symbol = symbolOfStream(message.stream) ?? snapshotSymbol;
      if (symbol === undefined) pending.push(body);
      else {
        const u = noteSymbol(symbol);
        noteLevels(u, body['bids']);
        noteLevels(u, body['asks']);
      }
      continue;
    }
    const stream = typeof body['stream'] === 'string' ? body['stream'] : message.stream;
    const data = isObject(body['data']) ? body['data'] : body;
    if (/@depth@0ms$|@markPrice/.test(stream)) usdmSignals++;
    const symbol = typeof data['s'] === 'string' ? data['s'] : symbolOfStream(stream);
    if (symbol === null) continue;
    const u = noteSymbol(symbol);
    const type = data['e'];
    if (type === 'depthUpdate') {
      if (data['pu'] !== undefined || data['T'] !== undefined) usdmSignals++;
      else spotSignals++;
      noteLevels(u, data['b']);
      noteLevels(u, data['a']);
    } else if (type === 'trade' || type === 'aggTrade') {
      if (data['X'] !== undefined) usdmSignals++;
      notePair(u, data['p'], data['q']);
    } else if (type === 'bookTicker' || (type === undefined && stream.endsWith('@bookTicker'))) {
      if (data['E'] !== undefined) usdmSignals++;
      else spotSignals++;
      notePair(u, data['b'], data['B']);
      notePair(u, data['a'], data['A']);
    }
  }
  // Bare snapshots seen before any stream named the symbol: credit them to the only symbol, if one.
  if (pending.length > 0 && symbols.length === 1) {
    const u = units.get(symbols[0] as string) as SymbolUnits;
    for (const body of pending) {
      noteLevels(u, body['bids']);
      noteLevels(u, body['asks']);
    }
  }
  const product: Product | null = usdmSignals > 0 ? 'usdm' : spotSignals > 0 ? 'spot' : null;
  return { product, symbols, units, snapshots };
}
