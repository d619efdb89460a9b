// cli/paper-engine: the engine of one `flowdesk paper` session, the same headless and in the console's
// worker — the live session on public streams (cli/live-setup), every raw message it used recorded as
// `record` writes them (sessions/NNNN/market), the trader (kernel/paper: the strategy on the simulated
// exchange) with its journal file (sessions/NNNN/journal.jsonl, written synchronously), state.json written
// after the reports of each message, after every operator action and every STATE_EVERY_MS, and the kill switch from outside (the
// file DIR/kill, SIGUSR2 counted by the main thread), looked at every KILL_CHECK_MS of wall time.
// Operator actions run between pipeline events, at the run's time.

import { join } from 'node:path';
import { executionVenueFor, type ExecutionMode, type ExecutionVenueName } from '../config/index.js';
import { makeDirectory, type Cancel } from '../core/index.js';
import type { FeatureEngine } from '../features/index.js';
import { attachPaper, type LiveSession, type PaperTrader, type Pipeline, type SymbolEngine, type Trader, type UnnumberedEvent } from '../kernel/index.js';
import { createInstrument, type Decision, type Instrument, type InstrumentSpec, type SymbolRules, type TradingEvent } from '../model/index.js';
import { RecordingWriter, TradingJournal } from '../recording/index.js';
import type { ConsoleStrategy, ConsoleTrading } from '../tui/index.js';
import { createPrivateReader, type PrivateReader } from '../venue/index.js';
import { BinanceAccount } from './binance-account.js';
import { BinanceSession, orderCapOf } from './binance-session.js';
import type { CommandContext } from './context.js';
import { createLiveSession, type LiveArgs } from './live-setup.js';
import { OutsideKill } from './paper-kill.js';
import { reconcileRestored, restoreComponents } from './paper-restore.js';
import { snapshotOf } from './paper-snapshot.js';
import { JOURNAL_FILE, STATE_FILE, configDigest, sessionDir, writeStateFile, type PaperStateFile, type StateDirectory } from './paper-state.js';
import { systemClock, systemScheduler } from './system-time.js';
import { flowdeskVersion } from './version.js';

/** Wall time between looks at the kill file and the SIGUSR2 count. */
export const KILL_CHECK_MS = 250;
/** Wall time between snapshots when nothing else wrote one. */
export const STATE_EVERY_MS = 5000;
/** Wall time between flushes of the market recording. */
export const FLUSH_EVERY_MS = 1000;
export const MARKET_DIR = 'market';
/** The market recording's files rotate at this size (as `record`'s default). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** `flowdesk trade`'s settings on top of a paper session's (cli/commands/trade.ts). */
export interface TradeSettings {
  readonly mode: ExecutionMode;
  /** --enable-trading: the enablement gate opens at the first market message (headless). */
  readonly enableTrading: boolean;
  /** What happens to open orders when the session stops (--on-stop). */
  readonly onStop: 'cancel' | 'leave';
  /**
   * READ_ONLY_PRIVATE: the account is read (cli/binance-account) and shown in the status line and the
   * Reconciliation pane; the enablement gate never opens, so intents stay decisions and no order goes anywhere.
   */
  readonly readOnly?: boolean;
  /**
   * DRY_RUN_PRIVATE, DEMO, TESTNET, LIVE: the Binance venue the mode trades at (its route, with the keys, is
   * built where the session runs: credentials do not cross to a worker); orders go there through
   * cli/binance-session (the dry run only validates them). Absent: the simulated exchange.
   */
  readonly binanceVenue?: ExecutionVenueName;
}

/** How the Reconciliation pane names the account READ_ONLY_PRIVATE reads. */
export const READ_ONLY_VENUE = 'Binance production (read only)';

/** Run time the simulated exchange is given after the stop's cancels, so they land (its latency is ms). */
export const STOP_CANCEL_RUN_MS = 1000;
/** Wall time a stop at Binance waits for the answers of its cancels (the exit comes within 10 s). */
export const STOP_CANCEL_WAIT_MS = 5000;

/** What a paper session runs: the options, the strategy loaded and checked, the state directory read. */
export interface PaperRequest {
  readonly args: LiveArgs;
  readonly strategy: ConsoleStrategy;
  /** The state directory, read under its lock. */
  readonly state: StateDirectory;
  /** --reset-kill: a kill switch the state holds is reset at the start, and DIR/kill removed. */
  readonly resetKill: boolean;
  /** Set by `flowdesk trade`: orders wait for the operator's enablement; open orders are handled on stop. */
  readonly trade?: TradeSettings;
}

