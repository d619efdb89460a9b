// kernel/paper: paper trading on a pipeline — the backtest's composition (kernel/backtest.ts: strategy,
// order manager, simulated exchange, simulated account) under the operator's layer (kernel/trader.ts: kill
// switch, pause, flatten, the panes' data, reconciliation against the simulated exchange and account). It
// runs the same on live data (`flowdesk paper`, `flowdesk trade` in PUBLIC mode) and on a replay
// (`flowdesk replay --strategy`).

import type { Decision, OrderRequest } from '../model/index.js';
import { attachBacktest, type AttachedBacktest, type BacktestOptions } from './backtest.js';
import type { Pipeline } from './pipeline.js';
import { attachTrader, type Trader, type TraderHooks, type VenueHoldings } from './trader.js';

export interface PaperOptions extends BacktestOptions {
  /** Markout horizons of own fills (default DEFAULT_HORIZONS_MS). */
  readonly fillHorizonsMs?: readonly number[];
  /** Orders wait for the operator's enablement (TraderOptions.requireEnablement); default false. */
  readonly requireEnablement?: boolean;
}

export interface PaperHooks extends TraderHooks {
  /** An order went out. */
  readonly onSubmit?: (request: OrderRequest, decision: Decision) => void;
  /** Every evaluation's decision (the console's gate pane); `journaled` says whether it went to the journal. */
  readonly onDecision?: (decision: Decision, journaled: boolean) => void;
}

export interface PaperTrader extends Trader {
  readonly backtest: AttachedBacktest;
}

/** What the simulated exchange and account hold, as the trader reconciles against it. */
export function simulatedHoldings(bt: AttachedBacktest): VenueHoldings {
  return {
    name: 'simulated exchange',
    quoteAsset: () => bt.account.summary().quoteAsset,
    holdings: () => bt.account.summary().symbols,
    snapshot: () => bt.exchange.venueSnapshot(),
    orderFacts: (id) => bt.exchange.orderFacts(id),
  };
}

/** Attaches paper trading to a pipeline of one product (see attachBacktest for what it throws). */
export function attachPaper(pipeline: Pipeline, options: PaperOptions, hooks: PaperHooks): PaperTrader {
  const bt = attachBacktest(pipeline, options, {
    journal: hooks.journal,
    ...(hooks.onSubmit === undefined ? {} : { onSubmit: hooks.onSubmit }),
    ...(hooks.onDecision === undefined ? {} : { onDecision: hooks.onDecision }),
  });
  const trader = attachTrader(pipeline, { ...bt, venue: simulatedHoldings(bt) }, options, {
    journal: hooks.journal,
    ...(hooks.onReport === undefined ? {} : { onReport: hooks.onReport }),
  });
  return { ...trader, backtest: bt };
}
