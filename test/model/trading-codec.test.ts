// The trading journal's lines: one canonical JSON object per event (fixed key order, decimal strings in one
// form, prices in the symbol's units), read back to the same event, refused when not canonical; and the
// log's order and digest.
import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TradingCodec, TradingLog, decimalText, type OrderRequested, type TradingEvent, type VenueRequested } from '../../src/model/index.js';
import { INSTRUMENTS, events } from './trading-events.js';

const T0 = 1_723_161_600_000_000;

const ORDER: OrderRequested = {
  seq: 0,
  timeUs: T0,
  type: 'orderRequested',
  request: {
    clientOrderId: 'fd-7-1',
    intent: { product: 'spot', symbol: 'BTCUSDT', side: 'buy', type: 'LIMIT_MAKER', priceTicks: 6_183_310, qtyLots: 500, reason: 'imbalance', decisionId: 'd-7' },
  },
};

function fillWithFee(fee: string): TradingEvent {
  return {
    seq: 1,
    timeUs: T0 + 1500,
    type: 'reportReceived',
    product: 'spot',
    report: { kind: 'filled', clientOrderId: 'fd-7-1', symbol: 'BTCUSDT', transactTimeMs: 1_723_161_600_002, tradeId: '9001', priceTicks: 6_183_310, qtyLots: 500, liquidity: 'maker', fee, feeAsset: 'BNB' },
  };
}

