// Property: over random sequences of our orders, trades and displayed-size changes, under every queue
// model, a maker fill is always at its order's own limit price, never before the order arrived, and an
// order never fills beyond its quantity.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderType } from '../../src/model/index.js';
import { Harness, standardBook } from './harness.js';

type Step =
  | { kind: 'submit'; side: 'buy' | 'sell'; type: OrderType; offset: number; qty: number }
  | { kind: 'trade'; aggressor: 'buy' | 'sell'; offset: number; qty: number }
  | { kind: 'depth'; side: 'bid' | 'ask'; offset: number; lots: number }
  | { kind: 'cancel'; which: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('submit' as const), side: fc.constantFrom('buy' as const, 'sell' as const), type: fc.constantFrom<OrderType>('LIMIT_MAKER', 'LIMIT_GTC', 'LIMIT_IOC'), offset: fc.integer({ min: -4, max: 4 }), qty: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('trade' as const), aggressor: fc.constantFrom('buy' as const, 'sell' as const), offset: fc.integer({ min: -4, max: 4 }), qty: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('depth' as const), side: fc.constantFrom('bid' as const, 'ask' as const), offset: fc.integer({ min: -4, max: 4 }), lots: fc.integer({ min: 0, max: 80 }) }),
  fc.record({ kind: fc.constant('cancel' as const), which: fc.nat(30) }),
);

describe('maker fills, whatever the market does', () => {
  it('are at the order limit price, after arrival, and never beyond the order quantity', () => {
    fc.assert(
      fc.property(fc.constantFrom('risk-averse', 'prob-power', 'prob-log'), fc.array(step, { minLength: 1, maxLength: 80 }), (model, steps) => {
        const h = standardBook(new Harness({ params: { queueModel: model } }));
        h.submit('buy', 'LIMIT_IOC', 10_003, 40); // a position, so sells can rest too
        const orders = new Map<string, { priceTicks: number; qtyLots: number; type: OrderType }>();
        let ms = 1;
        for (const s of steps) {
          ms += 1;
          if (s.kind === 'submit') {
            const priceTicks = 10_000 + s.offset;
            const id = h.submit(s.side, s.type, priceTicks, s.qty);
            orders.set(id, { priceTicks, qtyLots: s.qty, type: s.type });
          } else if (s.kind === 'trade') h.trade(ms, s.aggressor, 10_000 + s.offset, s.qty);
          else if (s.kind === 'depth') h.depth(ms, [s.side, 10_000 + s.offset, s.lots]);
          else h.exchange.cancel(`o${s.which}`);
        }
        h.at(ms + 100);
        const filled = new Map<string, number>();
        for (const { atUs, report } of h.delivered) {
          if (report.kind !== 'filled') continue;
          const order = orders.get(report.clientOrderId);
          if (order === undefined) continue; // the first IOC
          if (report.liquidity === 'maker') expect(report.priceTicks).toBe(order.priceTicks);
          if (order.type === 'LIMIT_MAKER') expect(report.liquidity).toBe('maker');
          expect(atUs).toBeGreaterThanOrEqual((h.exchange.orderFacts(report.clientOrderId)?.arrivalUs ?? Infinity) + 1000);
          filled.set(report.clientOrderId, (filled.get(report.clientOrderId) ?? 0) + report.qtyLots);
        }
        for (const [id, lots] of filled) expect(lots).toBeLessThanOrEqual(orders.get(id)?.qtyLots ?? 0);
      }),
      { seed: 1616, numRuns: 300 },
    );
  });
});
