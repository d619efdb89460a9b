// What each EXECUTION_MODE can do at Binance, by construction, with the loopback standing in for
// production, demo mode and the testnet on separate ports: a reader has no way to write (no such method,
// and its client refuses a mutation endpoint), DRY_RUN_PRIVATE sends only /api/v3/order/test and
// journals the exact request, DEMO / TESTNET / LIVE write only to their own venue's port, PUBLIC routes
// nowhere; and no log line, error or journal of a session holds an API key, a secret or a signature.
import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiCredentials, executionVenueFor, loadConfig, type ExecutionRoute } from '../../src/config/index.js';
import type { LoopbackAddress, LoopbackExchange } from '../../src/loopback/index.js';
import { RestClient } from '../../src/venue/binance/execution/rest-client.js';
import { guardUserDataConnection } from '../../src/venue/binance/execution/user-stream.js';
import {
  CapabilityError,
  createBinanceExecutionVenue,
  createDryRunVenue,
  createPrivateReader,
  isExecutionRequestError,
  type PrivateReader,
  type RouteWith,
} from '../../src/venue/index.js';
import { closeAll, userStream } from '../loopback/private-harness.js';
import {
  CREDENTIALS,
  INSTRUMENT_MAP,
  MARKET,
  RULES,
  closeSessions,
  eventually,
  expectReconciled,
  logText,
  openReader,
  openSession,
  routeFor,
  send,
  startExchange,
  untilStatus,
  type VenueName,
} from './binance-execution-harness.js';

afterEach(async () => {
  await closeSessions();
  await closeAll();
});

type Ports = Record<VenueName, { ex: LoopbackExchange; addr: LoopbackAddress }>;

async function threeVenues(): Promise<Ports> {
  return { production: await startExchange('production'), demo: await startExchange('demo'), testnet: await startExchange('testnet') };
}

function addresses(ports: Ports): Record<VenueName, LoopbackAddress> {
  return { production: ports.production.addr, demo: ports.demo.addr, testnet: ports.testnet.addr };
}

const VENUE_OPTIONS = { rules: RULES, market: MARKET, caps: { maxNotional: '1000' } };

