// Reconciliation after a restart: a real session (simulated exchange and account, order manager, risk book)
// is saved at a moment when something is still in flight — an order on its way to the venue, fills and
// final statuses on their way back, a cancel on its way — and restored into a fresh process (a new run time
// from that moment; the old one's messages are lost with it). reconcileOrders then gives the reports that
// bring each local order to the venue's record; fed through the real OrderManager, they leave every local
// order equal to the venue's record, and the risk book's position equal to the account's.
import { describe, expect, it } from 'vitest';
import { EventTimeScheduler } from '../../src/core/index.js';
import { strategyParamsSchema } from '../../src/config/index.js';
import { REASON_CANCEL_LOST, REASON_NOT_AT_VENUE, reconcileOrders, reconcilePosition, type OrderReconciliation } from '../../src/kernel/index.js';
import { applyReport, createOrder, type ExecutionReport, type MarketEvent } from '../../src/model/index.js';
import { HandBook, INST, SYMBOL } from '../sim/harness.js';
import { TradingSession, agreement, type SessionSetup } from './trading-session.js';

const PARAMS = strategyParamsSchema.parse({ latency: { submitMs: 1, cancelMs: 1, responseMs: 1 }, execution: { makerTtlMs: 5000, maxOpenOrders: 5 } });
const HEADER = { seq: 0, connectionId: 1, product: 'spot' as const, symbol: SYMBOL };

/** Bids 99.99 ×20, asks 100.02 ×20 (lots of 0.001). */
function market(): HandBook {
  const book = new HandBook();
  book.set('bid', 9999, 20);
  book.set('ask', 10_002, 20);
  return book;
}

function setup(book: HandBook, time: EventTimeScheduler): SessionSetup {
  return { instrument: INST, book: book.view(), time, params: PARAMS, balances: { USDT: '100000', BTC: '0' } };
}

/** A trade of the market at the session's time: `aggressor` sell hits bids. */
function trade(session: TradingSession, aggressor: 'buy' | 'sell', priceTicks: number, qtyLots: number): void {
  const ms = Math.floor(session.setup.time.nowUs() / 1000);
  const event: MarketEvent = { ...HEADER, kind: 'trade', receiveTimeUs: session.setup.time.nowUs(), stream: 'btcusdt@trade', tradeId: 1, priceTicks, qtyLots, tradeTimeMs: ms, exchangeTimeMs: ms, buyerIsMaker: aggressor === 'sell', aggressor };
  session.exchange.onMarketEvent(SYMBOL, event);
}

/** The process dies now: its state is saved, and a new one starts `downMs` later from it, on the same market. */
async function restart(session: TradingSession, book: HandBook, downMs = 0): Promise<TradingSession> {
  const saved = session.save();
  const time = new EventTimeScheduler(session.setup.time.nowUs() + downMs * 1000);
  return TradingSession.restored(setup(book, time), saved);
}

async function reconcile(session: TradingSession): Promise<OrderReconciliation> {
  const snapshot = await session.exchange.snapshot();
  return reconcileOrders(session.orders.all(), snapshot.openOrders, (id) => session.exchange.orderStatus(id));
}

/** Feeds the reports through the order manager, then checks local against the venue, orders and position. */
function apply(session: TradingSession, result: OrderReconciliation): void {
  for (const report of result.reports) session.orders.report(report);
  const { local, venue } = agreement(session);
  expect(local).toEqual(venue);
  expect(reconcilePosition(SYMBOL, session.risk.positionQty(), session.account.summary().symbols[SYMBOL]?.position ?? '0')).toBeNull();
}

const kinds = (reports: readonly ExecutionReport[]) => reports.map((r) => (r.kind === 'filled' ? `filled ${r.qtyLots}@${r.priceTicks} ${r.liquidity}` : r.kind));

