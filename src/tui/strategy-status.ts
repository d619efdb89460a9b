// tui/strategy-status: the strategy a console runs (replay --strategy) and what its gates pane shows. It
// attaches the kernel's strategy runner to the console's pipeline, on the console's own feature engines,
// and keeps per symbol the latest decision, the last journaled one and the number of evaluations. The
// journal goes to an in-memory TradingLog only (its order checked, its digest kept): a console writes no
// file. Nothing executes: an intent is only shown.

import type { StrategyConfig } from '../config/index.js';
import type { FeatureEngine } from '../features/index.js';
import { attachStrategy, type AttachedStrategy, type Pipeline, type SymbolEngine, type UnnumberedEvent } from '../kernel/index.js';
import { TradingLog, type Decision, type Instrument, type TradingEvent } from '../model/index.js';
import type { ModelFile } from '../research/index.js';
import { gatesView } from './gates-view.js';
import type { GatesView } from './view-model.js';

/** A strategy for the console to run: its configuration and the model files it names (cli/strategy-config). */
export interface ConsoleStrategy {
  readonly config: StrategyConfig;
  readonly models: ReadonlyMap<string, ModelFile>;
}

interface SymbolStatus {
  latest: Decision | null;
  journaled: Decision | null;
  evaluations: number;
}

const keyOf = (product: string, symbol: string): string => `${product} ${symbol}`;

export class StrategyStatus {
  private readonly log: TradingLog;
  private readonly bySymbol = new Map<string, SymbolStatus>();
  private readonly strategy: AttachedStrategy;

  constructor(pipeline: Pipeline, strategy: ConsoleStrategy, features: ReadonlyMap<SymbolEngine, FeatureEngine>) {
    this.log = TradingLog.create(pipeline.allEngines().map((e) => e.instrument));
    this.strategy = attachStrategy(
      pipeline,
      { config: strategy.config, models: strategy.models, features },
      {
        journal: (event: UnnumberedEvent) => {
          this.log.append({ ...event, seq: this.log.nextSeq } as TradingEvent);
        },
        onDecision: (decision: Decision, journaled: boolean) => {
          const s = this.of(decision.product, decision.symbol);
          s.latest = decision;
          s.evaluations++;
          if (journaled) s.journaled = decision;
        },
        onIntent: (_decision: Decision, _id: string, _instrument: Instrument) => {
          // A replay assumes nothing about execution: no fill, so the position stays flat. Paper trading and
          // the backtest execute intents here (their simulated or real venue fills them).
        },
      },
    );
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
    const skipped = this.strategy.notTraded().find((n) => n.product === instrument.product && n.symbol === instrument.symbol);
    return gatesView(s?.latest ?? null, s?.journaled ?? null, s?.evaluations ?? 0, skipped?.reason ?? null);
  }

  /** Events the journal has taken so far (decisions, gate changes, tallies). */
  get journaled(): number {
    return this.log.nextSeq;
  }
}
