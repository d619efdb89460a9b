// cli/paper-snapshot: state.json's content from a running session — the trader's components' states (risk
// books, order manager; the simulator's account and exchange, or where a Binance session trades), the
// operator's switches, the journal's count and digest at the snapshot, and a readable summary of the
// positions for the operator (not read back).

import type { Pipeline, Trader } from '../kernel/index.js';
import type { Product } from '../model/index.js';
import type { TradingJournal } from '../recording/index.js';
import { STATE_FORMAT, STATE_VERSION, type ExecutionState, type PaperStateFile } from './paper-state.js';

export interface SnapshotSource {
  readonly session: number;
  readonly product: Product;
  readonly symbols: readonly string[];
  readonly configDigest: string;
  readonly trader: Trader;
  readonly pipeline: Pipeline;
  readonly journal: TradingJournal;
  /** The venue's side: the simulator's account and exchange states, or (at Binance) null ones and `execution`. */
  readonly venue: { readonly account: unknown; readonly venue: unknown; readonly execution?: ExecutionState };
}

export function snapshotOf(source: SnapshotSource): PaperStateFile {
  const { trader, journal } = source;
  const bt = trader.core;
  const status = trader.status();
  const symbols: Record<string, { risk: unknown; decisions: number }> = {};
  for (const s of bt.strategy.symbols()) symbols[s.instrument.symbol] = { risk: s.risk.exportState(), decisions: s.decisions };
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    session: source.session,
    product: source.product,
    symbolList: source.symbols,
    journalSeq: journal.nextSeq,
    journalDigest: journal.digest(),
    timeUs: source.pipeline.time.nowUs(),
    configDigest: source.configDigest,
    trading: { killReason: status.killReason, paused: status.paused },
    symbols,
    account: source.venue.account,
    orders: bt.orders.exportState(),
    venue: source.venue.venue,
    positions: trader.positions().symbols.map((p) => ({
      symbol: p.symbol,
      qty: p.qty,
      avgEntry: p.avgEntry,
      realizedPnl: p.realizedPnl,
      unrealizedPnl: p.unrealizedPnl,
      fees: p.fees,
      netPnl: p.netPnl,
      quote: p.quoteAsset,
    })),
    ...(source.venue.execution === undefined ? {} : { execution: source.venue.execution }),
  };
}
