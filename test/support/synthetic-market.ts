// A small synthetic Binance spot market for BTCUSDT (tick 0.01, lot 0.00000001) as raw wire messages —
// REST snapshots, depth diffs, bookTickers, trades and connection marks — for tests that need a stream
// whose every price and time is chosen by hand. Messages are numbered in the order they are written.
import { writeFileSync } from 'node:fs';
import { InstrumentRegistry, Pipeline } from '../../src/kernel/index.js';
import type { RawMessage } from '../../src/model/index.js';
import { FORMAT_NAME, FORMAT_VERSION, encodeHeader, encodeMessage } from '../../src/recording/index.js';
import { ENGINE_OPTIONS } from './fixtures.js';

export const SYNTHETIC_SPEC = { product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00000001', source: 'test' } as const;

/** [price, qty] as decimal strings; qty "0" deletes the level. */
export type Level = readonly [string, string];

export class SyntheticMarket {
  readonly messages: RawMessage[] = [];
  private tradeId = 1;

  private push(timeUs: number, kind: RawMessage['kind'], stream: string, payload: string): this {
    this.messages.push({ seq: this.messages.length, receiveTimeUs: timeUs, connectionId: 1, product: 'spot', kind, stream, payload });
    return this;
  }

  /** A REST depth snapshot: the book becomes live at `lastUpdateId` (when nothing buffered contradicts it). */
  snapshot(timeUs: number, lastUpdateId: number, bids: readonly Level[], asks: readonly Level[]): this {
    return this.push(timeUs, 'rest', 'btcusdt@rest.depth', JSON.stringify({ lastUpdateId, bids, asks }));
  }

  /** A depth diff covering update ids U..u (spot: it chains when U is the book's id + 1). */
  diff(timeUs: number, U: number, u: number, bids: readonly Level[], asks: readonly Level[]): this {
    const data = { e: 'depthUpdate', E: Math.floor(timeUs / 1000), s: 'BTCUSDT', U, u, b: bids, a: asks };
    return this.push(timeUs, 'ws', 'btcusdt@depth@100ms', JSON.stringify({ stream: 'btcusdt@depth@100ms', data }));
  }

  /** A bookTicker at update id `u` (ahead of the book: it is the top until the diffs reach `u`). */
  ticker(timeUs: number, u: number, bid: string, ask: string, bidQty = '1.00000000', askQty = '1.00000000'): this {
    const data = { u, s: 'BTCUSDT', b: bid, B: bidQty, a: ask, A: askQty };
    return this.push(timeUs, 'ws', 'btcusdt@bookTicker', JSON.stringify({ stream: 'btcusdt@bookTicker', data }));
  }

  /** The depth connection came back (a reconnect): every book it fed must resync. */
  reconnected(timeUs: number): this {
    this.messages.push({ seq: this.messages.length, receiveTimeUs: timeUs, connectionId: 0, product: 'spot', kind: 'lifecycle', stream: 'spot-0', payload: '{"event":"reconnected"}' });
    return this;
  }

  /** A trade; `taker` buy means the buyer was not the maker (Binance's m = false). */
  trade(timeUs: number, taker: 'buy' | 'sell', price: string, qty: string): this {
    const E = Math.floor(timeUs / 1000);
    const data = { e: 'trade', E, s: 'BTCUSDT', t: this.tradeId++, p: price, q: qty, T: E, m: taker === 'sell', M: true };
    return this.push(timeUs, 'ws', 'btcusdt@trade', JSON.stringify({ stream: 'btcusdt@trade', data }));
  }
}

/** Writes `messages` as a plain (not gzipped) flowdesk recording of BTCUSDT spot at the synthetic units. */
export function writeSyntheticRecording(path: string, messages: readonly RawMessage[]): void {
  const header = encodeHeader({
    format: FORMAT_NAME,
    formatVersion: FORMAT_VERSION,
    product: 'spot',
    symbols: ['BTCUSDT'],
    tool: 'flowdesk test',
    instruments: [{ ...SYNTHETIC_SPEC, source: 'recording' }],
    part: 0,
    firstSeq: 0,
    openedAtUs: messages[0]?.receiveTimeUs ?? 0,
    origin: 'synthetic',
  });
  writeFileSync(path, `${[header, ...messages.map(encodeMessage)].join('\n')}\n`);
}

/** A pipeline that knows BTCUSDT spot at the synthetic units. */
export function syntheticPipeline(): Pipeline {
  const registry = new InstrumentRegistry();
  registry.add(SYNTHETIC_SPEC);
  return new Pipeline(registry, ENGINE_OPTIONS);
}
