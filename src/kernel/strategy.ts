// kernel/strategy: the one strategy code path of a run (signals, backtest, paper and live alike). Per
// symbol it runs the signal (src/signal) over the symbol's read-only MarketView and the risk gates
// (src/risk) over its position, and puts them together into a Decision (model/decision.ts).
//
// Time is the pipeline's (the event-time scheduler): z-baseline samples are timers every
// baseline.zSampleMs; an evaluation runs after a market event of the symbol (pipeline.afterEvent: every
// listener has seen the event), at most once per evaluateEveryMs of run time. An intent therefore goes
// out after the event that caused it.
//
// Journal: not every evaluation — a decision is journaled when it produces an intent, or when the
// stand-aside reason (the first failing gate) differs from the last journaled decision's; a holding risk
// gate that trips or is reset is a gateChanged event; the per-gate tallies (evaluations, and how many
// evaluations each gate rejected) are a gateTally event every tallyEverySeconds of run time and at the end.

import type { FeatureEngine } from '../features/index.js';
import type { StrategyConfig, StrategyParams } from '../config/index.js';
import { strategyParamsFor } from '../config/index.js';
import { Money, firstFailingGate, isDisabled, lotsToQty, type SymbolRules, qtyToLots, ticksToPrice, type Decision, type DecisionIntent, type GateResult, type Instrument, type TradingEvent } from '../model/index.js';
import type { ModelFile } from '../research/index.js';
import { RiskBook, type RiskFill, type RiskGateChange } from '../risk/index.js';
import { FlowdeskError } from '../core/index.js';
import { SignalEngine, SignalSetupError, type OrderSizing } from '../signal/index.js';
import { marketViewOf, midPriceText } from './market-views.js';
import type { Pipeline } from './pipeline.js';
import type { SymbolEngine } from './symbol-engine.js';

/** A journal event without its place in the journal (seq): the writer numbers them. */
export type UnnumberedEvent = TradingEvent extends infer E ? (E extends TradingEvent ? Omit<E, 'seq'> : never) : never;

export interface StrategyHooks {
  /** Each event the journal should hold, in order (the caller numbers and writes them). */
  readonly journal: (event: UnnumberedEvent) => void;
  /** Every evaluation's decision (the console's gate pane); `journaled` says whether it went to the journal. */
  readonly onDecision?: (decision: Decision, journaled: boolean) => void;
  /**
   * A decision with an intent, after the event that caused it: the execution side takes it from here (signals
   * assumes it filled in full; the backtest sends it to the simulated exchange).
   */
  readonly onIntent?: (decision: Decision, decisionId: string, instrument: Instrument) => void;
  /**
   * The symbol's open orders, where orders are executed (backtest, paper, live): the gate `openOrders`
   * (after the risk gates) holds a new intent while execution.maxOpenOrders are open.
   */
  readonly openOrders?: (instrument: Instrument) => number;
}

export interface SymbolStrategyState {
  readonly instrument: Instrument;
  readonly params: StrategyParams;
  /** The latest evaluation's decision; null before the first. */
  readonly lastDecision: Decision | null;
  readonly evaluations: number;
  /** Decisions journaled so far (the next one's id is SYMBOL-(decisions + 1)). */
  readonly decisions: number;
  /** Evaluations each gate rejected (every failing gate counts). */
  readonly rejectedBy: ReadonlyMap<string, number>;
  readonly risk: RiskBook;
}

/** A symbol of the run the strategy does not trade, and why (its product is not the configured one). */
export interface NotTraded {
  readonly product: Instrument['product'];
  readonly symbol: string;
  readonly reason: string;
}

