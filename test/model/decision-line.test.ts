// The journal lines of decisions and gate tallies: the whole Decision in a fixed key order, floats as the
// shortest JSON number, feature and gate names sorted as text (not as a JavaScript object orders them), the
// intent's price and quantity in the symbol's units; read back to the same event; NaN, Infinity and
// decisions that break their own rules refused when written; other spellings refused when read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TradingCodec, type DecisionMade, type GatesTallied } from '../../src/model/index.js';
import { INSTRUMENTS, decisionFields, gateTally } from './trading-events.js';

const T0 = 1_723_161_600_000_000;

const STAND_ASIDE: DecisionMade = {
  seq: 3,
  timeUs: T0 + 250_000,
  type: 'decision',
  decisionId: 'd-3',
  product: 'spot',
  symbol: 'BTCUSDT',
  action: 'NO_TRADE',
  side: 'SELL',
  score: -0.4125,
  alphaBps: -1.2375,
  costBps: 2.35,
  costParts: { fee: 0.1, halfSpread: 0, slippage: 0, adverseSelection: 1, latencyBuffer: 0.25, safetyMargin: 1 },
  gates: [
    { gate: 'warmup', pass: true, value: 45, limit: 30 },
    { gate: 'synced', pass: true, value: true, limit: true },
    { gate: 'vol', pass: true, value: 3.2, limit: '0.5–40' },
    { gate: 'score', pass: false, value: -0.4125, limit: 0.5 },
    { gate: 'microprice', pass: false, value: null, limit: 0 },
  ],
  features: { tfi_1s: -0.12, ofi_500ms: null, '10': 1e-7, '9': 2.5e21 },
  intent: null,
  reason: 'score',
};

const STAND_ASIDE_LINE =
  '{"seq":3,"timeUs":1723161600250000,"type":"decision","decisionId":"d-3","product":"spot","symbol":"BTCUSDT",' +
  '"action":"NO_TRADE","side":"SELL","score":-0.4125,"alphaBps":-1.2375,"costBps":2.35,' +
  '"costParts":{"fee":0.1,"halfSpread":0,"slippage":0,"adverseSelection":1,"latencyBuffer":0.25,"safetyMargin":1},' +
  '"gates":[{"gate":"warmup","pass":true,"value":45,"limit":30},{"gate":"synced","pass":true,"value":true,"limit":true},' +
  '{"gate":"vol","pass":true,"value":3.2,"limit":"0.5–40"},{"gate":"score","pass":false,"value":-0.4125,"limit":0.5},' +
  '{"gate":"microprice","pass":false,"value":null,"limit":0}],' +
  '"features":{"10":1e-7,"9":2.5e+21,"ofi_500ms":null,"tfi_1s":-0.12},"intent":null,"reason":"score"}';

const BUY: DecisionMade = {
  seq: 4,
  timeUs: T0 + 300_000,
  type: 'decision',
  decisionId: 'd-4',
  product: 'spot',
  symbol: 'BTCUSDT',
  action: 'BUY',
  side: 'BUY',
  score: 1.5,
  alphaBps: 4.5,
  costBps: 3.1,
  costParts: { fee: 0.2, halfSpread: 0.8, slippage: 0.6, adverseSelection: 0.5, latencyBuffer: 0.5, safetyMargin: 0.5 },
  gates: [
    { gate: 'score', pass: true, value: 1.5, limit: 0.5 },
    { gate: 'cost', pass: true, value: 4.5, limit: 3.1 },
  ],
  features: { tfi_1s: 0.4 },
  intent: { type: 'LIMIT_IOC', side: 'BUY', priceTicks: 6_183_310, qtyLots: 500 },
  reason: 'LIMIT_IOC BUY',
};

const BUY_LINE =
  '{"seq":4,"timeUs":1723161600300000,"type":"decision","decisionId":"d-4","product":"spot","symbol":"BTCUSDT",' +
  '"action":"BUY","side":"BUY","score":1.5,"alphaBps":4.5,"costBps":3.1,' +
  '"costParts":{"fee":0.2,"halfSpread":0.8,"slippage":0.6,"adverseSelection":0.5,"latencyBuffer":0.5,"safetyMargin":0.5},' +
  '"gates":[{"gate":"score","pass":true,"value":1.5,"limit":0.5},{"gate":"cost","pass":true,"value":4.5,"limit":3.1}],' +
  '"features":{"tfi_1s":0.4},"intent":{"type":"LIMIT_IOC","side":"BUY","price":"61833.1","qty":"0.005"},"reason":"LIMIT_IOC BUY"}';