export interface PaperEngineOptions extends PaperRequest {
  /** SIGUSR2s received so far (counted where the signal arrives: the main thread). */
  readonly killSignals: () => number;
}

export interface PaperEngineHooks {
  /** The pipeline exists: attach the trader through `trading` (headless directly, the console through its session). */
  readonly onPipeline: (pipeline: Pipeline, trading: ConsoleTrading) => void;
  /** Every evaluation's decision. */
  readonly onDecision?: (decision: Decision) => void;
  /** The session cannot go on (the journal, the recording or state.json cannot be written). */
  readonly onFatal: (error: unknown) => void;
  readonly onEvent?: Parameters<typeof createLiveSession>[2]['onEvent'];
}

export class PaperEngine {
  readonly session: number;
  readonly dir: string;
  readonly journalPath: string;
  readonly marketDir: string;
  private live: LiveSession | null = null;
  private journal: TradingJournal | null = null;
  private writer: RecordingWriter | null = null;
  private pipelineRef: Pipeline | null = null;
  private traderRef: Trader | null = null;
  /** The simulator's trader (paper, trade PUBLIC and READ_ONLY_PRIVATE); null at Binance. */
  private paperRef: PaperTrader | null = null;
  /** DRY_RUN_PRIVATE, DEMO, TESTNET, LIVE: the session's Binance side, once the instruments are known. */
  private binance: BinanceSession | null = null;
  private instruments: readonly InstrumentSpec[] = [];
  private rules: readonly SymbolRules[] = [];
  /** False until the state the directory held is back (a snapshot before that would lose it). */
  private ready = false;
  private failed = false;
  private savePending = false;
  private stopping: Promise<void> | null = null;
  private readonly timers: Cancel[] = [];
  private readonly configDigest: string;
  private readonly outsideKill: OutsideKill;
  /** READ_ONLY_PRIVATE: the account is read (once the instruments are known); false in every other run. */
  private readonly readsAccount: boolean;
  private accountRef: BinanceAccount | null = null;
  private accountReader: PrivateReader | null = null;

  constructor(
    private readonly context: CommandContext,
    private readonly options: PaperEngineOptions,
    private readonly hooks: PaperEngineHooks,
  ) {
    this.dir = options.state.dir;
    this.session = options.state.nextSession;
    const dir = sessionDir(this.dir, this.session);
    this.journalPath = join(dir, JOURNAL_FILE);
    this.marketDir = join(dir, MARKET_DIR);
    this.configDigest = configDigest(options.strategy.config);
    this.outsideKill = new OutsideKill(this.dir, options.killSignals);
    this.readsAccount = options.trade?.readOnly === true;
  }

  /** READ_ONLY_PRIVATE's account, once its reader is open; null before and in every other run. */
  get account(): BinanceAccount | null {
    return this.accountRef;
  }

  /** READ_ONLY_PRIVATE's status line field for the assets; null in every other run. */
  accountField(assets: readonly string[]): string | null {
    if (this.binance !== null) return this.binance.statusField();
    if (!this.readsAccount) return null;
    return this.accountRef?.statusField(assets) ?? 'account not read yet';
  }

  get trader(): Trader | null {
    return this.traderRef;
  }

  get pipeline(): Pipeline | null {
    return this.pipelineRef;
  }

  /** The connection state in fixed words (cli/live-setup). */
  connectionState(): string {
    return this.live?.connectionState() ?? 'connecting (attempt 1)';
  }

  /** The market recording's files so far. */
  get marketFiles(): readonly string[] {
    return this.writer?.files ?? [];
  }

  /** Sets up the live session (the venue adapter, no request yet): its connection state is known from here on. */
  async prepare(): Promise<void> {
    this.live ??= await createLiveSession(this.options.args, this.context, {
      onRaw: (raw) => {
        if (this.failed) return;
        this.writer?.write(raw)?.catch((error: unknown) => this.fail(error));
      },
      ...(this.hooks.onEvent === undefined ? {} : { onEvent: this.hooks.onEvent }),
      onPipeline: (pipeline) => {
        this.pipelineRef = pipeline;
        this.hooks.onPipeline(pipeline, this.trading);
      },
      onFatal: (error) => this.fail(error),
      onEngineError: (error) => this.fail(error),
    });
  }

