// Every private fault of the loopback exchange, met by the Binance execution venue through the REAL SDK,
// ends with the local OrderManager equal to the exchange's record (checked through the reader's REST
// queries, and by a reconciliation that finds nothing left to change): user events before the REST ack,
// dropped and duplicated user events, a 5xx or a timeout after the order was accepted (outcomeUnknown,
// resolved by a query, never resent), a user-stream outage (resubscribed, then re-queried), and a restart
// of the exchange with open orders (and of our process).
import { afterEach, describe, expect, it } from 'vitest';
import { ApiCredentials } from '../../src/config/index.js';
import { readOrderManagerState } from '../../src/kernel/index.js';
import { LoopbackExchange } from '../../src/loopback/index.js';
import type { UserStreamChange } from '../../src/venue/index.js';
import { INSTRUMENTS, closeAll, handMadeMarket, track } from '../loopback/private-harness.js';
import {
  CREDENTIALS,
  INSTRUMENT_MAP,
  closeSessions,
  eventually,
  expectReconciled,
  openReader,
  openSession,
  reconcile,
  resettingProxy,
  routeFor,
  send,
  startExchange,
  untilStatus,
  type Session,
} from './binance-execution-harness.js';

afterEach(async () => {
  await closeSessions();
  await closeAll();
});

async function demoSession(options: { requestTimeoutMs?: number } = {}) {
  const { ex, addr } = await startExchange('demo');
  const session = await openSession(routeFor('DEMO', { demo: addr }), options);
  return { ex, addr, session };
}

function kindsOf(session: Session, id: string): string[] {
  return session.journal.flatMap((e) => (e.type === 'reportReceived' && e.report.clientOrderId === id ? [e.report.kind] : []));
}

function postsOf(ex: LoopbackExchange): number {
  return ex.requests().filter((r) => r.method === 'POST' && r.path === '/api/v3/order').length;
}

describe('Binance execution venue faults: the user stream', () => {
  it('takes the user events that come before a held REST ack, and the ack after them, once', async () => {
    const { ex, session } = await demoSession();
    ex.privateSide().userEventsBeforeNextAck({ holdAck: true });
    const id = send(session, 'BUY', 'LIMIT_IOC', '100.01', '0.80000');
    await untilStatus(session, id, 'expired');
    expect(ex.requests().find((r) => r.method === 'POST')?.status).toBeNull(); // the ack is still held
    expect(ex.privateSide().releaseHeldAcks()).toBe(1);
    await eventually(() => ex.requests().find((r) => r.method === 'POST')?.status === 200 && session.requests.length === 1, 'the ack');
    await expectReconciled(session);
    expect(kindsOf(session, id)).toEqual(['accepted', 'filled', 'expired']);
  });

  it('finds the fill of a dropped executionReport from the next one, and a query', async () => {
    const { ex, session } = await demoSession();
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.99', '1.00000');
    await untilStatus(session, id, 'new');
    ex.privateSide().dropNextUserEvent({ type: 'executionReport' });
    ex.advance(1); // trade 99.99 × 0.3: its report is lost
    ex.advance(1); // the rest: a report saying 1.0 filled in all
    const filled = await untilStatus(session, id, 'filled');
    expect(filled.tradeIds).toEqual(['2', '1']);
    expect(kindsOf(session, id)).toEqual(['accepted', 'filled', 'filled']);
    await expectReconciled(session);
  });

  it('leaves a fill whose only report was dropped to reconciliation, which finds it', async () => {
    const { ex, session } = await demoSession();
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.99', '1.00000');
    await untilStatus(session, id, 'new');
    ex.privateSide().dropNextUserEvent({ type: 'executionReport' });
    ex.advance(1); // trade 99.99 × 0.3: nothing tells us
    await session.reader.startUserStream();
    expect(session.orders.get(id)?.filledLots).toBe(0);
    const result = await reconcile(session);
    expect(result.mismatches).toEqual([`${id}: local open, venue open 30000000/100000000 lots`]);
    expect(session.orders.get(id)).toMatchObject({ status: 'partiallyFilled', filledLots: 30_000_000, tradeIds: ['1'] });
    await expectReconciled(session);
  });

  it('counts a duplicated executionReport once', async () => {
    const { ex, session } = await demoSession();
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.99', '1.00000');
    await untilStatus(session, id, 'new');
    ex.privateSide().duplicateNextUserEvent({ type: 'executionReport', count: 2 });
    ex.advance(2); // both fills, each report sent twice
    await untilStatus(session, id, 'filled');
    expect(ex.privateSide().userEvents().filter((e) => e.copies === 2).length).toBe(2);
    expect(kindsOf(session, id)).toEqual(['accepted', 'filled', 'filled']);
    await expectReconciled(session);
  });

  it('after a user-stream outage, resubscribes, announces it, and queries the orders whose events were lost', async () => {
    const { ex, session } = await demoSession();
    const changes: UserStreamChange['kind'][] = [];
    session.reader.onUserStreamChange((c) => changes.push(c.kind));
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.99', '1.00000');
    await untilStatus(session, id, 'new');
    ex.refuseConnections(true);
    expect(ex.privateSide().disconnectUserStreams()).toBe(1);
    ex.advance(2); // filled in full while nobody listens
    await eventually(() => session.reader.userStream().state === 'down', 'the stream down');
    expect(session.reader.isStale(session.reader.userStream().sinceUs, 0)).toBe(true);
    expect(session.reader.isStale(session.reader.userStream().sinceUs, 1)).toBe(false); // down, but not for 1 ms yet
    ex.refuseConnections(false);
    await untilStatus(session, id, 'filled', 'the fills found after the resubscription');
    expect(changes).toEqual(['down', 'live']);
    expect(session.reader.userStream()).toMatchObject({ state: 'live', subscriptions: 2 });
    expect(session.reader.isStale(session.time.nowUs() + 60_000_000, 1000)).toBe(false);
    await expectReconciled(session);
  });
});

