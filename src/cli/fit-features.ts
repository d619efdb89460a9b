// cli/fit-features: which columns of `flowdesk features` a fit may use, and the default set — book
// imbalance over 1, 5 and 10 levels and within 10 bps, the micro-price edge, the notional imbalance of the
// top 10 levels, touch OFI and trade-flow imbalance over 1 s and 10 s, VWAP deviation and realized
// volatility over 10 s. A fit uses a column only if it is a number in every row with a healthy book:
// identifiers, text and prices that are empty without trades or history are refused, naming the column to
// use instead.

import { InvalidOptionValue } from '../config/index.js';
import { UsageError } from '../core/index.js';

export const DEFAULT_FIT_FEATURES = [
  'obi_1',
  'obi_5',
  'obi_10',
  'obi_10bps',
  'microprice_edge_bps',
  'notional_imbalance_10',
  'ofi_1s',
  'ofi_10s',
  'tfi_1s',
  'tfi_10s',
  'vwap_dev_bps_10s',
  'realized_vol_bps_10s',
] as const;

const REFUSED: readonly (readonly [RegExp, string])[] = [
  [/^(ts_ms|symbol)$/, 'identifies the row'],
  [/^healthy$/, 'is 1 in every row a fit uses'],
  [/^notional_signal_10$/, 'is text (notional_imbalance_10 is the number behind it)'],
  [/^microprice$/, 'is a price, empty while the micro-price has no history (use microprice_edge_bps)'],
  [/^(session_vwap|vpoc_session|value_area_low_session|value_area_high_session|vpoc_10s)$/, 'is a price, empty before the first trade'],
  [/^vwap_\d+(ms|s)$/, 'is a price, empty without trades in its window (use vwap_dev_bps of the same window)'],
];

/** "obi_1,ofi_10s" → distinct names, in order (checked against the columns later: they depend on --interval). */
export function parseFeatureList(text: string): string[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new InvalidOptionValue('no feature');
  for (const name of names) if (!/^[a-z0-9_]+$/.test(name)) throw new InvalidOptionValue(`"${name}" is not a column name`);
  const twice = names.find((s, i) => names.indexOf(s) !== i);
  if (twice !== undefined) throw new InvalidOptionValue(`${twice} is named twice`);
  return names;
}

/** The column index of each feature; a usage error for a name that is not a column or not usable. */
export function featureIndices(columns: readonly string[], names: readonly string[], intervalLabel: string): number[] {
  return names.map((name) => {
    const refused = REFUSED.find(([pattern]) => pattern.test(name));
    if (refused !== undefined) throw new UsageError(`fit: --features: ${name} ${refused[1]}`);
    const index = columns.indexOf(name);
    if (index < 0) throw new UsageError(`fit: --features: ${name} is not a column of flowdesk features at --interval ${intervalLabel} (docs/FEATURES.md lists them)`);
    return index;
  });
}
