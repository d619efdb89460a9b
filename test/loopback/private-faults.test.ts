// The loopback private side's faults, each seen through the REAL SDK clients: user events before the REST
// ack, dropped and duplicated user events, a 5xx or a timeout after the order was accepted (it exists),
// a user-stream disconnect (the SDK reconnects and resubscribes; events in the gap are lost), rejects on
// the next request, order-rate 429s, a restart with open orders, and the per-port request record.
import { Agent } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackExchange } from '../../src/loopback/index.js';
import {
  INSTRUMENTS,
  KEY,
  SECRET,
  closeAll,
  handMadeMarket,
  limitBuy,
  reportsOf,
  rest,
  restError,
  startPrivate,
  track,
  userStream,
} from './private-harness.js';

afterEach(closeAll);

describe('loopback private faults: user events', () => {
  it('sends the user events before a held REST ack, and the ack when released', async () => {
    const { ex, addr } = await startPrivate();
    const stream = userStream(addr);
    await stream.api.subscribeUserDataStream('mainWSAPI');
    ex.privateSide().userEventsBeforeNextAck({ holdAck: true });
    let acked = false;
    const placing = limitBuy(rest(addr), '99.00', '0.10000').then((answer) => {
      acked = true;
      return answer;
    });
    await stream.frames.until((f) => reportsOf(f, 'NEW').length === 1, 'NEW before the ack');
    expect(acked).toBe(false);
    const record = ex.requests().find((r) => r.method === 'POST');
    expect(record).toMatchObject({ path: '/api/v3/order', mutation: true, signed: true, status: null });
    expect(ex.privateSide().releaseHeldAcks()).toBe(1);
    expect(await placing).toMatchObject({ status: 'NEW' });
  });

  it('drops the next executionReport and sends the rest', async () => {
    const { ex, addr } = await startPrivate();
    const stream = userStream(addr);
    await stream.api.subscribeUserDataStream('mainWSAPI');
    ex.privateSide().dropNextUserEvent({ type: 'executionReport' });
    await limitBuy(rest(addr), '99.99', '1.00000');
    ex.advance(1);
    await stream.frames.until((f) => reportsOf(f, 'TRADE').length === 1, 'the partial fill');
    expect(reportsOf(stream.frames.items).map((r) => r['x'])).toEqual(['TRADE']);
    expect(stream.frames.items.map((f) => f.event['e'])).toEqual(['outboundAccountPosition', 'executionReport', 'outboundAccountPosition']);
    expect(ex.privateSide().userEvents()[0]).toMatchObject({ type: 'executionReport', copies: 0 });
  });

  it('duplicates the next user event frame for frame', async () => {
    const { ex, addr } = await startPrivate();
    const stream = userStream(addr);
    await stream.api.subscribeUserDataStream('mainWSAPI');
    ex.privateSide().duplicateNextUserEvent();
    await limitBuy(rest(addr), '99.00', '0.10000');
    await stream.frames.until((f) => f.length === 3, 'NEW twice and the position');
    const [a, b, c] = stream.frames.items;
    expect(a?.text).toBe(b?.text);
    expect(a?.event['x']).toBe('NEW');
    expect(c?.event['e']).toBe('outboundAccountPosition');
  });

  it('loses the events of a user-stream outage; the SDK reconnects and resubscribes by itself', async () => {
    const { ex, addr } = await startPrivate();
    const stream = userStream(addr);
    await stream.api.subscribeUserDataStream('mainWSAPI');
    const client = rest(addr);
    ex.refuseConnections(true);
    expect(ex.privateSide().disconnectUserStreams()).toBe(1);
    const lost = (await limitBuy(client, '99.00', '0.10000')) as { orderId: number };
    expect(ex.privateSide().userStreams()).toEqual([]);
    ex.refuseConnections(false);
    await stream.responses.until(
      (r) => r.filter((x) => (x['result'] as { subscriptionId?: number } | undefined)?.subscriptionId !== undefined).length === 2,
      'the resubscription',
    );
    expect(ex.privateSide().userStreams()).toEqual([{ connectionId: 2, subscriptionId: 0, apiKey: KEY }]);
    await limitBuy(client, '98.00', '0.10000');
    await stream.frames.until((f) => reportsOf(f, 'NEW').length === 1, 'the NEW after the outage');
    expect(reportsOf(stream.frames.items, 'NEW')[0]?.['i']).not.toBe(lost.orderId);
    expect((await client.getOpenOrders({ symbol: 'BTCUSDT' })).map((o) => o.orderId)).toContain(lost.orderId);
  });
});

