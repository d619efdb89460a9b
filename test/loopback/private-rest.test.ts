// The loopback's signed spot REST endpoints, driven by the REAL `binance` MainClient (baseUrl on
// 127.0.0.1): round trips of place / query / open orders / cancel / cancel all / account / myTrades with
// Binance's exact decimal strings, the signature and timestamp checks, and every reject code.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY, OTHER_KEY, OTHER_SECRET, SECRET, closeAll, limitBuy, rest, restError, startPrivate } from './private-harness.js';

afterEach(closeAll);

describe('loopback private REST: orders', () => {
  it('places a resting LIMIT GTC buy and answers with the FULL body in 8-place decimal strings', async () => {
    const { addr } = await startPrivate();
    const client = rest(addr);
    const clientOrderId = client.generateNewOrderId();
    const placed = await client.submitNewOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '99.50' as unknown as number,
      quantity: '0.10000' as unknown as number,
      newClientOrderId: clientOrderId,
    });
    expect(placed).toMatchObject({
      symbol: 'BTCUSDT',
      orderListId: -1,
      clientOrderId,
      price: '99.50000000',
      origQty: '0.10000000',
      executedQty: '0.00000000',
      cummulativeQuoteQty: '0.00000000',
      status: 'NEW',
      timeInForce: 'GTC',
      type: 'LIMIT',
      side: 'BUY',
      fills: [],
    });
    const orderId = (placed as { orderId: number }).orderId;
    const byId = await client.getOrder({ symbol: 'BTCUSDT', orderId });
    const byClientId = await client.getOrder({ symbol: 'BTCUSDT', origClientOrderId: clientOrderId });
    expect(byId).toEqual(byClientId);
    expect(byId).toMatchObject({ orderId, clientOrderId, status: 'NEW', price: '99.50000000', origQty: '0.10000000', isWorking: true });
    expect(await client.getOpenOrders({ symbol: 'BTCUSDT' })).toEqual([byId]);
    expect(await client.getOpenOrders()).toEqual([byId]);
    const account = await client.getAccountInformation();
    expect(account.balances).toEqual(
      expect.arrayContaining([
        { asset: 'USDT', free: '990.05000000', locked: '9.95000000' },
        { asset: 'BTC', free: '1.00000000', locked: '0.00000000' },
      ]),
    );
  });

  it('answers a LIMIT_MAKER with ACK by default and RESULT or FULL on request', async () => {
    const { addr } = await startPrivate();
    const client = rest(addr);
    const ack = await client.submitNewOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT_MAKER',
      price: '101.00' as unknown as number,
      quantity: '0.05000' as unknown as number,
      newClientOrderId: client.generateNewOrderId(),
    });
    expect(Object.keys(ack).sort()).toEqual(['clientOrderId', 'orderId', 'orderListId', 'symbol', 'transactTime']);
    const result = await client.submitNewOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT_MAKER',
      price: '101.01' as unknown as number,
      quantity: '0.05000' as unknown as number,
      newOrderRespType: 'RESULT',
    });
    expect(result).toMatchObject({ status: 'NEW', timeInForce: 'GTC', type: 'LIMIT_MAKER', price: '101.01000000' });
    expect(result).not.toHaveProperty('fills');
    expect((await client.getAccountInformation()).balances).toContainEqual({ asset: 'BTC', free: '0.90000000', locked: '0.10000000' });
  });

  it('cancels by client order id with the cancel id and releases the locked funds', async () => {
    const { addr } = await startPrivate();
    const client = rest(addr);
    const placed = (await limitBuy(client, '99.50', '0.10000')) as { orderId: number; clientOrderId: string };
    const cancelId = client.generateNewOrderId();
    // The SDK's CancelOrderParams type lacks newClientOrderId; it sends whatever it is given.
    const params = { symbol: 'BTCUSDT', origClientOrderId: placed.clientOrderId, newClientOrderId: cancelId };
    const canceled = await client.cancelOrder(params);
    expect(canceled).toMatchObject({
      symbol: 'BTCUSDT',
      origClientOrderId: placed.clientOrderId,
      orderId: placed.orderId,
      clientOrderId: cancelId,
      status: 'CANCELED',
      executedQty: '0.00000000',
    });
    expect(await client.getOrder({ symbol: 'BTCUSDT', orderId: placed.orderId })).toMatchObject({ status: 'CANCELED' });
    expect(await client.getOpenOrders({ symbol: 'BTCUSDT' })).toEqual([]);
    expect((await client.getAccountInformation()).balances).toContainEqual({ asset: 'USDT', free: '1000.00000000', locked: '0.00000000' });
    const again = await restError(client.cancelOrder({ symbol: 'BTCUSDT', orderId: placed.orderId }));
    expect(again).toMatchObject({ code: -2011, message: 'Unknown order sent.' });
  });

  it('cancels every open order of a symbol at once, and refuses when none is open (-2011)', async () => {
    const { addr } = await startPrivate();
    const client = rest(addr);
    await limitBuy(client, '99.50', '0.10000');
    await limitBuy(client, '99.40', '0.10000');
    const canceled = (await client.cancelAllSymbolOrders({ symbol: 'BTCUSDT' })) as unknown as { status: string; price: string }[];
    expect(canceled.map((c) => [c.status, c.price])).toEqual([
      ['CANCELED', '99.50000000'],
      ['CANCELED', '99.40000000'],
    ]);
    expect(await restError(client.cancelAllSymbolOrders({ symbol: 'BTCUSDT' }))).toMatchObject({ code: -2011 });
  });

  it('fills an IOC buy against the displayed asks it crosses, at their prices, and expires the rest', async () => {
    const { addr } = await startPrivate();
    const client = rest(addr);
    const placed = await limitBuy(client, '100.01', '1.00000', { timeInForce: 'IOC' });
    expect(placed).toMatchObject({
      status: 'EXPIRED',
      executedQty: '0.50000000',
      cummulativeQuoteQty: '50.00500000',
      fills: [{ price: '100.01000000', qty: '0.50000000', commission: '0.00050000', commissionAsset: 'BTC', tradeId: 1 }],
    });
    const balances = (await client.getAccountInformation()).balances;
    expect(balances).toContainEqual({ asset: 'USDT', free: '949.99500000', locked: '0.00000000' });
    expect(balances).toContainEqual({ asset: 'BTC', free: '1.49950000', locked: '0.00000000' });
  });

  it('lists my trades from an id, from a start time, or the latest', async () => {
    const { addr } = await startPrivate();
    const client = rest(addr);
    await limitBuy(client, '100.02', '1.00000'); // takes 0.5 @ 100.01 and 0.5 @ 100.02
    const all = await client.getAccountTradeList({ symbol: 'BTCUSDT' });
    expect(all.map((t) => [t.id, t.price, t.qty, t.quoteQty, t.isBuyer, t.isMaker])).toEqual([
      [1, '100.01000000', '0.50000000', '50.00500000', true, false],
      [2, '100.02000000', '0.50000000', '50.01000000', true, false],
    ]);
    expect((await client.getAccountTradeList({ symbol: 'BTCUSDT', fromId: 2 })).map((t) => t.id)).toEqual([2]);
    expect((await client.getAccountTradeList({ symbol: 'BTCUSDT', startTime: all[0]?.time as number })).length).toBe(2);
    expect((await client.getAccountTradeList({ symbol: 'BTCUSDT', limit: 1 })).map((t) => t.id)).toEqual([2]);
    expect(await restError(client.getAccountTradeList({ symbol: 'BTCUSDT', fromId: 1, startTime: 1 }))).toMatchObject({ code: -1128 });
  });

  it('validates a test order without placing it', async () => {
    const { ex, addr } = await startPrivate();
    const client = rest(addr);
    const answer = await client.testNewOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '99.50' as unknown as number,
      quantity: '0.10000' as unknown as number,
    });
    expect(answer).toEqual({});
    const failed = await restError(
      client.testNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '99.505' as unknown as number, quantity: '0.1' as unknown as number }),
    );
    expect(failed).toMatchObject({ code: -1013, message: 'Filter failure: PRICE_FILTER' });
    expect(ex.privateSide().openOrders()).toEqual([]);
  });

  it('reports used weight and order counts in the rate-limit headers the SDK tracks', async () => {
    const { addr } = await startPrivate();
    const client = rest(addr);
    await limitBuy(client, '99.50', '0.10000');
    await limitBuy(client, '99.40', '0.10000');
    const states = client.getRateLimitStates();
    expect(states['x-mbx-order-count-1d']).toBe(2);
    expect(states['x-mbx-used-weight-1m']).toBeGreaterThan(0);
  });
});

