// The simulated exchange's record and saved state. orderStatus answers what the venue knows of an order —
// nothing while it is on its way, then open (held or resting) or how it ended, with every fill as reported —
// and snapshot() lists exactly the orders orderStatus calls open. A state saved when nothing is in flight
// and restored (through JSON) into a fresh exchange and account on the same market gives every later report
// the uninterrupted exchange gives: resting orders keep their queue estimate, held orders wait for the
// sync, the rate-limit window and the latency draws go on. A corrupt state is a StateError naming the field.
import { describe, expect, it } from 'vitest';
import { StateError } from '../../src/core/index.js';
import type { SimExchangeState } from '../../src/sim/index.js';
import { ENDED_ORDERS_KEPT, SIM_REASONS, rateLimitText } from '../../src/sim/index.js';
import { Harness, standardBook, type HarnessOptions } from './harness.js';

const OPTIONS: HarnessOptions = {
  params: { queueModel: 'prob-power', queuePower: 2, gapPolicy: 'hold', latency: { distribution: 'lognormal', submitMs: 1, cancelMs: 1, responseMs: 1, sigma: 0.5 }, seed: 11 },
  orderLimits: { per10s: 6, perDay: 1000 },
};

const submit = (h: Harness, id: string, side: 'buy' | 'sell', type: 'LIMIT_MAKER' | 'LIMIT_IOC' | 'LIMIT_GTC', ticks: number, lots: number) => h.submit(side, type, ticks, lots, id);

/** Before the cut: makers behind the queue at two prices, an IOC buy, a maker sell of it, a trade and size changes, a held order. */
function before(h: Harness): void {
  standardBook(h);
  submit(h, 'a', 'buy', 'LIMIT_MAKER', 9999, 10); // behind 20
  submit(h, 'b', 'buy', 'LIMIT_IOC', 10_002, 5); // takes 5 of the 20 at 100.02
  submit(h, 'c', 'buy', 'LIMIT_MAKER', 9998, 8); // behind 30
  h.depth(50, ['bid', 9999, 25]); // others join behind a
  h.trade(55, 'sell', 9999, 12); // 12 traded ahead of a
  h.depth(60, ['bid', 9999, 9]); // 25 − 12 traded − 4 canceled: the model moves a forward
  submit(h, 'd', 'sell', 'LIMIT_MAKER', 10_002, 3); // behind 15
  h.at(80);
  h.book.healthy = false;
  submit(h, 'e', 'buy', 'LIMIT_MAKER', 9997, 2); // held until the book is synced
  h.at(200);
}

/** After the cut: one more order fits the 10 s window, the next does not; the book syncs; trades reach the queues; a cancel. */
function after(h: Harness): void {
  submit(h, 'f', 'buy', 'LIMIT_IOC', 10_002, 2);
  submit(h, 'g', 'buy', 'LIMIT_IOC', 10_002, 2); // g's latency draw is the shorter: f is the 7th order in the window
  h.at(215);
  h.book.healthy = true;
  h.depth(220, ['bid', 9997, 6]); // synced: e arrives behind 6
  h.exchange.cancel('c');
  h.trade(230, 'sell', 9999, 15); // 8 ahead of a: 7 lots fill it
  h.trade(240, 'buy', 10_002, 22); // 20 ahead of d: 2 lots fill it
  h.trade(250, 'sell', 9997, 10); // through a, at e's price
  h.at(400);
}

/** A fresh exchange and account (a new process) at `h`'s time, on the same market, with `h`'s state restored. */
function restarted(h: Harness): Harness {
  const saved = JSON.parse(JSON.stringify({ account: h.account.exportState(), venue: h.exchange.exportState() })) as { account: never; venue: SimExchangeState };
  const next = new Harness({ ...OPTIONS, startUs: h.time.nowUs() });
  for (const side of ['bid', 'ask'] as const) for (const [ticks, lots] of h.book.levels[side]) next.book.set(side, ticks, lots);
  next.book.updateId = h.book.updateId;
  next.book.healthy = h.book.healthy;
  next.account.restore(saved.account);
  next.exchange.restore(saved.venue);
  return next;
}