describe('execution modes at Binance: who may write where', () => {
  for (const [mode, venue] of [
    ['DEMO', 'demo'],
    ['TESTNET', 'testnet'],
    ['LIVE', 'production'],
  ] as const) {
    it(`${mode} places and cancels only on the ${venue} port`, async () => {
      const ports = await threeVenues();
      const session = await openSession(routeFor(mode, addresses(ports)));
      const id = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
      await untilStatus(session, id, 'new');
      session.orders.cancelAll('end');
      await untilStatus(session, id, 'canceled');
      await expectReconciled(session);
      for (const name of Object.keys(ports) as VenueName[]) {
        const requests = ports[name].ex.requests();
        if (name === venue) expect(requests.filter((r) => r.mutation).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v3/order', 'DELETE /api/v3/order']);
        else expect(requests).toEqual([]);
      }
    });
  }

  it('DRY_RUN_PRIVATE validates the exact order with /api/v3/order/test, journals it, and sends no mutation', async () => {
    const ports = await threeVenues();
    const session = await openSession(routeFor('DRY_RUN_PRIVATE', addresses(ports)));
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    const rejected = await untilStatus(session, id, 'rejected');
    const exact = `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT_MAKER","price":"99","quantity":"0.1","newClientOrderId":"${id}","newOrderRespType":"RESULT"}`;
    expect(rejected.rejectReason).toBe(`dry run: validated by Binance, not sent: ${exact}`);
    expect(session.journal.map((e) => e.type)).toEqual(['orderRequested', 'reportReceived']);
    expect(session.journal[1]).toMatchObject({ report: { kind: 'rejected', reason: `dry run: validated by Binance, not sent: ${exact}` } });
    expect(session.requests).toEqual([{ kind: 'testOrder', timeUs: session.time.nowUs(), params: JSON.parse(exact) as unknown }]);
    const prod = ports.production.ex.requests();
    expect(prod.filter((r) => r.method === 'POST').map((r) => [r.path, r.mutation, r.status])).toEqual([['/api/v3/order/test', false, 200]]);
    expect(prod.filter((r) => r.mutation)).toEqual([]);
    expect(ports.production.ex.privateSide().openOrders()).toEqual([]);
    expect(ports.demo.ex.requests()).toEqual([]);
    expect(ports.testnet.ex.requests()).toEqual([]);
    expect((await session.venue.snapshot()).balances).toContainEqual({ asset: 'USDT', free: '1000', locked: '0' });
    await expectReconciled(session);
  });

  it("DRY_RUN_PRIVATE reports Binance's refusal of the test order with the exact request", async () => {
    const ports = await threeVenues();
    // a stale average lets the builder pass a buy at 15 that Binance, averaging 100, refuses (below 0.2 × avg)
    const stale = () => ({ bestBidTicks: 10000, bestAskTicks: 10001, averagePrice: () => new Decimal('50') });
    const session = await openSession(routeFor('DRY_RUN_PRIVATE', addresses(ports)), { market: stale });
    const id = send(session, 'BUY', 'LIMIT_MAKER', '15.00', '1.00000');
    const rejected = await untilStatus(session, id, 'rejected');
    expect(rejected.rejectReason).toMatch(/^dry run: Binance refused the test order \(-1013 Filter failure: PERCENT_PRICE_BY_SIDE\): \{"symbol":"BTCUSDT",.*"price":"15","quantity":"1",/);
    expect(ports.production.ex.requests().filter((r) => r.mutation)).toEqual([]);
  });

  it('READ_ONLY_PRIVATE reads everything and has no way to write', async () => {
    const ports = await threeVenues();
    const route = routeFor('READ_ONLY_PRIVATE', addresses(ports));
    const { reader } = await openReader(route);
    await reader.startUserStream();
    await reader.account();
    await reader.openOrders();
    expect(await reader.orderStatus('BTCUSDT', 'x-U5D79M5Bnone')).toBeNull();
    await reader.tradesSince('BTCUSDT', null);
    // @ts-expect-error a reader has no method that places an order
    expect(reader.submit).toBeUndefined();
    // @ts-expect-error nor one that cancels
    expect(reader.cancel).toBeUndefined();
    // @ts-expect-error a read route cannot be given to the writing venue's factory
    await expect(createBinanceExecutionVenue(route, reader, VENUE_OPTIONS)).rejects.toThrow(CapabilityError);
    // @ts-expect-error nor to the dry-run venue's
    await expect(createDryRunVenue(route, reader, VENUE_OPTIONS)).rejects.toThrow(CapabilityError);
    // forced through, the factories refuse at run time, before anything is built or sent
    await expect(createBinanceExecutionVenue(route as RouteWith<'write'>, reader, VENUE_OPTIONS)).rejects.toThrow(
      'the Binance execution venue needs a route with write access; EXECUTION_MODE=READ_ONLY_PRIVATE has read access',
    );
    const read = new RestClient(route, 'read', { timeoutMs: 10_000, recvWindowMs: 5000 });
    await expect(read.call('POST', 'api/v3/order', { symbol: 'BTCUSDT' })).rejects.toThrow('this client may not call POST /api/v3/order');
    await expect(read.call('DELETE', 'api/v3/openOrders', { symbol: 'BTCUSDT' })).rejects.toThrow(CapabilityError);
    const all = ports.production.ex.requests();
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(all.filter((r) => r.mutation)).toEqual([]);
    expect(all.filter((r) => r.transport === 'ws-api').map((r) => r.method)).toEqual(['userDataStream.subscribe.signature']);
    expect([...ports.demo.ex.requests(), ...ports.testnet.ex.requests()]).toEqual([]);
  });

  it("the user-data connection refuses the SDK's WS API order methods before sending them", async () => {
    const { ex, addr } = await startExchange('production');
    const { api } = userStream(addr, CREDENTIALS.production.key, CREDENTIALS.production.secret);
    guardUserDataConnection(api);
    await api.subscribeUserDataStream('mainWSAPI');
    const order = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '99', quantity: '0.1', timestamp: Date.now() } as const;
    await expect(api.submitNewSpotOrder(order as unknown as Parameters<typeof api.submitNewSpotOrder>[0])).rejects.toThrow('the user-data connection may not send order.place');
    await expect(api.cancelSpotOrder({ symbol: 'BTCUSDT', orderId: 1, timestamp: Date.now() })).rejects.toThrow(CapabilityError);
    expect(ex.requests().map((r) => `${r.transport} ${r.method}`)).toEqual(['ws-api userDataStream.subscribe.signature']);
  });

  it('a writing venue needs a reader of its own route', async () => {
    const ports = await threeVenues();
    const { reader } = await openReader(routeFor('READ_ONLY_PRIVATE', addresses(ports)));
    const demo = routeFor('DEMO', addresses(ports)) as RouteWith<'write'>;
    await expect(createBinanceExecutionVenue(demo, reader, VENUE_OPTIONS)).rejects.toThrow(/the reader reads production .* the route is demo/);
    expect([...ports.demo.ex.requests(), ...ports.production.ex.requests()]).toEqual([]);
  });

  it('PUBLIC routes nowhere: there is no route to build a reader from', () => {
    const route = executionVenueFor('PUBLIC', loadConfig({ env: { EXECUTION_MODE: 'PUBLIC' }, envFile: null }), { live: false });
    expect(route).toBeNull();
    const options = { instruments: INSTRUMENT_MAP, clock: { nowUs: () => 0 }, scheduler: { after: () => () => undefined, every: () => () => undefined } };
    // never called: the point is that it does not compile
    // @ts-expect-error a reader needs a route, and PUBLIC has none
    const reading = (): Promise<PrivateReader> => createPrivateReader(route, options);
    expect(typeof reading).toBe('function');
  });
});

describe('secrets of a Binance session', () => {
  it('never reach the logs (the SDK traced at every level), the errors or the journal', async () => {
    const ports = await threeVenues();
    const { ex } = ports.demo;
    const session = await openSession(routeFor('DEMO', addresses(ports)), { requestTimeoutMs: 400 });
    // the SDK's own trace of a signed WS API request holds the key and the signature: it must be there, cut
    expect(session.logs.some((l) => l.message.startsWith('Sending upstream ws message'))).toBe(true);
    const side = ex.privateSide();
    side.rejectNext(-2010);
    side.rateLimitNextOrders();
    side.failAfterAccepting(503);
    side.failAfterAccepting('timeout');
    const ids = [0, 1, 2, 3].map(() => send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000'));
    await eventually(() => ids.every((id) => ['rejected', 'new'].includes(session.orders.get(id)?.status ?? '')), 'every outcome');
    ex.refuseConnections(true);
    side.disconnectUserStreams();
    ex.refuseConnections(false);
    await eventually(() => session.reader.userStream().subscriptions === 2, 'the resubscription');
    session.orders.cancelAll('end');
    await eventually(() => session.orders.all().every((o) => ['rejected', 'canceled'].includes(o.status)), 'every order ended');
    // a reader with the wrong secret: its error says why, without the request
    const wrong: ExecutionRoute = { ...session.route, credentials: new ApiCredentials(CREDENTIALS.demo.key, 'wrongSecretQ8w3Zx6Vb1Nm4') };
    const errors: string[] = [];
    const bad = await createPrivateReader(wrong, { instruments: INSTRUMENT_MAP, clock: session.time, scheduler: session.time, log: (level, message, fields) => session.logs.push({ level, message, fields }) });
    try {
      await bad.account();
    } catch (error) {
      expect(isExecutionRequestError(error)).toBe(true);
      errors.push(String(error), JSON.stringify(error), (error as Error).stack ?? '');
    }
    await bad.close();
    expect(errors[0]).toBe('ExecutionRequestError: GET /api/v3/account: -1022 Signature for this request is not valid.');
    const text = [logText(session.logs), JSON.stringify(session.journal), JSON.stringify(session.reports.items), ...errors, JSON.stringify(session.route)].join('\n');
    expect(session.logs.length).toBeGreaterThan(10);
    for (const venue of Object.values(CREDENTIALS)) {
      expect(text).not.toContain(venue.key);
      expect(text).not.toContain(venue.secret);
    }
    expect(text).not.toContain('wrongSecretQ8w3Zx6Vb1Nm4');
    expect(text).not.toMatch(/signature["']?\s*[:=]\s*["']?[0-9a-f]{16}/i);
    expect(text).not.toMatch(/x-mbx-apikey["']?\s*[:=]\s*["']?[a-z0-9]/i);
  });
});
