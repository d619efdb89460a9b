// cli/paper-restore: a paper session resumed from state.json. Every component takes its saved state back
// (RiskBook, SimAccount, SimulatedExchange, OrderManager: each checks its state whole first, and a state
// that does not fit is one UsageError line), and the strategy's decision ids go on where they stopped.
// Then, before any new intent, the local orders are reconciled against the restored venue (kernel/
// reconcile): the reports they missed go through the order manager (journaled), venue orders nobody here
// knows are canceled. Messages in flight when the process stopped are lost, as packets are.

import { isStateError, UsageError } from '../core/index.js';
import { reconcileOrders, type OrderManagerState, type PaperTrader, type TraderCore } from '../kernel/index.js';
import type { RiskBookState } from '../risk/index.js';
import type { SimAccountState, SimExchangeState } from '../sim/index.js';
import type { PaperStateFile } from './paper-state.js';

/** Sets every component's saved state (no journal event). Throws a UsageError naming the field that does not fit. */
export function restoreComponents(trader: PaperTrader, state: PaperStateFile, path: string): void {
  const bt = trader.backtest;
  resumable('paper', path, () => {
    restoreStrategy(bt, state);
    bt.account.restore(state.account as SimAccountState);
    bt.exchange.restore(state.venue as SimExchangeState);
    bt.orders.restore(state.orders as OrderManagerState, bt.instruments);
  });
}

/** Each symbol's risk book and decision counter from a saved state (the order manager is the caller's). */
export function restoreStrategy(path: Pick<TraderCore, 'strategy'>, state: Pick<PaperStateFile, 'symbols'>): void {
  for (const s of path.strategy.symbols()) {
    const saved = state.symbols[s.instrument.symbol];
    if (saved === undefined) continue;
    s.risk.restore(saved.risk as RiskBookState);
    path.strategy.continueDecisions(s.instrument.symbol, saved.decisions);
  }
}

/** Runs `restore`; a saved state that does not fit (a StateError) becomes one UsageError line. */
export function resumable(command: string, path: string, restore: () => void): void {
  try {
    restore();
  } catch (error) {
    if (isStateError(error)) throw new UsageError(`${command}: ${path} cannot be resumed: ${error.message}; nothing was changed`);
    throw error;
  }
}

/**
 * Brings the local orders to the restored venue's record: the missed reports go through the order manager
 * (journaled, positions move), and venue orders no local order knows are canceled. Returns one line per
 * difference found.
 */
export function reconcileRestored(trader: PaperTrader): readonly string[] {
  const bt = trader.backtest;
  const found = reconcileOrders(bt.orders.all(), bt.exchange.venueSnapshot().openOrders, (id) => bt.exchange.orderStatus(id));
  for (const report of found.reports) bt.orders.report(report);
  for (const id of found.cancels) bt.exchange.cancel(id);
  trader.reconcileNow();
  return found.mismatches;
}