describe('reconcileOrders after a restart', () => {
  it('gives nothing when every report has arrived', async () => {
    const book = market();
    const s = await TradingSession.start(setup(book, new EventTimeScheduler(1_000_000)));
    s.send('BUY', 'LIMIT_MAKER', 9999, 10);
    s.setup.time.advance(10);
    const next = await restart(s, book);
    expect(await reconcile(next)).toEqual({ reports: [], cancels: [], mismatches: [] });
    expect(next.orders.all().map((o) => o.status)).toEqual(['new']);
  });

  it('gives the fills the local side missed when the venue has more', async () => {
    const book = market();
    const s = await TradingSession.start(setup(book, new EventTimeScheduler(1_000_000)));
    const id = s.send('BUY', 'LIMIT_MAKER', 9999, 10);
    s.setup.time.advance(10);
    trade(s, 'sell', 9999, 25); // 20 ahead: 5 lots reach the order; its report is 1 ms away
    const next = await restart(s, book);
    const result = await reconcile(next);
    expect(kinds(result.reports)).toEqual(['filled 5@9999 maker']);
    expect(result.mismatches).toEqual([`${id}: local open, venue open 5/10 lots`]);
    apply(next, result);
    expect(next.orders.get(id)?.status).toBe('partiallyFilled');
    expect(next.risk.position().qty).toBe('0.005');
    // the restored queue still counts: the next 5 lots at the price fill the rest
    trade(next, 'sell', 9999, 5);
    next.setup.time.advance(5);
    expect(next.orders.get(id)?.status).toBe('filled');
  });

  it('gives the missed ack, fills and final status when the venue ended an order local thinks open', async () => {
    const book = market();
    book.set('ask', 10_003, 2);
    const s = await TradingSession.start(setup(book, new EventTimeScheduler(1_000_000)));
    const ioc = s.send('BUY', 'LIMIT_IOC', 10_003, 30); // 20 + 2 lots within the cap, the rest expires
    const full = s.send('BUY', 'LIMIT_IOC', 10_002, 0 + 3); // arrives after the first took the level: expires empty
    s.setup.time.advanceTo(1_001_000); // both arrive and end at the venue; every report is still on its way
    const next = await restart(s, book);
    const result = await reconcile(next);
    expect(kinds(result.reports)).toEqual(['accepted', 'filled 20@10002 taker', 'filled 2@10003 taker', 'expired', 'accepted', 'expired']);
    expect(result.mismatches).toEqual([`${ioc}: local open, venue expired 22/30 lots`, `${full}: local open, venue expired 0/3 lots`]);
    apply(next, result);
    expect(next.orders.openOrders(INST)).toBe(0);
  });

  it('names an order the venue filled in full as "local open, venue filled 3/3 lots"', async () => {
    const book = market();
    const s = await TradingSession.start(setup(book, new EventTimeScheduler(1_000_000)));
    s.send('BUY', 'LIMIT_MAKER', 9999, 3);
    s.setup.time.advance(10);
    trade(s, 'sell', 9998, 7); // traded through the price: 3 of the 7 lots fill it
    const next = await restart(s, book);
    const result = await reconcile(next);
    expect(result.mismatches).toEqual(['fd-BTCUSDT-1: local open, venue filled 3/3 lots']);
    expect(kinds(result.reports)).toEqual(['filled 3@9999 maker']);
    apply(next, result);
  });

  it('rejects a local order the venue never saw (it was in flight), with the reason', async () => {
    const book = market();
    const s = await TradingSession.start(setup(book, new EventTimeScheduler(1_000_000)));
    const id = s.send('BUY', 'LIMIT_MAKER', 9999, 10); // still 1 ms from the venue
    const next = await restart(s, book);
    const result = await reconcile(next);
    expect(result.reports).toEqual([{ kind: 'rejected', clientOrderId: id, symbol: SYMBOL, transactTimeMs: null, reason: REASON_NOT_AT_VENUE }]);
    expect(result.mismatches).toEqual([`${id}: local open, the venue never saw it`]);
    for (const report of result.reports) next.orders.report(report);
    expect(next.orders.get(id)).toMatchObject({ status: 'rejected', rejectReason: REASON_NOT_AT_VENUE });
    expect(next.exchange.orderStatus(id)).toBeNull();
    expect(next.account.balance('USDT')).toEqual({ asset: 'USDT', free: '100000', locked: '0' }); // nothing reserved
    // the next order gets a new id
    expect(next.send('BUY', 'LIMIT_MAKER', 9999, 10)).toBe('fd-BTCUSDT-2');
  });

  it('expires a local order that was acked but is unknown to the venue', () => {
    const order = applyReport(createOrder({ clientOrderId: 'fd-BTCUSDT-9', intent: { product: 'spot', symbol: SYMBOL, side: 'buy', type: 'LIMIT_MAKER', priceTicks: 9999, qtyLots: 3, reason: 'r', decisionId: 'BTCUSDT-9' } }), {
      kind: 'accepted',
      clientOrderId: 'fd-BTCUSDT-9',
      symbol: SYMBOL,
      transactTimeMs: 1,
      venueOrderId: '77',
    });
    if (order.type !== 'applied') throw new Error(order.detail);
    const result = reconcileOrders([order.order], [], () => null);
    expect(result.reports).toEqual([{ kind: 'expired', clientOrderId: 'fd-BTCUSDT-9', symbol: SYMBOL, transactTimeMs: null }]);
    expect(result.reports.every((r) => applyReport(order.order, r).type === 'applied')).toBe(true);
  });

  it('lists an order open at the venue that local does not know, to cancel', async () => {
    const book = market();
    const s = await TradingSession.start(setup(book, new EventTimeScheduler(1_000_000)));
    s.exchange.submit({ clientOrderId: 'by-hand-1', intent: { product: 'spot', symbol: SYMBOL, side: 'buy', type: 'LIMIT_MAKER', priceTicks: 9990, qtyLots: 4, reason: 'by hand', decisionId: 'none' } });
    s.setup.time.advance(10);
    const next = await restart(s, book);
    const result = await reconcile(next);
    expect(result).toEqual({ reports: [], cancels: ['by-hand-1'], mismatches: ['by-hand-1: open at the venue (BTCUSDT buy 0/4 lots), unknown locally: to cancel'] });
    for (const id of result.cancels) next.exchange.cancel(id);
    next.setup.time.advance(5);
    expect(next.exchange.orderStatus('by-hand-1')?.status).toBe('canceled');
    expect(await reconcile(next)).toEqual({ reports: [], cancels: [], mismatches: [] });
  });

  it('reopens an order whose TTL cancel was lost, and its TTL cancels it again at once', async () => {
    const book = market();
    const s = await TradingSession.start(setup(book, new EventTimeScheduler(1_000_000)));
    const id = s.send('BUY', 'LIMIT_MAKER', 9999, 10);
    s.setup.time.advanceTo(1_002_000 + 5_000_000); // acked at 1.002 s: the TTL cancel goes out at 6.002 s, 1 ms from the venue
    expect(s.orders.get(id)?.status).toBe('pendingCancel');
    const next = await restart(s, book, 30_000);
    const result = await reconcile(next);
    expect(result.reports).toEqual([{ kind: 'cancelRejected', clientOrderId: id, symbol: SYMBOL, transactTimeMs: null, reason: REASON_CANCEL_LOST }]);
    apply(next, result);
    expect(next.orders.get(id)?.status).toBe('new');
    next.setup.time.advance(0);
    expect(next.journal.filter((e) => e.type === 'cancelRequested').map((e) => e.timeUs)).toEqual([next.setup.time.nowUs()]);
    next.setup.time.advance(5);
    expect(next.orders.get(id)?.status).toBe('canceled');
  });

  it('closes an order whose cancel reached the venue before the restart, measuring no cancel latency across the downtime', async () => {
    const book = market();
    const s = await TradingSession.start(setup(book, new EventTimeScheduler(1_000_000)));
    const id = s.send('BUY', 'LIMIT_MAKER', 9999, 10);
    s.setup.time.advanceTo(6_002_000); // the TTL cancel goes out
    s.setup.time.advanceTo(6_003_000); // and takes at the venue; its report is 1 ms away
    const next = await restart(s, book, 30_000);
    const result = await reconcile(next);
    expect(result.reports).toEqual([{ kind: 'canceled', clientOrderId: id, symbol: SYMBOL, transactTimeMs: null }]);
    apply(next, result);
    expect(next.risk.gates({ side: 'BUY', notional: '10', qty: '0.1' }, next.setup.time.nowUs()).find((g) => g.gate === 'cancelLatency')).toMatchObject({ pass: true, value: null });
  });

  it('refuses to apply what the order cannot take, with a line saying so', () => {
    const request = { clientOrderId: 'fd-BTCUSDT-3', intent: { product: 'spot' as const, symbol: SYMBOL, side: 'buy' as const, type: 'LIMIT_MAKER' as const, priceTicks: 9999, qtyLots: 3, reason: 'r', decisionId: 'BTCUSDT-3' } };
    const acked = applyReport(createOrder(request), { kind: 'accepted', clientOrderId: 'fd-BTCUSDT-3', symbol: SYMBOL, transactTimeMs: 1, venueOrderId: '5' });
    if (acked.type !== 'applied') throw new Error(acked.detail);
    const result = reconcileOrders([acked.order], [], () => ({
      clientOrderId: 'fd-BTCUSDT-3',
      venueOrderId: '5',
      symbol: SYMBOL,
      side: 'buy',
      type: 'LIMIT_MAKER',
      priceTicks: 9999,
      qtyLots: 3,
      status: 'rejected',
      filledLots: 0,
      fills: [],
      rejectReason: 'odd venue',
    }));
    expect(result.reports).toEqual([]);
    expect(result.mismatches).toEqual(["fd-BTCUSDT-3: local open, venue rejected 0/3 lots: the venue's rejected does not apply (rejectedAfterAccept: fd-BTCUSDT-3 (new): rejected (odd venue) after the venue took it)"]);
  });
});

