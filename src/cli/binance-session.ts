// cli/binance-session: `flowdesk trade` at Binance (DRY_RUN_PRIVATE, DEMO, TESTNET, LIVE) — the parts of a
// session that talk to the exchange, built from the mode's route only (config/execution.ts): the private
// reader, the account's reads (cli/binance-account: balances and open orders at the start, every 5 s, after
// user events and reconnects), the venue (the dry run's, which only validates, or the writing one), the
// order-context registry (cli/order-registry: DIR/orders.jsonl, each order written before it is sent) and
// the SDK's client order ids. attach() puts the strategy on the pipeline over that venue (kernel/venue-trader:
// enablement and the privateState gate) and keeps the gate fed: each account read is reconciled at once, and
// the account's problems (no read yet, a failed read, a stale user stream, an old read) close it.
//
// Restart recovery (a state.json of the same mode and venue): the risk books, decision counters and orders
// come back from the state; orders in the registry sent after that state was written are taken as sent; the
// writing venue adopts them all and queries every one not known to have ended, so the reports they missed
// (fills while we were down) come through the order manager before any new intent — the gate stays closed
// until a reconciliation agrees. Nothing is ever resent.

import { join } from 'node:path';
import { strategyParamsFor, type ExecutionMode, type ExecutionRoute, type StrategyConfig } from '../config/index.js';
import type { Cancel } from '../core/index.js';
import type { FeatureEngine } from '../features/index.js';
import { attachVenueTrader, type OrderManagerState, type Pipeline, type SymbolEngine, type UnnumberedEvent, type VenueTrader } from '../kernel/index.js';
import { Money, createInstrument, isFinalStatus, lotsToQty, priceToTicks, qtyToLots, ticksToPrice, type Decision, type ExecutionReport, type ExecutionVenue, type Instrument, type InstrumentSpec, type OrderRequest, type SymbolRules } from '../model/index.js';
import type { ModelFile } from '../research/index.js';
import {
  DRY_RUN_VALIDATED,
  createBinanceExecutionVenue,
  createDryRunVenue,
  createPrivateReader,
  loadSdkClientOrderIds,
  routeWithAccess,
  venueRequestEvent,
  type BinanceExecutionVenue,
  type OrderBuildContext,
  type ClientOrderIdSource,
  type PrivateReader,
  type RateLimitWarning,
  type SentRequest,
} from '../venue/index.js';
import { AveragePrice, averagePriceMinutes } from '../sim/index.js';
import { BinanceAccount, baselineFrom, type AccountSymbol } from './binance-account.js';
import { OrderRegistry } from './order-registry.js';
import { resumable, restoreStrategy } from './paper-restore.js';
import { STATE_FILE, type ExecutionState } from './paper-state.js';
import { systemClock, systemScheduler } from './system-time.js';

/** Wall time between looks at the account's problems (the privateState gate). */
export const PROBLEM_CHECK_MS = 1000;
/** A used weight above this share of Binance's 1-minute limit is a rate-limit warning. */
export const WEIGHT_WARNING_SHARE = 0.8;
/** Binance spot's request weight limit per minute (REQUEST_WEIGHT, exchangeInfo's rateLimits). */
export const SPOT_WEIGHT_LIMIT_1M = 6000;
/** Binance spot's order limit per 10 seconds (ORDERS, exchangeInfo's rateLimits). */
export const SPOT_ORDER_LIMIT_10S = 100;

/** The parts of a saved state a Binance session takes back. */
export interface BinanceRestore {
  /** state.json's `execution` (null: a state from before the first read, or none: the baseline is read anew). */
  readonly execution: ExecutionState | null;
  readonly session: number;
  readonly timeUs: number;
  readonly symbols: Readonly<Record<string, { readonly risk: unknown; readonly decisions: number }>>;
  readonly orders: unknown;
}