  /** Connects (exchangeInfo, then the streams); the session's files are created once the instruments are known. */
  async start(): Promise<void> {
    await this.prepare();
    const live = this.live as LiveSession;
    this.timers.push(
      systemScheduler.every(KILL_CHECK_MS, () => this.checkKill()),
      systemScheduler.every(STATE_EVERY_MS, () => this.save()),
      systemScheduler.every(FLUSH_EVERY_MS, () => {
        this.writer?.flush().catch((error: unknown) => this.fail(error));
      }),
    );
    await live.start((instruments, rules) => this.open(instruments, rules));
  }

  /**
   * exchangeInfo has given the instruments and their rules. At Binance, the session's private side opens
   * before the streams do (its first account read fails the session at once on a refused key).
   */
  private async open(instruments: readonly InstrumentSpec[], rules: readonly SymbolRules[]): Promise<void> {
    this.instruments = instruments;
    this.rules = rules;
    if (this.readsAccount) this.openAccount(instruments).catch((error: unknown) => this.fail(error));
    const trade = this.options.trade;
    if (trade?.binanceVenue === undefined) return;
    const route = executionVenueFor(trade.mode, this.context.config, { live: trade.mode === 'LIVE' });
    if (route === null || route.venue !== trade.binanceVenue) throw new Error(`trade: EXECUTION_MODE=${trade.mode} does not route to Binance ${trade.binanceVenue}`);
    this.binance = await BinanceSession.open(
      {
        route,
        dir: this.dir,
        session: this.session,
        warn: (message) => this.context.warn(message),
        onFatal: (error) => this.fail(error),
        maxOrderNotional: orderCapOf(trade.mode, this.options.strategy.config, this.options.args.symbols, this.context.config.liveMaxOrderNotional),
      },
      instruments,
      rules,
    );
    if (this.stopping !== null) await this.binance.close();
  }

  /** READ_ONLY_PRIVATE: a reader of the production account (reads only) for the instruments, read from now on. */
  private async openAccount(specs: readonly InstrumentSpec[]): Promise<void> {
    const route = executionVenueFor('READ_ONLY_PRIVATE', this.context.config, { live: false });
    if (route === null || this.stopping !== null) return;
    const instruments = new Map<string, Instrument>(specs.map((s) => [s.symbol, createInstrument(s)]));
    const reader = await createPrivateReader(route, { instruments, clock: systemClock, scheduler: systemScheduler });
    if (this.stopping !== null) {
      await reader.close();
      return;
    }
    this.accountReader = reader;
    this.accountRef = new BinanceAccount(reader, { clock: systemClock, scheduler: systemScheduler });
    await this.accountRef.open();
  }

  /** The session's journal and market recording (after a saved state was taken back: a refusal writes nothing). */
  private createFiles(): void {
    const instruments = this.instruments;
    makeDirectory(sessionDir(this.dir, this.session));
    this.journal = TradingJournal.open(this.journalPath, instruments);
    this.writer = new RecordingWriter({
      dir: this.marketDir,
      product: this.options.args.product,
      symbols: this.options.args.symbols,
      instruments,
      rules: this.rules,
      tool: `flowdesk ${flowdeskVersion()}`,
      origin: 'live',
      maxFileBytes: MAX_FILE_BYTES,
      rotateHourly: true,
      clockAnchor: () => systemClock.anchor(),
    });
  }

