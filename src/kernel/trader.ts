// kernel/trader: the operator's layer over the strategy's execution path, whatever the venue — the kill
// switch (stop new intents and cancel every open order), its reset, pausing trading while market data
// flows, flattening the position, the enablement gate of a venue that can write (closed until the operator
// opens it), and the data of the console's Positions, Orders and Reconciliation panes. The venue is the
// simulated exchange in paper trading (kernel/paper.ts) or Binance's (later); what it holds — its open
// orders and the position per symbol — comes through `VenueHoldings`, so reconciliation compares the same
// things everywhere.
//
// Every operator action is a journal event at the run's time (pipeline.time: the time of the last market
// event; nothing here reads a clock). Operator actions are not market data: a recording of a session
// replays to the same journal when the operator did nothing; with actions, the journal says when they came.

import type { StrategyConfig, StrategyParams } from '../config/index.js';
import { strategyParamsFor } from '../config/index.js';
import { DEFAULT_HORIZONS_MS, MarkoutEngine, MarkoutMarket, horizonLabel, type MarkoutRow } from '../features/index.js';
import {
  Money,
  isFinalStatus,
  lotsToQty,
  moneyText,
  ticksToPrice,
  type Decision,
  type ExecutionReport,
  type Instrument,
  type Order,
  type SymbolRules,
  type VenueSnapshot,
} from '../model/index.js';
import type { RiskPosition } from '../risk/index.js';
import type { OrderManager } from './execution.js';
import type { Pipeline } from './pipeline.js';
import { orderSizing, sellableLots, type AttachedStrategy, type UnnumberedEvent } from './strategy.js';
import { sizedLots } from '../signal/index.js';

/** How many of the latest own fills the Orders pane keeps. */
export const LAST_FILLS = 50;
/** Run time between reconciliations of the local state against the venue's. */
export const RECONCILE_EVERY_MS = 5_000;

export interface TraderOptions {
  readonly config: StrategyConfig;
  /** The exchange's filters of a symbol (order sizing of a flatten). */
  readonly rulesOf: (instrument: Instrument) => SymbolRules | undefined;
  /** Markout horizons of own fills (default DEFAULT_HORIZONS_MS). */
  readonly fillHorizonsMs?: readonly number[];
  /**
   * A venue that can write: the `operatorEnabled` gate is closed at the start and no order goes out (not even
   * a flatten) until enableTrading(). Default false (paper trading on the simulator trades at once).
   */
  readonly requireEnablement?: boolean;
  /**
   * Run time between reconciliations (default RECONCILE_EVERY_MS); null: only reconcileNow() (a live venue
   * reconciles when a fresh read of its state arrives, not on a timer over an old one).
   */
  readonly reconcileEveryMs?: number | null;
  /**
   * A venue with private state of its own (Binance): the privateState gate is closed until the first
   * reconciliation agrees, and closes again on a mismatch seen at two checks in a row or a venue problem
   * (setVenueProblem). Default false (the simulator: the gate shows "none").
   */
  readonly guardPrivateState?: boolean;
}

export interface TraderHooks {
  /** Each journal event, in order (the caller numbers and writes them). */
  readonly journal: (event: UnnumberedEvent) => void;
  /** A report reached the strategy (after its order moved): the state changed (a snapshot is due). */
  readonly onReport?: (report: ExecutionReport, order: Order | undefined) => void;
}

/** One symbol's holding at the venue, as the venue states it. */
export interface VenueHolding {
  /** Base quantity held (long-flat: ≥ 0), a decimal string. */
  readonly position: string;
  readonly quote: string;
  /** Fills the venue booked for it (0 where the venue does not count them). */
  readonly fills: number;
}

/** What the venue holds: the other side of reconciliation and the quote side of the Positions pane. */
export interface VenueHoldings {
  /** How the Reconciliation pane names it ("simulated exchange", "binance demo"). */
  readonly name: string;
  /** The asset the totals are in. */
  quoteAsset(): string;
  /** Per symbol, as the venue holds it now. */
  holdings(): Readonly<Record<string, VenueHolding>>;
  /** The venue's open orders (and balances) now, as the last look saw them. */
  snapshot(): VenueSnapshot;
  /** The venue's estimate of the size ahead of a resting order and when it was sent; null when unknown. */
  orderFacts(clientOrderId: string): { readonly submitUs: number; readonly queueAhead: number | null } | null;
}