describe('Binance execution venue faults: unanswered requests', () => {
  for (const status of [500, 502, 503] as const) {
    it(`reports outcomeUnknown for a ${status} after acceptance, then the query's answer, never sending again`, async () => {
      const { ex, session } = await demoSession();
      ex.privateSide().failAfterAccepting(status);
      ex.privateSide().dropNextUserEvent({ type: 'executionReport' }); // only the query can tell
      const id = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
      await untilStatus(session, id, 'new');
      expect(kindsOf(session, id)).toEqual(['outcomeUnknown', 'accepted']);
      expect(session.reports.items[0]).toMatchObject({ kind: 'outcomeUnknown', request: 'submit' });
      expect(postsOf(ex)).toBe(1);
      await expectReconciled(session);
    });
  }

  it('takes the user event of an order whose answer was a 503, whichever comes first', async () => {
    const { ex, session } = await demoSession();
    ex.privateSide().failAfterAccepting(503);
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    await untilStatus(session, id, 'new');
    await eventually(() => ex.requests().length > 0 && ex.requests().every((r) => r.status !== null), 'every answer');
    expect(postsOf(ex)).toBe(1);
    await expectReconciled(session);
  });

  it('resolves an order placed under a timeout by a query: accepted, never resent', async () => {
    const { ex, session } = await demoSession({ requestTimeoutMs: 1000 });
    ex.privateSide().failAfterAccepting('timeout');
    ex.privateSide().dropNextUserEvent({ type: 'executionReport' });
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    await untilStatus(session, id, 'new');
    expect(kindsOf(session, id)).toEqual(['outcomeUnknown', 'accepted']);
    expect(session.reports.items[0]).toMatchObject({ kind: 'outcomeUnknown', detail: expect.stringMatching(/^ECONNABORTED: timeout of 1000ms exceeded/) });
    expect(postsOf(ex)).toBe(1);
    await expectReconciled(session);
  });

  it('resolves a cancel under a timeout by a query: canceled', async () => {
    const { ex, session } = await demoSession({ requestTimeoutMs: 1000 });
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    await untilStatus(session, id, 'new');
    ex.privateSide().failAfterAccepting('timeout');
    ex.privateSide().dropNextUserEvent({ type: 'executionReport' });
    session.orders.cancelAll('test');
    await untilStatus(session, id, 'canceled');
    expect(kindsOf(session, id).slice(-2)).toEqual(['outcomeUnknown', 'canceled']);
    await expectReconciled(session);
  });

  it('rejects an unanswered order Binance has no record of, once its recvWindow has passed', async () => {
    const { ex, addr } = await startExchange('demo');
    // In front of the exchange's REST port: new orders have their connection reset before they are read.
    const proxy = await resettingProxy(addr.port, (req) => req.method === 'POST' && req.url?.startsWith('/api/v3/order?') === true);
    const route = routeFor('DEMO', { demo: { ...addr, restUrl: proxy.url } });
    const session = await openSession(route);
    try {
      const id = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
      await untilStatus(session, id, 'unknown');
      expect(session.reports.items[0]).toMatchObject({ kind: 'outcomeUnknown', request: 'submit', detail: expect.stringMatching(/^ECONNRESET/) });
      await eventually(() => session.time.pending().length === 1, 'the second look, recvWindow later');
      session.time.advance(5000); // recvWindow: a request this old would be refused; 1 s of grace is left
      expect(session.orders.get(id)?.status).toBe('unknown');
      session.time.advance(1000);
      const rejected = await untilStatus(session, id, 'rejected');
      expect(rejected.rejectReason).toBe('not at the venue: the order got no answer and Binance has no record of it');
      expect(postsOf(ex)).toBe(0);
      expect(proxy.resets).toBe(1);
      await expectReconciled(session);
    } finally {
      await proxy.close();
    }
  });
});

