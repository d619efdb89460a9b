// The order manager's saved state: every open order and the last ENDED_ORDERS_KEPT ended ones (in the order
// they were sent, with when each ended), the open count per symbol; restored into a fresh manager, its
// orders, counts and TTLs are the original's. A corrupt state is one StateError naming the field, and the
// manager is left as it was.
import { describe, expect, it } from 'vitest';
import { EventTimeScheduler, StateError } from '../../src/core/index.js';
import { strategyParamsSchema } from '../../src/config/index.js';
import { OrderManager, type OrderManagerState } from '../../src/kernel/index.js';
import { HandBook, INST } from '../sim/harness.js';
import { TradingSession, type SessionSetup } from './trading-session.js';

const PARAMS = strategyParamsSchema.parse({ latency: { submitMs: 1, cancelMs: 1, responseMs: 1 }, execution: { makerTtlMs: 5000, maxOpenOrders: 5 } });

function market(): HandBook {
  const book = new HandBook();
  book.set('bid', 9999, 20);
  book.set('ask', 10_002, 20);
  return book;
}

function setup(book: HandBook, time: EventTimeScheduler): SessionSetup {
  return { instrument: INST, book: book.view(), time, params: PARAMS, balances: { USDT: '1000000', BTC: '0' } };
}

/** A session with a resting maker, a maker being canceled, a filled IOC and an expired one. */
async function traded(): Promise<TradingSession> {
  const s = await TradingSession.start(setup(market(), new EventTimeScheduler(1_000_000)));
  s.send('BUY', 'LIMIT_MAKER', 9999, 10);
  s.send('BUY', 'LIMIT_IOC', 10_002, 5);
  s.send('BUY', 'LIMIT_IOC', 10_001, 5);
  s.setup.time.advanceTo(2_000_000);
  s.send('BUY', 'LIMIT_MAKER', 9998, 3);
  s.setup.time.advanceTo(2_010_000);
  s.orders.cancelAll('test');
  s.send('BUY', 'LIMIT_MAKER', 9997, 3);
  s.setup.time.advanceTo(2_020_000);
  return s;
}

describe('OrderManager state', () => {
  it('restores every order, the open counts and the order of ends', async () => {
    const s = await traded();
    const state = JSON.parse(JSON.stringify(s.orders.exportState())) as OrderManagerState;
    expect(state.orders.map((o) => [o.order.request.clientOrderId, o.order.status, o.endSeq])).toEqual([
      ['fd-BTCUSDT-1', 'canceled', 2],
      ['fd-BTCUSDT-2', 'filled', 0],
      ['fd-BTCUSDT-3', 'expired', 1],
      ['fd-BTCUSDT-4', 'canceled', 3],
      ['fd-BTCUSDT-5', 'new', null],
    ]);
    expect(state.openBySymbol).toEqual({ BTCUSDT: 1 });
    const fresh = await TradingSession.start(setup(market(), new EventTimeScheduler(2_020_000)));
    fresh.orders.restore(state, new Map([[INST.symbol, INST]]));
    expect(fresh.orders.all()).toEqual(s.orders.all());
    expect(fresh.orders.openOrders(INST)).toBe(1);
    expect(fresh.orders.exportState()).toEqual(s.orders.exportState());
  });

  it('keeps the last ENDED_ORDERS_KEPT ended orders and every open one', async () => {
    const s = await TradingSession.start(setup(market(), new EventTimeScheduler(1_000_000)));
    s.send('BUY', 'LIMIT_MAKER', 9990, 1);
    for (let i = 0; i < 1005; i++) {
      s.send('BUY', 'LIMIT_IOC', 10_001, 1); // nothing within the cap: each expires
      s.setup.time.advance(4); // 4 s in all: the maker's TTL (5 s) holds
    }
    const state = s.orders.exportState();
    expect(state.endedCount).toBe(1005);
    expect(state.orders).toHaveLength(1001);
    expect(state.orders.map((o) => o.order.request.clientOrderId).slice(0, 3)).toEqual(['fd-BTCUSDT-1', 'fd-BTCUSDT-7', 'fd-BTCUSDT-8']);
  });

  it('refuses to restore into a manager that has sent orders', async () => {
    const s = await traded();
    expect(() => s.orders.restore(s.orders.exportState(), new Map([[INST.symbol, INST]]))).toThrow('OrderManager.restore: the manager has orders already (restore into a fresh one)');
  });
});

describe('OrderManager restore of a corrupt state', () => {
  async function refused(mutate: (s: { orders: Record<string, Record<string, unknown>>[] } & Record<string, unknown>) => void): Promise<string> {
    const state = JSON.parse(JSON.stringify((await traded()).orders.exportState())) as { orders: Record<string, Record<string, unknown>>[] } & Record<string, unknown>;
    mutate(state);
    const fresh = await TradingSession.start(setup(market(), new EventTimeScheduler(2_020_000)));
    const manager: OrderManager = fresh.orders;
    let error: unknown = null;
    try {
      manager.restore(state as unknown as OrderManagerState, new Map([[INST.symbol, INST]]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateError);
    expect(manager.all()).toEqual([]);
    expect(manager.openOrders(INST)).toBe(0);
    return (error as StateError).message;
  }

  const order = (s: { orders: Record<string, Record<string, unknown>>[] }, i: number) => (s.orders[i] as Record<string, Record<string, unknown>>)['order'] as Record<string, unknown>;

  it('names a missing field, a wrong type and a negative lot count', async () => {
    expect(await refused((s) => delete order(s, 4)['status'])).toBe('order manager state: field orders[4].order.status is missing');
    expect(await refused((s) => ((s.orders[0] as Record<string, unknown>)['ttlDueUs'] = '6002000'))).toBe('order manager state: field orders[0].ttlDueUs must be a whole number, got "6002000"');
    expect(await refused((s) => (order(s, 1)['filledLots'] = -5))).toBe('order manager state: field orders[1].order.filledLots must not be below 0, got -5');
    expect(await refused((s) => (((order(s, 0)['request'] as Record<string, Record<string, unknown>>)['intent'] as Record<string, unknown>)['qtyLots'] = 0))).toBe(
      'order manager state: field orders[0].order.request.intent.qtyLots must not be below 1, got 0',
    );
  });

  it('refuses orders that contradict their status, a wrong open count and a symbol not traded', async () => {
    expect(await refused((s) => (order(s, 1)['filledLots'] = 3))).toBe('order manager state: field orders[1].order.filledLots is 3 of 5 lots, which does not fit status filled');
    expect(await refused((s) => (s['openBySymbol'] = { BTCUSDT: 2 }))).toBe('order manager state: field openBySymbol.BTCUSDT is 2, but 1 of the orders are open');
    expect(await refused((s) => (((order(s, 0)['request'] as Record<string, Record<string, unknown>>)['intent'] as Record<string, unknown>)['symbol'] = 'ETHUSDT'))).toBe(
      'order manager state: field orders[0].order.request.intent.symbol ETHUSDT is not a symbol traded here (BTCUSDT)',
    );
    expect(await refused((s) => ((s.orders[2] as Record<string, unknown>)['endSeq'] = 0))).toBe('order manager state: field orders[2].endSeq 0 is taken by another order');
  });
});