describe('loopback private faults: answers', () => {
  for (const status of [500, 502, 503] as const) {
    it(`answers ${status} after accepting an order, which exists and reports NEW`, async () => {
      const { ex, addr } = await startPrivate();
      const stream = userStream(addr);
      await stream.api.subscribeUserDataStream('mainWSAPI');
      const client = rest(addr);
      ex.privateSide().failAfterAccepting(status);
      const id = client.generateNewOrderId();
      const error = await restError(limitBuy(client, '99.00', '0.10000', { newClientOrderId: id }));
      if (status === 503) expect(error).toMatchObject({ code: -1007, message: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' });
      if (status === 500) expect(error).toMatchObject({ code: -1000 });
      expect(await client.getOrder({ symbol: 'BTCUSDT', origClientOrderId: id })).toMatchObject({ status: 'NEW', clientOrderId: id });
      await stream.frames.until((f) => reportsOf(f, 'NEW').length === 1, 'NEW');
      expect(ex.requests().find((r) => r.method === 'POST')?.status).toBe(status);
    });
  }

  it('never answers an accepted cancel under a timeout; the order is canceled', async () => {
    const { ex, addr } = await startPrivate();
    const client = rest(addr);
    const placed = (await limitBuy(client, '99.00', '0.10000')) as { orderId: number };
    ex.privateSide().failAfterAccepting('timeout');
    // The server never answers; the client's own deadline only bounds the wait.
    const impatient = rest(addr, KEY, SECRET, { timeout: 300 });
    const error = await restError(impatient.cancelOrder({ symbol: 'BTCUSDT', orderId: placed.orderId }));
    expect(String((error as { code?: string }).code)).toBe('ECONNABORTED');
    expect(await client.getOrder({ symbol: 'BTCUSDT', orderId: placed.orderId })).toMatchObject({ status: 'CANCELED' });
    expect(ex.requests().find((r) => r.method === 'DELETE')).toMatchObject({ mutation: true, status: null });
  });

  it('rejects the next order with -2010 or -1013 and the next cancel with -2011, then serves normally', async () => {
    const { ex, addr } = await startPrivate();
    const client = rest(addr);
    const side = ex.privateSide();
    side.rejectNext(-2010);
    expect(await restError(limitBuy(client, '99.00', '0.10000'))).toMatchObject({ code: -2010, message: 'Account has insufficient balance for requested action.' });
    side.rejectNext(-1013, { msg: 'Filter failure: LOT_SIZE' });
    expect(await restError(limitBuy(client, '99.00', '0.10000'))).toMatchObject({ code: -1013, message: 'Filter failure: LOT_SIZE' });
    const placed = (await limitBuy(client, '99.00', '0.10000')) as { orderId: number };
    side.rejectNext(-2011);
    expect(await restError(client.cancelOrder({ symbol: 'BTCUSDT', orderId: placed.orderId }))).toMatchObject({ code: -2011 });
    expect(side.openOrders().map((o) => o.orderId)).toEqual([placed.orderId]);
    expect(await client.cancelOrder({ symbol: 'BTCUSDT', orderId: placed.orderId })).toMatchObject({ status: 'CANCELED' });
  });

  it('refuses the next order with 429 -1015 and Retry-After, placing nothing', async () => {
    const { ex, addr } = await startPrivate();
    const client = rest(addr);
    ex.privateSide().rateLimitNextOrders({ retryAfterSeconds: 7 });
    const error = await restError(limitBuy(client, '99.00', '0.10000'));
    expect(error).toMatchObject({ code: -1015, message: 'Too many new orders; current limit is 100 orders per 10 SECOND.' });
    expect(error.headers?.['retry-after']).toBe('7');
    expect(ex.privateSide().openOrders()).toEqual([]);
    expect(await limitBuy(client, '99.00', '0.10000')).toMatchObject({ status: 'NEW' });
  });

  it('counts orders per 10 s and refuses the 101st with 429 and the seconds left in the window', async () => {
    // The exchange's clock stands still in the middle of a 10 s window, 45 to 55 s ahead of the client,
    // whose recvWindow (60 s) covers the gap: the window cannot turn, however slow the machine.
    const serverTime = Math.floor((Date.now() + 50_000) / 10_000) * 10_000 + 5000;
    const { ex, addr } = await startPrivate({ private: { accounts: [{ apiKey: KEY, apiSecret: SECRET, balances: { USDT: '100000' } }], now: () => serverTime } });
    const client = rest(addr);
    const order = (i: number): Promise<unknown> => limitBuy(client, '90.00', '0.10000', { recvWindow: 60_000, newClientOrderId: `${client.getOrderIdPrefix()}o${i}` });
    for (let i = 1; i <= 100; i++) await order(i);
    expect(client.getRateLimitStates()['x-mbx-order-count-10s']).toBe(100);
    const refused = await restError(order(101));
    expect(refused).toMatchObject({ code: -1015, message: 'Too many new orders; current limit is 100 orders per 10 SECOND.' });
    expect(refused.headers?.['retry-after']).toBe('5');
    expect(ex.privateSide().openOrders().length).toBe(100);
  });
});

describe('loopback private faults: restart and the request record', () => {
  it('restarts on the same port with the open orders, fills and balances of the old exchange', async () => {
    const { ex, addr } = await startPrivate();
    // A restart closes every socket: a pooled keep-alive socket would fail its next request (ECONNRESET).
    const client = rest(addr, KEY, SECRET, { httpAgent: new Agent({ keepAlive: false }) });
    await limitBuy(client, '99.99', '1.00000');
    await limitBuy(client, '99.00', '0.10000');
    ex.advance(1); // 0.3 of the first fills
    const before = { open: await client.getOpenOrders(), account: (await client.getAccountInformation()).balances, trades: await client.getAccountTradeList({ symbol: 'BTCUSDT' }) };
    await ex.stop();
    const reborn = track(
      new LoopbackExchange({ product: 'spot', messages: handMadeMarket().messages, instruments: INSTRUMENTS, speed: 'max', port: addr.port, private: { ledger: ex.privateSide().ledger } }),
    );
    expect(await reborn.start()).toEqual(addr);
    expect(await client.getOpenOrders()).toEqual(before.open);
    expect(before.open.map((o) => [o.status, o.executedQty])).toEqual([
      ['PARTIALLY_FILLED', '0.30000000'],
      ['NEW', '0.00000000'],
    ]);
    expect((await client.getAccountInformation()).balances).toEqual(before.account);
    expect(await client.getAccountTradeList({ symbol: 'BTCUSDT' })).toEqual(before.trades);
    const next = (await limitBuy(client, '98.00', '0.10000')) as { orderId: number };
    expect(next.orderId).toBe(3);
    expect(reborn.requests().filter((r) => r.mutation).length).toBe(1);
  });

  it('records every request of a port, so a read-only session shows no mutation', async () => {
    const { ex, addr } = await startPrivate();
    const client = rest(addr);
    const stream = userStream(addr);
    await stream.api.subscribeUserDataStream('mainWSAPI');
    await client.getAccountInformation();
    await client.getOpenOrders();
    await client.getAccountTradeList({ symbol: 'BTCUSDT' });
    await client.testNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '99.00' as unknown as number, quantity: '0.1' as unknown as number });
    await client.getExchangeInfo({ symbol: 'BTCUSDT' });
    const records = ex.requests();
    expect(records.map((r) => `${r.transport} ${r.method} ${r.path} ${r.signed ? 'signed' : 'public'} ${r.status ?? '-'}`)).toEqual([
      'ws-api userDataStream.subscribe.signature /ws-api/v3 signed 200',
      'rest GET /api/v3/account signed 200',
      'rest GET /api/v3/openOrders signed 200',
      'rest GET /api/v3/myTrades signed 200',
      'rest POST /api/v3/order/test signed 200',
      'rest GET /api/v3/exchangeInfo public 200',
    ]);
    expect(records.some((r) => r.mutation)).toBe(false);
  });

  it('records a mutation attempt on a port without a private side, refused as unknown', async () => {
    const ex = track(new LoopbackExchange({ product: 'spot', messages: handMadeMarket().messages, instruments: INSTRUMENTS }));
    const addr = await ex.start();
    expect(await restError(limitBuy(rest(addr), '99.00', '0.10000'))).toMatchObject({ code: -1 });
    expect(ex.requests()).toMatchObject([{ transport: 'rest', method: 'POST', path: '/api/v3/order', signed: true, mutation: true, apiKey: KEY, status: 404 }]);
    expect(() => ex.privateSide()).toThrow(/no private side/);
  });
});
