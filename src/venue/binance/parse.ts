// venue/binance/parse: turns one raw Binance message (a WebSocket frame, combined-stream envelope or not,
// or a REST depth snapshot body) into normalized events, converting decimal strings into integer ticks
// and lots with the symbol's instrument. The same function serves live streams and replayed recordings.
// It never reads a clock: all times come from the message and its receive time.

import {
  priceToTicks,
  qtyToLots,
  symbolOfStream,
  type AggTradeEvent,
  type BookTickerEvent,
  type ConnectionEvent,
  type ConnectionState,
  type DepthDiffEvent,
  type DepthSnapshotEvent,
  type Instrument,
  type MarketEvent,
  type RawMessage,
  type TradeEvent,
} from '../../model/index.js';
import { UnitError } from '../../core/index.js';
import { MalformedMessageError } from './errors.js';
import { fastMarketEvent } from './fast-parse.js';
import { arr, bool, isObject, num, optNum, str, type Json } from './fields.js';

/** Finds the instrument of a symbol; returns undefined when flowdesk has none for it. */
export type InstrumentLookup = (product: RawMessage['product'], symbol: string) => Instrument | undefined;

export type ParsedMessage =
  | { readonly type: 'market'; readonly event: MarketEvent }
  | { readonly type: 'connection'; readonly event: ConnectionEvent }
  /** A REST request that failed (recorded so replay sees what live saw). */
  | { readonly type: 'restFailure'; readonly symbol: string; readonly detail: string }
  /** Understood but not used (kline, subscription replies, clock marks, symbols without an instrument...). */
  | { readonly type: 'ignored'; readonly reason: string };

const CONNECTION_STATES: readonly ConnectionState[] = ['open', 'reconnecting', 'reconnected', 'closed', 'shutdownAnnounced'];

/** Parses one raw message. Throws MalformedMessageError (with a one-line reason) when it cannot. */
export function parseRawMessage(raw: RawMessage, lookup: InstrumentLookup): ParsedMessage {
  const event = fastParseMarket(raw, lookup); // the common case, without a JSON tree; null: not certain
  return event !== null ? { type: 'market', event } : parseGeneral(raw, lookup);
}

/**
 * The market event parseRawMessage gives for `raw` when its fast path is certain of it; null otherwise
 * (parseRawMessage then decides). The replay decode worker sends the first kind ready-made.
 */
export function fastParseMarket(raw: RawMessage, lookup: InstrumentLookup): MarketEvent | null {
  return raw.kind === 'ws' ? fastMarketEvent(raw, lookup) : null;
}

/** parseRawMessage without the fast path (which must agree with it: test/venue/fast-parse.test.ts). */
export function parseGeneral(raw: RawMessage, lookup: InstrumentLookup): ParsedMessage {
  try {
    if (raw.kind === 'lifecycle') return parseLifecycle(raw);
    const body: unknown = JSON.parse(raw.payload);
    if (!isObject(body)) throw new MalformedMessageError('payload is not a JSON object');
    if (raw.kind === 'rest') return parseRest(raw, body, lookup);
    return parseWs(raw, body, lookup);
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    if (error instanceof SyntaxError) throw new MalformedMessageError(`invalid JSON: ${error.message}`);
    if (error instanceof UnitError) throw new MalformedMessageError(error.message);
    throw error;
  }
}

function parseLifecycle(raw: RawMessage): ParsedMessage {
  const body: unknown = JSON.parse(raw.payload);
  const state = isObject(body) ? body['event'] : undefined;
  // A clock mark: the live driver's timer looked at the books at this receive time (see Pipeline.ingest).
  if (state === 'clock') return { type: 'ignored', reason: 'clock' };
  if (typeof state !== 'string' || !CONNECTION_STATES.includes(state as ConnectionState)) {
    throw new MalformedMessageError(`lifecycle event must be one of clock, ${CONNECTION_STATES.join(', ')}`);
  }
  return connection(raw, state as ConnectionState);
}

function connection(raw: RawMessage, state: ConnectionState): ParsedMessage {
  return {
    type: 'connection',
    event: {
      kind: 'connection',
      seq: raw.seq,
      receiveTimeUs: raw.receiveTimeUs,
      connectionId: raw.connectionId,
      product: raw.product,
      state,
      stream: raw.stream,
    },
  };
}

function parseRest(raw: RawMessage, body: Json, lookup: InstrumentLookup): ParsedMessage {
  if (isObject(body['error'])) {
    const error = body['error'];
    return {
      type: 'restFailure',
      symbol: symbolOfStream(raw.stream) ?? '',
      detail: `${raw.stream}: ${String(error['kind'] ?? 'failed')} ${String(error['message'] ?? '')}`.trim(),
    };
  }
  if (body['lastUpdateId'] === undefined) {
    return { type: 'ignored', reason: `REST response without lastUpdateId on ${raw.stream}` };
  }
  const symbol = symbolOfStream(raw.stream);
  if (symbol === null) throw new MalformedMessageError(`REST snapshot without a symbol (stream "${raw.stream}")`);
  const inst = lookup(raw.product, symbol);
  if (inst === undefined) return { type: 'ignored', reason: `no instrument for ${raw.product}:${symbol}` };
  const what = `depth snapshot ${symbol}`;
  const event: DepthSnapshotEvent = {
    kind: 'depthSnapshot',
    ...header(raw, raw.stream, symbol),
    lastUpdateId: num(body, 'lastUpdateId', what),
    exchangeTimeMs: optNum(body, 'E', what),
    transactTimeMs: optNum(body, 'T', what),
    bids: levels(inst, arr(body, 'bids', what), what),
    asks: levels(inst, arr(body, 'asks', what), what),
  };
  return { type: 'market', event };
}

