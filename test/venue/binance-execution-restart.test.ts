// A restart of our process with orders open at Binance, at the venue level through the REAL SDK: session 1
// places orders and stops without canceling them; while no session runs, the loopback exchange fills one;
// session 2 (a fresh reader and venue on the same route) adopts the orders as session 1 last knew them,
// connects, and resolveOpen() brings exactly the missed fills (each trade id once), never resending. An order
// the earlier process sent and never heard back about, which Binance does not have, ends rejected once its
// recvWindow has passed (injected time: no sleeps).
import { afterEach, describe, expect, it } from 'vitest';
import { readOrderManagerState, type OrderManagerState } from '../../src/kernel/index.js';
import type { LoopbackExchange } from '../../src/loopback/index.js';
import { priceToTicks, qtyToLots, type ExecutionReport, type OrderRequest } from '../../src/model/index.js';
import type { BinanceExecutionVenue } from '../../src/venue/index.js';
import { closeAll } from '../loopback/private-harness.js';
import {
  BTC,
  CREDENTIALS,
  INSTRUMENT_MAP,
  closeSessions,
  eventually,
  expectReconciled,
  openSession,
  resettingProxy,
  routeFor,
  send,
  startExchange,
  untilStatus,
  type Session,
} from './binance-execution-harness.js';

const NEVER_ARRIVED = 'not at the venue: the order got no answer and Binance has no record of it';

afterEach(async () => {
  await closeSessions();
  await closeAll();
});

function postsOf(ex: LoopbackExchange): number {
  return ex.requests().filter((r) => r.method === 'POST' && r.path === '/api/v3/order').length;
}

/** Session 1's orders, as its state file would keep them (a JSON round trip). */
function savedOrders(session: Session): OrderManagerState {
  return JSON.parse(JSON.stringify(session.orders.exportState())) as OrderManagerState;
}

/** Session 2: restores `saved`, takes `sentUnanswered` as sent (the registry's), has the venue adopt them all, connects, and resolves the open ones. */
async function restartedSession(route: Parameters<typeof openSession>[0], saved: OrderManagerState, sentUnanswered: readonly OrderRequest[] = []): Promise<Session & { venue: BinanceExecutionVenue }> {
  const next = await openSession(route, {
    beforeConnect: (venue, orders) => {
      orders.restore(readOrderManagerState(saved, INSTRUMENT_MAP), INSTRUMENT_MAP);
      for (const request of sentUnanswered) orders.adoptSent(request, BTC);
      (venue as BinanceExecutionVenue).adopt(orders.all());
    },
  });
  const venue = next.venue as BinanceExecutionVenue;
  venue.resolveOpen();
  return { ...next, venue };
}

describe('Binance execution venue: a restart with orders open at Binance', () => {
  it('brings the fills made while no session ran, each trade once, and resends nothing', async () => {
    const { ex, addr } = await startExchange('demo');
    const route = routeFor('DEMO', { demo: addr });
    const first = await openSession(route);
    const a = send(first, 'BUY', 'LIMIT_MAKER', '99.99', '1.00000');
    const b = send(first, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    await untilStatus(first, a, 'new');
    await untilStatus(first, b, 'new');
    ex.advance(1); // trade 1: a fills 0.3 of 1.0, and session 1 sees it
    await untilStatus(first, a, 'partiallyFilled');
    const saved = savedOrders(first);
    await closeSessions(); // session 1 stops and leaves both open at Binance
    ex.advance(1); // trade 2: a fills its last 0.7 while no session runs
    expect(ex.privateSide().openOrders(CREDENTIALS.demo.key).map((o) => o.clientOrderId)).toEqual([b]);

    const second = await restartedSession(route, saved);
    await untilStatus(second, a, 'filled', 'the missed fill, brought by resolveOpen');
    await expectReconciled(second);
    // Exactly the fill session 1 missed: not trade 1 again, no second ack; nothing for b, still open.
    expect(second.reports.items).toEqual([
      expect.objectContaining({ kind: 'filled', clientOrderId: a, tradeId: '2', qtyLots: 70_000_000, priceTicks: priceToTicks(BTC, '99.99') }),
    ]);
    expect(second.orders.get(a)).toMatchObject({ status: 'filled', filledLots: 100_000_000, tradeIds: ['1', '2'] });
    expect(second.orders.get(b)?.status).toBe('new');
    expect(postsOf(ex)).toBe(2); // session 1's two orders; session 2 sent none
    expect(second.requests).toEqual([]);
  });

  it('rejects an order the earlier process sent and never heard back about, which Binance does not have, once its recvWindow has passed', async () => {
    const { ex, addr } = await startExchange('demo');
    // Session 1's new orders have their connection reset before Binance reads them: no answer, no order.
    const proxy = await resettingProxy(addr.port, (req) => req.method === 'POST' && req.url?.startsWith('/api/v3/order?') === true);
    try {
      const first = await openSession(routeFor('DEMO', { demo: { ...addr, restUrl: proxy.url } }));
      const lost = send(first, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
      await untilStatus(first, lost, 'unknown');
      const saved = savedOrders(first);
      await closeSessions(); // session 1 stops before finding out
      // An order in the registry sent after the last save (the process stopped before its answer came).
      const unsaved: OrderRequest = {
        clientOrderId: 'x-U5D79M5BneverArrived0000000000',
        intent: { product: 'spot', symbol: 'BTCUSDT', side: 'buy', type: 'LIMIT_MAKER', priceTicks: priceToTicks(BTC, '98.00'), qtyLots: qtyToLots(BTC, '0.1'), reason: 'test', decisionId: 'BTCUSDT-9' },
      };

      const second = await restartedSession(routeFor('DEMO', { demo: addr }), saved, [unsaved]);
      expect(second.orders.get(lost)?.status).toBe('unknown');
      expect(second.orders.get(unsaved.clientOrderId)?.status).toBe('pendingNew');
      // Binance has neither: each is looked at again once a request that old would be refused.
      await eventually(() => second.time.pending().length === 2, 'the second looks, recvWindow later');
      expect(second.time.pending()).toEqual([6000, 6000]);
      second.time.advance(5999);
      expect(second.reports.items).toEqual([]);
      second.time.advance(1);
      for (const id of [lost, unsaved.clientOrderId]) expect((await untilStatus(second, id, 'rejected')).rejectReason).toBe(NEVER_ARRIVED);
      expect(second.reports.items.map((r: ExecutionReport) => `${r.clientOrderId} ${r.kind}`).sort()).toEqual([`${lost} rejected`, `${unsaved.clientOrderId} rejected`].sort());
      expect(postsOf(ex)).toBe(0); // nothing reached Binance, and nothing was resent
      expect(proxy.resets).toBe(1);
      await expectReconciled(second);
    } finally {
      await proxy.close();
    }
  });
});
