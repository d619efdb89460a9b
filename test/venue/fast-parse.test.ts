// The fast path of the wire parser must be invisible: on every frame of the bundled recordings and on
// mutated frames (whitespace, key order, escapes, repeated keys, other number spellings, damage) it either
// gives up (null) or gives exactly the event the general path gives; it never accepts what the general
// path rejects. And it must actually be taken on real frames, or it speeds nothing up.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInstrument, type Instrument, type Product, type RawMessage } from '../../src/model/index.js';
import { fastMarketEvent } from '../../src/venue/binance/fast-parse.js';
import { parseGeneral } from '../../src/venue/binance/parse.js';
import type { InstrumentLookup, ParsedMessage } from '../../src/venue/index.js';
import { cryptofeedMessages } from '../support/cryptofeed.js';
import { SPOT_FILES, USDM_FILES, fixtureLines } from '../support/fixtures.js';

const made = new Map<string, Instrument>();
/** BTCUSDT with its real units; any other symbol with units fine enough for every price and size. */
const lookup: InstrumentLookup = (product, symbol) => {
  const key = `${product}:${symbol}`;
  let inst = made.get(key);
  if (inst === undefined) {
    const btc = symbol === 'BTCUSDT';
    const tickSize = btc ? (product === 'spot' ? '0.01' : '0.1') : '0.00000001';
    const lotSize = btc ? (product === 'spot' ? '0.00000001' : '0.001') : '0.00000001';
    inst = createInstrument({ product, symbol, tickSize, lotSize, source: 'test' });
    made.set(key, inst);
  }
  return inst;
};

function wsFrames(path: string, product: Product): RawMessage[] {
  return fixtureLines(path)
    .map((line, seq) => ({ seq, receiveTimeUs: 1_723_161_254_000_000 + seq, connectionId: 0, product, kind: 'ws' as const, stream: '', payload: line.slice(line.indexOf(' ') + 1) }))
    .filter((raw) => !raw.payload.startsWith('{"lastUpdateId"'));
}

const FRAMES: RawMessage[] = [
  ...SPOT_FILES.flatMap((path) => wsFrames(path, 'spot')),
  ...USDM_FILES.flatMap((path) => wsFrames(path, 'usdm')),
  ...cryptofeedMessages('spot').filter((m) => m.kind === 'ws'),
  ...cryptofeedMessages('usdm').filter((m) => m.kind === 'ws'),
];

function general(raw: RawMessage): ParsedMessage | Error {
  try {
    return parseGeneral(raw, lookup);
  } catch (error) {
    return error as Error;
  }
}

/** The fast path's answer is null, or exactly the general path's market event. */
function agrees(raw: RawMessage): boolean {
  const fast = fastMarketEvent(raw, lookup);
  if (fast === null) return true;
  const slow = general(raw);
  expect(slow).not.toBeInstanceOf(Error);
  expect(slow).toEqual({ type: 'market', event: fast });
  return true;
}

