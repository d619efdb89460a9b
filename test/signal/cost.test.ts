// The order's cost by hand: each part, maker against taker, the IOC's cap and quantity rounding, the
// slippage walk over a hand-made ladder (tick 0.01, lot 0.001):
//   asks 100.00 × 2, 100.05 × 1, 100.10 × 3; bids 99.95 × 1, 99.90 × 2, 99.80 × 0.5; mid 99.975.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COST_PART_NAMES, createInstrument, type Side, type TopOfBookView } from '../../src/model/index.js';
import {
  costBpsOf,
  intentNotional,
  iocCapTicks,
  latencyBufferBps,
  orderLots,
  planOrder,
  type OrderPlanInput,
} from '../../src/signal/index.js';
import { INST, paramsWith } from './hand-view.js';

const TOP: TopOfBookView = { bidTicks: 9995, bidLots: 1000, askTicks: 10_000, askLots: 2000, updateId: 1, source: 'book' };
const ASKS = [10_000, 2000, 10_005, 1000, 10_010, 3000];
const BIDS = [9995, 1000, 9990, 2000, 9980, 500];
const levels = (side: Side, n: number): readonly number[] => (side === 'bid' ? BIDS : ASKS).slice(0, 2 * n);
/** (ask − bid) / mid × 10⁴ = 0.05 / 99.975 × 10⁴ */
const SPREAD_BPS = (0.05 / 99.975) * 10_000;

const PARAMS = paramsWith({
  orderNotional: '300',
  fees: { makerBps: 1, takerBps: 2 },
  adverseSelectionBps: 1,
  safetyMarginBps: 0.5,
  latencyMs: 100,
  vol: { windowMs: 10_000 },
  ioc: { enabled: true, maxBpsThroughTouch: 10 },
});

function input(overrides: Partial<OrderPlanInput> = {}): OrderPlanInput {
  return { side: 'BUY', top: TOP, spreadBps: SPREAD_BPS, volBps: 4, alphaBps: 100, inventoryLots: 0, params: PARAMS, instrument: INST, levels, ...overrides };
}

describe('cost parts', () => {
  it('latency buffer: vol × √(latency / vol window): 4 bps over 10 s, 100 ms → 0.4 bps', () => {
    expect(latencyBufferBps(4, 100, 10_000)).toBeCloseTo(0.4, 15);
    expect(latencyBufferBps(4, 0, 10_000)).toBe(0);
  });

  it('a maker order pays the maker fee, no half spread, no slippage, and adverse, latency and safety', () => {
    const plan = planOrder(input({ alphaBps: 3 }));
    expect(plan.intent.type).toBe('LIMIT_MAKER');
    expect(plan.costParts).toEqual({ fee: 1, halfSpread: 0, slippage: 0, adverseSelection: 1, latencyBuffer: expect.closeTo(0.4, 12) as number, safetyMargin: 0.5 });
    expect(plan.costBps).toBeCloseTo(2.9, 12);
  });

  it('an IOC pays the taker fee, half the spread and the walk of its size up to the cap', () => {
    // Cap 100.00 × 1.001 = 100.10; ⌊300 / 100.10 / 0.001⌋ = 2997 lots: 2000 at 100.00 and 997 at 100.05.
    const plan = planOrder(input({ alphaBps: 9 }));
    expect(plan.intent).toEqual({ type: 'LIMIT_IOC', side: 'BUY', priceTicks: 10_010, qtyLots: 2997 });
    const average = (2000 * 100 + 997 * 100.05) / 2997;
    const parts = plan.costParts as NonNullable<typeof plan.costParts>;
    expect(parts.fee).toBe(2);
    expect(parts.halfSpread).toBeCloseTo(SPREAD_BPS / 2, 12);
    expect(parts.slippage).toBeCloseTo(((average - 100) / 99.975) * 10_000, 9);
    expect([parts.adverseSelection, parts.safetyMargin]).toEqual([1, 0.5]);
    expect(parts.latencyBuffer).toBeCloseTo(0.4, 12);
    expect(plan.fillableFraction).toBe(1);
  });

  it('sums the parts to costBps, in the part order', () => {
    for (const alphaBps of [3, 9]) {
      const plan = planOrder(input({ alphaBps }));
      const parts = plan.costParts as NonNullable<typeof plan.costParts>;
      expect(plan.costBps).toBe(COST_PART_NAMES.reduce((sum, name) => sum + parts[name], 0));
      expect(plan.costBps).toBe(costBpsOf(parts));
    }
  });

  it('has no cost without a volatility (the latency buffer is unknown)', () => {
    const plan = planOrder(input({ volBps: null }));
    expect([plan.costParts, plan.costBps, plan.intent.type]).toEqual([null, null, 'LIMIT_MAKER']);
  });
});

