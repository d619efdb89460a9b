// The order state machine: hand-written races and refusals, then a property test over random report
// sequences (final states stay final, filled never exceeds the quantity, every state is one of the nine,
// a refused input changes nothing).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ORDER_STATUSES,
  applyReport,
  createOrder,
  isFinalStatus,
  requestCancel,
  type ExecutionReport,
  type Order,
  type OrderFilled,
  type OrderRequest,
  type OrderStatus,
  type OrderTransition,
  type OrderType,
} from '../../src/model/index.js';

const ID = 'fd-1';
const LIMIT = 6_183_309;

function request(type: OrderType = 'LIMIT_GTC', qtyLots = 10, side: 'buy' | 'sell' = 'buy'): OrderRequest {
  return {
    clientOrderId: ID,
    intent: { product: 'spot', symbol: 'BTCUSDT', side, type, priceTicks: LIMIT, qtyLots, reason: 'test', decisionId: 'd-1' },
  };
}

const head = { clientOrderId: ID, symbol: 'BTCUSDT', transactTimeMs: 1_723_161_600_000 };
const ack: ExecutionReport = { ...head, kind: 'accepted', venueOrderId: '42' };
const canceled: ExecutionReport = { ...head, kind: 'canceled' };
const expired: ExecutionReport = { ...head, kind: 'expired' };
const rejected: ExecutionReport = { ...head, kind: 'rejected', reason: 'Filter failure: PRICE_FILTER' };
const cancelRejected: ExecutionReport = { ...head, kind: 'cancelRejected', reason: 'Unknown order sent.' };
const unanswered: ExecutionReport = { ...head, transactTimeMs: null, kind: 'outcomeUnknown', request: 'submit', detail: 'timeout after 5000 ms' };

function fill(qtyLots: number, tradeId: string, extra: Partial<OrderFilled> = {}): OrderFilled {
  return { ...head, kind: 'filled', tradeId, priceTicks: LIMIT, qtyLots, liquidity: 'maker', fee: '0.00000412', feeAsset: 'BNB', ...extra };
}

function applied(t: OrderTransition): Order {
  if (t.type !== 'applied') throw new Error(`expected applied, got ${t.reason}: ${t.detail}`);
  return t.order;
}

function run(order: Order, ...steps: (ExecutionReport | 'cancel')[]): Order {
  return steps.reduce((o, step) => applied(step === 'cancel' ? requestCancel(o) : applyReport(o, step)), order);
}