describe('fastMarketEvent', () => {
  it('gives the general path’s event for every market frame of the bundled recordings, and is taken on them', () => {
    let taken = 0;
    let market = 0;
    for (const raw of FRAMES) {
      const slow = general(raw);
      if (!(slow instanceof Error) && slow.type === 'market') market++;
      const fast = fastMarketEvent(raw, lookup);
      if (fast === null) continue;
      taken++;
      expect(slow).toEqual({ type: 'market', event: fast });
    }
    expect(market).toBeGreaterThan(190_000);
    expect(taken).toBeGreaterThanOrEqual(market * 0.999);
  });

  it('gives up on what it is not certain about', () => {
    const base = FRAMES.find((f) => f.payload.includes('"depthUpdate"')) as RawMessage;
    const variants = [
      base.payload.replace('"s":"BTCUSDT"', '"s":"BTC\\u0055SDT"'), // an escape
      base.payload.replace('"U":', '"U":1,"U":'), // a repeated key
      base.payload.replace('"b":[', '"b":[["1","2","3"],'), // a level of three
      base.payload.replace(/"s":"BTCUSDT",/, '').replace('"e":"depthUpdate",', '"e":"depthUpdate","s":"BTCUSDT",').replace('"b":', '"x":1,"b":'), // still fine: unknown key
      `${base.payload} x`, // trailing garbage
      base.payload.slice(0, -3), // truncated
      base.payload.replace('"U":', '"\\":"x","U":'), // a one-letter key that is an escape: not a key to skip
      base.payload.replace('"U":', '"\u0001":1,"U":'), // a control character as a key
    ];
    expect(fastMarketEvent({ ...base, payload: variants[0] as string }, lookup)).toBeNull();
    expect(fastMarketEvent({ ...base, payload: variants[1] as string }, lookup)).toBeNull();
    expect(fastMarketEvent({ ...base, payload: variants[2] as string }, lookup)).toBeNull();
    expect(fastMarketEvent({ ...base, payload: variants[3] as string }, lookup)).not.toBeNull();
    expect(fastMarketEvent({ ...base, payload: variants[4] as string }, lookup)).toBeNull();
    expect(fastMarketEvent({ ...base, payload: variants[5] as string }, lookup)).toBeNull();
    expect(fastMarketEvent({ ...base, payload: variants[6] as string }, lookup)).toBeNull();
    expect(fastMarketEvent({ ...base, payload: variants[7] as string }, lookup)).toBeNull();
    for (const payload of variants) agrees({ ...base, payload });
  });

  it('agrees with the general path on mutated real frames (property)', () => {
    const samples = [
      ...FRAMES.filter((f) => f.payload.includes('"depthUpdate"')).slice(0, 40),
      ...FRAMES.filter((f) => f.payload.includes('bookTicker')).slice(0, 40),
      ...FRAMES.filter((f) => f.payload.includes('"trade"')).slice(0, 40),
      ...FRAMES.filter((f) => f.payload.includes('"aggTrade"')).slice(0, 40),
    ];
    const edits: ((s: string, at: number) => string)[] = [
      (s, at) => `${s.slice(0, at)} ${s.slice(at)}`, // whitespace anywhere
      (s, at) => `${s.slice(0, at)}\n\t${s.slice(at)}`,
      (s, at) => s.slice(0, at) + s.slice(at + 1), // a character lost
      (s, at) => `${s.slice(0, at)}"${s.slice(at)}`,
      (s, at) => `${s.slice(0, at)}\\${s.slice(at)}`,
      (s, at) => `${s.slice(0, at)}0${s.slice(at)}`,
      (s, at) => `${s.slice(0, at)}.5${s.slice(at)}`,
      (s, at) => `${s.slice(0, at)}e2${s.slice(at)}`,
      (s, at) => `${s.slice(0, at)}-${s.slice(at)}`,
      (s) => s.replace(/"E":(\d+)/, '"E":$1.0'),
      (s) => s.replace(/"E":(\d+)/, '"E":$1e0'),
      (s) => s.replace(/"u":(\d+)/, '"u":"$1"'),
      (s) => s.replace(/"m":(true|false)/, '"m":null'),
      (s) => s.replace(/,"s":"([A-Z]+)"/, ',"s":"$1","s":"$1"'),
      (s) => s.replace(/"0\.0+"/, '"0.000000000000000001"'),
      (s) => s.replace(/"(\d+)\.(\d+)"/, '"$1.$2$2$2"'),
      (s) => s.replace('{"stream":', '{ "stream" :'),
      (s) => s.replace(/^\{"stream":"[^"]+","data":(.*)\}$/, '$1'), // the raw frame, no envelope
      (s) => s.replace(/^\{"stream":"([^"]+)","data":(.*)\}$/, '{"data":$2,"stream":"$1"}'), // envelope keys swapped
      (s) => s.replace(/"e":"(\w+)",/, '').replace(/\}\}$/, ',"e":"depthUpdate"}}'),
      (s) => s.replace('"BTCUSDT"', '"ETHUSDT"'),
      (s) => s.replace('"BTCUSDT"', '"btcusdt"'),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.integer({ min: 0, max: edits.length - 1 }), fc.nat()), { minLength: 1, maxLength: 3 }),
        (frame, chosen) => {
          let payload = frame.payload;
          for (const [e, at] of chosen) payload = (edits[e] as (s: string, at: number) => string)(payload, at % (payload.length + 1));
          return agrees({ ...frame, payload });
        },
      ),
      { numRuns: 3000 },
    );
  });
});
