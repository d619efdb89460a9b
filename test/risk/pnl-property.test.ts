// Property: for any sequence of fills that never sells beyond the position, and any marks, the risk book's
// realised + unrealised − fees equals the cash-and-inventory P&L computed independently
// (Σ sells − Σ buys + inventory × last mark − fees), to the last digit; the position never goes below 0.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STRATEGY_PARAMS } from '../../src/config/index.js';
import { decimalText } from '../../src/model/index.js';
import { RiskBook } from '../../src/risk/index.js';

const SEED = 20240815;
/** The independent arithmetic: exact for every sum and product here. */
const Exact = Decimal.clone({ precision: 100 });
const T0 = 1_723_197_600_000_000;
const HOUR_US = 3_600_000_000;

/** A price of 0.01 … 100000.00, a quantity of 0.00001 … 10 (lots), a fee of 0 … 1 (4 places, some rebates). */
const step = fc.record({
  kind: fc.constantFrom('BUY', 'SELL', 'MARK'),
  priceCents: fc.integer({ min: 1, max: 10_000_000 }),
  lots: fc.integer({ min: 1, max: 1_000_000 }),
  feeUnits: fc.integer({ min: -100, max: 10_000 }),
});

const text = (units: number, places: number) => decimalText(new Exact(units).dividedBy(new Exact(10).pow(places)));

describe('RiskBook P&L', () => {
  it('realised + unrealised − fees equals the cash-and-inventory P&L for random fill sequences, and positionQty is position().qty', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 10_000_000 }), (steps, lastMarkCents) => {
        const book = new RiskBook('BTCUSDT', DEFAULT_STRATEGY_PARAMS.risk);
        let cash = new Exact(0);
        let inventoryLots = 0;
        let fees = new Exact(0);
        steps.forEach((s, i) => {
          const timeUs = T0 + i * HOUR_US; // crosses UTC days
          const price = text(s.priceCents, 2);
          if (s.kind === 'MARK') {
            book.onMark(price, timeUs);
            return;
          }
          // a sell takes 1 … all of the inventory; with nothing held it becomes a buy
          const side = s.kind === 'SELL' && inventoryLots > 0 ? 'SELL' : 'BUY';
          const lots = side === 'SELL' ? 1 + (s.lots % inventoryLots) : s.lots;
          const qty = text(lots, 5);
          const fee = text(s.feeUnits, 4);
          book.onFill({ timeUs, side, price, qty, fee });
          const notional = new Exact(price).times(qty);
          cash = side === 'BUY' ? cash.minus(notional) : cash.plus(notional);
          inventoryLots += side === 'BUY' ? lots : -lots;
          fees = fees.plus(fee);
        });
        const mark = text(lastMarkCents, 2);
        book.onMark(mark);
        const expected = cash.plus(new Exact(text(inventoryLots, 5)).times(mark)).minus(fees);
        const p = book.position();
        expect(p.qty).toBe(text(inventoryLots, 5));
        expect(book.positionQty()).toBe(p.qty);
        expect(p.netPnl).toBe(decimalText(expected));
        expect(decimalText(new Exact(p.realizedPnl).plus(p.unrealizedPnl).minus(p.fees))).toBe(p.netPnl);
        expect(p.fees).toBe(decimalText(fees));
        if (inventoryLots === 0) {
          expect(p.unrealizedPnl).toBe('0');
          expect(p.avgEntry).toBeNull();
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
