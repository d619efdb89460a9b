// The console's one number formatter: a value is written in the most precise true form that fits its
// cells — fewer decimals, then k/M/G/T or an exponent, then '…' — and never cut into another number.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmtDecimal, fmtNumber, fmtQty, numberForms, type NumberStyle } from '../../src/tui/panes/number.js';
import { anyNumber, shownTrue } from './truth.js';

describe('fmtNumber', () => {
  it('writes every value true in at most its width (property over values, widths and styles)', () => {
    fc.assert(
      fc.property(anyNumber, fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 6 }), fc.constantFrom<NumberStyle['tiny']>('digits', 'bound'), (v, width, decimals, tiny) => {
        const text = fmtNumber(v, width, { decimals, tiny });
        expect(text.length).toBeLessThanOrEqual(width);
        if (width >= 1) expect(text).not.toBe('');
        if (text !== '') expect(shownTrue(text, v), `${v} as ${JSON.stringify(text)}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('offers forms from the most precise to the shortest, each true and strictly narrower', () => {
    fc.assert(
      fc.property(anyNumber, fc.integer({ min: 0, max: 6 }), (v, decimals) => {
        const forms = numberForms(v, { decimals, tiny: 'digits' });
        forms.forEach((f, i) => {
          expect(shownTrue(f, v), `${v} as ${f}`).toBe(true);
          if (i > 0) expect(f.length).toBeLessThan(forms[i - 1]?.length ?? Infinity);
        });
      }),
    );
  });

  it('keeps one significant digit of a value below the shown precision (a spread of 0.002 bps)', () => {
    expect(fmtNumber(0.002, 8, { decimals: 1, tiny: 'digits' })).toBe('0.002');
    expect(fmtNumber(0.0016, 8, { decimals: 3, tiny: 'digits' })).toBe('0.002');
    expect(fmtNumber(-0.0002, 8, { decimals: 3, tiny: 'digits' })).toBe('-0.0002');
    expect(fmtNumber(0.0002, 4, { decimals: 3, tiny: 'digits' })).toBe('2e-4');
    expect(fmtNumber(0, 8, { decimals: 3 })).toBe('0.000');
  });

  it('drops decimals, then uses suffixes, then the overflow marker — never a cut number', () => {
    expect(fmtNumber(35293.75, 8, { decimals: 2 })).toBe('35293.75');
    expect(fmtNumber(35293.75, 7, { decimals: 2 })).toBe('35293.8');
    expect(fmtNumber(35293.75, 5, { decimals: 2 })).toBe('35294');
    expect(fmtNumber(35293.75, 4, { decimals: 2 })).toBe('35k');
    expect(fmtNumber(-12.3456, 4, { decimals: 4 })).toBe('-12');
    expect(fmtNumber(8.3665, 3, { decimals: 4 })).toBe('8.4');
    expect(fmtNumber(246.6, 3, { decimals: 0 })).toBe('247');
    expect(fmtNumber(-12345, 2, { decimals: 0 })).toBe('…');
    expect(fmtNumber(NaN, 5, { decimals: 2 })).toBe('-');
  });
});

describe('fmtQty and fmtDecimal', () => {
  it('write sizes with up to 3 decimals, blank for 0 and a bound for a tiny size', () => {
    expect(fmtQty(0, 6)).toBe('');
    expect(fmtQty(0.0004, 6)).toBe('<.001');
    expect(fmtQty(4.4634, 6)).toBe('4.463');
    expect(fmtQty(126.146, 5)).toBe('126.1');
    expect(fmtQty(1_234_567, 6)).toBe('1235k');
    expect(fmtQty(1_234_567, 4)).toBe('1.2M');
  });

  it('write an exact price whole when it fits, else shorter but true', () => {
    expect(fmtDecimal('61853.88', 8)).toBe('61853.88');
    expect(fmtDecimal('61853.88', 6)).toBe('61854');
    expect(fmtDecimal('61853.88', 4)).toBe('62k');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 16 }), (n, d, width) => {
        const price = (n / 10 ** d).toFixed(d);
        const text = fmtDecimal(price, width);
        expect(text.length).toBeLessThanOrEqual(width);
        expect(shownTrue(text, Number(price)), `${price} as ${text}`).toBe(true);
      }),
    );
  });
});