/** The execution path the trader operates: the strategy, its order manager and the venue's holdings. */
export interface TraderCore {
  readonly strategy: AttachedStrategy;
  readonly orders: OrderManager;
  /** The symbols traded, by name. */
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly venue: VenueHoldings;
  /** The end of the data: tallies to the journal. */
  finish(): void;
}

/** The operator's state: whether the kill switch holds, and whether trading is paused. */
export interface TradingStatus {
  readonly killed: boolean;
  readonly killReason: string | null;
  readonly paused: boolean;
}

/** One symbol's position as the strategy knows it (from the reports it took), decimal strings in the quote asset. */
export interface SymbolPosition extends RiskPosition {
  readonly symbol: string;
  readonly quoteAsset: string;
  readonly fills: number;
}

export interface FillMarkout {
  readonly horizon: string;
  /** Fills measured at this horizon (not censored). */
  readonly n: number;
  /** Mean mid markout in bps, towards the fill's side (positive: the market moved our way); null without any. */
  readonly meanBps: number | null;
}

export interface PaperPositions {
  readonly symbols: readonly SymbolPosition[];
  /** Sums over the symbols (null when they are not all in one quote asset). */
  readonly totals: { readonly quoteAsset: string; readonly realizedPnl: string; readonly unrealizedPnl: string; readonly fees: string; readonly netPnl: string } | null;
  readonly fillMarkouts: readonly FillMarkout[];
}

export interface OpenOrderInfo {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: string;
  readonly priceTicks: number;
  readonly price: string;
  readonly qty: string;
  readonly filled: string;
  /** The venue's estimate of the size ahead in the queue (base units); null when not resting. */
  readonly queueAhead: string | null;
  /** Run time since it was sent, ms. */
  readonly ageMs: number;
  readonly status: Order['status'];
}

export interface OwnFill {
  /** When the report reached the strategy (run time, µs). */
  readonly timeUs: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly priceTicks: number;
  readonly price: string;
  readonly qty: string;
  readonly fee: string;
  readonly feeAsset: string;
  readonly liquidity: 'maker' | 'taker';
}

export interface PaperOrders {
  readonly open: readonly OpenOrderInfo[];
  /** Newest first, at most LAST_FILLS. */
  readonly lastFills: readonly OwnFill[];
  readonly orders: number;
  readonly fills: number;
}

export interface ReconciliationResult {
  /** What the local state was compared with. */
  readonly venue: string;
  /** Run time of the last check; null before the first. */
  readonly checkedAtUs: number | null;
  readonly localOpen: number;
  readonly venueOpen: number;
  /** Per symbol: the position the strategy knows and the one the venue holds. */
  readonly positions: readonly { readonly symbol: string; readonly local: string; readonly venue: string }[];
  /**
   * Differences seen at two checks in a row (a report still on its way makes a difference for one check), one
   * line each; empty when the states agree.
   */
  readonly mismatches: readonly string[];
  /** Why the privateState gate is closed (a venue problem or the first mismatch); null when open or not guarded. */
  readonly privateState: string | null;
  /** What the reconciliation at the last restart found and corrected (flowdesk paper --state), one line each. */
  readonly atRestart: readonly string[];
}

export interface Trader {
  readonly core: TraderCore;
  status(): TradingStatus;
  /** False while a venue that can write waits for the operator's enablement (TraderOptions.requireEnablement). */
  tradingEnabled(): boolean;
  /**
   * Opens the enablement gate (the operator confirmed, or --enable-trading); false when it was open. Orders
   * go out from the next decision on.
   */
  enableTrading(reason: string): boolean;
  /** Sets the risk books' operatorEnabled gate from the switches (after their saved states came back). */
  applyOperatorSwitches(): void;
  /** Engages the kill switch: no new intent, every open order canceled. A no-op while it holds. */
  kill(reason: string): void;
  /** Resets the kill switch (the operator confirmed); false when it did not hold. */
  resetKill(reason?: string): boolean;
  /** Pauses or resumes trading (market data keeps flowing); false when it already was so. */
  setPaused(paused: boolean, reason?: string): boolean;
  /**
   * Sells every symbol's inventory with a LIMIT_IOC capped ioc.maxBpsThroughTouch below the bid (the operator
   * confirmed); returns the symbols an order went out for. It goes out whatever the gates say, but never
   * before trading was enabled.
   */
  flatten(): string[];
  positions(): PaperPositions;
  orders(): PaperOrders;
  reconciliation(): ReconciliationResult;
  /** Compares the local state with the venue's now (also every RECONCILE_EVERY_MS of run time). */
  reconcileNow(): ReconciliationResult;
  /** What the reconciliation of a restart found and corrected: kept for the pane, then compared again now. */
  restartReconciled(lines: readonly string[]): ReconciliationResult;
  /**
   * A problem with the venue's private state (a stale user stream, a failed read), or null when there is none:
   * with guardPrivateState, the privateState gate closes while one is set.
   */
  setVenueProblem(problem: string | null): void;
  /** The venue warned of (or hit) a rate limit: the rateLimit gate counts it. */
  rateLimitWarning(): void;
  /** The end of the data: tallies to the journal. */
  finish(): void;
}

