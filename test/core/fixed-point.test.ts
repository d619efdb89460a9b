// Exact decimal parsing and formatting (core/fixed-point), the running digest and the manual clock.
// Property tests use fixed seeds so every run checks the same cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RunningDigest,
  UnitError,
  decimalPlaces,
  formatScaled,
  parseScaled,
  significantDecimalPlaces,
} from '../../src/core/index.js';

const SEED = 20240808;

describe('parseScaled', () => {
  it('reads "61737.63000000" at 2 decimals as 6173763', () => {
    expect(parseScaled('61737.63000000', 2)).toBe(6173763);
  });

  it('reads integers written without a dot, scaled to the requested decimals', () => {
    expect(parseScaled('42', 0)).toBe(42);
    expect(parseScaled('42', 3)).toBe(42000);
    expect(parseScaled('0', 8)).toBe(0);
  });

  it('reads "0.00000001" at 8 decimals as 1', () => {
    expect(parseScaled('0.00000001', 8)).toBe(1);
  });

  it('pads a fraction shorter than the requested decimals', () => {
    expect(parseScaled('1.5', 3)).toBe(1500);
    expect(parseScaled('0.1', 1)).toBe(1);
  });

  it('accepts trailing zeros beyond the requested decimals', () => {
    expect(parseScaled('1.2300000000', 2)).toBe(123);
    expect(parseScaled('7.000', 0)).toBe(7);
  });

  it('rejects a non-zero digit beyond the requested decimals with a UnitError naming the text', () => {
    expect(() => parseScaled('1.231', 2)).toThrow(UnitError);
    expect(() => parseScaled('1.231', 2)).toThrow('"1.231" has more than 2 decimal places');
    expect(() => parseScaled('1.2300001', 2)).toThrow(UnitError);
    expect(() => parseScaled('0.5', 0)).toThrow(UnitError);
  });

  it('reads negative numbers', () => {
    expect(parseScaled('-1.5', 2)).toBe(-150);
    expect(parseScaled('-61737.63', 2)).toBe(-6173763);
    expect(parseScaled('-3', 0)).toBe(-3);
  });

  it('reads a negative zero as a plain zero, so the digest cannot tell "-0" from "0"', () => {
    expect(Object.is(parseScaled('-0', 0), 0)).toBe(true);
    expect(Object.is(parseScaled('-0.00', 2), 0)).toBe(true);
  });

  it.each(['', '.', '-', '-.', '1.2.3', '1e5', ' 1', '1 ', 'abc', '+1', '--1', '1,5', '0x10'])(
    'rejects %j as not a decimal number',
    (text) => {
      expect(() => parseScaled(text, 2)).toThrow(UnitError);
    },
  );

  it('says what is wrong with a string that is not a decimal number', () => {
    expect(() => parseScaled('1e5', 0)).toThrow('"1e5" is not a decimal number');
  });

  it('rejects results that are not safe integers instead of rounding them', () => {
    expect(() => parseScaled('99999999999999999', 0)).toThrow(UnitError);
    expect(() => parseScaled('99999999999999999', 0)).toThrow('too large to represent exactly');
    expect(() => parseScaled('90071992547.40993', 5)).toThrow(UnitError);
    expect(() => parseScaled('-99999999999999999', 0)).toThrow(UnitError);
  });

  it('accepts the largest safe integer exactly', () => {
    expect(parseScaled(String(Number.MAX_SAFE_INTEGER), 0)).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseScaled('90071992.54740991', 8)).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('formatScaled', () => {
  it('writes exactly `decimals` places, padding with leading zeros', () => {
    expect(formatScaled(6173763, 2)).toBe('61737.63');
    expect(formatScaled(1, 8)).toBe('0.00000001');
    expect(formatScaled(0, 3)).toBe('0.000');
    expect(formatScaled(-150, 2)).toBe('-1.50');
    expect(formatScaled(-5, 3)).toBe('-0.005');
    expect(formatScaled(42, 0)).toBe('42');
  });

  it('rejects a value that is not a safe integer', () => {
    expect(() => formatScaled(1.5, 2)).toThrow(UnitError);
    expect(() => formatScaled(2 ** 53, 0)).toThrow(UnitError);
  });

  it('round-trips through parseScaled for every safe integer and 0..8 decimals', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 0, max: 8 }), (value, decimals) => {
        const text = formatScaled(value, decimals);
        expect(decimalPlaces(text)).toBe(decimals);
        expect(parseScaled(text, decimals)).toBe(value);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

describe('decimalPlaces and significantDecimalPlaces', () => {
  it('counts the decimal places written', () => {
    expect(decimalPlaces('0.010')).toBe(3);
    expect(decimalPlaces('61737.63000000')).toBe(8);
    expect(decimalPlaces('100')).toBe(0);
    expect(decimalPlaces('5.')).toBe(0);
  });

  it('counts only the decimal places up to the last non-zero digit', () => {
    expect(significantDecimalPlaces('0.010')).toBe(2);
    expect(significantDecimalPlaces('5.000')).toBe(0);
    expect(significantDecimalPlaces('61737.63000000')).toBe(2);
    expect(significantDecimalPlaces('61800.20')).toBe(1);
    expect(significantDecimalPlaces('100')).toBe(0);
    expect(significantDecimalPlaces('0.00000001')).toBe(8);
  });
});

describe('RunningDigest', () => {
  type Step = { n: number } | { s: string };
  const digestOf = (steps: readonly Step[]): string => {
    const digest = new RunningDigest();
    for (const step of steps) {
      if ('n' in step) digest.add(step.n);
      else digest.addString(step.s);
    }
    return digest.hex();
  };
  // More numbers than the digest's internal buffer holds, so flushing is exercised too.
  const base: Step[] = [
    ...Array.from({ length: 70 }, (_, i) => ({ n: i * 1.5 - 3 })),
    { s: 'bookSynced|BTCUSDT|synced' },
    { n: 6173763 },
    { n: 12 },
    { s: 'gapDetected||' },
    { n: -1 },
  ];

  it('gives the same hex for the same inputs', () => {
    expect(digestOf(base)).toBe(digestOf(base));
    expect(digestOf(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives a different hex when any single number changes', () => {
    const reference = digestOf(base);
    for (let i = 0; i < base.length; i++) {
      const step = base[i] as Step;
      if (!('n' in step)) continue;
      const changed = base.map((s, j) => (j === i ? { n: step.n + 1 } : s));
      expect(digestOf(changed), `number at ${i}`).not.toBe(reference);
    }
  });

  it('gives a different hex when two numbers swap places', () => {
    const swapped = [...base];
    [swapped[71], swapped[72]] = [swapped[72] as Step, swapped[71] as Step];
    expect(digestOf(swapped)).not.toBe(digestOf(base));
    expect(digestOf([{ n: 1 }, { n: 2 }])).not.toBe(digestOf([{ n: 2 }, { n: 1 }]));
  });

  it('gives a different hex when a string changes, even by one character', () => {
    const changed = base.map((s, j) => (j === 70 ? { s: 'bookSynced|BTCUSDT|synceD' } : s));
    expect(digestOf(changed)).not.toBe(digestOf(base));
  });

  it('tells apart strings split at different places', () => {
    expect(digestOf([{ s: 'ab' }, { s: 'c' }])).not.toBe(digestOf([{ s: 'a' }, { s: 'bc' }]));
  });

  it('gives a different hex when an input is left out', () => {
    expect(digestOf(base.slice(0, -1))).not.toBe(digestOf(base));
  });
});