describe('loopback private REST: rejects', () => {
  const order = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC' } as const;
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['a price off the tick', { price: '99.505', quantity: '0.1' }, -1013, 'Filter failure: PRICE_FILTER'],
    ['a quantity off the step', { price: '99.50', quantity: '0.100001' }, -1013, 'Filter failure: LOT_SIZE'],
    ['a price far from the average', { price: '600.00', quantity: '0.01' }, -1013, 'Filter failure: PERCENT_PRICE_BY_SIDE'],
    ['a notional under the minimum', { price: '99.50', quantity: '0.01' }, -1013, 'Filter failure: NOTIONAL'],
    ['a price in exponent notation', { price: 1e-7, quantity: '0.1' }, -1100, "Illegal characters found in parameter 'price'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'."],
    ['a quantity in exponent notation', { price: '99.50', quantity: 1e-7 }, -1100, "Illegal characters found in parameter 'quantity'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'."],
    ['more quote than the account holds', { price: '99.50', quantity: '11' }, -2010, 'Account has insufficient balance for requested action.'],
    ['an unknown symbol', { symbol: 'ETHUSDT', price: '99.50', quantity: '0.1' }, -1121, 'Invalid symbol.'],
    ['a MARKET order (not served)', { type: 'MARKET', timeInForce: 'GTC', price: '99.50', quantity: '0.1' }, -1116, 'Invalid orderType.'],
    ['a FOK order (not served)', { timeInForce: 'FOK', price: '99.50', quantity: '0.1' }, -1115, 'Invalid timeInForce.'],
  ];
  for (const [what, params, code, message] of cases) {
    it(`refuses ${what} with ${code}`, async () => {
      const { ex, addr } = await startPrivate();
      const error = await restError(rest(addr).submitNewOrder({ ...order, ...params } as never));
      expect(error).toMatchObject({ code, message });
      expect(ex.privateSide().openOrders()).toEqual([]);
    });
  }

  it('refuses a LIMIT_MAKER that would take with -2010', async () => {
    const { addr } = await startPrivate();
    const error = await restError(
      rest(addr).submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT_MAKER', price: '100.01' as unknown as number, quantity: '0.1' as unknown as number }),
    );
    expect(error).toMatchObject({ code: -2010, message: 'Order would immediately match and take.' });
  });

  it('refuses a second open order with the same client order id with -2010', async () => {
    const { addr } = await startPrivate();
    const client = rest(addr);
    const id = client.generateNewOrderId();
    await limitBuy(client, '99.50', '0.10000', { newClientOrderId: id });
    expect(await restError(limitBuy(client, '99.40', '0.10000', { newClientOrderId: id }))).toMatchObject({ code: -2010, message: 'Duplicate order sent.' });
  });

  it('refuses a query of an unknown order with -2013 and its cancel with -2011', async () => {
    const { addr } = await startPrivate();
    const client = rest(addr);
    expect(await restError(client.getOrder({ symbol: 'BTCUSDT', orderId: 999 }))).toMatchObject({ code: -2013, message: 'Order does not exist.' });
    expect(await restError(client.cancelOrder({ symbol: 'BTCUSDT', origClientOrderId: 'nope' }))).toMatchObject({ code: -2011 });
  });

  it("keeps one account's orders from another's queries", async () => {
    const { addr } = await startPrivate();
    const placed = (await limitBuy(rest(addr), '99.50', '0.10000')) as { orderId: number };
    const other = rest(addr, OTHER_KEY, OTHER_SECRET);
    expect(await other.getOpenOrders()).toEqual([]);
    expect(await restError(other.getOrder({ symbol: 'BTCUSDT', orderId: placed.orderId }))).toMatchObject({ code: -2013 });
  });
});

