// recording/header-rules: checks the optional `rules` field of a recording header (each symbol's order
// rules from exchangeInfo, model/symbol-rules.ts) as it is read, so a replay hands on only well-formed
// rules. Knows the shape of SymbolRules, nothing of Binance's wire format.

import { RULE_FIELDS, readRuleFields, type Product, type SymbolRules } from '../model/index.js';

/** Throws an Error saying what is wrong with `rules`; returns them typed when they are well formed. */
export function checkHeaderRules(value: unknown, product: Product, symbols: readonly unknown[]): readonly SymbolRules[] {
  if (!Array.isArray(value)) throw new Error('header has malformed rules: expected a list of symbol rules');
  for (const [i, rules] of value.entries()) {
    const problem = problemOf(rules, product, symbols);
    if (problem !== null) {
      const symbol = (rules as { symbol?: unknown } | null)?.symbol;
      throw new Error(`header has malformed rules: rules[${i}]${typeof symbol === 'string' ? ` (${symbol})` : ''}: ${problem}`);
    }
  }
  return value as SymbolRules[];
}

function problemOf(value: unknown, product: Product, symbols: readonly unknown[]): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const r = value as Record<string, unknown>;
  if (r['product'] !== product) return `product ${JSON.stringify(r['product'])} is not the header's ${product}`;
  if (typeof r['symbol'] !== 'string' || !symbols.includes(r['symbol'])) return `symbol ${JSON.stringify(r['symbol'])} is not one of the header's symbols`;
  for (const key of ['status', 'baseAsset', 'quoteAsset']) {
    if (typeof r[key] !== 'string') return `field "${key}" must be a string`;
  }
  const counts = ['quantityPrecision', ...(product === 'usdm' ? ['pricePrecision'] : [])];
  for (const key of [...counts, 'maxNumOrders', 'maxNumAlgoOrders']) {
    const v = r[key];
    if (v === undefined && !counts.includes(key)) continue;
    if (!Number.isSafeInteger(v) || (v as number) < 0) return `field "${key}" must be a whole number`;
  }
  const other = r['otherFilters'];
  if (!Array.isArray(other) || !other.every((t) => typeof t === 'string')) return 'field "otherFilters" must be a list of filter types';
  for (const [rule, fields] of Object.entries(RULE_FIELDS[product])) {
    if (r[rule] === undefined) continue;
    const read = readRuleFields(r[rule], fields);
    if (typeof read === 'string') return `${rule}: ${read}`;
  }
  return null;
}
