// A request the Binance venues send (SentRequest) as the journal's venueRequest event: the exact parameters
// the order builder made, every value a string, the client order id each kind names, nothing of the
// signing (signature, API key, timestamp) even if a caller put it in; and a DEMO session against the
// loopback journals what it sent, line for line, with no secret in the journal.
import { afterEach, describe, expect, it } from 'vitest';
import { TradingLog, priceToTicks, qtyToLots, type OrderRequest, type SymbolRules, type TradingEvent } from '../../src/model/index.js';
import { buildCancelParams, buildOrderParams, venueRequestEvent, type BuiltOrder, type OrderRefusal, type SentRequest } from '../../src/venue/index.js';
import { closeAll } from '../loopback/private-harness.js';
import { BTC, CREDENTIALS, MARKET, RULES, closeSessions, openSession, routeFor, send, startExchange, untilStatus } from './binance-execution-harness.js';

afterEach(async () => {
  await closeSessions();
  await closeAll();
});

const T = 1_700_000_000_123_456;
const ID = 'x-U5D79M5B0123456789abcdefghij';

function orderParams(type: 'LIMIT_MAKER' | 'LIMIT_IOC', price: string, qty: string): BuiltOrder['params'] {
  const request: OrderRequest = {
    clientOrderId: ID,
    intent: { product: 'spot', symbol: 'BTCUSDT', side: 'buy', type, priceTicks: priceToTicks(BTC, price), qtyLots: qtyToLots(BTC, qty), reason: 'test', decisionId: 'd1' },
  };
  const built: BuiltOrder | OrderRefusal = buildOrderParams(request, BTC, RULES.get('BTCUSDT') as SymbolRules, MARKET('BTCUSDT'), { maxNotional: '1000' });
  if (built.kind !== 'order') throw new Error(`refused: ${built.reason}`);
  return built.params;
}

describe('a sent request as a venueRequest event', () => {
  it('keeps the exact parameters of an order and names its new client order id', () => {
    const sent: SentRequest = { kind: 'order', timeUs: T, params: orderParams('LIMIT_IOC', '99.50', '0.10000') };
    expect(venueRequestEvent(sent, 'demo')).toEqual({
      type: 'venueRequest',
      timeUs: T,
      product: 'spot',
      venue: 'demo',
      request: 'order',
      clientOrderId: ID,
      params: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', price: '99.5', quantity: '0.1', newClientOrderId: ID, newOrderRespType: 'RESULT' },
    });
  });

  it('keeps the exact parameters of a test order (DRY_RUN_PRIVATE) on production', () => {
    const sent: SentRequest = { kind: 'testOrder', timeUs: T, params: orderParams('LIMIT_MAKER', '99.00', '0.25000') };
    expect(venueRequestEvent(sent, 'production')).toMatchObject({
      venue: 'production',
      request: 'testOrder',
      clientOrderId: ID,
      params: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT_MAKER', price: '99', quantity: '0.25', newClientOrderId: ID, newOrderRespType: 'RESULT' },
    });
  });

  it("names the original client order id of a cancel, and none of a cancel of a symbol's open orders", () => {
    const cancel = venueRequestEvent({ kind: 'cancel', timeUs: T, params: buildCancelParams('BTCUSDT', ID) }, 'testnet');
    expect(cancel).toEqual({ type: 'venueRequest', timeUs: T, product: 'spot', venue: 'testnet', request: 'cancel', clientOrderId: ID, params: { symbol: 'BTCUSDT', origClientOrderId: ID } });
    const all = venueRequestEvent({ kind: 'cancelAll', timeUs: T, params: { symbol: 'BTCUSDT' } }, 'testnet');
    expect(all).toEqual({ type: 'venueRequest', timeUs: T, product: 'spot', venue: 'testnet', request: 'cancelAll', clientOrderId: null, params: { symbol: 'BTCUSDT' } });
  });

  it('writes numbers as the SDK would send them, leaves undefined ones out, and drops the signature, API key and timestamp', () => {
    const params = { symbol: 'BTCUSDT', origClientOrderId: ID, recvWindow: 5000, orderId: undefined, signature: 'f00d', apiKey: CREDENTIALS.demo.key, timestamp: 1_700_000_000_123 };
    const event = venueRequestEvent({ kind: 'cancel', timeUs: T, params } as unknown as SentRequest, 'demo');
    expect(event.params).toEqual({ symbol: 'BTCUSDT', origClientOrderId: ID, recvWindow: '5000' });
    for (const key of ['signature', 'apiKey', 'timestamp', 'orderId']) expect(Object.keys(event.params)).not.toContain(key);
  });
});

describe('a DEMO session journals what it sent', () => {
  it('one venueRequest per request that reached the demo port, read back from its lines unchanged, with no secret in them', async () => {
    const { ex, addr } = await startExchange('demo');
    const session = await openSession(routeFor('DEMO', { demo: addr }));
    const kept = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    const dropped = send(session, 'BUY', 'LIMIT_MAKER', '98.50', '0.20000');
    await untilStatus(session, kept, 'new');
    await untilStatus(session, dropped, 'new');
    session.venue.cancel(dropped);
    await untilStatus(session, dropped, 'canceled');
    session.venue.cancelAll('BTCUSDT');
    await untilStatus(session, kept, 'canceled');

    const log = TradingLog.create([{ ...BTC, source: 'test' }]);
    const lines = session.requests.map((r) => log.append({ ...venueRequestEvent(r, session.route.venue), seq: log.nextSeq } as TradingEvent));
    expect(lines).toEqual([
      `{"seq":0,"timeUs":${session.requests[0]?.timeUs},"type":"venueRequest","product":"spot","venue":"demo","request":"order","clientOrderId":"${kept}",` +
        `"params":{"newClientOrderId":"${kept}","newOrderRespType":"RESULT","price":"99","quantity":"0.1","side":"BUY","symbol":"BTCUSDT","type":"LIMIT_MAKER"}}`,
      `{"seq":1,"timeUs":${session.requests[1]?.timeUs},"type":"venueRequest","product":"spot","venue":"demo","request":"order","clientOrderId":"${dropped}",` +
        `"params":{"newClientOrderId":"${dropped}","newOrderRespType":"RESULT","price":"98.5","quantity":"0.2","side":"BUY","symbol":"BTCUSDT","type":"LIMIT_MAKER"}}`,
      `{"seq":2,"timeUs":${session.requests[2]?.timeUs},"type":"venueRequest","product":"spot","venue":"demo","request":"cancel","clientOrderId":"${dropped}",` +
        `"params":{"origClientOrderId":"${dropped}","symbol":"BTCUSDT"}}`,
      `{"seq":3,"timeUs":${session.requests[3]?.timeUs},"type":"venueRequest","product":"spot","venue":"demo","request":"cancelAll","clientOrderId":null,"params":{"symbol":"BTCUSDT"}}`,
    ]);
    // the journal's requests are the mutations the port received, in order
    expect(ex.requests().filter((r) => r.mutation).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v3/order', 'POST /api/v3/order', 'DELETE /api/v3/order', 'DELETE /api/v3/openOrders']);
    const reader = TradingLog.fromHeader(log.header) as TradingLog;
    expect(lines.map((l) => reader.accept(l))).toEqual(session.requests.map((r, seq) => ({ ...venueRequestEvent(r, 'demo'), seq })));
    const text = lines.join('\n');
    for (const secret of [CREDENTIALS.demo.key, CREDENTIALS.demo.secret, 'signature', 'timestamp']) expect(text).not.toContain(secret);
  });
});