export interface AttachedStrategy {
  /** The state of each symbol the strategy trades, in the pipeline's order. */
  symbols(): SymbolStrategyState[];
  /** The symbols of the run it does not trade, with the reason. */
  notTraded(): NotTraded[];
  /** A fill of one of the strategy's orders (or an assumed one): position, P&L and the holding gates move. */
  fill(product: Instrument['product'], symbol: string, fill: RiskFill): void;
  /** Trips the kill switch of every symbol (a journal event per symbol whose gate changed). */
  kill(reason: string): void;
  /** Resets the kill switch of every symbol (the operator's action; a journal event per symbol whose gate changed). */
  resetKill(reason: string): void;
  /**
   * The venue's private state (null: reconciled; else the problem, one line) for every symbol's privateState
   * gate (a journal event per symbol whose gate changed).
   */
  setPrivateState(problem: string | null): void;
  /** The end of the run: the tallies go to the journal. */
  finish(): void;
  /** A restart: the symbol's decision ids go on after `decisions` (the count a saved state holds). */
  continueDecisions(symbol: string, decisions: number): void;
}

export interface StrategyRunOptions {
  readonly config: StrategyConfig;
  /** Model files by the path alpha.source names (cli/strategy-config loadStrategyModels). */
  readonly models: ReadonlyMap<string, ModelFile>;
  /** The feature engine of each symbol (kernel/features attachFeatureEngines). */
  readonly features: ReadonlyMap<SymbolEngine, FeatureEngine>;
  /** The exchange's filters of a symbol when known (live exchangeInfo, a recording's rules): intents are sized to LOT_SIZE. */
  readonly rulesOf?: (instrument: Instrument) => SymbolRules | undefined;
}

/**
 * LOT_SIZE in the book's lots: stepSize and minQty over the lot (the wire precision). A step finer than the lot
 * (a lot that is a multiple of it) lets every lot through. Throws a StrategySetupError for a step the lots
 * cannot express.
 */
export function orderSizing(instrument: Instrument, rules: SymbolRules | undefined): OrderSizing | undefined {
  const rule = rules?.lotSize;
  if (rule === undefined || isDisabled(rule.stepSize)) return undefined;
  const lot = new Money(instrument.lotSize);
  const step = new Money(rule.stepSize).dividedBy(lot);
  const minLots = isDisabled(rule.minQty) ? 0 : new Money(rule.minQty).dividedBy(lot).ceil().toNumber();
  if (step.isInteger()) return { stepLots: step.toNumber(), minLots };
  if (lot.dividedBy(rule.stepSize).isInteger()) return { stepLots: 1, minLots };
  throw new StrategySetupError(`${instrument.symbol}: LOT_SIZE stepSize ${rule.stepSize} is not a whole number of lots of ${instrument.lotSize}`);
}

class SymbolStrategy implements SymbolStrategyState {
  readonly instrument: Instrument;
  readonly risk: RiskBook;
  lastDecision: Decision | null = null;
  evaluations = 0;
  readonly rejectedBy = new Map<string, number>();
  private readonly signal: SignalEngine;
  private lastEvaluationUs = Number.NEGATIVE_INFINITY;
  private lastJournaledKey: string | null = null;
  decisions = 0;
  private tallied = -1;

  constructor(
    readonly engine: SymbolEngine,
    readonly params: StrategyParams,
    features: FeatureEngine,
    model: ModelFile | null,
    private readonly pipeline: Pipeline,
    private readonly hooks: StrategyHooks,
    sizing: OrderSizing | undefined,
  ) {
    this.instrument = engine.instrument;
    this.signal = new SignalEngine(marketViewOf(engine, features, pipeline.time), params, model, pipeline.time, sizing);
    this.risk = new RiskBook(engine.instrument.symbol, params.risk);
    pipeline.time.every(params.baseline.zSampleMs, () => this.signal.sample());
    pipeline.time.every(params.journal.tallyEverySeconds * 1000, () => this.tally());
  }

  /** After a market event of this symbol: evaluates when evaluateEveryMs has passed since the last evaluation. */
  afterMarketEvent(): void {
    const now = this.pipeline.time.nowUs();
    if (now - this.lastEvaluationUs < this.params.evaluateEveryMs * 1000) return;
    this.lastEvaluationUs = now;
    this.evaluate(now);
  }

