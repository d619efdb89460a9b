// tui/panes/number: the one way the console writes a number into a few cells. A value is never cut (a
// cut number reads as another number): it is written shorter but true — fewer decimals, then k / M / G /
// T suffixes or an exponent — and when nothing true fits, as '…', which no one reads as a number.
//
//   numberForms(0.002, { decimals: 1 })   → ['0.002', '2e-3', '…']    a value below the shown precision
//                                                                      keeps one significant digit
//   numberForms(35293.75, { decimals: 2 }) → ['35293.75', '35293.8', '35294', '35.29k', '35.3k', '35k', '…']
//   fmtNumber(35293.75, 5, { decimals: 2 }) → '35.3k'
//
// Every form other than '…' parses back (suffix and exponent included) to the value within half a unit of
// its last digit, and a value that is not zero never shows as zero.

export interface NumberStyle {
  /** Decimals of the most precise form. */
  readonly decimals: number;
  /**
   * A value whose most precise form would read as zero: 'digits' adds decimals (and then an exponent) until
   * it shows one significant digit; 'bound' writes '<' and the smallest printable step ('<.001').
   */
  readonly tiny?: 'digits' | 'bound';
  /** What zero is written as (default: zero at each precision, '0.000', '0.00', ...). */
  readonly zero?: string;
}

/** The overflow marker: what a number becomes when no true form fits. */
export const OVERFLOW = '…';

const SUFFIXES: readonly (readonly [number, string])[] = [
  [1e3, 'k'],
  [1e6, 'M'],
  [1e9, 'G'],
  [1e12, 'T'],
];

/** A value read as zero at this many decimals (toFixed gives "-0.00" for tiny negatives). */
function readsAsZero(text: string): boolean {
  return Number(text) === 0;
}

/** `v.toExponential(d)` without '+' in the exponent ('2e-3', '1.5e21'). */
function exponent(v: number, d: number): string {
  return v.toExponential(d).replace('e+', 'e');
}

/**
 * Every true way to write `v`, most precise (widest) first, each strictly narrower than the one before,
 * ending with the overflow marker (except for non-numbers, written '-', and zero in the `zero` style).
 */
export function numberForms(v: number, style: NumberStyle): string[] {
  const decimals = Math.max(0, Math.min(20, Math.floor(style.decimals)));
  if (Number.isNaN(v)) return ['-'];
  if (!Number.isFinite(v)) return v > 0 ? ['∞'] : ['-∞', OVERFLOW];
  const out: string[] = [];
  const add = (s: string): void => {
    const last = out[out.length - 1];
    if (last === undefined || s.length < last.length) out.push(s);
  };
  if (v === 0) {
    if (style.zero !== undefined) return [style.zero];
    for (let d = decimals; d >= 0; d--) add((0).toFixed(d));
    return out;
  }
  const a = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  if (readsAsZero(v.toFixed(decimals))) {
    // Below the shown precision: one significant digit, never a zero.
    if (style.tiny === 'bound') {
      if (v > 0) for (let d = decimals; d >= 1; d--) add(`<${(10 ** -d).toFixed(d).replace(/^0/, '')}`);
      else add(exponent(v, 0));
    } else {
      for (let d = decimals + 1; d <= 20; d++) {
        const s = v.toFixed(d);
        if (!readsAsZero(s)) {
          add(s);
          break;
        }
      }
      add(exponent(v, 1));
      add(exponent(v, 0));
    }
    add(OVERFLOW);
    return out;
  }
  for (let d = decimals; d >= 0; d--) {
    const s = v.toFixed(d);
    if (readsAsZero(s)) break;
    // toFixed writes very large numbers with an exponent; those are handled below.
    if (!s.includes('e')) add(s);
  }
  for (const [div, suffix] of SUFFIXES) {
    if (a < div) break;
    for (let d = 2; d >= 0; d--) {
      const s = (a / div).toFixed(d);
      if (!s.includes('e')) add(`${sign}${s}${suffix}`);
    }
  }
  if (a >= 1e15) {
    add(exponent(v, 2));
    add(exponent(v, 1));
    add(exponent(v, 0));
  }
  add(OVERFLOW);
  return out;
}

/** The most precise true form of `v` in at most `width` cells ('' when there is no room at all). */
export function fmtNumber(v: number, width: number, style: NumberStyle): string {
  if (width <= 0) return '';
  for (const s of numberForms(v, style)) if (s.length <= width) return s;
  return '';
}

const QTY_STYLE: NumberStyle = { decimals: 3, tiny: 'bound', zero: '' };

/** A size in at most `width` cells: as many decimals (up to 3) as fit, then suffixes; '' for 0; '<.001' for a tiny size. */
export function fmtQty(qty: number, width: number): string {
  return fmtNumber(qty, width, QTY_STYLE);
}

/** Decimals of a decimal string ('61824.01' → 2). */
export function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** An exact decimal string (a price) in at most `width` cells: itself when it fits, else its shorter true forms. */
export function fmtDecimal(text: string, width: number): string {
  if (text.length <= width) return text;
  const v = Number(text);
  if (!Number.isFinite(v)) return width >= 1 ? OVERFLOW : '';
  return fmtNumber(v, width, { decimals: decimalsOf(text) });
}