describe('loopback private REST: signing', () => {
  it('refuses a request signed with the wrong secret with -1022', async () => {
    const { addr } = await startPrivate();
    const error = await restError(rest(addr, KEY, 'not-the-secret').getAccountInformation());
    expect(error).toMatchObject({ code: -1022, message: 'Signature for this request is not valid.' });
  });

  it('refuses an unknown API key with -2015 (HTTP 401)', async () => {
    const { addr } = await startPrivate();
    const response = await fetch(`${addr.restUrl}/api/v3/account?timestamp=${Date.now()}&signature=00`, { headers: { 'X-MBX-APIKEY': 'who' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' });
    expect(await restError(rest(addr, 'who', SECRET).getAccountInformation())).toMatchObject({ code: -2015 });
  });

  it('refuses a timestamp older than recvWindow, or a second or more ahead, with -1021', async () => {
    const { addr } = await startPrivate();
    const client = rest(addr);
    client.setTimeOffset(-6000);
    expect(await restError(client.getAccountInformation())).toMatchObject({ code: -1021, message: 'Timestamp for this request is outside of the recvWindow.' });
    expect(await client.getAccountInformation({ recvWindow: 10_000 } as never)).toHaveProperty('balances');
    client.setTimeOffset(5000);
    expect(await restError(client.getAccountInformation())).toMatchObject({ code: -1021, message: "Timestamp for this request was 1000ms ahead of the server's time." });
  });

  it('checks the documented payload: the query string followed directly by the form body', async () => {
    const { addr } = await startPrivate();
    const query = 'symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC';
    const body = `quantity=0.10000&price=99.50&recvWindow=5000&timestamp=${Date.now()}`;
    const signature = createHmac('sha256', SECRET).update(query + body).digest('hex');
    const send = (sig: string): Promise<Response> =>
      fetch(`${addr.restUrl}/api/v3/order?${query}`, {
        method: 'POST',
        headers: { 'X-MBX-APIKEY': KEY, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `${body}&signature=${sig}`,
      });
    const joinedWithAmpersand = createHmac('sha256', SECRET).update(`${query}&${body}`).digest('hex');
    const refused = await send(joinedWithAmpersand);
    expect([refused.status, await refused.json()]).toEqual([400, { code: -1022, msg: 'Signature for this request is not valid.' }]);
    const accepted = await send(signature.toUpperCase());
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: 'NEW', price: '99.50000000', origQty: '0.10000000' });
  });

  it('refuses a parameter sent twice with -1101 and a missing key header with -2014', async () => {
    const { addr } = await startPrivate();
    const twice = await fetch(`${addr.restUrl}/api/v3/account?timestamp=1&timestamp=2&signature=00`, { headers: { 'X-MBX-APIKEY': KEY } });
    expect(await twice.json()).toEqual({ code: -1101, msg: 'Duplicate values for a parameter detected.' });
    const keyless = await fetch(`${addr.restUrl}/api/v3/account?timestamp=1&signature=00`);
    expect([keyless.status, await keyless.json()]).toEqual([401, { code: -2014, msg: 'API-key format invalid.' }]);
  });
});