/** The privateState gate's problem until the first reconciliation agrees. */
export const NOT_RECONCILED_YET = 'private state not reconciled yet';

interface Difference {
  readonly key: string;
  readonly line: string;
}

/** Attaches the operator's layer to an execution path on a pipeline of one product. */
export function attachTrader(pipeline: Pipeline, core: TraderCore, options: TraderOptions, hooks: TraderHooks): Trader {
  const horizons = options.fillHorizonsMs ?? DEFAULT_HORIZONS_MS;
  const fills: OwnFill[] = [];
  let fillCount = 0;
  const markoutSums = horizons.map(() => ({ n: 0, sum: 0 }));
  const fillMarkouts = new MarkoutEngine(pipeline.time, horizons, (row: MarkoutRow) => {
    row.midBps.forEach((bps, k) => {
      const s = markoutSums[k];
      if (bps === null || bps === undefined || s === undefined) return;
      s.n++;
      s.sum += bps;
    });
  });
  const markets = new Map<string, MarkoutMarket>();
  const bt = core;
  for (const engine of pipeline.allEngines()) {
    if (!bt.instruments.has(engine.instrument.symbol)) continue;
    const market = new MarkoutMarket(engine.instrument, engine.sync, engine.bbo, () => engine.dataEnded);
    markets.set(engine.instrument.symbol, market);
  }
  pipeline.onEvent((_event, engine) => {
    if (engine !== null) markets.get(engine.instrument.symbol)?.afterEvent();
  });
  bt.orders.onReport((report, order) => {
    if (report.kind === 'filled' && order !== undefined) {
      const instrument = bt.instruments.get(report.symbol);
      if (instrument !== undefined) {
        const side = order.request.intent.side;
        fillCount++;
        fills.unshift({
          timeUs: pipeline.time.nowUs(),
          clientOrderId: report.clientOrderId,
          symbol: report.symbol,
          side,
          priceTicks: report.priceTicks,
          price: ticksToPrice(instrument, report.priceTicks),
          qty: lotsToQty(instrument, report.qtyLots),
          fee: report.fee,
          feeAsset: report.feeAsset,
          liquidity: report.liquidity,
        });
        if (fills.length > LAST_FILLS) fills.length = LAST_FILLS;
        const market = markets.get(report.symbol);
        if (market !== undefined) fillMarkouts.anchor(market, 'fill', side);
      }
    }
    hooks.onReport?.(report, order);
  });

  let killReason: string | null = null;
  let paused = false;
  let enabled = options.requireEnablement !== true;
  let flattens = 0;
  let checkedAtUs: number | null = null;
  let pendingDifferences = new Map<string, string>();
  let mismatches: string[] = [];
  let lastCheck: ReconciliationResult | null = null;
  let atRestart: readonly string[] = [];
  const guard = options.guardPrivateState === true;
  let venueProblem: string | null = null;
  let reconciled = false;
  let privateProblem: string | null = guard ? NOT_RECONCILED_YET : null;
  const params = (symbol: string): StrategyParams => strategyParamsFor(options.config, symbol);
  const journal = hooks.journal;
  const now = (): number => pipeline.time.nowUs();

  const riskBooks = () => bt.strategy.symbols().map((s) => s.risk);

  const differences = (venue: VenueSnapshot): Difference[] => {
    const out: Difference[] = [];
    const venueOpen = new Map(venue.openOrders.map((o) => [o.clientOrderId, o] as const));
    for (const order of bt.orders.all()) {
      const id = order.request.clientOrderId;
      const at = venueOpen.get(id);
      const open = !isFinalStatus(order.status);
      // An order still on its way to the venue (not accepted yet) is not expected there.
      if (open && at === undefined && order.status !== 'pendingNew') out.push({ key: `open ${id}`, line: `${id}: open here, not open at the venue` });
      if (!open && at !== undefined) out.push({ key: `ended ${id}`, line: `${id}: ${order.status} here, open at the venue` });
      if (at !== undefined && at.filledLots !== order.filledLots) {
        out.push({ key: `filled ${id} ${at.filledLots}`, line: `${id}: ${order.filledLots} lots filled here, ${at.filledLots} at the venue` });
      }
      venueOpen.delete(id);
    }
    for (const id of venueOpen.keys()) out.push({ key: `unknown ${id}`, line: `${id}: open at the venue, unknown here` });
    for (const p of positionPairs(venue)) if (!new Money(p.local).equals(p.venue)) out.push({ key: `position ${p.symbol} ${p.local} ${p.venue}`, line: `${p.symbol}: position ${p.local} here, ${p.venue} at the venue` });
    return out;
  };

  const positionPairs = (venue: VenueSnapshot): { symbol: string; local: string; venue: string }[] => {
    const held = bt.venue.holdings();
    void venue;
    return bt.strategy.symbols().map((s) => ({
      symbol: s.instrument.symbol,
      local: s.risk.positionQty(),
      venue: held[s.instrument.symbol]?.position ?? '0',
    }));
  };

  const check = (venue: VenueSnapshot): ReconciliationResult => {
    const found = differences(venue);
    const next = new Map(found.map((d) => [d.key, d.line] as const));
    // A difference counts when the previous check saw it too: a report on its way makes one for a moment.
    mismatches = found.filter((d) => pendingDifferences.has(d.key)).map((d) => d.line);
    pendingDifferences = next;
    checkedAtUs = now();
    reconciled = true;
    refreshPrivateState();
    lastCheck = {
      venue: bt.venue.name,
      checkedAtUs,
      localOpen: bt.orders.all().filter((o) => !isFinalStatus(o.status)).length,
      venueOpen: venue.openOrders.length,
      positions: positionPairs(venue),
      mismatches,
      privateState: privateProblem,
      atRestart,
    };
    return lastCheck;
  };

  // The privateState gate: a venue problem first, then not reconciled yet, then the mismatches seen twice.
  function refreshPrivateState(): void {
    if (!guard) return;
    const extra = mismatches.length > 1 ? ` (+${mismatches.length - 1} more)` : '';
    const problem = venueProblem ?? (!reconciled ? NOT_RECONCILED_YET : mismatches[0] === undefined ? null : `reconciliation: ${mismatches[0]}${extra}`);
    if (problem === privateProblem) return;
    privateProblem = problem;
    bt.strategy.setPrivateState(problem);
    if (lastCheck !== null) lastCheck = { ...lastCheck, privateState: problem };
  }

  const reconcileNow = (): ReconciliationResult => check(bt.venue.snapshot());
  const every = options.reconcileEveryMs === undefined ? RECONCILE_EVERY_MS : options.reconcileEveryMs;
  if (every !== null) {
    pipeline.time.every(every, () => {
      reconcileNow();
    });
  }
  // Closed from the start (no journal event: nothing has happened yet); the first agreeing check opens it.
  if (guard) for (const risk of riskBooks()) risk.setPrivateState(NOT_RECONCILED_YET);

  const applyOperatorSwitches = (): void => {
    for (const risk of riskBooks()) risk.setOperatorEnabled(enabled && !paused);
  };
  if (!enabled) applyOperatorSwitches();

  const trader: Trader = {
    core: bt,
    status: () => ({ killed: killReason !== null, killReason, paused }),
    tradingEnabled: () => enabled,
    enableTrading(reason) {
      if (enabled) return false;
      enabled = true;
      applyOperatorSwitches();
      journal({ type: 'gateChanged', timeUs: now(), gate: 'operatorEnabled', open: !paused, product: null, symbol: null, reason });
      return true;
    },
    applyOperatorSwitches,
    kill(reason) {
      if (killReason !== null) return;
      killReason = reason;
      journal({ type: 'killSwitchEngaged', timeUs: now(), reason });
      bt.strategy.kill(reason);
      bt.orders.cancelAll('kill switch');
    },
    resetKill(reason = 'reset by the operator') {
      if (killReason === null) return false;
      killReason = null;
      journal({ type: 'killSwitchReset', timeUs: now(), reason });
      bt.strategy.resetKill(reason);
      return true;
    },
    setPaused(on, reason) {
      if (paused === on) return false;
      paused = on;
      applyOperatorSwitches();
      const why = reason ?? (on ? 'trading paused by the operator' : 'trading resumed by the operator');
      journal({ type: 'gateChanged', timeUs: now(), gate: 'operatorEnabled', open: enabled && !on, product: null, symbol: null, reason: why });
      return true;
    },
    flatten() {
      const sent: string[] = [];
      if (!enabled) return sent;
      for (const s of bt.strategy.symbols()) {
        const instrument = s.instrument;
        const p = params(instrument.symbol);
        const lots = sizedLots(sellableLots(instrument, p, s.risk.positionQty()), orderSizing(instrument, options.rulesOf(instrument)));
        const engine = pipeline.engine(instrument.product, instrument.symbol);
        const top = engine?.bbo.top(engine.sync) ?? null;
        if (lots <= 0 || top === null) continue;
        const capTicks = Math.max(1, Math.ceil(top.bidTicks * (1 - p.ioc.maxBpsThroughTouch / 10_000)));
        // The run's time in the id: client order ids (fd-<decision id>) stay unique across a restart.
        const decisionId = `flatten-${now()}-${++flattens}`;
        const decision: Decision = {
          timeUs: now(),
          product: instrument.product,
          symbol: instrument.symbol,
          action: 'SELL_INVENTORY',
          side: 'SELL',
          score: null,
          alphaBps: null,
          costBps: null,
          costParts: null,
          gates: [{ gate: 'operatorFlatten', pass: true, value: 'confirmed', limit: 'confirmed' }],
          features: {},
          intent: { type: 'LIMIT_IOC', side: 'SELL', priceTicks: capTicks, qtyLots: lots },
          reason: 'flatten (operator)',
        };
        journal({ type: 'decision', decisionId, ...decision });
        bt.orders.submit(decision, decisionId, instrument);
        sent.push(instrument.symbol);
      }
      return sent;
    },
    positions() {
      const held = bt.venue.holdings();
      const quoteAsset = bt.venue.quoteAsset();
      const symbols = bt.strategy.symbols().map((s): SymbolPosition => {
        const account = held[s.instrument.symbol];
        return { symbol: s.instrument.symbol, quoteAsset: account?.quote ?? quoteAsset, fills: account?.fills ?? 0, ...s.risk.position() };
      });
      const quotes = new Set(symbols.map((s) => s.quoteAsset));
      const sum = (field: 'realizedPnl' | 'unrealizedPnl' | 'fees' | 'netPnl'): string => moneyText(symbols.reduce((acc, s) => acc.plus(s[field]), new Money(0)));
      return {
        symbols,
        totals: quotes.size > 1 ? null : { quoteAsset: [...quotes][0] ?? quoteAsset, realizedPnl: sum('realizedPnl'), unrealizedPnl: sum('unrealizedPnl'), fees: sum('fees'), netPnl: sum('netPnl') },
        fillMarkouts: horizons.map((ms, k) => {
          const s = markoutSums[k] ?? { n: 0, sum: 0 };
          return { horizon: horizonLabel(ms), n: s.n, meanBps: s.n === 0 ? null : s.sum / s.n };
        }),
      };
    },
    orders() {
      const nowUs = now();
      const open: OpenOrderInfo[] = [];
      for (const order of bt.orders.all()) {
        if (isFinalStatus(order.status)) continue;
        const intent = order.request.intent;
        const instrument = bt.instruments.get(intent.symbol);
        if (instrument === undefined) continue;
        const facts = bt.venue.orderFacts(order.request.clientOrderId);
        open.push({
          clientOrderId: order.request.clientOrderId,
          symbol: intent.symbol,
          side: intent.side,
          type: intent.type,
          priceTicks: intent.priceTicks,
          price: ticksToPrice(instrument, intent.priceTicks),
          qty: lotsToQty(instrument, intent.qtyLots),
          filled: lotsToQty(instrument, order.filledLots),
          queueAhead: facts?.queueAhead === null || facts?.queueAhead === undefined ? null : lotsToQty(instrument, facts.queueAhead),
          ageMs: facts === null ? 0 : Math.max(0, Math.round((nowUs - facts.submitUs) / 1000)),
          status: order.status,
        });
      }
      return { open, lastFills: [...fills], orders: bt.orders.all().length, fills: fillCount };
    },
    reconciliation: () => lastCheck ?? { venue: bt.venue.name, checkedAtUs, localOpen: 0, venueOpen: 0, positions: [], mismatches, privateState: privateProblem, atRestart },
    reconcileNow,
    restartReconciled(lines) {
      atRestart = [...lines];
      return reconcileNow();
    },
    setVenueProblem(problem) {
      venueProblem = problem;
      refreshPrivateState();
    },
    rateLimitWarning() {
      for (const risk of riskBooks()) risk.onRateLimitWarning(now());
    },
    finish() {
      fillMarkouts.finish();
      bt.finish();
    },
  };
  return trader;
}