  private evaluate(now: number): void {
    this.mark();
    const inventoryLots = this.inventoryLots();
    const verdict = this.signal.evaluate(inventoryLots);
    // Risk gates judge an order: they are evaluated when the signal proposes one (every signal gate passed).
    const riskGates =
      verdict.intent === null
        ? []
        : this.risk.gates({ side: verdict.side, notional: verdict.intentNotional ?? this.params.orderNotional, qty: lotsToQty(this.instrument, verdict.intent.qtyLots) }, now);
    const open = verdict.intent === null ? undefined : this.hooks.openOrders?.(this.instrument);
    const orderGates: GateResult[] =
      open === undefined ? [] : [{ gate: 'openOrders', pass: open < this.params.execution.maxOpenOrders, value: open, limit: this.params.execution.maxOpenOrders }];
    const gates: GateResult[] = [...verdict.gates, ...riskGates, ...orderGates];
    const failing = firstFailingGate(gates);
    const intent: DecisionIntent | null = failing === null ? verdict.intent : null;
    const action = intent === null ? 'NO_TRADE' : intent.side === 'BUY' ? 'BUY' : 'SELL_INVENTORY';
    const decision: Decision = {
      timeUs: now,
      product: this.instrument.product,
      symbol: this.instrument.symbol,
      action,
      side: verdict.side,
      score: verdict.score,
      alphaBps: verdict.alphaBps,
      costBps: verdict.costBps,
      costParts: verdict.costParts,
      gates,
      features: verdict.features,
      intent,
      reason: intent !== null ? `${intent.type} ${intent.side}` : (failing?.gate ?? 'no intent'),
    };
    this.evaluations++;
    for (const g of gates) if (!g.pass) this.rejectedBy.set(g.gate, (this.rejectedBy.get(g.gate) ?? 0) + 1);
    this.lastDecision = decision;
    const key = `${action}:${decision.reason}`;
    const journaled = intent !== null || key !== this.lastJournaledKey;
    let decisionId = '';
    if (journaled) {
      this.lastJournaledKey = key;
      decisionId = `${this.instrument.symbol}-${++this.decisions}`;
      this.hooks.journal({ type: 'decision', decisionId, ...decision });
    }
    this.hooks.onDecision?.(decision, journaled);
    if (intent !== null) {
      // An intent goes out after the event that caused it (every listener has seen that event).
      this.pipeline.afterEvent(() => this.hooks.onIntent?.(decision, decisionId, this.instrument));
    }
  }

  private inventoryLots(): number {
    return sellableLots(this.instrument, this.params, this.risk.positionQty());
  }

  /** Marks the position at the fused mid (unrealised P&L; a loss limit may trip). */
  private mark(): void {
    const top = this.engine.bbo.top(this.engine.sync);
    if (top === null) return;
    this.gateChanges(this.risk.onMark(midPriceText(this.instrument, top.bidTicks, top.askTicks)));
  }

  applyFill(fill: RiskFill): void {
    this.gateChanges(this.risk.onFill(fill));
  }

  kill(reason: string): void {
    this.gateChanges(this.risk.engageKill(reason));
  }

  resetKill(reason: string): void {
    this.gateChanges(this.risk.resetKill().map((c) => ({ ...c, reason })));
  }

  gateChanges(changes: readonly RiskGateChange[]): void {
    for (const c of changes) {
      this.hooks.journal({
        type: 'gateChanged',
        timeUs: this.pipeline.time.nowUs(),
        gate: c.gate,
        open: !c.tripped,
        product: this.instrument.product,
        symbol: this.instrument.symbol,
        reason: c.reason,
      });
    }
  }