  /** Attaches the trader to the pipeline (ConsoleTrading: the console calls it with its feature engines). */
  readonly trading: ConsoleTrading = (pipeline: Pipeline, features: ReadonlyMap<SymbolEngine, FeatureEngine>, onDecision) => {
    const { config, models } = this.options.strategy;
    const state = this.options.state.state;
    const journal = (event: UnnumberedEvent): void => this.append(event);
    const decided = (decision: Decision, journaled: boolean): void => {
      this.hooks.onDecision?.(decision);
      onDecision(decision, journaled);
    };
    const binance = this.binance;
    let trader: Trader;
    if (binance !== null) {
      // At Binance: the saved state comes back inside attach (before the first message), then the venue's record.
      const restore = state === null ? null : { execution: state.execution ?? null, session: state.session, timeUs: state.timeUs, symbols: state.symbols, orders: state.orders };
      trader = binance.attach(pipeline, { config, models, features, journal, onDecision: decided, onReport: () => this.saveSoon(), restore });
    } else {
      const paper = attachPaper(
      pipeline,
      { config, models, features, rulesOf: (i) => this.rules.find((r) => r.symbol === i.symbol), requireEnablement: this.options.trade !== undefined },
      { journal, onReport: () => this.saveSoon(), onDecision: decided },
      );
      this.paperRef = paper;
      // Before the first message: the components take their saved state back (no journal event yet).
      if (state !== null) restoreComponents(paper, state, join(this.dir, STATE_FILE));
      trader = paper;
    }
    const saving =
      <A extends unknown[], R>(action: (...a: A) => R) =>
      (...a: A): R => {
        const result = action(...a);
        this.save();
        return result;
      };
    // Every operator action (the console's keys call these) writes a snapshot after its journal events.
    const wrapped: Trader = {
      ...trader,
      kill: saving(trader.kill),
      resetKill: saving(trader.resetKill),
      setPaused: saving(trader.setPaused),
      flatten: saving(trader.flatten),
      ...(this.readsAccount ? this.readOnlyParts(trader) : {}),
    };
    this.traderRef = wrapped;
    this.createFiles();
    if (state === null) {
      this.ready = true;
      this.save();
      if (this.options.trade?.enableTrading === true) pipeline.time.after(0, () => this.enableAtStart(wrapped));
    } else {
      // At the first message's time, before it is handled: reconciled, switches back, before any intent.
      pipeline.time.after(0, () => this.resume(wrapped, state));
    }
    return wrapped;
  };

  /**
   * READ_ONLY_PRIVATE: the gate never opens (nothing is sent, not even to the simulator); the Reconciliation
   * pane shows the account's REST read: its open orders, and per symbol the base asset held.
   */
  private readOnlyParts(trader: Trader): Pick<Trader, 'enableTrading' | 'flatten' | 'reconciliation' | 'reconcileNow'> {
    const view = (): ReturnType<Trader['reconciliation']> => {
      const local = trader.reconciliation();
      const account = this.accountRef;
      const last = account?.latest() ?? null;
      return {
        ...local,
        venue: READ_ONLY_VENUE,
        checkedAtUs: last?.atUs ?? null,
        venueOpen: last?.openOrders.length ?? 0,
        positions: trader.positions().symbols.map((p) => ({ symbol: p.symbol, local: p.qty, venue: account?.held(baseAssetOf(p.symbol, p.quoteAsset)) ?? '0' })),
        mismatches: [],
      };
    };
    return { enableTrading: () => false, flatten: () => [], reconciliation: view, reconcileNow: view };
  }

  /**
   * Reconciles the restored local orders against the restored venue (journaled), brings the operator's switches
   * back, then writes this session's first snapshot.
   */
  private resume(trader: Trader, state: PaperStateFile): void {
    // trade: the saved risk books hold the gate as it was; a new session waits for a new enablement.
    if (this.options.trade !== undefined) trader.applyOperatorSwitches();
    // At Binance the restored orders are queried there (cli/binance-session); the simulator's are reconciled here.
    if (this.paperRef !== null) {
      const corrected = reconcileRestored(this.paperRef);
      for (const line of corrected) this.context.warn(`paper: reconciled after the restart: ${line}`);
      trader.restartReconciled(corrected);
    }
    if (state.trading.killReason !== null) {
      trader.kill(state.trading.killReason);
      if (this.options.resetKill) trader.resetKill('reset at the start (--reset-kill)');
    }
    if (state.trading.paused) trader.setPaused(true, 'trading paused (restored from state.json)');
    this.ready = true;
    this.save();
    if (this.options.trade?.enableTrading === true) this.enableAtStart(trader);
  }

  /** --enable-trading: the gate opens at the run's first time (a journal event), before the first intent. */
  private enableAtStart(trader: Trader): void {
    if (trader.enableTrading('trading enabled at the start (--enable-trading)')) this.save();
  }