function parseWs(raw: RawMessage, body: Json, lookup: InstrumentLookup): ParsedMessage {
  let data: Json = body;
  let stream = raw.stream;
  if (typeof body['stream'] === 'string' && body['data'] !== undefined) {
    if (!isObject(body['data'])) throw new MalformedMessageError('combined-stream "data" is not an object');
    data = body['data'];
    stream = body['stream'];
  }
  const eventType = data['e'];
  if (eventType === 'serverShutdown') return connection(raw, 'shutdownAnnounced');
  const isTicker = eventType === 'bookTicker' || (eventType === undefined && stream.endsWith('@bookTicker'));
  if (eventType !== 'depthUpdate' && eventType !== 'trade' && eventType !== 'aggTrade' && !isTicker) {
    if (data['result'] !== undefined || data['id'] !== undefined) return { type: 'ignored', reason: 'request reply' };
    return { type: 'ignored', reason: `unhandled ${String(eventType ?? stream)}` };
  }
  const symbol = str(data, 's', String(eventType ?? 'bookTicker'));
  const inst = lookup(raw.product, symbol);
  if (inst === undefined) return { type: 'ignored', reason: `no instrument for ${raw.product}:${symbol}` };
  const head = header(raw, stream, symbol);
  if (isTicker) return { type: 'market', event: bookTicker(data, head, inst) };
  if (eventType === 'depthUpdate') return { type: 'market', event: depthDiff(data, head, inst) };
  if (eventType === 'trade') return { type: 'market', event: trade(data, head, inst) };
  return { type: 'market', event: aggTrade(data, head, inst) };
}

type Header = Pick<MarketEvent, 'seq' | 'receiveTimeUs' | 'connectionId' | 'stream' | 'product' | 'symbol'>;

function header(raw: RawMessage, stream: string, symbol: string): Header {
  return {
    seq: raw.seq,
    receiveTimeUs: raw.receiveTimeUs,
    connectionId: raw.connectionId,
    stream,
    product: raw.product,
    symbol,
  };
}

function levels(inst: Instrument, list: unknown[], what: string): number[] {
  const out = new Array<number>(list.length * 2);
  for (let i = 0; i < list.length; i++) {
    const level = list[i];
    if (!Array.isArray(level) || typeof level[0] !== 'string' || typeof level[1] !== 'string') {
      throw new MalformedMessageError(`${what}: level ${i} is not a [price, qty] pair of strings`);
    }
    out[2 * i] = priceToTicks(inst, level[0]);
    out[2 * i + 1] = qtyToLots(inst, level[1]);
  }
  return out;
}

function depthDiff(data: Json, head: Header, inst: Instrument): DepthDiffEvent {
  const what = `depthUpdate ${head.symbol}`;
  return {
    kind: 'depthDiff',
    ...head,
    exchangeTimeMs: num(data, 'E', what),
    transactTimeMs: optNum(data, 'T', what),
    firstUpdateId: num(data, 'U', what),
    finalUpdateId: num(data, 'u', what),
    prevFinalUpdateId: optNum(data, 'pu', what),
    bids: levels(inst, arr(data, 'b', what), what),
    asks: levels(inst, arr(data, 'a', what), what),
  };
}

type Execution = Pick<TradeEvent, 'priceTicks' | 'qtyLots' | 'tradeTimeMs' | 'exchangeTimeMs' | 'buyerIsMaker' | 'aggressor'>;

/** Fields trade and aggTrade share. `m` true means the buyer was the maker, so the aggressor sold. */
function execution(data: Json, inst: Instrument, what: string): Execution {
  const buyerIsMaker = bool(data, 'm', what);
  return {
    priceTicks: priceToTicks(inst, str(data, 'p', what)),
    qtyLots: qtyToLots(inst, str(data, 'q', what)),
    tradeTimeMs: num(data, 'T', what),
    exchangeTimeMs: num(data, 'E', what),
    buyerIsMaker,
    aggressor: buyerIsMaker ? 'sell' : 'buy',
  };
}

function trade(data: Json, head: Header, inst: Instrument): TradeEvent {
  const what = `trade ${head.symbol}`;
  return { kind: 'trade', ...head, tradeId: num(data, 't', what), ...execution(data, inst, what) };
}

function aggTrade(data: Json, head: Header, inst: Instrument): AggTradeEvent {
  const what = `aggTrade ${head.symbol}`;
  return {
    kind: 'aggTrade',
    ...head,
    aggTradeId: num(data, 'a', what),
    firstTradeId: num(data, 'f', what),
    lastTradeId: num(data, 'l', what),
    ...execution(data, inst, what),
  };
}

function bookTicker(data: Json, head: Header, inst: Instrument): BookTickerEvent {
  const what = `bookTicker ${head.symbol}`;
  return {
    kind: 'bookTicker',
    ...head,
    updateId: num(data, 'u', what),
    bidTicks: priceToTicks(inst, str(data, 'b', what)),
    bidLots: qtyToLots(inst, str(data, 'B', what)),
    askTicks: priceToTicks(inst, str(data, 'a', what)),
    askLots: qtyToLots(inst, str(data, 'A', what)),
    exchangeTimeMs: optNum(data, 'E', what),
    transactTimeMs: optNum(data, 'T', what),
  };
}
