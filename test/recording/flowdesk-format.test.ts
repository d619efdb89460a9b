import { describe, expect, it } from 'vitest';
import type { RawMessage, SymbolRules } from '../../src/model/index.js';
import {
  FORMAT_NAME,
  FORMAT_VERSION,
  decodeHeader,
  decodeMessage,
  encodeHeader,
  encodeMessage,
  type RecordingHeader,
} from '../../src/recording/index.js';
import { SPOT_0808, fixtureLines, fixtureMessages } from './support.js';

const HEADER: RecordingHeader = {
  format: FORMAT_NAME,
  formatVersion: FORMAT_VERSION,
  product: 'usdm',
  symbols: ['BTCUSDT', 'ETHUSDT'],
  tool: 'flowdesk 0.1.0',
  instruments: [
    { product: 'usdm', symbol: 'BTCUSDT', tickSize: '0.1', lotSize: '0.001', source: 'exchangeInfo' },
    { product: 'usdm', symbol: 'ETHUSDT', tickSize: '0.01', lotSize: '0.001', source: 'exchangeInfo' },
  ],
  part: 3,
  firstSeq: 123_456,
  openedAtUs: 1_723_161_253_937_085,
  origin: 'live',
};

/** BTCUSDT's USD-M rules as parseExchangeInfo gives them (test/venue/exchange-info.test.ts). */
const BTC_RULES: SymbolRules = {
  product: 'usdm',
  symbol: 'BTCUSDT',
  status: 'TRADING',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  quantityPrecision: 3,
  pricePrecision: 2,
  priceFilter: { minPrice: '556.80', maxPrice: '4529764', tickSize: '0.10' },
  lotSize: { minQty: '0.001', maxQty: '1000', stepSize: '0.001' },
  marketLotSize: { minQty: '0.001', maxQty: '120', stepSize: '0.001' },
  minNotional: { notional: '100' },
  percentPrice: { multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
  maxNumOrders: 200,
  maxNumAlgoOrders: 10,
  otherFilters: ['POSITION_RISK_CONTROL'],
};

/** A real fixture message, with its kind, connection and stream set by the test. */
function message(overrides: Partial<RawMessage> = {}): RawMessage {
  return { ...(fixtureMessages(SPOT_0808, 1)[0] as RawMessage), connectionId: 2, seq: 41, ...overrides };
}

function reason(line: string): string {
  const decoded = decodeMessage(line, 'spot');
  expect(typeof decoded, `should not decode: ${JSON.stringify(line)}`).toBe('string');
  return decoded as string;
}

describe('encodeMessage / decodeMessage', () => {
  it('round-trips every message of the first fixture lines, payload untouched', () => {
    const messages = fixtureMessages(SPOT_0808, 3000).map((raw, i) => ({ ...raw, connectionId: i % 3 }));
    expect(messages.some((raw) => raw.kind === 'rest')).toBe(true);

    for (const raw of messages) {
      const line = encodeMessage(raw);
      expect(line).not.toMatch(/[\r\n]/);
      const decoded = decodeMessage(line, 'spot');
      expect(decoded).toEqual(raw);
      expect((decoded as RawMessage).payload).toBe(raw.payload);
    }
  });

  it('writes the six fields in the documented order, tab-separated', () => {
    const raw = message({ seq: 7, receiveTimeUs: 1_723_161_253_937_085, connectionId: 4, kind: 'ws', stream: 'btcusdt@trade' });
    expect(encodeMessage(raw)).toBe(`7\t1723161253937085\t4\tws\tbtcusdt@trade\t${raw.payload}`);
  });

  it('keeps tabs and unicode inside the payload byte for byte', () => {
    const base = message().payload;
    const payloads = [
      `\t${base.replace('"BTCUSDT"', '"BTC\tUSD€"')}\t`,
      base.replace('"BTCUSDT"', '"BTC📈USDT ünïcødé 中文 e\u0301"'),
      '\t\t\t',
      '',
    ];
    for (const payload of payloads) {
      const raw = message({ payload });
      const decoded = decodeMessage(encodeMessage(raw), 'spot') as RawMessage;
      expect(decoded).toEqual(raw);
      expect(Buffer.from(decoded.payload, 'utf8').equals(Buffer.from(payload, 'utf8'))).toBe(true);
    }
  });

  it('round-trips every kind, an empty stream and the product it is given', () => {
    const kinds: RawMessage['kind'][] = ['ws', 'rest', 'lifecycle'];
    for (const kind of kinds) {
      const raw = message({ kind, stream: '', product: 'usdm', payload: '{"event":"open"}' });
      expect(decodeMessage(encodeMessage(raw), 'usdm')).toEqual(raw);
    }
    expect((decodeMessage(encodeMessage(message()), 'usdm') as RawMessage).product).toBe('usdm');
  });

  it('turns newlines in the payload into spaces, so the line stays one line and the JSON still parses', () => {
    const body = JSON.parse(message().payload) as unknown;
    const pretty = JSON.stringify(body, null, 2).replace(/\n/g, (nl, offset: number) => (offset % 2 === 0 ? '\r\n' : nl));
    expect(pretty).toMatch(/\r\n/);

    const line = encodeMessage(message({ payload: pretty }));
    const decoded = decodeMessage(line, 'spot') as RawMessage;

    expect(line).not.toMatch(/[\r\n]/);
    expect(decoded.payload).toBe(pretty.replace(/[\r\n]/g, ' '));
    expect(decoded.payload).toHaveLength(pretty.length);
    expect(JSON.parse(decoded.payload)).toEqual(body);
    expect(decodeMessage(encodeMessage(message({ payload: 'a\rb\nc' })), 'spot')).toMatchObject({ payload: 'a b c' });
  });

  it('gives a reason for a line with fewer than six fields', () => {
    const line = encodeMessage(message());
    const fields = line.split('\t');
    for (let keep = 0; keep < 6; keep++) {
      const short = fields.slice(0, keep).join('\t');
      expect(reason(short)).toBe('fewer than 6 tab-separated fields');
    }
    expect(reason(fixtureLines(SPOT_0808)[0] as string)).toBe('fewer than 6 tab-separated fields');
  });

  const payload = '{"e":"trade"}';
  it.each([
    ['seq', 'abc', 'bad seq "abc"'],
    ['seq', '', 'bad seq ""'],
    ['seq', '12x', 'bad seq "12x"'],
    ['seq', '1.5', 'bad seq "1.5"'],
    ['seq', ' ', 'bad seq " "'],
    ['seq', '0x10', 'bad seq "0x10"'],
    ['seq', '1e3', 'bad seq "1e3"'],
    ['seq', '9007199254740993', 'bad seq "9007199254740993"'],
    ['receive time', '1723161253937085.5', 'bad receive time "1723161253937085.5"'],
    ['receive time', '', 'bad receive time ""'],
    ['receive time', 'NaN', 'bad receive time "NaN"'],
    ['receive time', 'Infinity', 'bad receive time "Infinity"'],
    ['connection id', 'one', 'bad connection id "one"'],
    ['connection id', '', 'bad connection id ""'],
    ['connection id', '\u00a0', 'bad connection id "\u00a0"'],
  ])('gives a reason for a non-numeric %s (%j)', (field, value, expected) => {
    const values = { seq: '5', 'receive time': '1723161253937085', 'connection id': '1' };
    values[field as keyof typeof values] = value;
    const line = `${values.seq}\t${values['receive time']}\t${values['connection id']}\tws\tbtcusdt@trade\t${payload}`;
    expect(reason(line)).toBe(expected);
  });

  it.each(['WS', 'trade', '', 'rest '])('gives a reason for an unknown kind (%j)', (kind) => {
    expect(reason(`5\t1723161253937085\t1\t${kind}\tbtcusdt@trade\t${payload}`)).toBe(`bad kind "${kind}"`);
  });
});

describe('encodeHeader / decodeHeader', () => {
  it('round-trips a header', () => {
    const line = encodeHeader(HEADER);
    expect(line).not.toContain('\n');
    expect(decodeHeader(line)).toEqual(HEADER);
  });

  it.each([2, 0, '1', null])('throws on formatVersion %j, naming the version', (formatVersion) => {
    const line = JSON.stringify({ ...HEADER, formatVersion });
    expect(() => decodeHeader(line)).toThrow(`unsupported format version ${String(formatVersion)}`);
  });

  it('throws on a header with an unknown product or without symbols or instruments', () => {
    expect(() => decodeHeader(JSON.stringify({ ...HEADER, product: 'coinm' }))).toThrow('unknown product');
    expect(() => decodeHeader(JSON.stringify({ ...HEADER, symbols: undefined }))).toThrow('lacks symbols or instruments');
    expect(() => decodeHeader(JSON.stringify({ ...HEADER, instruments: 'BTCUSDT' }))).toThrow('lacks symbols or instruments');
  });

  it('round-trips the optional clock anchor, reads headers without one, and throws on a malformed one', () => {
    const withClock = { ...HEADER, clock: { source: 'monotonic clock slewed to the system UTC clock at <= 1000 us/s', utcOffsetUs: -1234 } };
    expect(decodeHeader(encodeHeader(withClock))).toEqual(withClock);
    expect(decodeHeader(encodeHeader(HEADER))?.clock).toBeUndefined();
    for (const clock of [null, 'utc', { source: 'x' }, { source: 'x', utcOffsetUs: 1.5 }, { utcOffsetUs: 0 }]) {
      expect(() => decodeHeader(JSON.stringify({ ...HEADER, clock }))).toThrow('malformed clock');
    }
  });

  it('round-trips the optional order rules exactly, and reads headers without them', () => {
    const eth: SymbolRules = { ...BTC_RULES, symbol: 'ETHUSDT', status: 'BREAK', priceFilter: { minPrice: '0', maxPrice: '0', tickSize: '0.01' }, otherFilters: [] };
    const withRules: RecordingHeader = { ...HEADER, rules: [BTC_RULES, eth] };
    expect(decodeHeader(encodeHeader(withRules))).toEqual(withRules);
    expect(decodeHeader(encodeHeader(withRules))?.rules).toEqual([BTC_RULES, eth]);
    expect(decodeHeader(encodeHeader(HEADER))?.rules).toBeUndefined();
    expect(decodeHeader(encodeHeader(HEADER))).not.toHaveProperty('rules');
  });

  it.each([
    ['not a list', { BTCUSDT: BTC_RULES }, 'expected a list of symbol rules'],
    ['a rule that is not an object', ['BTCUSDT'], 'rules[0]: not an object'],
    ['another product', [{ ...BTC_RULES, product: 'spot' }], 'rules[0] (BTCUSDT): product "spot" is not the header\'s usdm'],
    ['a symbol the header does not hold', [{ ...BTC_RULES, symbol: 'SOLUSDT' }], 'rules[0] (SOLUSDT): symbol "SOLUSDT" is not one of the header\'s symbols'],
    ['a non-decimal tick size', [{ ...BTC_RULES, priceFilter: { ...BTC_RULES.priceFilter, tickSize: '0,10' } }], 'rules[0] (BTCUSDT): priceFilter: field "tickSize" must be a decimal string, got "0,10"'],
    ['a number for a decimal', [{ ...BTC_RULES, minNotional: { notional: 100 } }], 'rules[0] (BTCUSDT): minNotional: field "notional" must be a decimal string, got 100'],
    ['a rule that is not an object', [{ ...BTC_RULES, lotSize: '0.001' }], 'rules[0] (BTCUSDT): lotSize: must be an object, got "0.001"'],
    ['no quantity precision', [{ ...BTC_RULES, quantityPrecision: undefined }], 'rules[0] (BTCUSDT): field "quantityPrecision" must be a whole number'],
    ['a USD-M rule without its price precision', [{ ...BTC_RULES, pricePrecision: null }], 'rules[0] (BTCUSDT): field "pricePrecision" must be a whole number'],
    ['a fractional order count', [{ ...BTC_RULES, maxNumOrders: 2.5 }], 'rules[0] (BTCUSDT): field "maxNumOrders" must be a whole number'],
    ['no list of other filters', [{ ...BTC_RULES, otherFilters: undefined }], 'rules[0] (BTCUSDT): field "otherFilters" must be a list of filter types'],
    ['no status', [BTC_RULES, { ...BTC_RULES, symbol: 'ETHUSDT', status: 1 }], 'rules[1] (ETHUSDT): field "status" must be a string'],
  ])('refuses a header whose rules are malformed (%s), naming the rule and the field', (_what, rules, reason) => {
    expect(() => decodeHeader(JSON.stringify({ ...HEADER, rules }))).toThrow(`header has malformed rules: ${reason}`);
  });

  it('returns null for lines that are not flowdesk headers', () => {
    const lines = fixtureLines(SPOT_0808);
    const notHeaders = [
      '{"a":1}',
      (lines[0] as string).slice((lines[0] as string).indexOf(' ') + 1),
      lines[0] as string,
      encodeMessage(message()),
      JSON.stringify({ ...HEADER, format: 'other-recording', origin: FORMAT_NAME }),
      `{"format":"${FORMAT_NAME}"`,
      `[${JSON.stringify(HEADER)}]`,
      '',
    ];
    for (const line of notHeaders) expect(decodeHeader(line), line.slice(0, 60)).toBeNull();
  });
});