  /** The tallies, when they moved since the last. */
  tally(): void {
    if (this.tallied === this.evaluations) return;
    this.tallied = this.evaluations;
    this.hooks.journal({
      type: 'gateTally',
      timeUs: this.pipeline.time.nowUs(),
      product: this.instrument.product,
      symbol: this.instrument.symbol,
      evaluations: this.evaluations,
      rejectedBy: Object.fromEntries([...this.rejectedBy].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    });
  }
}

/**
 * The whole lots a sell may take out of a position of `positionQty` (base units). With fees in the base asset
 * the position is not a whole number of lots (each fee took a fraction of one), and a sell of q needs
 * q × (1 + the higher fee rate) of it (the exchange reserves that much): the rest stays as dust.
 */
export function sellableLots(instrument: Instrument, params: StrategyParams, positionQty: string): number {
  // Quote fees keep the position a whole number of lots: read it as lots, exactly and cheaply.
  if (params.feeAsset !== 'base') return qtyToLots(instrument, positionQty);
  const lot = new Money(instrument.lotSize);
  const { makerBps, takerBps } = params.fees;
  const perLot = lot.times(Money.max(makerBps, takerBps, 0).dividedBy(10_000).plus(1));
  return new Money(positionQty).dividedToIntegerBy(perLot).toNumber();
}

/** A strategy that cannot run on a symbol as configured (a model the run cannot feed). */
export class StrategySetupError extends FlowdeskError {
  override readonly name = 'StrategySetupError';
}

/** The price of ticks as the journal writes it (for callers that assume fills at the intent's price). */
export function intentPrice(instrument: Instrument, intent: DecisionIntent): string {
  return ticksToPrice(instrument, intent.priceTicks);
}

/**
 * Runs the strategy on every symbol of the pipeline (symbols that appear later included) whose product is
 * the one its configuration trades; the others are listed by notTraded(). Throws a StrategySetupError for a
 * model whose inputs the run does not compute, a RangeError for a model the caller did not load.
 */
export function attachStrategy(pipeline: Pipeline, options: StrategyRunOptions, hooks: StrategyHooks): AttachedStrategy {
  const all = new Map<SymbolEngine, SymbolStrategy>();
  const skipped = new Map<SymbolEngine, NotTraded>();
  const of = (engine: SymbolEngine): SymbolStrategy | null => {
    let s = all.get(engine);
    if (s !== undefined) return s;
    if (skipped.has(engine)) return null;
    const features = options.features.get(engine);
    if (features === undefined) return null;
    const { product, symbol } = engine.instrument;
    const params = strategyParamsFor(options.config, symbol);
    if (params.product !== product) {
      const reason = `the data is ${product} but its strategy trades ${params.product} (product in the strategy file; USD-M trading is not built yet)`;
      skipped.set(engine, { product, symbol, reason });
      return null;
    }
    const source = params.alpha.source;
    const model = source === 'baseline' ? null : (options.models.get(source) ?? null);
    if (source !== 'baseline' && model === null) throw new RangeError(`${symbol}: the model ${source} is not loaded`);
    try {
      s = new SymbolStrategy(engine, params, features, model, pipeline, hooks, orderSizing(engine.instrument, options.rulesOf?.(engine.instrument)));
    } catch (error) {
      if (error instanceof SignalSetupError) throw new StrategySetupError(`${symbol}: ${error.message}`);
      throw error;
    }
    all.set(engine, s);
    return s;
  };
  for (const engine of pipeline.allEngines()) of(engine);
  pipeline.onEvent((event, engine) => {
    if (engine === null || event.kind === 'notice' || event.kind === 'connection') return;
    const s = of(engine);
    if (s === null || !s.params.enabled) return;
    pipeline.afterEvent(() => s.afterMarketEvent());
  });
  return {
    symbols: () => [...all.values()],
    notTraded: () => [...skipped.values()],
    continueDecisions(symbol, decisions) {
      for (const s of all.values()) if (s.instrument.symbol === symbol) s.decisions = decisions;
    },
    fill(product, symbol, fill) {
      for (const s of all.values()) if (s.instrument.product === product && s.instrument.symbol === symbol) s.applyFill(fill);
    },
    kill(reason) {
      for (const s of all.values()) s.kill(reason);
    },
    resetKill(reason) {
      for (const s of all.values()) s.resetKill(reason);
    },
    setPrivateState(problem) {
      for (const s of all.values()) s.gateChanges(s.risk.setPrivateState(problem));
    },
    finish() {
      for (const s of all.values()) s.tally();
    },
  };
}
