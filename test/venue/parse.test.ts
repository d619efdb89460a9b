// The Binance wire parser on real frames: the first line of each kind in the bundled spot and USD-M
// recordings (fixtures/binance), plus one real aggTrade frame of a spot capture. Expected values are read
// straight off the JSON text; prices and quantities are checked back through ticksToPrice/lotsToQty.
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  createInstrument,
  levelCount,
  lotsToQty,
  restDepthStream,
  ticksToPrice,
  type Instrument,
  type LevelList,
  type MarketEvent,
  type Product,
  type RawMessage,
  type RawMessageKind,
} from '../../src/model/index.js';
import {
  MalformedMessageError,
  parseRawMessage,
  type InstrumentLookup,
  type ParsedMessage,
} from '../../src/venue/index.js';
import { SPOT_FILES, USDM_FILES, fixtureLines } from '../support/fixtures.js';

const INSTRUMENTS: Instrument[] = [
  createInstrument({ product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00000001', source: 'test' }),
  createInstrument({ product: 'usdm', symbol: 'BTCUSDT', tickSize: '0.1', lotSize: '0.001', source: 'test' }),
  createInstrument({ product: 'spot', symbol: 'NKNUSDT', tickSize: '0.0001', lotSize: '0.00000001', source: 'test' }),
];

const lookup: InstrumentLookup = (product, symbol) =>
  INSTRUMENTS.find((inst) => inst.product === product && inst.symbol === symbol);

function inst(product: Product, symbol = 'BTCUSDT'): Instrument {
  return lookup(product, symbol) as Instrument;
}

interface WireLine {
  readonly receiveTimeUs: number;
  readonly payload: string;
  readonly stream: string;
}

const linesByPath = new Map<string, string[]>();

/** The first line of a fixture whose payload contains `marker`, split into receive time and payload. */
function firstLine(path: string, marker: string): WireLine {
  let lines = linesByPath.get(path);
  if (lines === undefined) {
    lines = fixtureLines(path);
    linesByPath.set(path, lines);
  }
  const line = lines.find((l) => l.includes(marker));
  if (line === undefined) throw new Error(`no line with ${marker} in ${path}`);
  const space = line.indexOf(' ');
  const payload = line.slice(space + 1);
  const body = JSON.parse(payload) as { stream?: string };
  return { receiveTimeUs: Number(line.slice(0, space - 3)), payload, stream: body.stream ?? '' };
}

function raw(product: Product, kind: RawMessageKind, stream: string, payload: string, seq = 7, receiveTimeUs = 1_723_161_254_000_000): RawMessage {
  return { seq, receiveTimeUs, connectionId: 0, product, kind, stream, payload };
}

function wsRaw(product: Product, line: WireLine, seq = 7): RawMessage {
  return raw(product, 'ws', line.stream, line.payload, seq, line.receiveTimeUs);
}

function market(parsed: ParsedMessage): MarketEvent {
  if (parsed.type !== 'market') throw new Error(`expected a market event, got ${JSON.stringify(parsed)}`);
  return parsed.event;
}

/** The wire decimal string with exactly `decimals` places (the digits cut off must be zeros). */
function normalized(text: string, decimals: number): string {
  const value = new Decimal(text);
  expect(value.decimalPlaces()).toBeLessThanOrEqual(decimals);
  return value.toFixed(decimals);
}

/** Checks every level of a flat list against the wire's [price, qty] pairs, exactly. */
function expectLevels(instrument: Instrument, levels: LevelList, wire: [string, string][]): void {
  expect(levelCount(levels)).toBe(wire.length);
  wire.forEach(([price, qty], i) => {
    expect(ticksToPrice(instrument, levels[2 * i] as number)).toBe(normalized(price, instrument.priceDecimals));
    expect(lotsToQty(instrument, levels[2 * i + 1] as number)).toBe(normalized(qty, instrument.qtyDecimals));
  });
}

function expectMalformed(message: RawMessage, reason: RegExp | string): void {
  let thrown: unknown;
  try {
    parseRawMessage(message, lookup);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(MalformedMessageError);
  expect((thrown as Error).message).toMatch(reason);
}

const SPOT = SPOT_FILES[0] as string;
const USDM = USDM_FILES[0] as string;

describe('parseRawMessage on real depth updates', () => {
  it('reads a spot depthUpdate, which has no T or pu, with nulls for them', () => {
    const line = firstLine(SPOT, '"e":"depthUpdate"');
    const event = market(parseRawMessage(wsRaw('spot', line, 3), lookup));
    const data = (JSON.parse(line.payload) as { data: { b: [string, string][]; a: [string, string][] } }).data;
    expect(event).toMatchObject({
      kind: 'depthDiff',
      seq: 3,
      receiveTimeUs: 1723161253937085,
      connectionId: 0,
      stream: 'btcusdt@depth@100ms',
      product: 'spot',
      symbol: 'BTCUSDT',
      exchangeTimeMs: 1723161255208,
      transactTimeMs: null,
      firstUpdateId: 50093239189,
      finalUpdateId: 50093239202,
      prevFinalUpdateId: null,
    });
    if (event.kind !== 'depthDiff') throw new Error('not a depth diff');
    expect(event.bids.slice(0, 2)).toEqual([6173763, 0]);
    expectLevels(inst('spot'), event.bids, data.b);
    expectLevels(inst('spot'), event.asks, data.a);
  });

  it('reads a USD-M depthUpdate with its T and pu', () => {
    const line = firstLine(USDM, '"e":"depthUpdate"');
    const event = market(parseRawMessage(wsRaw('usdm', line), lookup));
    const data = (JSON.parse(line.payload) as { data: { b: [string, string][]; a: [string, string][] } }).data;
    expect(event).toMatchObject({
      kind: 'depthDiff',
      stream: 'btcusdt@depth@0ms',
      product: 'usdm',
      symbol: 'BTCUSDT',
      exchangeTimeMs: 1723161256299,
      transactTimeMs: 1723161256298,
      firstUpdateId: 5123107832006,
      finalUpdateId: 5123107837557,
      prevFinalUpdateId: 5123107831937,
    });
    if (event.kind !== 'depthDiff') throw new Error('not a depth diff');
    expect(event.bids.slice(0, 2)).toEqual([587102, 14]);
    expectLevels(inst('usdm'), event.bids, data.b);
    expectLevels(inst('usdm'), event.asks, data.a);
  });
});

describe('parseRawMessage on real trades', () => {
  it('reads a spot trade whose buyer was the maker as a sell by the aggressor', () => {
    const line = firstLine(SPOT, '"e":"trade"');
    expect(line.payload).toContain('"m":true');
    const event = market(parseRawMessage(wsRaw('spot', line), lookup));
    expect(event).toEqual({
      kind: 'trade',
      seq: 7,
      receiveTimeUs: 1723161254087896,
      connectionId: 0,
      stream: 'btcusdt@trade',
      product: 'spot',
      symbol: 'BTCUSDT',
      tradeId: 3735683259,
      priceTicks: 6183763,
      qtyLots: 2_000_000,
      tradeTimeMs: 1723161255342,
      exchangeTimeMs: 1723161255343,
      buyerIsMaker: true,
      aggressor: 'sell',
    });
  });

  it('reads a USD-M trade (with its X field) whose buyer was the taker as a buy', () => {
    const line = firstLine(USDM, '"e":"trade"');
    const event = market(parseRawMessage(wsRaw('usdm', line), lookup));
    expect(event).toMatchObject({
      kind: 'trade',
      product: 'usdm',
      symbol: 'BTCUSDT',
      tradeId: 5266583935,
      priceTicks: 618003,
      qtyLots: 6,
      tradeTimeMs: 1723161256322,
      exchangeTimeMs: 1723161256322,
      buyerIsMaker: false,
      aggressor: 'buy',
    });
    if (event.kind !== 'trade') throw new Error('not a trade');
    expect(ticksToPrice(inst('usdm'), event.priceTicks)).toBe('61800.3');
    expect(lotsToQty(inst('usdm'), event.qtyLots)).toBe('0.006');
  });

  it('reads a real spot aggTrade with its ids and a buy aggressor', () => {
    const payload =
      '{"stream":"nknusdt@aggTrade","data":{"e":"aggTrade","E":1633998512567,"s":"NKNUSDT","a":25167815,"p":"0.35200000","q":"1148.00000000","f":34044307,"l":34044307,"T":1633998512566,"m":false,"M":true}}';
    const event = market(parseRawMessage(raw('spot', 'ws', 'nknusdt@aggTrade', payload, 11, 1633998512600000), lookup));
    expect(event).toEqual({
      kind: 'aggTrade',
      seq: 11,
      receiveTimeUs: 1633998512600000,
      connectionId: 0,
      stream: 'nknusdt@aggTrade',
      product: 'spot',
      symbol: 'NKNUSDT',
      aggTradeId: 25167815,
      firstTradeId: 34044307,
      lastTradeId: 34044307,
      priceTicks: 3520,
      qtyLots: 114_800_000_000,
      tradeTimeMs: 1633998512566,
      exchangeTimeMs: 1633998512567,
      buyerIsMaker: false,
      aggressor: 'buy',
    });
    expect(ticksToPrice(inst('spot', 'NKNUSDT'), 3520)).toBe('0.3520');
  });
});

describe('parseRawMessage on real bookTickers', () => {
  it('reads a spot bookTicker, which has no e, E or T, from its stream name', () => {
    const line = firstLine(SPOT, '@bookTicker');
    expect(line.payload).not.toContain('"e":');
    const event = market(parseRawMessage(wsRaw('spot', line), lookup));
    expect(event).toEqual({
      kind: 'bookTicker',
      seq: 7,
      receiveTimeUs: 1723161254087891,
      connectionId: 0,
      stream: 'btcusdt@bookTicker',
      product: 'spot',
      symbol: 'BTCUSDT',
      updateId: 50093239212,
      bidTicks: 6183763,
      bidLots: 378_826_000,
      askTicks: 6183764,
      askLots: 154_698_000,
      exchangeTimeMs: null,
      transactTimeMs: null,
    });
  });

  it('reads a USD-M bookTicker with its E and T', () => {
    const line = firstLine(USDM, '@bookTicker');
    const event = market(parseRawMessage(wsRaw('usdm', line), lookup));
    expect(event).toMatchObject({
      kind: 'bookTicker',
      product: 'usdm',
      updateId: 5123107839020,
      bidTicks: 618002,
      bidLots: 2507,
      askTicks: 618003,
      askLots: 2510,
      exchangeTimeMs: 1723161256313,
      transactTimeMs: 1723161256313,
    });
  });
});

describe('parseRawMessage on real REST depth snapshots', () => {
  it.each([
    ['spot', SPOT, 50093239218, null, null],
    ['usdm', USDM, 5123107852948, 1723161256501, 1723161256493],
  ] as const)('reads the %s snapshot, all 1000 levels a side exactly', (product, path, lastUpdateId, exchangeTimeMs, transactTimeMs) => {
    const line = firstLine(path, '{"lastUpdateId"');
    const body = JSON.parse(line.payload) as { bids: [string, string][]; asks: [string, string][] };
    const event = market(parseRawMessage(raw(product, 'rest', restDepthStream('BTCUSDT'), line.payload), lookup));
    expect(event).toMatchObject({
      kind: 'depthSnapshot',
      stream: 'btcusdt@rest.depth',
      product,
      symbol: 'BTCUSDT',
      lastUpdateId,
      exchangeTimeMs,
      transactTimeMs,
    });
    if (event.kind !== 'depthSnapshot') throw new Error('not a snapshot');
    expect(levelCount(event.bids)).toBe(1000);
    expect(levelCount(event.asks)).toBe(1000);
    const instrument = inst(product);
    const [bidPrice, bidQty] = body.bids[0] as [string, string];
    expect(ticksToPrice(instrument, event.bids[0] as number)).toBe(normalized(bidPrice, instrument.priceDecimals));
    expect(lotsToQty(instrument, event.bids[1] as number)).toBe(normalized(bidQty, instrument.qtyDecimals));
    expectLevels(instrument, event.bids, body.bids);
    expectLevels(instrument, event.asks, body.asks);
  });

  it('gives back the first spot levels as the wire strings, normalized to the tick and lot', () => {
    const line = firstLine(SPOT, '{"lastUpdateId"');
    const event = market(parseRawMessage(raw('spot', 'rest', 'btcusdt@rest.depth', line.payload), lookup));
    if (event.kind !== 'depthSnapshot') throw new Error('not a snapshot');
    expect(ticksToPrice(inst('spot'), event.bids[0] as number)).toBe('61837.63');
    expect(lotsToQty(inst('spot'), event.bids[1] as number)).toBe('3.78826000');
    expect(ticksToPrice(inst('spot'), event.asks[0] as number)).toBe('61837.64');
  });
});

describe('parseRawMessage ignores what it does not handle', () => {
  it('ignores a kline frame', () => {
    const kline =
      '{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1723161255208,"s":"BTCUSDT","k":{"t":1723161240000,"T":1723161299999,"s":"BTCUSDT","i":"1m","o":"61837.63000000","c":"61837.64000000","h":"61840.00000000","l":"61830.00000000","v":"1.00000000","x":false}}}';
    const parsed = parseRawMessage(raw('spot', 'ws', 'btcusdt@kline_1m', kline), lookup);
    expect(parsed).toEqual({ type: 'ignored', reason: 'unhandled kline' });
  });

  it('ignores a subscription reply', () => {
    const parsed = parseRawMessage(raw('spot', 'ws', '', '{"result":null,"id":1}'), lookup);
    expect(parsed).toEqual({ type: 'ignored', reason: 'request reply' });
  });

  it('ignores a trade of a symbol without an instrument', () => {
    const line = firstLine(SPOT, '"e":"trade"');
    const payload = line.payload.replaceAll('BTCUSDT', 'ETHUSDT').replace('btcusdt@', 'ethusdt@');
    const parsed = parseRawMessage(raw('spot', 'ws', 'ethusdt@trade', payload), lookup);
    expect(parsed).toEqual({ type: 'ignored', reason: 'no instrument for spot:ETHUSDT' });
  });

  it('ignores a market the instrument is not for (a spot symbol read as USD-M)', () => {
    const line = firstLine(SPOT, '"e":"trade"');
    const parsed = parseRawMessage(raw('usdm', 'ws', line.stream, line.payload.replaceAll('BTCUSDT', 'NKNUSDT')), lookup);
    expect(parsed).toEqual({ type: 'ignored', reason: 'no instrument for usdm:NKNUSDT' });
  });

  it('ignores a REST response that is not a depth snapshot', () => {
    const parsed = parseRawMessage(raw('spot', 'rest', 'btcusdt@rest.depth', '{"serverTime":1723161254000}'), lookup);
    expect(parsed.type).toBe('ignored');
  });
});

describe('parseRawMessage rejects malformed messages with a clear reason', () => {
  const depth = firstLine(SPOT, '"e":"depthUpdate"');
  const trade = firstLine(SPOT, '"e":"trade"');
  const snapshot = firstLine(SPOT, '{"lastUpdateId"');

  it('rejects invalid JSON', () => {
    expectMalformed(raw('spot', 'ws', depth.stream, depth.payload.slice(0, 120)), /^invalid JSON: /);
    expectMalformed(raw('spot', 'rest', 'btcusdt@rest.depth', snapshot.payload.slice(0, -2)), /^invalid JSON: /);
  });

  it('rejects a payload that is not a JSON object', () => {
    expectMalformed(raw('spot', 'ws', '', '[1,2]'), 'payload is not a JSON object');
  });

  it('rejects a combined-stream envelope whose data is not an object', () => {
    expectMalformed(raw('spot', 'ws', '', '{"stream":"btcusdt@trade","data":[1]}'), 'combined-stream "data" is not an object');
  });

  it('rejects a depth update with a missing field, naming the field', () => {
    const payload = depth.payload.replace(/"U":\d+,/, '');
    expect(payload).not.toBe(depth.payload);
    expectMalformed(raw('spot', 'ws', depth.stream, payload), 'depthUpdate BTCUSDT: field "U" must be an integer, got undefined');
  });

  it('rejects a string where a number is expected, naming the field and the value', () => {
    const payload = depth.payload.replace('"E":1723161255208', '"E":"1723161255208"');
    expect(payload).not.toBe(depth.payload);
    expectMalformed(raw('spot', 'ws', depth.stream, payload), 'depthUpdate BTCUSDT: field "E" must be an integer, got "1723161255208"');
  });

  it('rejects a number where a price string is expected', () => {
    const payload = trade.payload.replace('"p":"61837.63000000"', '"p":61837.63');
    expect(payload).not.toBe(trade.payload);
    expectMalformed(raw('spot', 'ws', trade.stream, payload), 'trade BTCUSDT: field "p" must be a string, got 61837.63');
  });

  it('rejects a trade whose maker flag is not a boolean', () => {
    const payload = trade.payload.replace('"m":true', '"m":"true"');
    expectMalformed(raw('spot', 'ws', trade.stream, payload), 'trade BTCUSDT: field "m" must be a boolean');
  });

  it('rejects a level that is not a [price, qty] pair', () => {
    const payload = depth.payload.replace('["61737.63000000","0.00000000"]', '["61737.63000000"]');
    expect(payload).not.toBe(depth.payload);
    expectMalformed(raw('spot', 'ws', depth.stream, payload), 'depthUpdate BTCUSDT: level 0 is not a [price, qty] pair of strings');
    const snap = snapshot.payload.replace('["61837.63000000","3.78826000"]', '"61837.63000000"');
    expectMalformed(raw('spot', 'rest', 'btcusdt@rest.depth', snap), 'depth snapshot BTCUSDT: level 0 is not a [price, qty] pair of strings');
  });

  it('rejects a level list that is not an array', () => {
    const payload = depth.payload.replace('"b":[', '"b":{"x":[').replace('],"a":', ']},"a":');
    expectMalformed(raw('spot', 'ws', depth.stream, payload), 'depthUpdate BTCUSDT: field "b" must be an array');
  });

  it('rejects a price that is not a multiple of the tick, naming the symbol, the price and the tick size', () => {
    const payload = depth.payload.replace('["61737.63000000","0.00000000"]', '["61737.63500000","0.00000000"]');
    expect(payload).not.toBe(depth.payload);
    expectMalformed(raw('spot', 'ws', depth.stream, payload), /BTCUSDT: price "61737\.63500000".*tickSize 0\.01/);
    const usdm = firstLine(USDM, '"e":"trade"');
    const usdmPayload = usdm.payload.replace('"p":"61800.30"', '"p":"61800.35"');
    expect(usdmPayload).not.toBe(usdm.payload);
    expectMalformed(raw('usdm', 'ws', usdm.stream, usdmPayload), /BTCUSDT: price "61800\.35".*tickSize 0\.1/);
  });

  it('rejects a quantity finer than the lot, naming the symbol and the lot size', () => {
    const payload = trade.payload.replace('"q":"0.02000000"', '"q":"0.020000001"');
    expect(payload).not.toBe(trade.payload);
    expectMalformed(raw('spot', 'ws', trade.stream, payload), /BTCUSDT: quantity "0\.020000001".*lotSize 0\.00000001/);
  });

  it('rejects a REST snapshot whose stream names no symbol', () => {
    expectMalformed(raw('spot', 'rest', '', snapshot.payload), 'REST snapshot without a symbol (stream "")');
  });
});

describe('parseRawMessage on connection lifecycle messages', () => {
  it.each(['open', 'reconnecting', 'reconnected', 'closed'] as const)('turns a "%s" lifecycle message into a connection event', (state) => {
    const message: RawMessage = {
      seq: 42,
      receiveTimeUs: 1_723_161_260_000_000,
      connectionId: 3,
      product: 'usdm',
      kind: 'lifecycle',
      stream: 'usdm-market-1',
      payload: JSON.stringify({ event: state }),
    };
    expect(parseRawMessage(message, lookup)).toEqual({
      type: 'connection',
      event: {
        kind: 'connection',
        seq: 42,
        receiveTimeUs: 1_723_161_260_000_000,
        connectionId: 3,
        product: 'usdm',
        state,
        stream: 'usdm-market-1',
      },
    });
  });

  it.each([
    ['an unknown event', '{"event":"exploded"}', 'lifecycle event must be one of clock, open, reconnecting, reconnected, closed, shutdownAnnounced'],
    ['no event', '{}', 'lifecycle event must be one of clock, open, reconnecting, reconnected, closed, shutdownAnnounced'],
    ['a bare string', '"reconnected"', 'lifecycle event must be one of clock, open, reconnecting, reconnected, closed, shutdownAnnounced'],
    ['invalid JSON', '{"event":', /^invalid JSON: /],
  ])('rejects a lifecycle message with %s', (_name, payload, reason) => {
    expectMalformed(raw('spot', 'lifecycle', 'spot-market-0', payload), reason);
  });
});

describe('parseRawMessage on live-path messages', () => {
  const inst = createInstrument({ product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00000001', source: 'test' });
  const lookup = (_p: string, s: string) => (s === 'BTCUSDT' ? inst : undefined);
  const raw = (kind: 'ws' | 'rest' | 'lifecycle', stream: string, payload: string) => ({ seq: 1, receiveTimeUs: 5, connectionId: 3, product: 'spot' as const, kind, stream, payload });

  it('reads a clock mark as ignored (it only lets the pipeline look at the time)', () => {
    expect(parseRawMessage(raw('lifecycle', 'clock', '{"event":"clock"}'), lookup)).toEqual({ type: 'ignored', reason: 'clock' });
  });

  it('reads a serverShutdown frame as a connection event on its connection', () => {
    const parsed = parseRawMessage(raw('ws', '', '{"e":"serverShutdown","E":1723161255208}'), lookup);
    expect(parsed).toMatchObject({ type: 'connection', event: { state: 'shutdownAnnounced', connectionId: 3 } });
  });

  it('reads a recorded REST failure as a restFailure naming the symbol', () => {
    const payload = JSON.stringify({ error: { kind: 'rateLimited', status: 429, retryAfterMs: 2000, message: 'HTTP 429' } });
    expect(parseRawMessage(raw('rest', 'btcusdt@rest.depth', payload), lookup)).toEqual({
      type: 'restFailure',
      symbol: 'BTCUSDT',
      detail: 'btcusdt@rest.depth: rateLimited HTTP 429',
    });
  });
});