export interface BinanceSessionOptions {
  readonly route: ExecutionRoute;
  readonly dir: string;
  /** This session's number (sessions/NNNN): the registry's entries name it. */
  readonly session: number;
  readonly warn: (message: string) => void;
  /** The session cannot go on (the registry cannot be written). */
  readonly onFatal: (error: unknown) => void;
  /** The most quote notional one order may carry (the order builder refuses more). */
  readonly maxOrderNotional: string;
}

export interface AttachOptions {
  readonly config: StrategyConfig;
  readonly models: ReadonlyMap<string, ModelFile>;
  readonly features: ReadonlyMap<SymbolEngine, FeatureEngine>;
  readonly journal: (event: UnnumberedEvent) => void;
  readonly onDecision: (decision: Decision, journaled: boolean) => void;
  readonly onReport: (report: ExecutionReport) => void;
  /** The saved state to resume; null for a new one. */
  readonly restore: BinanceRestore | null;
}

/**
 * The most quote notional one order may carry at Binance: the strategy's largest risk.maxOrderNotional over
 * the symbols, and in LIVE no more than `liveCap` (FLOWDESK_LIVE_MAX_ORDER_NOTIONAL).
 */
export function orderCapOf(mode: ExecutionMode, config: StrategyConfig, symbols: readonly string[], liveCap: string): string {
  const caps = symbols.map((symbol) => new Money(strategyParamsFor(config, symbol).risk.maxOrderNotional));
  const cap = caps.reduce((a, b) => (b.greaterThan(a) ? b : a), new Money(0));
  return (mode === 'LIVE' ? Money.min(cap, new Money(liveCap)) : cap).toFixed();
}

/** The name the Reconciliation pane gives the venue. */
export function venueTitle(route: ExecutionRoute): string {
  const where = route.venue === 'production' ? 'Binance production' : `Binance ${route.venue}`;
  return route.mode === 'DRY_RUN_PRIVATE' ? `${where} (dry run: validates, sends nothing)` : where;
}

export class BinanceSession {
  private trader: VenueTrader | null = null;
  private pipeline: Pipeline | null = null;
  /** Per base asset, what the account holds apart from the strategy (the holdings' baseline, filled in place). */
  private readonly baseline: Record<string, string> = {};
  /** False until the baseline is known: saved in the state, or taken at the first read of a new one. */
  private baselineKnown = false;
  /** Where the journal goes (set by attach). */
  private journal: ((event: UnnumberedEvent) => void) | null = null;
  /** Binance's average price of each symbol whose filters need one. */
  private readonly averages = new Map<string, AveragePrice>();
  private checkingTrades = false;
  /** Per symbol, the newest account trade id seen (myTrades goes on from there). */
  private readonly lastTradeIds = new Map<string, string>();
  private readonly cancels: Cancel[] = [];
  private readonly instruments: ReadonlyMap<string, Instrument>;
  private readonly symbols: readonly AccountSymbol[];
  private closed = false;

  private constructor(
    private readonly options: BinanceSessionOptions,
    specs: readonly InstrumentSpec[],
    private readonly rules: readonly SymbolRules[],
    private readonly reader: PrivateReader,
    readonly account: BinanceAccount,
    private readonly venue: ExecutionVenue,
    private readonly writer: BinanceExecutionVenue | null,
    readonly registry: OrderRegistry,
    private readonly ids: ClientOrderIdSource,
  ) {
    this.instruments = new Map(specs.map((s) => [s.symbol, createInstrument(s)] as const));
    this.symbols = rules.map((r) => ({ symbol: r.symbol, baseAsset: r.baseAsset, quoteAsset: r.quoteAsset }));
  }

