// The default strategy parameter at a dotted path ("risk.maxOrderNotional"), for the tests that hold the
// docs' tables of defaults to the code.
import { DEFAULT_STRATEGY_PARAMS } from '../../src/config/index.js';

export function defaultParamAt(path: string): unknown {
  let node: unknown = DEFAULT_STRATEGY_PARAMS;
  for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
  return node;
}
