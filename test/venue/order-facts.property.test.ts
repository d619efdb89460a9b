// OrderFacts, the merge of an order's facts from the REST answer, the user stream and queries: whatever
// the order of arrival, with stream events dropped or duplicated, an unanswered submit, a cancel answered
// before or after the stream, every report it gives applies to the order state machine (no invalid
// transition), and once a query of the venue's final record has arrived the order is exactly that record.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyReport, createOrder, requestCancel, type ExecutionReport, type Order, type VenueFill, type VenueOrderStatus } from '../../src/model/index.js';
import { OrderFacts, type OrderFact } from '../../src/venue/binance/execution/order-facts.js';

const ID = 'x-U5D79M5Bp1';
const PRICE = 9999;

interface Truth {
  readonly qty: number;
  readonly fills: readonly number[];
  readonly end: 'open' | 'filled' | 'canceled' | 'expired';
}

const truths: fc.Arbitrary<Truth> = fc
  .record({ qty: fc.integer({ min: 1, max: 20 }), cuts: fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 5 }), end: fc.constantFrom('open', 'filled', 'canceled', 'expired') })
  .map(({ qty, cuts, end }) => {
    const fills: number[] = [];
    let left = qty;
    for (const c of cuts) {
      if (left === 0) break;
      const n = Math.min(c, left);
      fills.push(n);
      left -= n;
    }
    if (end === 'filled' && left > 0) fills.push(left);
    if (end !== 'filled' && fills.reduce((a, b) => a + b, 0) === qty) fills.pop(); // only a full fill makes it filled
    return { qty, fills, end: end as Truth['end'] };
  });

function fill(i: number, lots: number): VenueFill {
  return { tradeId: String(100 + i), priceTicks: PRICE, qtyLots: lots, fee: '0.01', feeAsset: 'BTC', maker: true, timeUs: 1_000_000 * (i + 1) };
}

/** The venue's record after the first `n` fills (and, when all have happened, its end). */
function record(truth: Truth, n: number): VenueOrderStatus {
  const done = n === truth.fills.length;
  const filledLots = truth.fills.slice(0, n).reduce((a, b) => a + b, 0);
  const status = !done || truth.end === 'open' ? 'open' : truth.end;
  return {
    clientOrderId: ID,
    venueOrderId: '7',
    symbol: 'BTCUSDT',
    side: 'buy',
    type: 'LIMIT_MAKER',
    priceTicks: PRICE,
    qtyLots: truth.qty,
    status,
    filledLots,
    fills: truth.fills.slice(0, n).map((lots, i) => fill(i, lots)),
    rejectReason: null,
  };
}

type Step = (facts: OrderFacts, fact: OrderFact, order: { value: Order }) => void;

describe('OrderFacts', () => {
  it('gives only valid transitions in any arrival order, and a final query makes the order the record', () => {
    fc.assert(
      fc.property(truths, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 8, maxLength: 8 }), fc.array(fc.nat(1000), { minLength: 12, maxLength: 12 }), fc.boolean(), (truth, copies, keys, unanswered) => {
        const cumulative = (n: number): number => truth.fills.slice(0, n).reduce((a, b) => a + b, 0);
        // the stream, in the venue's order; each event dropped (0), sent once or twice
        const stream: Step[] = [(f, x) => f.accepted(x, '7', 1)];
        truth.fills.forEach((lots, i) => stream.push((f, x) => void f.filled(x, fill(i, lots), '7', cumulative(i + 1))));
        if (truth.end === 'canceled' || truth.end === 'expired') {
          const end = truth.end;
          stream.push((f, x) => void f.closed(x, end, cumulative(truth.fills.length), 9, '7'));
        }
        const steps: { key: number; run: Step }[] = [];
        let k = 0;
        stream.forEach((run, i) => {
          const n = copies[i % copies.length] ?? 1;
          for (let c = 0; c < n; c++) steps.push({ key: i * 1000 + (keys[k++ % keys.length] ?? 0) / 10, run });
        });
        // the REST answer anywhere: an ack, or no answer (a 5xx) reported as unknown
        const rest: Step = unanswered ? (f, x) => void f.outcomeUnknown(x, 'submit', 'HTTP 503') : (f, x) => void f.accepted(x, '7', 1);
        steps.push({ key: (keys[0] ?? 0) * 8, run: rest });
        // a query of a moment in between, anywhere after that moment
        const mid = (keys[1] ?? 0) % (truth.fills.length + 1);
        steps.push({ key: mid * 1000 + (keys[2] ?? 0), run: (f, x) => void f.status(x, record(truth, mid)) });
        if (truth.end === 'canceled') {
          // the cancel is asked before the venue's cancel, and answered anywhere after it
          const at = truth.fills.length * 1000 + (keys[3] ?? 0) / 2;
          steps.push({
            key: at - 999,
            run: (f, x, o) => {
              const next = requestCancel(o.value);
              if (next.type === 'applied') {
                o.value = next.order;
                f.cancelSent(x);
              }
            },
          });
          steps.push({ key: at + 1 + (keys[4] ?? 0), run: (f, x) => void f.closed(x, 'canceled', cumulative(truth.fills.length), 9, '7') });
        }
        steps.sort((a, b) => a.key - b.key);
        steps.push({ key: Infinity, run: (f, x) => void f.status(x, record(truth, truth.fills.length)) });

        const order = {
          value: createOrder({ clientOrderId: ID, intent: { product: 'spot', symbol: 'BTCUSDT', side: 'buy', type: 'LIMIT_MAKER', priceTicks: PRICE, qtyLots: truth.qty, reason: 't', decisionId: 'd' } }),
        };
        const invalid: string[] = [];
        const facts = new OrderFacts((report: ExecutionReport) => {
          const next = applyReport(order.value, report);
          if (next.type === 'invalid') invalid.push(`${next.reason}: ${next.detail}`);
          else order.value = next.order;
        });
        const fact = facts.track(ID, 'BTCUSDT', truth.qty);
        for (const step of steps) step.run(facts, fact, order);

        expect(invalid).toEqual([]);
        const final = record(truth, truth.fills.length);
        expect(order.value.filledLots).toBe(final.filledLots);
        expect([...order.value.tradeIds].sort()).toEqual(final.fills.map((f) => f.tradeId).sort());
        expect(order.value.venueOrderId).toBe('7');
        const status = order.value.status;
        expect(status === 'filled' || status === 'canceled' || status === 'expired' ? status : 'open').toBe(final.status);
      }),
      { numRuns: 500 },
    );
  });
});