const TALLY: GatesTallied = {
  seq: 5,
  timeUs: T0 + 60_000_000,
  type: 'gateTally',
  product: 'spot',
  symbol: 'BTCUSDT',
  evaluations: 1200,
  rejectedBy: { warmup: 300, score: 1100, cost: 800 },
};

const TALLY_LINE = '{"seq":5,"timeUs":1723161660000000,"type":"gateTally","product":"spot","symbol":"BTCUSDT","evaluations":1200,"rejectedBy":{"cost":800,"score":1100,"warmup":300}}';

describe('a decision\'s journal line', () => {
  it('holds a no-trade decision without an intent, its features sorted as text', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    expect(codec.encode(STAND_ASIDE)).toBe(STAND_ASIDE_LINE);
    expect(codec.decode(STAND_ASIDE_LINE)).toEqual(STAND_ASIDE);
  });

  it('holds an intent with its limit price and quantity in the symbol\'s units', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    expect(codec.encode(BUY)).toBe(BUY_LINE);
    expect(codec.decode(BUY_LINE)).toEqual(BUY);
  });

  it('holds a decision made before any baseline: no score, no cost, no side', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    const early: DecisionMade = { ...STAND_ASIDE, side: null, score: null, alphaBps: null, costBps: null, costParts: null, features: {}, reason: 'warmup' };
    const line = codec.encode(early);
    expect(line).toContain('"side":null,"score":null,"alphaBps":null,"costBps":null,"costParts":null,');
    expect(line).toContain('"features":{},"intent":null,"reason":"warmup"}');
    expect(codec.decode(line)).toEqual(early);
  });

  it('is refused when a float is NaN or infinite: that comes from a broken program', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    expect(() => codec.encode({ ...STAND_ASIDE, score: Number.NaN })).toThrow(new RangeError('score must be a finite number, got NaN'));
    expect(() => codec.encode({ ...STAND_ASIDE, alphaBps: Number.POSITIVE_INFINITY })).toThrow(/alphaBps must be a finite number, got Infinity/);
    expect(() => codec.encode({ ...STAND_ASIDE, features: { tfi_1s: Number.NaN } })).toThrow(/feature tfi_1s must be a finite number, got NaN/);
    expect(() => codec.encode({ ...BUY, costParts: { ...(BUY.costParts as NonNullable<DecisionMade['costParts']>), slippage: Number.NaN } })).toThrow(
      /costParts.slippage must be a finite number/,
    );
    expect(() => codec.encode({ ...BUY, gates: [{ gate: 'vol', pass: true, value: Number.NEGATIVE_INFINITY, limit: 40 }] })).toThrow(/gate vol value must be a finite number, got -Infinity/);
  });

  it('is refused when its intent does not fit its action and side', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    expect(() => codec.encode({ ...STAND_ASIDE, intent: BUY.intent })).toThrow('a NO_TRADE decision has no intent');
    expect(() => codec.encode({ ...BUY, intent: null })).toThrow('a BUY decision needs its intent');
    expect(() => codec.encode({ ...BUY, action: 'SELL_INVENTORY' })).toThrow(/SELL_INVENTORY decision's side and intent side must be SELL/);
    expect(() => codec.encode({ ...BUY, side: 'SELL' })).toThrow(/BUY decision's side and intent side must be BUY/);
    expect(() => codec.encode({ ...BUY, symbol: 'ETHUSDT' })).toThrow(/no instrument spot:ETHUSDT/);
  });

  it('is read back only in its canonical form, saying what is wrong otherwise', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    const canonical = /not in canonical form/;
    expect(codec.decode(STAND_ASIDE_LINE.replace('"10":1e-7,"9":2.5e+21', '"9":2.5e+21,"10":1e-7'))).toMatch(canonical);
    expect(codec.decode(STAND_ASIDE_LINE.replace('"10":1e-7', '"10":1E-7'))).toMatch(canonical);
    expect(codec.decode(STAND_ASIDE_LINE.replace('"10":1e-7', '"10":0.0000001'))).toMatch(canonical);
    expect(codec.decode(STAND_ASIDE_LINE.replace('"costBps":2.35', '"costBps":2.350'))).toMatch(canonical);
    expect(codec.decode(STAND_ASIDE_LINE.replace('"decisionId":"d-3","product"', '"product"').replace('"symbol":"BTCUSDT"', '"symbol":"BTCUSDT","decisionId":"d-3"'))).toMatch(canonical);
    expect(codec.decode(BUY_LINE.replace('"qty":"0.005"}', '"qty":"0.005","note":""}'))).toMatch(canonical);
    expect(codec.decode(STAND_ASIDE_LINE.replace('"score":-0.4125', '"score":-1e999'))).toBe('"score" must be a finite number or null');
    expect(codec.decode(STAND_ASIDE_LINE.replace('"score":-0.4125', '"score":"-0.4125"'))).toBe('"score" must be a finite number or null');
    expect(codec.decode(STAND_ASIDE_LINE.replace('"tfi_1s":-0.12', '"tfi_1s":"x"'))).toBe('feature "tfi_1s" must be a finite number or null');
    expect(codec.decode(STAND_ASIDE_LINE.replace('"side":"SELL"', '"side":"sell"'))).toBe('"side" must be "BUY", "SELL" or null');
    expect(codec.decode(STAND_ASIDE_LINE.replace('"NO_TRADE"', '"HOLD"'))).toBe('unknown decision action "HOLD"');
    expect(codec.decode(STAND_ASIDE_LINE.replace('"pass":false,', ''))).toBe('gate score: "pass" must be true or false');
    expect(codec.decode(STAND_ASIDE_LINE.replace('"value":null', '"value":[]'))).toBe('gate microprice: "value" must be a finite number, true, false, a string or null');
    expect(codec.decode(STAND_ASIDE_LINE.replace('"costParts":{"fee":0.1,', '"costParts":{'))).toBe('"fee" must be a finite number');
    expect(codec.decode(STAND_ASIDE_LINE.replace('"intent":null', '"intent":{"type":"LIMIT_IOC","side":"BUY","price":"61833.1","qty":"0.005"}'))).toBe(
      'a NO_TRADE decision has no intent',
    );
    expect(codec.decode(BUY_LINE.replace('"61833.1"', '"61833.105"'))).toMatch(/"price": BTCUSDT: price .*tickSize 0.01/);
    expect(codec.decode(BUY_LINE.replace('"LIMIT_IOC","side"', '"MARKET","side"'))).toBe('unknown intent type "MARKET"');
    expect(codec.decode(BUY_LINE.replace('"type":"decision"', '"type":"decisionMade"'))).toBe('unknown event type "decisionMade"');
  });

  it('reads back what it wrote for any decision (property)', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    const decision = fc.tuple(decisionFields, fc.constantFrom(...INSTRUMENTS)).map(([d, inst]): DecisionMade => ({ ...d, seq: 0, timeUs: T0, type: 'decision', product: inst.product, symbol: inst.symbol }));
    fc.assert(
      fc.property(decision, (d) => {
        const line = codec.encode(d);
        expect(codec.decode(line)).toEqual(d);
        expect(line).not.toContain('\n');
      }),
      { seed: 15, numRuns: 1000 },
    );
  });
});