describe('order type', () => {
  it('takes the IOC only when the edge clears the taker cost, else posts at the own touch', () => {
    const taker = planOrder(input({ alphaBps: 1000 })).takerCostBps as number;
    expect(planOrder(input({ alphaBps: taker + 1e-9 })).intent.type).toBe('LIMIT_IOC');
    const maker = planOrder(input({ alphaBps: taker }));
    expect(maker.intent).toEqual({ type: 'LIMIT_MAKER', side: 'BUY', priceTicks: 9995, qtyLots: 3001 });
    expect(maker.takerCostBps).toBe(taker);
    expect(planOrder(input({ alphaBps: null })).intent.type).toBe('LIMIT_MAKER');
  });

  it('never takes an IOC when IOCs are off', () => {
    const plan = planOrder(input({ params: paramsWith({ ...PARAMS, ioc: { enabled: false } }), alphaBps: 1e6 }));
    expect([plan.intent.type, plan.takerCostBps, plan.fillableFraction]).toEqual(['LIMIT_MAKER', null, null]);
  });

  it('sells inventory at the ask when passive, and never more than the inventory', () => {
    const plan = planOrder(input({ side: 'SELL', alphaBps: 0, inventoryLots: 500 }));
    expect(plan.intent).toEqual({ type: 'LIMIT_MAKER', side: 'SELL', priceTicks: 10_000, qtyLots: 500 });
  });

  it('walks the bids down to a sell IOC floor: 1 at 99.95 and 1.5 at 99.90', () => {
    const plan = planOrder(input({ side: 'SELL', alphaBps: 100, inventoryLots: 2500 }));
    // floor ⌈99.95 × 0.999⌉ = ⌈99.85005⌉ = 99.86
    expect(plan.intent).toEqual({ type: 'LIMIT_IOC', side: 'SELL', priceTicks: 9986, qtyLots: 2500 });
    expect(plan.costParts?.slippage).toBeCloseTo(((99.95 - 99.92) / 99.975) * 10_000, 9);
  });

  it('keeps the intended quantity when the cap cannot fill it, pricing only what fills', () => {
    const plan = planOrder(input({ params: paramsWith({ ...PARAMS, ioc: { maxBpsThroughTouch: 1 } }) }));
    // cap 100.01 (100.00 × 1.0001); ⌊300 / 100.01 / 0.001⌋ = 2999 lots, of which the 2 at 100.00 fill
    expect(plan.intent).toEqual({ type: 'LIMIT_IOC', side: 'BUY', priceTicks: 10_001, qtyLots: 2999 });
    expect(plan.fillableFraction).toBeCloseTo(2000 / 2999, 15);
    expect(plan.costParts?.slippage).toBe(0);
  });

  it('reads more levels while those read are inside the cap and do not fill the order', () => {
    const deep = Array.from({ length: 60 }, (_, i) => [10_000 + i, 100]).flat();
    const plan = planOrder(input({ levels: (side, n) => (side === 'ask' ? deep.slice(0, 2 * n) : BIDS), params: paramsWith({ ...PARAMS, orderNotional: '450', ioc: { maxBpsThroughTouch: 100 } }) }));
    // cap 101.00; ⌊450 / 101.00 / 0.001⌋ = 4455 lots: 44 levels of 100 and 55 of the 45th (100.00 … 100.44)
    expect(plan.intent).toMatchObject({ priceTicks: 10_100, qtyLots: 4455 });
    expect(plan.fillableFraction).toBe(1);
  });
});

describe('cap and quantity rounding', () => {
  it('rounds a buy cap down and a sell cap up to the tick', () => {
    expect(iocCapTicks('BUY', TOP, 1)).toBe(10_001);
    expect(iocCapTicks('BUY', TOP, 1.5)).toBe(10_001); // 10001.5 → 10001
    expect(iocCapTicks('SELL', TOP, 1)).toBe(9995); // 9994.0005 → 9995: never through the touch by more than allowed
    expect(iocCapTicks('SELL', TOP, 1.5)).toBe(9994); // 9993.50075 → 9994
    expect(iocCapTicks('BUY', TOP, 0)).toBe(10_000);
  });

  it('rounds the quantity down to whole lots, exactly at a boundary', () => {
    expect(orderLots('100', 9995, INST)).toBe(1000); // 1000.50…
    expect(orderLots('99.95', 9995, INST)).toBe(1000); // exactly 1000, not 999
    expect(orderLots('99.949', 9995, INST)).toBe(999);
    expect(orderLots('0.09', 10_000, INST)).toBe(0);
  });

  it('gives the cap and the quantity of the exact decimal quotient, floored or ceiled, for any sizes, notional and bps', () => {
    // The definitions in decimal.js at a precision no input here can exhaust: what the integer arithmetic must equal.
    const Ref = Decimal.clone({ precision: 200 });
    const decimalText = (units: number, decimals: number): string => new Ref(units).div(new Ref(10).pow(decimals)).toFixed();
    const sizes = fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 8 })).map(([u, d]) => decimalText(u, d));
    fc.assert(
      fc.property(
        sizes,
        sizes,
        fc.tuple(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 6 })).map(([u, d]) => decimalText(u, d)),
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.oneof(fc.double({ min: 0, max: 1000, noNaN: true }), fc.integer({ min: 0, max: 1000 }), fc.constantFrom(0.1, 2.5, 1e-7, 999.999)),
        (tickSize, lotSize, notional, ticks, maxBps) => {
          const inst = createInstrument({ product: 'spot', symbol: 'PROPUSDT', tickSize, lotSize, source: 'flags' });
          const lots = new Ref(notional).div(new Ref(ticks).times(tickSize).times(lotSize)).floor().toNumber();
          expect(orderLots(notional, ticks, inst)).toBe(lots);
          const top = { bidTicks: ticks, askTicks: ticks + 1 };
          expect(iocCapTicks('BUY', top, maxBps)).toBe(new Ref(ticks + 1).times(new Ref(maxBps).plus(10_000)).div(10_000).floor().toNumber());
          expect(iocCapTicks('SELL', top, maxBps)).toBe(Math.max(1, new Ref(ticks).times(new Ref(10_000).minus(maxBps)).div(10_000).ceil().toNumber()));
        },
      ),
      { seed: 16, numRuns: 2000 },
    );
  });

  it('gives the intent notional exactly', () => {
    expect(intentNotional({ priceTicks: 10_001, qtyLots: 2999 }, INST)).toBe('299.92999');
    expect(intentNotional({ priceTicks: 9995, qtyLots: 1000 }, INST)).toBe('99.95');
  });
});
