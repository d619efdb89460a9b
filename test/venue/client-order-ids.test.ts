// Client order ids: the SDK's generator (what it gives, held to Binance's rule), the repeatable counter
// tests and the simulator use, and the check every id goes through.
import { generateNewOrderId, getOrderIdPrefix } from 'binance';
import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../../src/model/index.js';
import {
  SPOT_CLIENT_ORDER_ID_PREFIX,
  checkedClientOrderId,
  loadSdkClientOrderIds,
  requestFor,
  sequentialClientOrderIds,
} from '../../src/venue/index.js';

const BINANCE_ID = /^[a-zA-Z0-9-_]{1,36}$/;

describe('the SDK generator', () => {
  it('gives 32-character spot ids with the SDK prefix, within Binance rule, a fresh one each call', async () => {
    const ids = await loadSdkClientOrderIds();
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = ids();
      expect(id).toMatch(BINANCE_ID);
      expect(id).toHaveLength(32);
      expect(id.startsWith(SPOT_CLIENT_ORDER_ID_PREFIX)).toBe(true);
      seen.add(id);
    }
    expect(seen.size).toBe(200);
  });

  it('uses the prefix the installed SDK expects (an id without it makes the SDK warn on the console)', () => {
    expect(SPOT_CLIENT_ORDER_ID_PREFIX).toBe(`x-${getOrderIdPrefix('spot', 'v1')}`);
    expect(generateNewOrderId('spot').startsWith(SPOT_CLIENT_ORDER_ID_PREFIX)).toBe(true);
  });
});

describe('sequentialClientOrderIds', () => {
  it('counts from its start under the SDK prefix and a run tag: the same ids on every run', () => {
    const ids = sequentialClientOrderIds('run7-', 41);
    expect([ids(), ids(), ids()]).toEqual(['x-U5D79M5Brun7-41', 'x-U5D79M5Brun7-42', 'x-U5D79M5Brun7-43']);
    const again = sequentialClientOrderIds('run7-', 41);
    expect(again()).toBe('x-U5D79M5Brun7-41');
  });

  it('refuses a tag that cannot make a valid id, and an id that would grow past 36 characters', () => {
    expect(() => sequentialClientOrderIds('a b')).toThrow(/"x-U5D79M5Ba b1" is not 1–36 of \[a-zA-Z0-9-_\]/);
    expect(() => sequentialClientOrderIds('t'.repeat(26))).toThrow(RangeError); // 10 + 26 + "1" = 37
    const ids = sequentialClientOrderIds('t'.repeat(25), 9); // 36 characters, then 37
    expect(ids()).toHaveLength(36);
    expect(() => ids()).toThrow(RangeError);
    expect(() => sequentialClientOrderIds('t', -1)).toThrow(/start/);
  });
});

describe('checkedClientOrderId and requestFor', () => {
  it('passes an id within Binance rule and throws naming one outside it', () => {
    expect(checkedClientOrderId('abc-DEF_123')).toBe('abc-DEF_123');
    for (const bad of ['', 'x'.repeat(37), 'a.b', 'a:b', 'é']) expect(() => checkedClientOrderId(bad)).toThrow(RangeError);
  });

  it('puts an intent under a fresh checked id, and refuses a source that gives a bad one', () => {
    const intent: OrderIntent = { product: 'spot', symbol: 'BTCUSDT', side: 'buy', type: 'LIMIT_MAKER', priceTicks: 1, qtyLots: 1, reason: 'r', decisionId: 'd' };
    const ids = sequentialClientOrderIds('t');
    expect(requestFor(intent, ids)).toEqual({ clientOrderId: 'x-U5D79M5Bt1', intent });
    expect(requestFor(intent, ids).clientOrderId).toBe('x-U5D79M5Bt2');
    expect(() => requestFor(intent, () => 'not/valid')).toThrow(/"not\/valid"/);
  });
});