  /**
   * Builds the mode's reader, account and venue for the instruments (the venue's filters from `rules`),
   * opens the registry, reads the account once and starts its user stream. Throws what stops the session:
   * a refused key, an unreadable registry.
   */
  static async open(options: BinanceSessionOptions, specs: readonly InstrumentSpec[], rules: readonly SymbolRules[]): Promise<BinanceSession> {
    const { route } = options;
    const instruments = new Map(specs.map((s) => [s.symbol, createInstrument(s)] as const));
    const registry = OrderRegistry.open(options.dir, { warn: options.warn });
    const reader = await createPrivateReader(route, { instruments, clock: systemClock, scheduler: systemScheduler });
    const account = new BinanceAccount(reader, { clock: systemClock, scheduler: systemScheduler });
    let session: BinanceSession | null = null;
    const venueOptions = {
      rules: new Map(rules.map((r) => [r.symbol, r] as const)),
      market: (symbol: string) => session?.market(symbol) ?? {},
      caps: { maxNotional: options.maxOrderNotional },
      onRateLimit: (warning: RateLimitWarning) => session?.onRateLimit(warning),
      onRequest: (request: SentRequest) => session?.onRequest(request),
    };
    let venue: ExecutionVenue;
    let writer: BinanceExecutionVenue | null = null;
    if (routeWithAccess(route, 'validate')) venue = await createDryRunVenue(route, reader, venueOptions);
    else if (routeWithAccess(route, 'write')) venue = writer = await createBinanceExecutionVenue(route, reader, venueOptions);
    else throw new Error(`trade: EXECUTION_MODE=${route.mode} does not trade at Binance`);
    const ids = await loadSdkClientOrderIds();
    session = new BinanceSession(options, specs, rules, reader, account, venue, writer, registry, ids);
    await account.open();
    return session;
  }

  /** The strategy on the pipeline over this session's venue; the saved state (if any) taken back first. */
  attach(pipeline: Pipeline, options: AttachOptions): VenueTrader {
    const { route } = this.options;
    this.pipeline = pipeline;
    this.journal = options.journal;
    this.followAveragePrices(pipeline);
    const dryRun = route.mode === 'DRY_RUN_PRIVATE';
    const saved = options.restore?.execution?.baseline ?? null;
    if (saved !== null) {
      Object.assign(this.baseline, saved);
      this.baselineKnown = true;
    }
    const trader = attachVenueTrader(
      pipeline,
      { config: options.config, models: options.models, features: options.features, rulesOf: (i) => this.rules.find((r) => r.symbol === i.symbol) },
      this.venue,
      this.account.holdings(this.symbols, this.baseline, venueTitle(route)),
      {
        journal: options.journal,
        onDecision: options.onDecision,
        onReport: (report) => options.onReport(report),
        clientOrderIdOf: () => this.ids(),
        register: (request, decision) => this.register(request, decision),
        // Binance says which asset paid the fee: a buyer's in the base asset reduces what is held.
        feeSideOf: (instrument, report) => (report.feeAsset === this.rules.find((r) => r.symbol === instrument.symbol)?.baseAsset ? 'base' : 'quote'),
        ...(dryRun ? { rejectCounts: (report: Extract<ExecutionReport, { kind: 'rejected' }>) => !report.reason.startsWith(DRY_RUN_VALIDATED) } : {}),
      },
    );
    this.trader = trader;
    trader.setVenueProblem('connecting to the user stream');
    if (options.restore !== null) this.restore(trader, options.restore);
    void this.venue.connect(trader.path.sink).then(
      () => {
        if (this.closed) return;
        if (options.restore !== null) this.writer?.resolveOpen();
        this.cancels.push(
          this.account.onRead(() => this.onRead()),
          systemScheduler.every(PROBLEM_CHECK_MS, () => this.checkProblems()),
        );
        this.checkProblems();
        void this.account.read();
      },
      (error: unknown) => this.options.onFatal(error),
    );
    return trader;
  }

  /** state.json's `execution` field (the baseline null until the first read). */
  exportState(): ExecutionState {
    return { mode: this.options.route.mode, venue: this.options.route.venue, baseline: this.baselineKnown ? { ...this.baseline } : null };
  }