const SENT: VenueRequested = {
  seq: 2,
  timeUs: T0 + 2000,
  type: 'venueRequest',
  product: 'spot',
  venue: 'demo',
  request: 'order',
  clientOrderId: 'x-U5D79M5B0123456789abcdefghij',
  params: {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT_MAKER',
    price: '60000.01',
    quantity: '0.00010',
    newClientOrderId: 'x-U5D79M5B0123456789abcdefghij',
    newOrderRespType: 'RESULT',
  },
};

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('a trading event\'s canonical line', () => {
  it('has its keys in a fixed order and its price and quantity as decimal strings in the symbol\'s units', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    expect(codec.encode(ORDER)).toBe(
      '{"seq":0,"timeUs":1723161600000000,"type":"orderRequested","clientOrderId":"fd-7-1","product":"spot","symbol":"BTCUSDT",' +
        '"side":"buy","orderType":"LIMIT_MAKER","price":"61833.1","qty":"0.005","reason":"imbalance","decisionId":"d-7"}',
    );
    expect(codec.header).toBe(
      '{"format":"flowdesk-trading-journal","formatVersion":2,"instruments":[' +
        '{"product":"spot","symbol":"BTCUSDT","tickSize":"0.01","lotSize":"0.00001","source":"test"},' +
        '{"product":"spot","symbol":"XAUTUSDT","tickSize":"0.5","lotSize":"0.0001","source":"test"},' +
        '{"product":"usdm","symbol":"BTCUSDT","tickSize":"0.1","lotSize":"0.001","source":"test"}]}',
    );
  });

  it('writes decimals in plain digits, never in exponent form, with one spelling per value', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    const feeOf = (fee: string): unknown => (JSON.parse(codec.encode(fillWithFee(fee))) as { fee: unknown }).fee;
    expect(feeOf('1e-7')).toBe('0.0000001');
    expect(feeOf(String(1e-7))).toBe('0.0000001'); // what a float would print
    expect(feeOf('0.10')).toBe('0.1');
    expect(feeOf('-0')).toBe('0');
    expect(feeOf('-0.000000001E-21')).toBe('-0.000000000000000000000000000001');
    expect(feeOf('2.5e+21')).toBe('2500000000000000000000');
    expect(decimalText(new Decimal('0.1').plus('0.2'))).toBe('0.3'); // a computed value, exact
    expect(() => codec.encode(fillWithFee('NaN'))).toThrow(/fee: "NaN" is not a decimal number/);
    expect(() => codec.encode(fillWithFee('0x10'))).toThrow(RangeError);
  });

  it('refuses to write an event it cannot write exactly', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    const other = { ...ORDER, request: { ...ORDER.request, intent: { ...ORDER.request.intent, symbol: 'ETHUSDT' } } };
    expect(() => codec.encode(other)).toThrow(/no instrument spot:ETHUSDT/);
    expect(() => codec.encode({ ...ORDER, seq: 1.5 })).toThrow(/seq must be a whole number/);
  });

  it('reads back only canonical lines, saying what is wrong with the others', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    const line = codec.encode(ORDER);
    expect(codec.decode(line)).toEqual(ORDER);
    const swapped = line.replace('"seq":0,"timeUs":1723161600000000', '"timeUs":1723161600000000,"seq":0');
    expect(codec.decode(swapped)).toMatch(/not in canonical form/);
    expect(codec.decode(line.replace('}', ',"extra":1}'))).toMatch(/not in canonical form/);
    expect(codec.decode(line.replace('":"61833.1"', '":"61833.10"'))).toBe('"price" must be a decimal string in canonical form, got "61833.10"');
    expect(codec.decode(line.replace('"61833.1"', '"61833.105"'))).toMatch(/"price": BTCUSDT: price .*tickSize 0.01/);
    expect(codec.decode(line.replace('"orderRequested"', '"orderWished"'))).toBe('unknown event type "orderWished"');
    expect(codec.decode(line.replace('"spot"', '"coinm"'))).toBe('unknown product "coinm"');
    expect(codec.decode(line.slice(0, -5))).toBe('not JSON');
    expect(codec.decode(' ' + line)).toMatch(/not in canonical form/);
  });

  it('writes a venue request with its parameters as the exact strings sent, keys sorted, and reads it back', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    const line = codec.encode(SENT);
    expect(line).toBe(
      '{"seq":2,"timeUs":1723161600002000,"type":"venueRequest","product":"spot","venue":"demo","request":"order",' +
        '"clientOrderId":"x-U5D79M5B0123456789abcdefghij","params":{"newClientOrderId":"x-U5D79M5B0123456789abcdefghij",' +
        '"newOrderRespType":"RESULT","price":"60000.01","quantity":"0.00010","side":"BUY","symbol":"BTCUSDT","type":"LIMIT_MAKER"}}',
    );
    expect(codec.decode(line)).toEqual(SENT);
    const cancelAll: VenueRequested = { ...SENT, request: 'cancelAll', clientOrderId: null, params: { symbol: 'BTCUSDT' } };
    expect(codec.decode(codec.encode(cancelAll))).toEqual(cancelAll);
  });

  it('refuses a venue request line that is malformed, naming the field', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    const line = codec.encode(SENT);
    expect(codec.decode(line.replace('"request":"order"', '"request":"amend"'))).toBe('unknown venue request "amend" in "request"');
    expect(codec.decode(line.replace('"venue":"demo"', '"venue":7'))).toBe('"venue" must be a string');
    expect(codec.decode(line.replace('"clientOrderId":"x-U5D79M5B0123456789abcdefghij"', '"clientOrderId":1'))).toBe('"clientOrderId" must be a string');
    expect(codec.decode(line.replace('"price":"60000.01"', '"price":60000.01'))).toBe('"params" "price" must be a string');
    expect(codec.decode(line.replace(/"params":\{.*\}\}$/, '"params":["BTCUSDT"]}'))).toBe('"params" must be an object');
    expect(codec.decode(line.replace('"price":"60000.01"', '"price":"60000.01","signature":"abc"'))).toBe('"params" must not hold "signature"');
    expect(codec.decode(line.replace('"side":"BUY","symbol"', '"symbol":"BTCUSDT","side":"BUY","symbol"'))).toMatch(/not in canonical form/);
    expect(codec.decode(line.replace('"price":"60000.01","quantity"', '"quantity":"0.00010","price":"60000.01","quantity"'))).toMatch(/not in canonical form/);
  });

  it('refuses to write a venue request holding a secret or a parameter that is not a string', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    for (const key of ['signature', 'apiKey', 'timestamp']) {
      expect(() => codec.encode({ ...SENT, params: { ...SENT.params, [key]: 'x' } })).toThrow(`params.${key} must never be journaled`);
    }
    const numeric = { ...SENT, params: { ...SENT.params, price: 60000.01 } } as unknown as VenueRequested;
    expect(() => codec.encode(numeric)).toThrow('params.price must be a string, got number');
  });

  it('reads back what it wrote, byte for byte, for any events (property)', () => {
    fc.assert(
      fc.property(events, (list) => {
        const codec = new TradingCodec(INSTRUMENTS);
        for (const event of list) {
          const line = codec.encode(event);
          expect(codec.decode(line)).toEqual(event);
          expect(line).not.toContain('\n');
          const fields = JSON.parse(line) as Record<string, unknown>;
          for (const key of ['price', 'qty', 'fee', 'entryPrice', 'realizedPnl']) {
            if (typeof fields[key] === 'string') expect(fields[key]).toMatch(/^-?\d+(\.\d*[1-9])?$/);
          }
        }
      }),
      { seed: 7, numRuns: 400 },
    );
  });
});

