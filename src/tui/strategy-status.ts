// tui/strategy-status: the strategy a console runs and what its trading panes show. The strategy trades
// against the simulated exchange (kernel/paper: the backtest's composition with the operator's actions) on
// the console's pipeline and its feature engines: on a replay (replay --strategy) the journal goes to an
// in-memory TradingLog (its order checked, its digest kept; a replay console writes no file); on live data
// (`flowdesk paper`) the paper command attaches the trader with its journal file and state directory.
// Per symbol it keeps the latest decision, the last journaled one and the number of evaluations.

import type { StrategyConfig } from '../config/index.js';
import type { FeatureEngine } from '../features/index.js';
import { attachPaper, type PaperHooks, type Pipeline, type PreparedReplay, type Trader, type SymbolEngine, type UnnumberedEvent } from '../kernel/index.js';
import { TradingLog, type Decision, type Instrument, type TradingEvent } from '../model/index.js';
import type { ModelFile } from '../research/index.js';
import { gatesView } from './gates-view.js';
import type { GatesView } from './view-model.js';

/** A strategy for the console to run: its configuration and the model files it names (cli/strategy-config). */
export interface ConsoleStrategy {
  readonly config: StrategyConfig;
  readonly models: ReadonlyMap<string, ModelFile>;
}

/**
 * How a console gets its trader: attached to the console's pipeline, on its feature engines, with the console's
 * decision hook (the gates pane) added to the trader's own hooks.
 */
export type ConsoleTrading = (
  pipeline: Pipeline,
  features: ReadonlyMap<SymbolEngine, FeatureEngine>,
  onDecision: NonNullable<PaperHooks['onDecision']>,
) => Trader;

/** A replay console's trading: the strategy on the simulated exchange, its journal in memory. */
export function replayTrading(strategy: ConsoleStrategy, replay: PreparedReplay): ConsoleTrading {
  return (pipeline, features, onDecision) => {
    const log = TradingLog.create(pipeline.allEngines().map((e) => e.instrument));
    return attachPaper(
      pipeline,
      { config: strategy.config, models: strategy.models, features, rulesOf: (i) => replay.rulesOf(i.product, i.symbol) },
      {
        journal: (event: UnnumberedEvent) => {
          log.append({ ...event, seq: log.nextSeq } as TradingEvent);
        },
        onDecision,
      },
    );
  };
}

interface SymbolStatus {
  latest: Decision | null;
  journaled: Decision | null;
  evaluations: number;
}

const keyOf = (product: string, symbol: string): string => `${product} ${symbol}`;

/** What the strategy did so far, counted: to say what a step of the replay caused. */
export interface StrategyCounts {
  readonly evaluations: number;
  readonly orders: number;
  readonly fills: number;
  /** The latest evaluation's decision, of any symbol. */
  readonly latest: Decision | null;
}

export class StrategyStatus {
  private readonly bySymbol = new Map<string, SymbolStatus>();
  readonly trader: Trader;
  private evaluations = 0;
  private latest: Decision | null = null;

  constructor(pipeline: Pipeline, trading: ConsoleTrading, features: ReadonlyMap<SymbolEngine, FeatureEngine>) {
    this.trader = trading(pipeline, features, (decision: Decision, journaled: boolean) => {
      const s = this.of(decision.product, decision.symbol);
      s.latest = decision;
      s.evaluations++;
      if (journaled) s.journaled = decision;
      this.evaluations++;
      this.latest = decision;
    });
  }

  counts(): StrategyCounts {
    const orders = this.trader.orders();
    return { evaluations: this.evaluations, orders: orders.orders, fills: orders.fills, latest: this.latest };
  }

  /**
   * What happened between two counts, in one line: the decision of the last evaluation in between, and the
   * orders sent and fills taken. Null when the strategy did not evaluate and nothing was sent or filled.
   */
  static caused(before: StrategyCounts, after: StrategyCounts): string | null {
    const parts: string[] = [];
    const evaluated = after.evaluations - before.evaluations;
    if (evaluated > 0 && after.latest !== null) {
      const d = after.latest;
      parts.push(`${evaluated === 1 ? 'decision' : `${evaluated} evaluations, last`} ${d.symbol} ${d.action}${d.action === 'NO_TRADE' ? ` (${d.reason})` : ` ${d.reason}`}`);
    }
    const orders = after.orders - before.orders;
    const fills = after.fills - before.fills;
    if (orders > 0) parts.push(`${orders} order${orders === 1 ? '' : 's'} sent`);
    if (fills > 0) parts.push(`${fills} fill${fills === 1 ? '' : 's'}`);
    return parts.length === 0 ? null : parts.join(' · ');
  }

  private of(product: string, symbol: string): SymbolStatus {
    const key = keyOf(product, symbol);
    let s = this.bySymbol.get(key);
    if (s === undefined) {
      s = { latest: null, journaled: null, evaluations: 0 };
      this.bySymbol.set(key, s);
    }
    return s;
  }

  /** The gates pane's view of one symbol. */
  view(instrument: Instrument): GatesView {
    const s = this.bySymbol.get(keyOf(instrument.product, instrument.symbol));
    const skipped = this.trader.core.strategy.notTraded().find((n) => n.product === instrument.product && n.symbol === instrument.symbol);
    return gatesView(s?.latest ?? null, s?.journaled ?? null, s?.evaluations ?? 0, skipped?.reason ?? null);
  }
}
