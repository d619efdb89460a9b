// Inferring product, symbols and units from a sample of a recording without metadata: the first 3000 lines
// of each bundled fixture (what replay samples), and small hand-made samples for the edge cases.
import { describe, expect, it } from 'vitest';
import { decodeHftLine } from '../../src/recording/index.js';
import { inferFromSample, tickSizeOf, type SampleMessage } from '../../src/venue/index.js';
import { SPOT_FILES, USDM_FILES, fixtureLines } from '../support/fixtures.js';

/** The first 3000 lines of a fixture as sample messages; bare REST snapshot lines name no stream. */
function sampleOf(path: string): SampleMessage[] {
  return fixtureLines(path)
    .slice(0, 3000)
    .map((line) => {
      const decoded = decodeHftLine(line, { product: 'spot', snapshotSymbol: null });
      if (typeof decoded !== 'string') return { kind: decoded.kind, stream: decoded.stream, payload: decoded.payload };
      const payload = line.slice(line.indexOf(' ') + 1);
      expect(payload.startsWith('{"lastUpdateId"'), decoded).toBe(true);
      return { kind: 'rest', stream: '', payload };
    });
}

const ws = (payload: string, stream = ''): SampleMessage => ({ kind: 'ws', stream, payload });

describe('inferFromSample on the bundled recordings', () => {
  it('reads the spot fixture as spot BTCUSDT with 0.01 ticks and 8 quantity decimals', () => {
    const inference = inferFromSample(sampleOf(SPOT_FILES[0] as string));
    expect(inference.product).toBe('spot');
    expect(inference.symbols).toEqual(['BTCUSDT']);
    expect(inference.units.get('BTCUSDT')).toEqual({ priceDecimals: 2, qtyDecimals: 8 });
    expect(inference.snapshots).toBe(1);
    expect(tickSizeOf(2)).toBe('0.01');
  });

  it('reads the USD-M fixture as usdm BTCUSDT with 0.1 ticks and 3 quantity decimals', () => {
    const inference = inferFromSample(sampleOf(USDM_FILES[0] as string));
    expect(inference.product).toBe('usdm');
    expect(inference.symbols).toEqual(['BTCUSDT']);
    expect(inference.units.get('BTCUSDT')).toEqual({ priceDecimals: 1, qtyDecimals: 3 });
    expect(inference.snapshots).toBe(1);
  });

  it('credits a bare snapshot to the symbol it is told, even with no other message naming one', () => {
    const snapshot = sampleOf(SPOT_FILES[0] as string).find((m) => m.kind === 'rest') as SampleMessage;
    const inference = inferFromSample([snapshot], 'BTCUSDT');
    expect(inference.symbols).toEqual(['BTCUSDT']);
    expect(inference.units.get('BTCUSDT')).toEqual({ priceDecimals: 2, qtyDecimals: 8 });
    expect(inference.snapshots).toBe(1);
    expect(inference.product).toBeNull();
  });
});

describe('inferFromSample on hand-made samples', () => {
  it('tells no product when the sample has no market data', () => {
    const inference = inferFromSample([ws('{"result":null,"id":1}'), ws('not json'), ws('[1,2,3]')]);
    expect(inference.product).toBeNull();
    expect(inference.symbols).toEqual([]);
    expect(inference.units.size).toBe(0);
    expect(inference.snapshots).toBe(0);
  });

  it('tells usdm from a depth update with pu, and spot from one without', () => {
    const spot = ws('{"stream":"ethusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"ETHUSDT","U":1,"u":2,"b":[["2500.10","1.5000"]],"a":[]}}');
    const usdm = ws('{"stream":"ethusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"T":1,"s":"ETHUSDT","U":1,"u":2,"pu":0,"b":[],"a":[]}}');
    expect(inferFromSample([spot]).product).toBe('spot');
    expect(inferFromSample([spot, usdm]).product).toBe('usdm');
    expect(inferFromSample([spot]).units.get('ETHUSDT')).toEqual({ priceDecimals: 1, qtyDecimals: 4 });
  });

  it('credits a bare snapshot seen before any symbol to the only symbol of the sample', () => {
    const snapshot: SampleMessage = {
      kind: 'rest',
      stream: '',
      payload: '{"lastUpdateId":5,"bids":[["150.001","2.00000"]],"asks":[["150.100","1.00000"]]}',
    };
    const trade = ws('{"stream":"solusdt@trade","data":{"e":"trade","s":"SOLUSDT","p":"150.10","q":"1.000"}}');
    const inference = inferFromSample([snapshot, trade]);
    expect(inference.symbols).toEqual(['SOLUSDT']);
    expect(inference.units.get('SOLUSDT')).toEqual({ priceDecimals: 3, qtyDecimals: 5 });
    expect(inference.snapshots).toBe(1);
  });

  it('lists symbols in order of first appearance', () => {
    const trade = (symbol: string, price: string) =>
      ws(`{"stream":"${symbol.toLowerCase()}@trade","data":{"e":"trade","s":"${symbol}","p":"${price}","q":"1.000"}}`);
    const inference = inferFromSample([trade('SOLUSDT', '150.125'), trade('ETHUSDT', '2500.1'), trade('SOLUSDT', '150.5')]);
    expect(inference.symbols).toEqual(['SOLUSDT', 'ETHUSDT']);
    expect(inference.units.get('SOLUSDT')).toEqual({ priceDecimals: 3, qtyDecimals: 3 });
  });
});

describe('tickSizeOf', () => {
  it('writes the tick of a number of decimal places', () => {
    expect(tickSizeOf(0)).toBe('1');
    expect(tickSizeOf(1)).toBe('0.1');
    expect(tickSizeOf(2)).toBe('0.01');
    expect(tickSizeOf(8)).toBe('0.00000001');
  });
});