  /**
   * --on-stop cancel (trade's default): every open order is canceled before the streams close. The simulated
   * exchange's clock then runs on STOP_CANCEL_RUN_MS of run time (no market data in it) so the cancels land;
   * at Binance (even after a failure: real orders must not be left behind) the answers are awaited up to
   * STOP_CANCEL_WAIT_MS of wall time.
   */
  private async cancelOnStop(): Promise<void> {
    const trader = this.traderRef;
    const pipeline = this.pipelineRef;
    if (this.options.trade?.onStop !== 'cancel' || trader === null || pipeline === null || !this.ready || !pipeline.time.started) return;
    if (trader.orders().open.length === 0) return;
    if (this.binance === null) {
      if (this.failed) return;
      trader.core.orders.cancelAll('session stopped (--on-stop cancel)');
      pipeline.time.advance(STOP_CANCEL_RUN_MS);
      return;
    }
    trader.core.orders.cancelAll('session stopped (--on-stop cancel)');
    const deadline = systemClock.nowUs() + STOP_CANCEL_WAIT_MS * 1000;
    while (trader.orders().open.length > 0 && systemClock.nowUs() < deadline) {
      await new Promise<void>((resolve) => systemScheduler.after(50, resolve));
    }
    const left = trader.orders().open.length;
    if (left > 0) this.context.warn(`trade: ${left} order(s) still open at Binance ${STOP_CANCEL_WAIT_MS / 1000} s after the stop's cancels; check them on the exchange`);
  }

  private append(event: UnnumberedEvent): void {
    const journal = this.journal;
    if (journal === null || this.failed) return;
    try {
      journal.append({ ...event, seq: journal.nextSeq } as TradingEvent);
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Writes state.json once the message being handled is done (a microtask: the same turn), so the reports of
   * one market message (the partial fills of one trade) cost one write (~10 ms with its two fsyncs).
   */
  private saveSoon(): void {
    if (this.savePending) return;
    this.savePending = true;
    queueMicrotask(() => {
      this.savePending = false;
      this.save();
    });
  }

  /** Writes state.json (when the state is whole and nothing failed). */
  save(): void {
    const trader = this.traderRef;
    const pipeline = this.pipelineRef;
    const journal = this.journal;
    if (!this.ready || this.failed || trader === null || pipeline === null || journal === null) return;
    const { product, symbols } = this.options.args;
    const paper = this.paperRef;
    const execution = this.binance?.exportState();
    const venue = paper !== null ? { account: paper.backtest.account.exportState(), venue: paper.backtest.exchange.exportState() } : { account: null, venue: null, ...(execution === undefined ? {} : { execution }) };
    const state = snapshotOf({ session: this.session, product, symbols, configDigest: this.configDigest, trader, pipeline, journal, venue });
    try {
      writeStateFile(this.dir, state);
    } catch (error) {
      this.fail(new Error(`cannot write ${join(this.dir, STATE_FILE)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`));
    }
  }

  /** The kill file and SIGUSR2, once the run's time has started (a kill is a journal event at that time). */
  private checkKill(): void {
    const trader = this.traderRef;
    if (trader === null || this.pipelineRef?.time.started !== true || this.failed) return;
    for (const reason of this.outsideKill.check()) trader.kill(reason);
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.hooks.onFatal(error);
  }

  /**
   * Stops: the streams close, the trader's tallies go to the journal, the last snapshot is written, the journal
   * is synced and closed, the market recording flushed and closed. Open orders stay as they are in the
   * snapshot. Throws what could not be written.
   */
  stop(): Promise<void> {
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  private async stopOnce(): Promise<void> {
    for (const cancel of this.timers.splice(0)) cancel();
    await this.cancelOnStop();
    await this.binance?.close();
    await this.accountRef?.close();
    await this.accountReader?.close();
    await this.live?.stop();
    if (this.traderRef !== null && this.ready && !this.failed) {
      this.traderRef.finish();
      this.save();
    }
    let problem: unknown = null;
    try {
      this.journal?.sync();
      this.journal?.close();
    } catch (error) {
      problem = error;
    }
    try {
      await this.writer?.close();
    } catch (error) {
      problem ??= error;
    }
    if (problem !== null) throw problem;
  }
}

/** The base asset of a symbol quoted in `quoteAsset` ("BTCUSDT", "USDT" → "BTC"). */
export function baseAssetOf(symbol: string, quoteAsset: string): string {
  return symbol.endsWith(quoteAsset) ? symbol.slice(0, -quoteAsset.length) : symbol;
}