  /** The status line's field: the account's open orders and the balances of the symbols' assets. */
  statusField(): string {
    const assets = [...new Set(this.symbols.flatMap((s) => [s.baseAsset, s.quoteAsset]))];
    return this.account.statusField(assets);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const cancel of this.cancels.splice(0)) cancel();
    await this.venue.close();
    await this.account.close();
    await this.reader.close();
    this.registry.close();
  }

  // ---------------------------------------------------------------------------------------------------

  private onRead(): void {
    const trader = this.trader;
    const read = this.account.latest();
    if (trader === null || read === null || this.closed) return;
    if (!this.baselineKnown) {
      // A new state: what the account holds at the first read is not the strategy's.
      const local = trader.positions().symbols.map((p) => ({ baseAsset: this.baseOf(p.symbol), qty: p.qty }));
      Object.assign(this.baseline, baselineFrom(read, local));
      this.baselineKnown = true;
    }
    this.noteWeight();
    trader.reconcileNow();
    this.checkProblems();
    if (this.writer !== null && !this.checkingTrades) {
      this.checkingTrades = true;
      this.checkTrades(trader, this.writer)
        .catch(() => undefined) // a failed read is the account's next problem(); the next read tries again
        .finally(() => (this.checkingTrades = false));
    }
  }

  /**
   * myTrades since the last trade seen: a trade of one of our orders that the order does not hold (its user
   * event was lost) makes the venue query every open order, and the missed fills come through the sink.
   */
  private async checkTrades(trader: VenueTrader, writer: BinanceExecutionVenue): Promise<void> {
    const orders = trader.core.orders.all();
    const known = new Set(orders.flatMap((o) => o.tradeIds));
    const ours = new Set(orders.map((o) => o.venueOrderId).filter((id): id is string => id !== null));
    // An order not acknowledged yet has no venue id: a trade that names no order of ours may be its; the
    // trades are read again from the same point until every open order has its id.
    const unacked = orders.some((o) => o.venueOrderId === null && !isFinalStatus(o.status));
    let missed = false;
    for (const { symbol } of this.symbols) {
      const from = this.lastTradeIds.get(symbol) ?? null;
      const trades = await this.reader.tradesSince(symbol, from === null ? null : String(BigInt(from) + 1n), 100);
      for (const t of trades) {
        const last = this.lastTradeIds.get(symbol);
        if (!unacked && (last === undefined || BigInt(t.fill.tradeId) > BigInt(last))) this.lastTradeIds.set(symbol, t.fill.tradeId);
        if (ours.has(t.venueOrderId) && !known.has(t.fill.tradeId)) missed = true;
      }
    }
    if (missed && !this.closed) writer.resolveOpen();
  }

  private checkProblems(): void {
    if (this.trader === null || this.closed) return;
    this.trader.setVenueProblem(this.account.problem(systemClock.nowUs()));
  }

  private baseOf(symbol: string): string {
    return this.symbols.find((s) => s.symbol === symbol)?.baseAsset ?? symbol;
  }

  /** The order's context goes to the registry before the order goes out; false (not sent) when it cannot. */
  private register(request: OrderRequest, decision: Decision): boolean {
    const instrument = this.instruments.get(request.intent.symbol);
    if (instrument === undefined) return false;
    const { route } = this.options;
    try {
      this.registry.record({
        clientOrderId: request.clientOrderId,
        decisionId: request.intent.decisionId,
        session: this.options.session,
        mode: route.mode,
        venue: route.venue,
        timeUs: this.pipeline?.time.nowUs() ?? 0,
        symbol: request.intent.symbol,
        side: request.intent.side,
        type: request.intent.type,
        price: ticksToPrice(instrument, request.intent.priceTicks),
        qty: lotsToQty(instrument, request.intent.qtyLots),
        reason: decision.reason,
        score: decision.score,
        alphaBps: decision.alphaBps,
        costBps: decision.costBps,
      });
      return true;
    } catch (error) {
      this.options.onFatal(error);
      return false;
    }
  }

  /** The saved risk books, decision counters and orders; registry orders sent after the save taken as sent. */
  private restore(trader: VenueTrader, state: BinanceRestore): void {
    const path = trader.path;
    resumable('trade', join(this.options.dir, STATE_FILE), () => {
      restoreStrategy(path, state);
      path.orders.restore(state.orders as OrderManagerState, path.instruments);
    });
    const lines: string[] = [];
    for (const entry of this.registry.entries()) {
      if (entry.session !== state.session || entry.timeUs < state.timeUs) continue;
      const instrument = path.instruments.get(entry.symbol);
      if (instrument === undefined || path.orders.get(entry.clientOrderId) !== undefined) continue;
      const request: OrderRequest = {
        clientOrderId: entry.clientOrderId,
        intent: {
          product: instrument.product,
          symbol: entry.symbol,
          side: entry.side,
          type: entry.type,
          priceTicks: priceToTicks(instrument, entry.price),
          qtyLots: qtyToLots(instrument, entry.qty),
          reason: entry.reason,
          decisionId: entry.decisionId,
        },
      };
      if (path.orders.adoptSent(request, instrument)) lines.push(`${entry.clientOrderId}: sent after the last save (orders.jsonl): asked Binance for its state`);
    }
    const open = path.orders.all().filter((o) => !isFinalStatus(o.status));
    this.writer?.adopt(path.orders.all());
    if (open.length > 0) lines.push(`${open.length} order(s) open at the stop: asked Binance for their state`);
    trader.restartReconciled(lines);
  }

  /**
   * Binance's average price of each symbol whose filters need one (PERCENT_PRICE_BY_SIDE): the volume-weighted
   * price of the trades of the last minutes, from the trade stream (one kind of trade: the first seen).
   */
  private followAveragePrices(pipeline: Pipeline): void {
    for (const rules of this.rules) {
      const mins = averagePriceMinutes(rules);
      const instrument = this.instruments.get(rules.symbol);
      if (mins !== null && instrument !== undefined) this.averages.set(rules.symbol, new AveragePrice(instrument, mins));
    }
    let kind: 'trade' | 'aggTrade' | null = null;
    pipeline.onEvent((event, engine) => {
      if (engine === null || (event.kind !== 'trade' && event.kind !== 'aggTrade')) return;
      kind ??= event.kind;
      if (event.kind === kind) this.averages.get(engine.instrument.symbol)?.onTrade(event.receiveTimeUs, event.priceTicks, event.qtyLots);
    });
  }

  /** The market now, for the order builder's checks: the best bid and ask of the symbol's book, its average price. */
  private market(symbol: string): OrderBuildContext {
    const engine = this.pipeline?.allEngines().find((e) => e.instrument.symbol === symbol);
    const top = engine?.bbo.top(engine.sync) ?? null;
    const average = this.averages.get(symbol);
    const nowUs = this.pipeline?.time.nowUs() ?? 0;
    return {
      ...(top === null ? {} : { bestBidTicks: top.bidTicks, bestAskTicks: top.askTicks }),
      ...(average === undefined ? {} : { averagePrice: (mins: number) => average.at(nowUs, mins) }),
    };
  }

  private onRateLimit(_warning: RateLimitWarning): void {
    this.trader?.rateLimitWarning();
  }

  /** A used weight or an order count near Binance's limit counts as a rate-limit warning (once per read). */
  private noteWeight(): void {
    const limits = this.reader.rateLimits();
    const near = limits.usedWeight1m > SPOT_WEIGHT_LIMIT_1M * WEIGHT_WARNING_SHARE || limits.orderCount10s > SPOT_ORDER_LIMIT_10S * WEIGHT_WARNING_SHARE;
    if (near) this.trader?.rateLimitWarning();
  }

  /** Each request as it goes out (or is validated): a journal event with its exact parameters. */
  private onRequest(request: SentRequest): void {
    this.journal?.({ ...venueRequestEvent(request, this.options.route.venue), timeUs: this.pipeline?.time.nowUs() ?? request.timeUs } as UnnumberedEvent);
  }
}

