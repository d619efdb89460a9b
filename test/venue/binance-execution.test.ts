// The Binance spot execution venue through the REAL SDK against the loopback exchange's private side (the
// demo venue's stand-in): exact order parameters, the reports of place / fill / cancel round trips, the
// order builder's refusals (never sent), Binance's rejects with its code and message, and a 429 that
// warns the rate-limit gate. Every test ends with the local OrderManager equal to the exchange's record.
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll } from '../loopback/private-harness.js';
import { BTC, closeSessions, expectReconciled, openSession, routeFor, send, startExchange, untilStatus } from './binance-execution-harness.js';

afterEach(async () => {
  await closeSessions();
  await closeAll();
});

async function demoSession() {
  const { ex, addr } = await startExchange('demo');
  const session = await openSession(routeFor('DEMO', { demo: addr }));
  return { ex, session };
}

function reportsOf(session: Awaited<ReturnType<typeof openSession>>, id: string): unknown[] {
  return session.journal.filter((e) => e.type === 'reportReceived' && e.report.clientOrderId === id).map((e) => (e.type === 'reportReceived' ? e.report : null));
}

describe('Binance execution venue: round trips', () => {
  it('places a LIMIT_MAKER with the exact decimal parameters, reports it accepted, then canceled', async () => {
    const { ex, session } = await demoSession();
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    const accepted = await untilStatus(session, id, 'new');
    expect(session.requests[0]).toMatchObject({
      kind: 'order',
      params: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT_MAKER', price: '99', quantity: '0.1', newClientOrderId: id, newOrderRespType: 'RESULT' },
    });
    expect(ex.privateSide().openOrders()).toMatchObject([{ clientOrderId: id, price: '99', origQty: '0.1', type: 'LIMIT_MAKER' }]);
    expect(accepted.venueOrderId).toBe(String(ex.privateSide().openOrders()[0]?.orderId));
    session.orders.cancelAll('test');
    await untilStatus(session, id, 'canceled');
    expect(reportsOf(session, id).map((r) => (r as { kind: string }).kind)).toEqual(['accepted', 'canceled']);
    expect(session.requests[1]).toMatchObject({ kind: 'cancel', params: { symbol: 'BTCUSDT', origClientOrderId: id } });
    await expectReconciled(session);
  });

  it('reports each fill of a resting order once, at its price, as the market trades through it', async () => {
    const { ex, session } = await demoSession();
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.99', '1.00000');
    await untilStatus(session, id, 'new');
    ex.advance(1); // trade 99.99 × 0.3
    await untilStatus(session, id, 'partiallyFilled');
    ex.advance(1); // trade 99.98 × 1.0: the rest, 0.7
    const filled = await untilStatus(session, id, 'filled');
    expect(filled.filledLots).toBe(100_000_000);
    const fills = reportsOf(session, id).filter((r) => (r as { kind: string }).kind === 'filled');
    expect(fills).toEqual([
      expect.objectContaining({ kind: 'filled', tradeId: '1', priceTicks: 9999, qtyLots: 30_000_000, liquidity: 'maker', fee: '0.0003', feeAsset: 'BTC' }),
      expect.objectContaining({ kind: 'filled', tradeId: '2', priceTicks: 9999, qtyLots: 70_000_000, liquidity: 'maker', fee: '0.0007', feeAsset: 'BTC' }),
    ]);
    await expectReconciled(session);
  });

  it('fills an IOC against the asks it crosses and reports the rest expired, after its fills', async () => {
    const { session } = await demoSession();
    const id = send(session, 'BUY', 'LIMIT_IOC', '100.01', '0.80000');
    const done = await untilStatus(session, id, 'expired');
    expect(done.filledLots).toBe(50_000_000);
    expect(session.requests[0]).toMatchObject({ params: { type: 'LIMIT', timeInForce: 'IOC', price: '100.01', quantity: '0.8' } });
    const kinds = reportsOf(session, id).map((r) => (r as { kind: string }).kind);
    expect(kinds).toEqual(['accepted', 'filled', 'expired']);
    expect(reportsOf(session, id)[1]).toMatchObject({ priceTicks: 10001, qtyLots: 50_000_000, liquidity: 'taker' });
    await expectReconciled(session);
  });

  it('cancels every open order of a symbol with one request, each reported canceled with its fills', async () => {
    const { ex, session } = await demoSession();
    const a = send(session, 'BUY', 'LIMIT_MAKER', '99.99', '1.00000');
    const b = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    await untilStatus(session, a, 'new');
    await untilStatus(session, b, 'new');
    ex.advance(1); // a: 0.3 filled
    await untilStatus(session, a, 'partiallyFilled');
    session.venue.cancelAll('BTCUSDT');
    await untilStatus(session, a, 'canceled');
    await untilStatus(session, b, 'canceled');
    expect(session.orders.get(a)?.filledLots).toBe(30_000_000);
    expect(ex.requests().filter((r) => r.mutation).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v3/order', 'POST /api/v3/order', 'DELETE /api/v3/openOrders']);
    expect(session.requests.at(-1)).toMatchObject({ kind: 'cancelAll', params: { symbol: 'BTCUSDT' } });
    await expectReconciled(session);
  });

  it('does not send an order the builder refuses, and reports it rejected with the rule', async () => {
    const { ex, session } = await demoSession();
    const id = send(session, 'BUY', 'LIMIT_MAKER', '100.01', '0.10000'); // at the best ask: it would take
    const rejected = await untilStatus(session, id, 'rejected');
    expect(rejected.rejectReason).toMatch(/^not sent: WOULD_TAKE: LIMIT_MAKER buy at 100\.01 would take/);
    const tooBig = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '11.00000'); // 1089 USDT > the 1000 cap
    expect((await untilStatus(session, tooBig, 'rejected')).rejectReason).toMatch(/^not sent: NOTIONAL_CAP/);
    expect(ex.requests().filter((r) => r.mutation)).toEqual([]);
    expect(session.requests).toEqual([]);
  });

  it('reports an order it cannot even build as rejected, never throwing into the caller, and sends nothing', async () => {
    const { ex, addr } = await startExchange('demo');
    const session = await openSession(routeFor('DEMO', { demo: addr }), {
      market: () => {
        throw new Error('no market view');
      },
    });
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    expect((await untilStatus(session, id, 'rejected')).rejectReason).toBe('not sent: no market view');
    expect(ex.requests().filter((r) => r.mutation)).toEqual([]);
  });

  it('refuses an intent off the step grid rather than sending another quantity', async () => {
    const { ex, session } = await demoSession();
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.100001'); // finer than the 0.00001 step
    expect((await untilStatus(session, id, 'rejected')).rejectReason).toBe("not sent: off the exchange's grid: it would go out as 0.1 at 99");
    expect(ex.requests().filter((r) => r.mutation)).toEqual([]);
    expect(BTC.lotSize).toBe('0.00000001');
  });
});