describe('Binance execution venue faults: restarts', () => {
  it('after the exchange restarts with open orders, resubscribes and brings every order to its record', async () => {
    const { ex, addr, session } = await demoSession();
    const a = send(session, 'BUY', 'LIMIT_MAKER', '99.99', '1.00000');
    const b = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    await untilStatus(session, a, 'new');
    await untilStatus(session, b, 'new');
    ex.advance(1); // a: 0.3 of 1.0
    await untilStatus(session, a, 'partiallyFilled');
    await ex.stop();
    const reborn = track(
      new LoopbackExchange({ product: 'spot', messages: handMadeMarket().messages, instruments: INSTRUMENTS, speed: 'max', port: addr.port, private: { ledger: ex.privateSide().ledger } }),
    );
    await reborn.start();
    reborn.advance(3); // the market replays: a is filled (0.3 more at 99.99, then 0.4), while the stream is down or back
    await untilStatus(session, a, 'filled', 'a filled, by events or by the query after the resubscription');
    expect(session.orders.get(b)?.status).toBe('new');
    await expectReconciled(session);
    session.orders.cancelAll('end');
    await untilStatus(session, b, 'canceled');
    await expectReconciled(session);
  });

  it('after our process restarts, the restored orders are reconciled, adopted, and traded on', async () => {
    const { ex, addr, session } = await demoSession();
    const a = send(session, 'BUY', 'LIMIT_MAKER', '99.99', '1.00000');
    const b = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    await untilStatus(session, a, 'new');
    await untilStatus(session, b, 'new');
    ex.advance(1); // a: 0.3 filled, seen
    await untilStatus(session, a, 'partiallyFilled');
    const saved = JSON.parse(JSON.stringify(session.orders.exportState())) as ReturnType<typeof session.orders.exportState>;
    await closeSessions(); // the process dies
    ex.advance(1); // a: the rest fills while nobody listens
    const next = await openSession(routeFor('DEMO', { demo: addr }), { decisions: session.decisions });
    next.orders.restore(readOrderManagerState(saved, INSTRUMENT_MAP), INSTRUMENT_MAP);
    const result = await reconcile(next);
    expect(result.mismatches).toEqual([`${a}: local open 30000000/100000000 lots, venue filled 100000000/100000000 lots`]);
    expect(next.orders.get(a)?.status).toBe('filled');
    await expectReconciled(next);
    next.orders.cancelAll('end');
    await untilStatus(next, b, 'canceled');
    expect(kindsOf(next, b)).toEqual(['canceled']);
    await expectReconciled(next);
  });
});

describe('Binance private reader', () => {
  it('reads balances, open orders, an order with its fills and the trades since an id', async () => {
    const { ex, session } = await demoSession();
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.99', '1.00000');
    await untilStatus(session, id, 'new');
    ex.advance(2);
    await untilStatus(session, id, 'filled');
    const reader = (await openReader(routeFor('READ_ONLY_PRIVATE', { production: (await startExchange('production')).addr }))).reader;
    expect(reader.route.venue).toBe('production');
    const r = session.reader;
    expect((await r.account()).balances).toEqual([
      { asset: 'USDT', free: '900.01', locked: '0' },
      { asset: 'BTC', free: '1.999', locked: '0' },
    ]);
    expect(await r.openOrders()).toEqual([]);
    expect(await r.orderStatus('BTCUSDT', id)).toMatchObject({ status: 'filled', filledLots: 100_000_000, fills: [{ tradeId: '1' }, { tradeId: '2' }] });
    expect(await r.orderStatus('BTCUSDT', 'x-U5D79M5Bnever')).toBeNull();
    expect((await r.tradesSince('BTCUSDT', '2')).map((t) => [t.fill.tradeId, t.side, t.fill.qtyLots])).toEqual([['2', 'buy', 70_000_000]]);
    expect(r.rateLimits().usedWeight1m).toBeGreaterThan(0);
    expect(await reader.openOrders()).toEqual([]);
    const events: string[] = [];
    session.reader.onUserEvent((e) => events.push(e.e));
    ex.privateSide().adjustBalance(CREDENTIALS.demo.key, 'USDT', '5');
    await eventually(() => events.length === 2, 'the balance events');
    expect(events).toEqual(['balanceUpdate', 'outboundAccountPosition']);
  });

  it('fails to start the user stream in one line when the subscription is refused, and may try again', async () => {
    const { addr } = await startExchange('demo');
    const route = routeFor('DEMO', { demo: addr });
    const wrong = { ...route, credentials: new ApiCredentials(CREDENTIALS.demo.key, 'notTheSecret00000000') };
    const { reader } = await openReader(wrong);
    await expect(reader.startUserStream()).rejects.toThrow('user-data stream: subscription refused: -1022 Signature for this request is not valid.');
    await expect(reader.startUserStream()).rejects.toThrow(/subscription refused/);
    expect(reader.userStream().subscriptions).toBe(0);
  });

  it('fails to start the user stream when no subscription is answered by its deadline', async () => {
    const { addr } = await startExchange('demo');
    const { reader, time } = await openReader(routeFor('DEMO', { demo: { ...addr, wsUrl: 'ws://127.0.0.1:9' } }));
    const starting = reader.startUserStream();
    let failed = false;
    starting.catch(() => (failed = true));
    time.advance(14_999);
    await Promise.resolve();
    expect(failed).toBe(false);
    time.advance(1);
    await expect(starting).rejects.toThrow('user-data stream: no subscription within 15000 ms');
    expect(reader.isStale(time.nowUs(), 15_000)).toBe(true);
  });
});
