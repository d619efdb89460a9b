// Instruments and exact units: decimal strings to integer ticks and lots and back, for power-of-ten sizes
// (what Binance uses today) and for other sizes (0.5, 0.25, 0.005), which need a divisibility check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnitError } from '../../src/core/index.js';
import {
  createInstrument,
  lotsToQty,
  priceToTicks,
  qtyToLots,
  ticksToPrice,
  type Instrument,
} from '../../src/model/index.js';

const SEED = 20240809;

function instrument(tickSize: string, lotSize: string, symbol = 'BTCUSDT'): Instrument {
  return createInstrument({ product: 'spot', symbol, tickSize, lotSize, source: 'test' });
}

const BTC = instrument('0.01', '0.00000001');

describe('createInstrument', () => {
  it('normalizes the sizes it is given ("0.0100" becomes "0.01")', () => {
    const inst = instrument('0.0100', '0.00100000');
    expect(inst.tickSize).toBe('0.01');
    expect(inst.lotSize).toBe('0.001');
    expect(inst.priceDecimals).toBe(2);
    expect(inst.tickUnits).toBe(1);
    expect(inst.qtyDecimals).toBe(3);
    expect(inst.lotUnits).toBe(1);
  });

  it('describes a non-power-of-ten size as units of its last decimal place', () => {
    const inst = instrument('0.25', '0.005');
    expect(inst.priceDecimals).toBe(2);
    expect(inst.tickUnits).toBe(25);
    expect(inst.qtyDecimals).toBe(3);
    expect(inst.lotUnits).toBe(5);
    expect(instrument('10', '1').tickUnits).toBe(10);
  });

  it('keeps the product, symbol and source of its spec', () => {
    expect(BTC.product).toBe('spot');
    expect(BTC.symbol).toBe('BTCUSDT');
    expect(BTC.source).toBe('test');
  });

  it.each(['0', '-1', 'abc', '', '0.000', '-0.01', '0x10', '1e-8', ' 0.01', '.5'])('rejects the tick size %j with a UnitError naming the symbol', (size) => {
    expect(() => instrument(size, '1', 'ETHUSDT')).toThrow(UnitError);
    expect(() => instrument(size, '1', 'ETHUSDT')).toThrow(/^ETHUSDT: tickSize /);
  });

  it.each(['0', '-1', 'abc'])('rejects the lot size %j with a UnitError naming the symbol', (size) => {
    expect(() => instrument('0.01', size, 'ETHUSDT')).toThrow(UnitError);
    expect(() => instrument('0.01', size, 'ETHUSDT')).toThrow(/^ETHUSDT: lotSize /);
  });
});

describe('priceToTicks and qtyToLots with power-of-ten sizes', () => {
  it('convert wire strings to integer ticks and lots', () => {
    expect(priceToTicks(BTC, '61737.63000000')).toBe(6173763);
    expect(priceToTicks(BTC, '61737.6')).toBe(6173760);
    expect(priceToTicks(BTC, '61737')).toBe(6173700);
    expect(qtyToLots(BTC, '0.00000001')).toBe(1);
    expect(qtyToLots(BTC, '3.78826000')).toBe(378826000);
    expect(qtyToLots(BTC, '0.00000000')).toBe(0);
  });

  it('reject a price finer than the tick with a UnitError naming the symbol and the tick size', () => {
    expect(() => priceToTicks(BTC, '61737.635')).toThrow(UnitError);
    expect(() => priceToTicks(BTC, '61737.635')).toThrow(/BTCUSDT: price "61737\.635".*tickSize 0\.01/);
  });

  it('reject a quantity finer than the lot with a UnitError naming the symbol and the lot size', () => {
    expect(() => qtyToLots(BTC, '0.000000001')).toThrow(UnitError);
    expect(() => qtyToLots(BTC, '0.000000001')).toThrow(/BTCUSDT: quantity "0\.000000001".*lotSize 0\.00000001/);
  });

  it('reject text that is not a number with a UnitError naming the symbol', () => {
    expect(() => priceToTicks(BTC, 'abc')).toThrow(/BTCUSDT: price "abc" is not a decimal number/);
    expect(() => qtyToLots(BTC, '1e-8')).toThrow(/BTCUSDT: quantity "1e-8" is not a decimal number/);
  });
});

describe('priceToTicks and qtyToLots with other sizes', () => {
  const HALF = instrument('0.5', '0.005', 'HALFUSDT');
  const QUARTER = instrument('0.25', '1', 'QUARTERUSDT');

  it('convert multiples of the size', () => {
    expect(priceToTicks(HALF, '61737.5')).toBe(123475);
    expect(priceToTicks(HALF, '61737.00')).toBe(123474);
    expect(priceToTicks(QUARTER, '1.75')).toBe(7);
    expect(priceToTicks(QUARTER, '100')).toBe(400);
    expect(qtyToLots(HALF, '0.010')).toBe(2);
    expect(qtyToLots(HALF, '1.005')).toBe(201);
    expect(qtyToLots(HALF, '0')).toBe(0);
  });

  it('reject a price that is not a multiple of the tick, naming the symbol and the tick size', () => {
    expect(() => priceToTicks(HALF, '61737.3')).toThrow(UnitError);
    expect(() => priceToTicks(HALF, '61737.3')).toThrow('HALFUSDT: price "61737.3" is not a multiple of tickSize 0.5');
    expect(() => priceToTicks(QUARTER, '1.10')).toThrow('QUARTERUSDT: price "1.10" is not a multiple of tickSize 0.25');
  });

  it('reject a price finer than the tick’s last decimal place, naming the symbol and the tick size', () => {
    expect(() => priceToTicks(HALF, '1.55')).toThrow(UnitError);
    expect(() => priceToTicks(HALF, '1.55')).toThrow(/HALFUSDT: price "1\.55".*tickSize 0\.5/);
  });

  it('reject a quantity that is not a multiple of the lot, naming the symbol and the lot size', () => {
    expect(() => qtyToLots(HALF, '0.006')).toThrow(UnitError);
    expect(() => qtyToLots(HALF, '0.006')).toThrow('HALFUSDT: quantity "0.006" is not a multiple of lotSize 0.005');
    expect(() => qtyToLots(HALF, '0.0051')).toThrow(/HALFUSDT: quantity "0\.0051".*lotSize 0\.005/);
  });
});

describe('ticksToPrice and lotsToQty', () => {
  it('write exact decimal strings with the size’s decimal places', () => {
    expect(ticksToPrice(BTC, 6173763)).toBe('61737.63');
    expect(lotsToQty(BTC, 1)).toBe('0.00000001');
    expect(ticksToPrice(instrument('0.5', '0.005'), 123475)).toBe('61737.5');
    expect(lotsToQty(instrument('0.5', '0.005'), 201)).toBe('1.005');
  });

  it('round-trip exactly with priceToTicks and qtyToLots for any sizes and counts', () => {
    const size = fc
      .tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 8 }))
      .map(([units, decimals]) => (decimals === 0 ? String(units) : (units / 10 ** decimals).toFixed(decimals)));
    fc.assert(
      fc.property(size, size, fc.integer({ min: -1e6, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), (tick, lot, ticks, lots) => {
        const inst = instrument(tick, lot);
        const price = ticksToPrice(inst, ticks);
        const qty = lotsToQty(inst, lots);
        expect(priceToTicks(inst, price)).toBe(ticks);
        expect(qtyToLots(inst, qty)).toBe(lots);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
