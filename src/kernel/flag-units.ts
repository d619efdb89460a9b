// kernel/flag-units: units given by --tick-size / --lot-size must fit the data. A price that is not a whole
// number of the given ticks makes every message that carries it malformed (tens of thousands of warnings,
// a book that never syncs), so the first sample message that parses with the data's own units but not
// with the flags' stops the run before it starts: a usage error naming the flag and the price.

import { UnitError, UsageError } from '../core/index.js';
import { createInstrument, instrumentKey, symbolOfStream, type Instrument, type InstrumentSpec, type RawMessage } from '../model/index.js';
import { isMalformedMessageError, parseRawMessage, type InstrumentLookup } from '../venue/index.js';

export interface FlagUnits {
  readonly tickSize?: string;
  readonly lotSize?: string;
}

/**
 * Throws a UsageError when the flags' units are no units at all, or when a sample message does not parse
 * with them though it does with `own`, the data's own units (a recording's header, or those inferred).
 */
export function checkFlagUnits(path: string, flags: FlagUnits, own: readonly InstrumentSpec[], sample: readonly RawMessage[]): void {
  if (flags.tickSize === undefined && flags.lotSize === undefined) return;
  const withTick = own.map((spec) => ({ ...spec, tickSize: flags.tickSize ?? spec.tickSize }));
  const withBoth = withTick.map((spec) => ({ ...spec, lotSize: flags.lotSize ?? spec.lotSize }));
  const ownUnits = lookup(own);
  const tickUnits = lookup(withTick, 'tick-size', flags.tickSize);
  const flagUnits = lookup(withBoth, 'lot-size', flags.lotSize);
  for (const raw of sample) {
    if (unitProblem(raw, ownUnits) !== null) continue; // malformed whatever the units: not the flags' doing
    const tickProblem = unitProblem(raw, tickUnits);
    const problem = tickProblem ?? unitProblem(raw, flagUnits);
    if (problem === null) continue;
    const tick = tickProblem !== null;
    const symbol = symbolOfStream(raw.stream);
    const spec = own.find((s) => s.product === raw.product && s.symbol === symbol);
    const fit = spec === undefined ? '' : `; the data's own ${tick ? 'prices fit --tick-size' : 'quantities fit --lot-size'} ${tick ? spec.tickSize : spec.lotSize}`;
    throw new UsageError(`--${tick ? 'tick-size' : 'lot-size'} ${tick ? flags.tickSize : flags.lotSize} does not fit ${path}: ${problem}${fit}`);
  }
}

/** The specs as an instrument lookup; a flag value that makes no instrument is a UsageError naming it. */
function lookup(specs: readonly InstrumentSpec[], flag?: string, value?: string): InstrumentLookup {
  const byKey = new Map<string, Instrument>();
  for (const spec of specs) {
    try {
      byKey.set(instrumentKey(spec.product, spec.symbol), createInstrument(spec));
    } catch (error) {
      if (error instanceof UnitError && flag !== undefined) throw new UsageError(`--${flag} ${value ?? ''}: ${error.message}`);
      throw error;
    }
  }
  return (product, symbol) => byKey.get(instrumentKey(product, symbol));
}

/** Why a message does not parse with these units; null when it does. */
function unitProblem(raw: RawMessage, units: InstrumentLookup): string | null {
  try {
    parseRawMessage(raw, units);
    return null;
  } catch (error) {
    if (isMalformedMessageError(error)) return error.message;
    throw error;
  }
}