describe('reconcilePosition', () => {
  it('compares positions as decimals: one line when they differ', () => {
    expect(reconcilePosition(SYMBOL, '0.010', '0.01')).toBeNull();
    expect(reconcilePosition(SYMBOL, '0.01', '0.02')).toBe('BTCUSDT: local position 0.01, venue 0.02');
  });
});

describe('OrderManager restore', () => {
  it('re-arms the TTL of a resting maker from its accept time', async () => {
    const book = market();
    const s = await TradingSession.start(setup(book, new EventTimeScheduler(1_000_000)));
    const id = s.send('BUY', 'LIMIT_MAKER', 9999, 10);
    s.setup.time.advanceTo(3_000_000); // acked at 1.002 s
    const next = await restart(s, book);
    next.setup.time.advanceTo(6_001_999);
    expect(next.journal.filter((e) => e.type === 'cancelRequested')).toEqual([]);
    next.setup.time.advanceTo(6_002_000);
    expect(next.journal.filter((e) => e.type === 'cancelRequested').map((e) => [e.timeUs, e.type === 'cancelRequested' && e.clientOrderId])).toEqual([[6_002_000, id]]);
  });

  it('sends the cancel of a TTL that passed while the process was down at once', async () => {
    const book = market();
    const s = await TradingSession.start(setup(book, new EventTimeScheduler(1_000_000)));
    s.send('BUY', 'LIMIT_MAKER', 9999, 10);
    s.setup.time.advanceTo(3_000_000);
    const next = await restart(s, book, 60_000); // back at 63 s; the TTL was due at 6.002 s
    expect(await reconcile(next)).toEqual({ reports: [], cancels: [], mismatches: [] });
    next.setup.time.advance(0);
    expect(next.journal.filter((e) => e.type === 'cancelRequested').map((e) => e.timeUs)).toEqual([63_000_000]);
  });

  it('refuses a client order id it has used, also one restored', async () => {
    const book = market();
    const s = await TradingSession.start(setup(book, new EventTimeScheduler(1_000_000)));
    s.send('BUY', 'LIMIT_MAKER', 9999, 10);
    const next = await restart(s, book);
    next.decisions = 0; // a decision counter that did not go on
    expect(() => next.send('BUY', 'LIMIT_MAKER', 9999, 10)).toThrow('order manager: client order id fd-BTCUSDT-1 was used before (decision ids must be unique, also across a restart)');
  });
});
