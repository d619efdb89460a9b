// kernel/venue-trader: the strategy trading at a venue with private state of its own (Binance's demo, testnet
// or production; or the dry run that only validates) — the backtest's execution path (kernel/backtest.ts
// attachExecution: strategy and order manager, the one code path of every run) over that venue, under the
// operator's layer (kernel/trader.ts) with both guards of a real venue: nothing goes out before the
// operator's enablement, and the privateState gate stays closed until a reconciliation of the venue's own
// state agrees (and closes on a mismatch or a venue problem). The venue is connected by the caller (to
// `path.sink`); its holdings come from the caller's reads (reconcileNow after each).

import type { ExecutionVenue } from '../model/index.js';
import { attachExecution, type BacktestOptions, type ExecutionHooks, type ExecutionPath } from './backtest.js';
import type { Pipeline } from './pipeline.js';
import { attachTrader, type Trader, type TraderHooks, type VenueHoldings } from './trader.js';

export interface VenueTraderOptions extends BacktestOptions {
  /** Markout horizons of own fills (default DEFAULT_HORIZONS_MS). */
  readonly fillHorizonsMs?: readonly number[];
}

export type VenueTraderHooks = ExecutionHooks & TraderHooks;

export interface VenueTrader extends Trader {
  readonly path: ExecutionPath;
}

/** Attaches the strategy, its order manager over `venue`, and the operator's layer over `holdings`. */
export function attachVenueTrader(pipeline: Pipeline, options: VenueTraderOptions, venue: ExecutionVenue, holdings: VenueHoldings, hooks: VenueTraderHooks): VenueTrader {
  const path = attachExecution(pipeline, options, venue, hooks);
  const trader = attachTrader(
    pipeline,
    { ...path, venue: holdings },
    { ...options, requireEnablement: true, guardPrivateState: true, reconcileEveryMs: null },
    { journal: hooks.journal, ...(hooks.onReport === undefined ? {} : { onReport: hooks.onReport }) },
  );
  return { ...trader, path };
}