describe('the order state machine', () => {
  it('goes pendingNew → new → partiallyFilled → filled on an ack and two fills', () => {
    const order = createOrder(request());
    expect(order.status).toBe('pendingNew');
    const acked = run(order, ack);
    expect([acked.status, acked.venueOrderId]).toEqual(['new', '42']);
    const part = run(acked, fill(4, 't1'));
    expect([part.status, part.filledLots]).toEqual(['partiallyFilled', 4]);
    const done = run(part, fill(6, 't2'));
    expect([done.status, done.filledLots, done.tradeIds]).toEqual(['filled', 10, ['t1', 't2']]);
  });

  it('applies a fill that arrives while a cancel is pending, and a complete fill ends the order as filled', () => {
    const pending = run(createOrder(request()), ack, 'cancel');
    expect(pending.status).toBe('pendingCancel');
    const part = run(pending, fill(3, 't1'));
    expect([part.status, part.filledLots]).toEqual(['pendingCancel', 3]);
    expect(run(part, fill(7, 't2')).status).toBe('filled');
    expect(run(part, canceled).status).toBe('canceled');
  });

  it('refuses a fill after the order was canceled, as a value naming the race, and leaves the order as it was', () => {
    const gone = run(createOrder(request()), ack, 'cancel', canceled);
    const t = applyReport(gone, fill(1, 't9'));
    expect(t).toMatchObject({ type: 'invalid', reason: 'orderFinal' });
    expect(t.order).toBe(gone);
    expect(t.type === 'invalid' && t.detail).toBe('fd-1 (canceled): filled after the order ended');
  });

  it('keeps filled final: no report and no cancel moves a filled order', () => {
    const done = run(createOrder(request()), ack, fill(10, 't1'));
    for (const report of [ack, canceled, expired, rejected, cancelRejected, unanswered, fill(1, 't2')]) {
      expect(applyReport(done, report)).toMatchObject({ type: 'invalid', reason: 'orderFinal', order: done });
    }
    expect(requestCancel(done)).toMatchObject({ type: 'invalid', reason: 'orderFinal' });
  });

  it('never fills more than the order quantity', () => {
    const part = run(createOrder(request()), ack, fill(8, 't1'));
    expect(applyReport(part, fill(3, 't2'))).toMatchObject({ type: 'invalid', reason: 'overfill', order: part });
  });

  it('counts a trade reported twice once', () => {
    const part = run(createOrder(request()), ack, fill(2, 't1'));
    expect(applyReport(part, fill(2, 't1'))).toMatchObject({ type: 'invalid', reason: 'duplicateFill' });
  });

  it('refuses fills through the limit, maker fills away from it, a post-only order taking and an IOC resting', () => {
    const buy = run(createOrder(request('LIMIT_GTC')), ack);
    expect(applyReport(buy, fill(1, 'a', { priceTicks: LIMIT + 1, liquidity: 'taker' }))).toMatchObject({ reason: 'priceThroughLimit' });
    expect(applied(applyReport(buy, fill(1, 'b', { priceTicks: LIMIT - 1, liquidity: 'taker' }))).status).toBe('partiallyFilled');
    expect(applyReport(buy, fill(1, 'c', { priceTicks: LIMIT - 1, liquidity: 'maker' }))).toMatchObject({ reason: 'makerAwayFromLimit' });
    const sell = run(createOrder(request('LIMIT_GTC', 10, 'sell')), ack);
    expect(applyReport(sell, fill(1, 'd', { priceTicks: LIMIT - 1, liquidity: 'taker' }))).toMatchObject({ reason: 'priceThroughLimit' });
    const maker = run(createOrder(request('LIMIT_MAKER')), ack);
    expect(applyReport(maker, fill(1, 'e', { liquidity: 'taker' }))).toMatchObject({ reason: 'postOnlyTook' });
    const ioc = createOrder(request('LIMIT_IOC'));
    expect(applyReport(ioc, fill(1, 'f', { liquidity: 'maker' }))).toMatchObject({ reason: 'iocRested' });
    expect(applyReport(ioc, fill(1, 'g', { fee: '1e-7x' }))).toMatchObject({ reason: 'badFill' });
  });

  it('resolves unknown by the next report, whichever it is', () => {
    const lost = run(createOrder(request()), unanswered);
    expect(lost.status).toBe('unknown');
    expect(run(lost, ack).status).toBe('new');
    expect(run(lost, fill(3, 't1', { liquidity: 'taker' })).status).toBe('partiallyFilled');
    expect(run(lost, rejected).status).toBe('rejected');
    expect(run(lost, canceled).status).toBe('canceled');
    expect(run(lost, expired).status).toBe('expired');
    expect(run(lost, 'cancel').status).toBe('pendingCancel');
  });

  it('returns to where it was when a cancel is refused', () => {
    expect(run(createOrder(request()), 'cancel', cancelRejected).status).toBe('pendingNew');
    expect(run(createOrder(request()), ack, 'cancel', cancelRejected).status).toBe('new');
    expect(run(createOrder(request()), ack, fill(2, 't'), 'cancel', cancelRejected).status).toBe('partiallyFilled');
    const open = run(createOrder(request()), ack);
    expect(applyReport(open, cancelRejected)).toMatchObject({ type: 'invalid', reason: 'noCancelPending' });
    expect(requestCancel(run(open, 'cancel'))).toMatchObject({ type: 'invalid', reason: 'cancelAlreadyPending' });
  });

  it('takes a late ack after a fill, refuses a second ack and a reject of an order the venue took', () => {
    const filledFirst = run(createOrder(request()), fill(2, 't1'));
    const acked = run(filledFirst, ack);
    expect([acked.status, acked.venueOrderId]).toEqual(['partiallyFilled', '42']);
    expect(applyReport(acked, ack)).toMatchObject({ type: 'invalid', reason: 'duplicateAck' });
    expect(applyReport(filledFirst, rejected)).toMatchObject({ type: 'invalid', reason: 'rejectedAfterAccept' });
    expect(run(createOrder(request()), 'cancel', rejected).status).toBe('rejected');
  });

  it('refuses an outcomeUnknown with nothing in flight, and a report for another order', () => {
    const open = run(createOrder(request()), ack);
    expect(applyReport(open, unanswered)).toMatchObject({ type: 'invalid', reason: 'noRequestPending' });
    expect(applyReport(open, { ...canceled, clientOrderId: 'fd-2' })).toMatchObject({ type: 'invalid', reason: 'otherOrder' });
  });

  it('refuses to create an order from a malformed request', () => {
    expect(() => createOrder({ ...request(), clientOrderId: 'has space' })).toThrow(/client order id "has space"/);
    expect(() => createOrder({ ...request(), intent: { ...request().intent, qtyLots: 0 } })).toThrow(/positive whole number of lots/);
    expect(() => createOrder({ ...request(), intent: { ...request().intent, priceTicks: 1.5 } })).toThrow(/whole number of ticks/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property test

type Step = ExecutionReport | 'cancel';

const QTY = 6;

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>('cancel'),
  fc.constantFrom<Step>(ack, canceled, expired, rejected, cancelRejected, unanswered, { ...unanswered, request: 'cancel' }),
  fc.constant<Step>({ ...canceled, clientOrderId: 'fd-other' }),
  fc
    .record({
      qty: fc.integer({ min: 1, max: QTY }),
      trade: fc.integer({ min: 0, max: 5 }),
      offset: fc.integer({ min: -1, max: 1 }),
      maker: fc.boolean(),
    })
    .map(({ qty, trade, offset, maker }) => fill(qty, `t${trade}`, { priceTicks: LIMIT + offset, liquidity: maker ? 'maker' : 'taker' })),
);

const caseArb = fc.record({
  type: fc.constantFrom<OrderType>('LIMIT_MAKER', 'LIMIT_IOC', 'LIMIT_GTC'),
  side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
  steps: fc.array(stepArb, { maxLength: 14 }),
});

describe('the order state machine over random report sequences', () => {
  it('keeps final states final, filled ≤ quantity, every state one of the nine, and a refused input without effect', () => {
    const seen = new Set<OrderStatus>();
    fc.assert(
      fc.property(caseArb, ({ type, side, steps }) => {
        let order = createOrder(request(type, QTY, side));
        let countedLots = 0;
        seen.add(order.status);
        for (const step of steps) {
          const before = order;
          const t = step === 'cancel' ? requestCancel(order) : applyReport(order, step);
          if (isFinalStatus(before.status)) {
            expect(t.type).toBe('invalid');
            expect(t.type === 'invalid' && ['orderFinal', 'otherOrder'].includes(t.reason)).toBe(true);
          }
          if (t.type === 'invalid') {
            expect(t.order).toBe(before);
            continue;
          }
          order = t.order;
          if (step !== 'cancel' && step.kind === 'filled') countedLots += step.qtyLots;
          seen.add(order.status);
          expect(ORDER_STATUSES).toContain(order.status);
          expect(order.filledLots).toBe(countedLots);
          expect(order.filledLots).toBeGreaterThanOrEqual(before.filledLots);
          expect(order.filledLots).toBeLessThanOrEqual(QTY);
          expect(order.status === 'filled').toBe(order.filledLots === QTY);
          if (order.status === 'partiallyFilled') expect(order.filledLots).toBeGreaterThan(0);
          if (order.status === 'rejected') expect([order.filledLots, order.venueOrderId]).toEqual([0, null]);
          expect(new Set(order.tradeIds).size).toBe(order.tradeIds.length);
        }
      }),
      { seed: 13, numRuns: 3000 },
    );
    expect([...seen].sort()).toEqual([...ORDER_STATUSES].sort()); // every one of the nine is reachable
  });
});