describe('the trading log', () => {
  it('gives the same lines and digest for the same events, and its digest is the SHA-256 of the event lines', () => {
    fc.assert(
      fc.property(events, (list) => {
        const a = TradingLog.create(INSTRUMENTS);
        const b = TradingLog.create([...INSTRUMENTS].reverse());
        const linesA = list.map((e) => a.append(e));
        const linesB = list.map((e) => b.append(e));
        expect(linesB).toEqual(linesA);
        expect(b.header).toBe(a.header);
        expect(b.digest()).toBe(a.digest());
        expect(a.digest()).toBe(sha256(linesA.map((l) => `${l}\n`).join('')));
        const reader = TradingLog.fromHeader(a.header) as TradingLog;
        expect(linesA.map((l) => reader.accept(l))).toEqual(list);
        expect(reader.digest()).toBe(a.digest());
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('moves its digest with any change of an event', () => {
    const a = TradingLog.create(INSTRUMENTS);
    const b = TradingLog.create(INSTRUMENTS);
    a.append(ORDER);
    b.append({ ...ORDER, timeUs: T0 + 1 });
    expect(a.digest()).not.toBe(b.digest());
  });

  it('refuses events out of order: a seq that is not the next, a time that goes back', () => {
    const log = TradingLog.create(INSTRUMENTS);
    expect(() => log.append({ ...ORDER, seq: 1 })).toThrow('event seq 1 out of order (expected 0)');
    log.append(ORDER);
    expect(() => log.append({ ...fillWithFee('0'), timeUs: T0 - 1 })).toThrow(/earlier than the one before/);
    const reader = TradingLog.fromHeader(log.header) as TradingLog;
    expect(reader.accept(new TradingCodec(INSTRUMENTS).encode(fillWithFee('0')))).toBe('event seq 1 out of order (expected 0)');
    expect(reader.nextSeq).toBe(0);
  });

  it('reads only its own header', () => {
    expect(TradingLog.fromHeader('{"format":"flowdesk-recording","formatVersion":1}')).toMatch(/not a trading journal header/);
    expect(TradingLog.fromHeader('{"format":"flowdesk-trading-journal","formatVersion":1,"instruments":[]}')).toBe(
      'unsupported journal format version 1 (this flowdesk reads version 2)',
    );
    expect(TradingLog.fromHeader('{"format":"flowdesk-trading-journal","formatVersion":2,"instruments":[{"product":"spot","symbol":"X","tickSize":"-1","lotSize":"1","source":"t"}]}')).toMatch(
      /bad instrument in the header: .*tickSize "-1"/,
    );
  });
});