describe('SimulatedExchange.orderStatus and snapshot', () => {
  it('knows nothing of an order on its way, then records it open or ended with every fill as reported; snapshot lists exactly the open ones', async () => {
    const early = standardBook(new Harness(OPTIONS));
    submit(early, 'a', 'buy', 'LIMIT_MAKER', 9999, 10);
    expect(early.exchange.orderStatus('a')).toBeNull(); // on its way: the venue does not know it
    early.at(20);
    expect(early.exchange.orderStatus('a')).toMatchObject({ status: 'open', venueOrderId: '1', filledLots: 0, fills: [] });
    const h = new Harness(OPTIONS);
    before(h);
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const open = (await h.exchange.snapshot()).openOrders;
    expect(open.map((o) => o.clientOrderId).sort()).toEqual(ids.filter((id) => h.exchange.orderStatus(id)?.status === 'open').sort());
    expect(h.exchange.orderStatus('e')).toMatchObject({ status: 'open', venueOrderId: null, filledLots: 0 }); // held
    expect(open.find((o) => o.clientOrderId === 'e')).toMatchObject({ venueOrderId: '', filledLots: 0 });
    expect(h.exchange.orderStatus('b')).toMatchObject({ status: 'filled', filledLots: 5, qtyLots: 5, type: 'LIMIT_IOC', side: 'buy', priceTicks: 10_002 });
    for (const id of ids) {
      const reported = h.fills(id).map((f) => ({ tradeId: f.tradeId, priceTicks: f.priceTicks, qtyLots: f.qtyLots, fee: f.fee, feeAsset: f.feeAsset, maker: f.liquidity === 'maker' }));
      expect(h.exchange.orderStatus(id)?.fills.map(({ timeUs: _t, ...fill }) => fill)).toEqual(reported);
    }
    after(h);
    expect(h.exchange.orderStatus('c')?.status).toBe('canceled');
    expect(h.exchange.orderStatus('f')).toMatchObject({ status: 'rejected', rejectReason: rateLimitText(6, '10 SECOND') });
    expect(h.exchange.orderStatus('e')?.fills.map((f) => f.timeUs)).toEqual([250_000]);
    expect((await h.exchange.snapshot()).openOrders.map((o) => o.clientOrderId).sort()).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'].filter((id) => h.exchange.orderStatus(id)?.status === 'open').sort(),
    );
  });
});

describe('SimulatedExchange state', () => {
  it('restored when nothing is in flight, gives every later report the uninterrupted exchange gives', async () => {
    const whole = new Harness(OPTIONS);
    before(whole);
    const cut = whole.delivered.length;
    after(whole);

    const first = new Harness(OPTIONS);
    before(first);
    expect(first.time.nextDueUs()).toBeNull(); // nothing in flight at the cut
    const state = first.exchange.exportState();
    expect(state.orders.filter((o) => o.queue !== null).map((o) => [o.order.request.clientOrderId, o.queue?.ahead])).toEqual([
      ['a', 8],
      ['c', 30],
      ['d', 20], // the displayed 20: our own IOC's take never changes the replayed book
    ]);
    expect(state.symbols['BTCUSDT']?.held).toEqual(['e']);
    const next = restarted(first);
    after(next);

    expect(next.delivered).toEqual(whole.delivered.slice(cut));
    expect(next.kinds('f')).toEqual([`rejected: ${rateLimitText(6, '10 SECOND')}`]);
    expect(next.fills('a').length).toBeGreaterThan(0);
    expect(next.account.summary()).toEqual(whole.account.summary());
    expect(await next.exchange.snapshot()).toEqual(await whole.exchange.snapshot());
    expect(next.exchange.exportState()).toEqual(whole.exchange.exportState());
    expect(next.account.exportState()).toEqual(whole.account.exportState());
  });

  it('keeps the last ENDED_ORDERS_KEPT ended orders and every open one', () => {
    const h = new Harness({ orderLimits: { per10s: 100_000, perDay: 1_000_000 } });
    standardBook(h);
    submit(h, 'rest', 'buy', 'LIMIT_MAKER', 9990, 1);
    for (let i = 0; i < ENDED_ORDERS_KEPT + 5; i++) submit(h, `x${i}`, 'buy', 'LIMIT_IOC', 10_001, 1); // nothing within the cap: each expires
    h.at(10);
    const state = h.exchange.exportState();
    expect(state.orders).toHaveLength(ENDED_ORDERS_KEPT + 1);
    expect(state.orders[0]?.order.request.clientOrderId).toBe('x5');
    expect(state.orders.at(-1)?.order.request.clientOrderId).toBe('rest');
    const next = restarted(h);
    expect(next.exchange.orderStatus('x4')).toBeNull();
    expect(next.exchange.orderStatus('x5')?.status).toBe('expired');
    expect(next.exchange.orderStatus('rest')?.status).toBe('open');
  });

  it('refuses to restore into an exchange that has orders already', () => {
    const h = standardBook(new Harness());
    submit(h, 'a', 'buy', 'LIMIT_MAKER', 9999, 1);
    expect(() => h.exchange.restore(h.exchange.exportState())).toThrow('SimulatedExchange.restore: the exchange has orders already (restore into a fresh one)');
  });
});

