// The simulator's exchange filters as Binance documents them today (binance-spot-api-docs, filters.md):
// PRICE_FILTER wants `price % tickSize == 0` and LOT_SIZE `quantity % stepSize == 0` — multiples of the
// step counted from zero, not from minPrice / minQty (the wording of older docs).
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { createInstrument, type SpotSymbolRules } from '../../src/model/index.js';
import { orderFilterFailure } from '../../src/sim/index.js';

const INST = createInstrument({ product: 'spot', symbol: 'ABCUSDT', tickSize: '0.005', lotSize: '0.05', source: 'flags' });

function rules(edit: Partial<SpotSymbolRules> = {}): SpotSymbolRules {
  return {
    product: 'spot',
    symbol: 'ABCUSDT',
    status: 'TRADING',
    baseAsset: 'ABC',
    quoteAsset: 'USDT',
    quantityPrecision: 8,
    priceFilter: { minPrice: '0.015', maxPrice: '1000', tickSize: '0.01' },
    lotSize: { minQty: '0.15', maxQty: '1000', stepSize: '0.1' },
    otherFilters: [],
    ...edit,
  };
}

const noAverage = (): Decimal | null => null;

describe('orderFilterFailure: the tick and step grids start at zero', () => {
  it('passes a price that is a multiple of tickSize even when minPrice is not', () => {
    // 0.02 = 2 × 0.01; (0.02 − 0.015) is not a multiple of 0.01
    expect(orderFilterFailure(rules(), INST, 'buy', 4, 10, noAverage)).toBeNull();
  });

  it('refuses a price that is off the tick grid even when it is a whole number of ticks above minPrice', () => {
    // 0.025 − 0.015 = 0.01, but 0.025 is not a multiple of 0.01
    expect(orderFilterFailure(rules(), INST, 'buy', 5, 10, noAverage)).toBe('Filter failure: PRICE_FILTER');
  });

  it('passes a quantity that is a multiple of stepSize even when minQty is not, and refuses one off the step grid', () => {
    // 0.2 = 2 × 0.1 passes; 0.25 (0.15 + 0.1) does not
    expect(orderFilterFailure(rules(), INST, 'buy', 4, 4, noAverage)).toBeNull();
    expect(orderFilterFailure(rules(), INST, 'buy', 4, 5, noAverage)).toBe('Filter failure: LOT_SIZE');
  });

  it('still refuses a price below minPrice and a quantity below minQty', () => {
    expect(orderFilterFailure(rules(), INST, 'buy', 2, 10, noAverage)).toBe('Filter failure: PRICE_FILTER'); // 0.01
    expect(orderFilterFailure(rules(), INST, 'buy', 4, 2, noAverage)).toBe('Filter failure: LOT_SIZE'); // 0.1
  });
});