describe('a gate tally\'s journal line', () => {
  it('counts the evaluations and the rejections of each gate, gates sorted by name', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    expect(codec.encode(TALLY)).toBe(TALLY_LINE);
    expect(codec.decode(TALLY_LINE)).toEqual(TALLY);
    expect(codec.encode({ ...TALLY, evaluations: 0, rejectedBy: {} })).toContain('"evaluations":0,"rejectedBy":{}}');
  });

  it('refuses a gate that rejected more evaluations than there were, and counts that are not whole numbers', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    expect(() => codec.encode({ ...TALLY, rejectedBy: { score: 1201 } })).toThrow('gate score rejected 1201 of 1200 evaluations');
    expect(() => codec.encode({ ...TALLY, rejectedBy: { score: 1.5 } })).toThrow(/rejectedBy.score must be a whole number/);
    expect(codec.decode(TALLY_LINE.replace('"cost":800', '"cost":-1'))).toBe('rejectedBy "cost" must be a whole number ≥ 0');
    expect(codec.decode(TALLY_LINE.replace('"cost":800', '"cost":1300'))).toBe('gate cost rejected 1300 of 1200 evaluations');
    expect(codec.decode(TALLY_LINE.replace('"cost":800,"score":1100', '"score":1100,"cost":800'))).toMatch(/not in canonical form/);
  });

  it('reads back what it wrote for any tally (property)', () => {
    const codec = new TradingCodec(INSTRUMENTS);
    fc.assert(
      fc.property(gateTally, (t) => {
        const event: GatesTallied = { ...t, seq: 1, timeUs: T0, type: 'gateTally', product: 'usdm', symbol: 'BTCUSDT' };
        expect(codec.decode(codec.encode(event))).toEqual(event);
      }),
      { seed: 16, numRuns: 300 },
    );
  });
});