describe('Binance execution venue: refusals from Binance', () => {
  it('reports -2010 and -1013 as rejected with Binance code and message', async () => {
    const { ex, session } = await demoSession();
    ex.privateSide().rejectNext(-2010);
    const a = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    expect((await untilStatus(session, a, 'rejected')).rejectReason).toBe('Binance -2010 Account has insufficient balance for requested action.');
    ex.privateSide().rejectNext(-1013, { msg: 'Filter failure: LOT_SIZE' });
    const b = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    expect((await untilStatus(session, b, 'rejected')).rejectReason).toBe('Binance -1013 Filter failure: LOT_SIZE');
    await expectReconciled(session);
  });

  it('reports a -2011 cancel as cancelRejected: the order is open again, and cancels on the next try', async () => {
    const { ex, session } = await demoSession();
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    await untilStatus(session, id, 'new');
    ex.privateSide().rejectNext(-2011);
    session.orders.cancelAll('first try');
    await session.reports.until((r) => r.some((x) => x.kind === 'cancelRejected'), 'the cancel rejected');
    expect(session.reports.items.find((x) => x.kind === 'cancelRejected')).toMatchObject({ clientOrderId: id, reason: 'Binance -2011 Unknown order sent.' });
    expect(session.orders.get(id)?.status).toBe('new');
    await expectReconciled(session);
    session.orders.cancelAll('second try');
    await untilStatus(session, id, 'canceled');
    await expectReconciled(session);
  });

  it('warns the rate-limit gate of a 429 with Retry-After and reports the order rejected, placing nothing', async () => {
    const { ex, session } = await demoSession();
    ex.privateSide().rateLimitNextOrders({ retryAfterSeconds: 7 });
    const id = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    const rejected = await untilStatus(session, id, 'rejected');
    expect(rejected.rejectReason).toBe('rate limited by Binance (HTTP 429 -1015 Too many new orders; current limit is 100 orders per 10 SECOND.); retry after 7 s');
    expect(session.rateWarnings).toEqual([
      { status: 429, code: -1015, retryAfterMs: 7000, message: '-1015 Too many new orders; current limit is 100 orders per 10 SECOND.', request: 'submit', timeUs: session.time.nowUs() },
    ]);
    expect(ex.privateSide().openOrders()).toEqual([]);
    const next = send(session, 'BUY', 'LIMIT_MAKER', '99.00', '0.10000');
    await untilStatus(session, next, 'new');
    // the order refused with 429 counts in the window too
    expect((session.venue as unknown as { rateLimits(): { orderCount10s: number } }).rateLimits().orderCount10s).toBe(2);
    await expectReconciled(session);
  });
});