describe('SimulatedExchange restore of a corrupt state', () => {
  function stateOf(): Record<string, unknown> {
    const h = new Harness(OPTIONS);
    before(h);
    return JSON.parse(JSON.stringify(h.exchange.exportState())) as Record<string, unknown>;
  }

  function refused(mutate: (s: Record<string, unknown> & { orders: Record<string, unknown>[] }) => void): string {
    const state = stateOf() as Record<string, unknown> & { orders: Record<string, unknown>[] };
    mutate(state);
    const fresh = new Harness(OPTIONS);
    let error: unknown = null;
    try {
      fresh.exchange.restore(state as unknown as SimExchangeState);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateError);
    expect(fresh.exchange.exportState().orders).toEqual([]);
    return (error as StateError).message;
  }

  const order = (s: { orders: Record<string, unknown>[] }, i: number) => s.orders[i] as Record<string, Record<string, unknown>>;

  it('names a missing field, a wrong type and a negative lot count', () => {
    expect(refused((s) => delete s['nextTradeId'])).toBe('sim exchange state: field nextTradeId is missing');
    expect(refused((s) => delete (order(s, 1)['order'] as Record<string, unknown>)['filledLots'])).toBe('sim exchange state: field orders[1].order.filledLots is missing');
    expect(refused((s) => ((order(s, 0)['order'] as Record<string, unknown>)['status'] = 'open'))).toMatch(/^sim exchange state: field orders\[0\]\.order\.status must be one of pendingNew, new, /);
    expect(refused((s) => ((order(s, 2)['queue'] as Record<string, unknown>)['ahead'] = -3))).toBe('sim exchange state: field orders[2].queue.ahead must not be below 0, got -3');
    expect(refused((s) => ((order(s, 0)['fills'] as unknown as Record<string, unknown>[])[0] = { ...(order(s, 0)['fills'] as unknown as Record<string, unknown>[])[0], qtyLots: -5 }))).toBe(
      'sim exchange state: field orders[0].fills[0].qtyLots must not be below 1, got -5',
    );
  });

  it('refuses orders that contradict themselves or the lists of resting and held orders', () => {
    expect(refused((s) => ((order(s, 0)['fills'] as unknown as unknown[]).length = 0))).toBe('sim exchange state: field orders[0].fills add up to 0 lots, the order has 5 filled');
    expect(refused((s) => (s['symbols'] as Record<string, Record<string, unknown>>)['BTCUSDT']?.['resting'] instanceof Array && ((s['symbols'] as Record<string, Record<string, string[]>>)['BTCUSDT'] as Record<string, string[]>)['resting']?.push('b'))).toBe(
      'sim exchange state: field symbols.BTCUSDT.resting[3] names b, which has ended (filled)',
    );
    expect(refused((s) => (((s['symbols'] as Record<string, Record<string, string[]>>)['BTCUSDT'] as Record<string, string[]>)['held'] = []))).toBe(
      'sim exchange state: field orders[4] e is open (pendingNew) but neither resting nor held',
    );
    expect(refused((s) => (s['product'] = 'usdm'))).toBe("sim exchange state: field product is usdm, this exchange's is spot");
  });
});

describe('the reject reasons the record keeps', () => {
  it('keeps the reason of a reject', () => {
    const h = new Harness();
    h.book.set('ask', 10_002, 20);
    h.book.set('bid', 9999, 20);
    submit(h, 'm', 'buy', 'LIMIT_MAKER', 10_002, 1);
    h.at(5);
    expect(h.exchange.orderStatus('m')).toMatchObject({ status: 'rejected', rejectReason: SIM_REASONS.wouldTake, venueOrderId: null });
  });
});
