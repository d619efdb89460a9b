// tui/session: the console's engine side — a ReplayController (or a live pipeline) with feature engines,
// detectors and histories per symbol, the strategy when one trades (replay --strategy, flowdesk paper), and
// the UI settings the keys change. The app asks it for a ConsoleView once per frame and calls its actions
// on keys; it never touches the screen. The trading keys act on the trader between two market events, at
// the run's time, the same on a replay (playing or paused) and on live data; R and F ask y/n first on the
// message line.

import type { Clock } from '../core/index.js';
import { ANCHOR_KINDS, DEFAULT_HORIZONS_MS, MarkoutStats, horizonLabel, type Detection, type MarkoutSummary } from '../features/index.js';
import {
  attachDetectors,
  attachFeatureEngines,
  attachMarkouts,
  ReplayController,
  type AttachedMarkouts,
  type Pipeline,
  type PreparedReplay,
  type SymbolEngine,
} from '../kernel/index.js';
import { AGGREGATIONS, MARKOUT_ANCHORS, SPEEDS, actionFor, type Action } from './keymap.js';
import { AlertHistory, HeatmapHistory, TapeHistory } from './histories.js';
import { JUMP_FORMS, parseJumpTarget } from './jump-target.js';
import { StrategyStatus, type ConsoleTrading } from './strategy-status.js';
import { ownActivity, tradingView } from './trading-view.js';
import { buildView, clockText, type SymbolState } from './view.js';
import type { ConsoleView, MarkoutsView } from './view-model.js';

/** The markouts table counts the most recent anchors of each kind and symbol, at most this many. */
export const MARKOUT_CAPACITY = 5000;

const ANCHOR_NAMES = { trade: 'trades', 'large-trade': 'large trades', detection: 'detections' } as const;

/** The key flags the console uses (a subset of Ink's). */
export interface KeyFlags {
  readonly tab?: boolean;
  readonly ctrl?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
}

/** What the app needs from an engine side: in-process (ConsoleSession) or in a worker (WorkerConsole). */
export interface ConsoleModel {
  view(size: FrameSize, fps: number): ConsoleView;
  input(text: string, key: KeyFlags, wallUs: number): Promise<'quit' | 'help' | void>;
  /** Lets the engine advance to `wallUs` (in-process replays); absent when the engine plays by itself (a worker). */
  tick?(wallUs: number, batch: number): Promise<void>;
  /** True once the engine cannot go on (it failed to start): the console ends by itself. */
  ended?(): boolean;
}

export interface FrameSize {
  readonly ladderRows: number;
  readonly tapeRows: number;
  readonly heatmapRows: number;
  readonly heatmapColumns: number;
}

/** What the console shows: a replay it controls, or live data it only watches. */
export type ConsoleSource =
  | {
      readonly kind: 'replay';
      readonly replay: PreparedReplay;
      readonly label: string;
      /** A strategy trading over the replay (replay --strategy): the trading panes show it. */
      readonly trading?: ConsoleTrading;
    }
  | {
      readonly kind: 'live';
      readonly pipeline: Pipeline;
      readonly clock: Clock;
      readonly label: string;
      /** The connection state in fixed words: `live`, `connecting (attempt k)`, `reconnecting in Ns (attempt k)`. */
      readonly connection?: () => string;
      /** A strategy paper-trading the live data (`flowdesk paper`): the trading panes show it. */
      readonly trading?: ConsoleTrading;
    };

export class ConsoleSession implements ConsoleModel {
  private readonly replayController: ReplayController | null;
  private readonly pipelineRef: Pipeline;
  private frozen: ConsoleView | null = null;
  private livePaused = false;
  private readonly symbols: SymbolState[] = [];
  private selected = 0;
  private windowIndex = 3; // 1 s
  private aggregationIndex = 0;
  private speedIndex = 1; // 1×
  private showMarkouts = false;
  private anchorIndex = 0;
  private readonly markouts: AttachedMarkouts;
  private readonly strategy: StrategyStatus | null = null;
  private readonly markoutStats = new MarkoutStats(DEFAULT_HORIZONS_MS, MARKOUT_CAPACITY);
  message = 'press ? for keys';
  private endShown = false;
  jumpInput: string | null = null;
  /** A trading action waiting for the operator's y (R, F): anything else cancels it. */
  private confirming: 'resetKill' | 'flatten' | 'enableTrading' | null = null;
  /** The `o` key's counter (view-model TradingView.page), kept below 12 (every layout's turn count divides it). */
  private tradingPage = 0;

  constructor(private readonly source: ConsoleSource) {
    this.replayController = source.kind === 'replay' ? new ReplayController(source.replay) : null;
    const pipeline = source.kind === 'replay' ? source.replay.pipeline : source.pipeline;
    this.pipelineRef = pipeline;
    const features = attachFeatureEngines(pipeline);
    const byEngine = new Map<SymbolEngine, SymbolState>();
    for (const [engine, fe] of features) {
      const state: SymbolState = { engine, features: fe, tape: new TapeHistory(), heatmap: new HeatmapHistory(), alerts: new AlertHistory() };
      byEngine.set(engine, state);
      this.symbols.push(state);
    }
    // Markouts after every kind of anchor, from the start, so the table has figures whichever kind is shown.
    this.markouts = attachMarkouts(pipeline, { anchors: ANCHOR_KINDS, horizonsMs: DEFAULT_HORIZONS_MS, onRow: (row) => this.markoutStats.add(row) });
    const onDetection = (d: Detection): void => {
      this.markouts.detection(d);
      for (const s of this.symbols) if (s.engine.instrument.symbol === d.symbol && s.engine.instrument.product === d.product) s.alerts.onDetection(d);
    };
    attachDetectors(pipeline, onDetection);
    if (source.trading !== undefined) this.strategy = new StrategyStatus(pipeline, source.trading, features);
    pipeline.onEvent((event, engine) => {
      const state = engine === null ? undefined : byEngine.get(engine);
      if (state === undefined) return;
      if (event.kind === 'notice') state.alerts.onNotice(event);
      else if (event.kind === 'trade' || event.kind === 'aggTrade') {
        state.tape.onTrade(event);
        state.heatmap.onTrade(event);
      }
      if (event.kind !== 'notice') state.heatmap.onTime(event.receiveTimeUs, state.engine.sync.healthy ? state.engine.sync.book : null);
    });
  }

  /** The replay's controller (throws on live data, which cannot be stepped). */
  get controller(): ReplayController {
    if (this.replayController === null) throw new Error('live data has no replay controller');
    return this.replayController;
  }

  get isLive(): boolean {
    return this.source.kind === 'live';
  }

  async start(): Promise<void> {
    await this.replayController?.start();
  }

  /** Lets a replay play up to the wall time; live data flows by itself. */
  async tick(wallUs: number, batch: number): Promise<void> {
    await this.replayController?.play(wallUs, batch);
  }

  /**
   * Fast-forwards until every book is live and then `seconds` more of market time, so the first frame
   * already has a book, a tape and some heatmap history.
   */
  async warmUp(seconds: number): Promise<void> {
    if (this.replayController === null) return;
    const c = this.replayController;
    while (!c.finished && !this.symbols.every((s) => s.engine.sync.healthy)) await c.stepEvents(100);
    await c.stepTime(seconds * 1000);
  }

  get speedLabel(): string {
    const speed = SPEEDS[this.speedIndex] ?? 1;
    return speed === 'max' ? 'max' : `${speed}×`;
  }

  /**
   * One key press (Ink's input and flags): the jump prompt takes text while it is open; otherwise the
   * keymap decides. Returns 'quit' when the app should exit, 'help' to toggle the help screen.
   */
  async input(text: string, key: KeyFlags, wallUs: number): Promise<'quit' | 'help' | void> {
    if (this.jumpInput !== null) {
      if (key.escape === true) {
        this.jumpInput = null;
        this.message = 'press ? for keys';
      } else if (key.return === true) {
        const target = this.jumpInput;
        this.jumpInput = null;
        await this.jumpTo(target);
      } else if (key.backspace === true || key.delete === true) this.jumpInput = this.jumpInput.slice(0, -1);
      else this.jumpInput += text;
      return;
    }
    if (this.confirming !== null) {
      this.confirm(text === 'y' && key.ctrl !== true && key.tab !== true);
      return;
    }
    const action = actionFor(text, key);
    if (action === null) return;
    if (action === 'help') return 'help';
    return this.act(action, wallUs);
  }

  /** The trading keys (o, K, R, p, F, E): true when `action` is one of them (then handled here). */
  private actTrading(action: Action): boolean {
    if (action !== 'cycleTrading' && action !== 'kill' && action !== 'resetKill' && action !== 'pauseTrading' && action !== 'flatten' && action !== 'enableTrading') return false;
    // A display frozen by space (live data) shows what the key did at once, then freezes again.
    this.frozen = null;
    if (this.strategy === null) {
      this.message = 'no strategy runs: o, K, R, p and F act on one (replay --strategy, flowdesk paper)';
      return true;
    }
    const trader = this.strategy.trader;
    switch (action) {
      case 'cycleTrading':
        this.tradingPage = (this.tradingPage + 1) % 12;
        return true;
      case 'kill':
        if (trader.status().killed) this.message = 'the kill switch already holds (R resets it)';
        else {
          const open = trader.orders().open.length;
          trader.kill('kill switch (key K)');
          this.message = `kill switch engaged: no new orders; ${open} open order${open === 1 ? '' : 's'} being canceled (R resets)`;
        }
        return true;
      case 'resetKill':
        if (!trader.status().killed) this.message = 'the kill switch does not hold';
        else {
          this.confirming = 'resetKill';
          this.message = 'reset kill switch? (y/n)';
        }
        return true;
      case 'pauseTrading': {
        const paused = !trader.status().paused;
        trader.setPaused(paused);
        this.message = paused ? 'TRADING PAUSED: no new orders (market data keeps flowing); p resumes' : 'trading resumed';
        return true;
      }
      case 'flatten':
        this.confirming = 'flatten';
        this.message = 'flatten every position? (y/n)';
        return true;
      case 'enableTrading':
        if (trader.tradingEnabled()) this.message = 'trading is enabled';
        else {
          this.confirming = 'enableTrading';
          this.message = 'enable trading: orders will go out? (y/n)';
        }
        return true;
    }
  }

  /** The operator's answer to a y/n question: y does it, anything else cancels. */
  private confirm(yes: boolean): void {
    const what = this.confirming;
    this.confirming = null;
    this.frozen = null;
    const trader = this.strategy?.trader;
    if (what === null || trader === undefined) return;
    if (what === 'enableTrading') {
      if (!yes) this.message = 'trading not enabled: no order goes out';
      else this.message = trader.enableTrading('trading enabled by the operator (key E)') ? 'trading enabled: orders may go out' : 'trading is enabled';
      return;
    }
    if (what === 'resetKill') {
      if (!yes) this.message = 'the kill switch still holds';
      else this.message = trader.resetKill('reset by the operator (key R)') ? 'kill switch reset: trading may go on' : 'the kill switch does not hold';
      return;
    }
    if (!yes) {
      this.message = 'not flattened';
      return;
    }
    const sent = trader.flatten();
    this.message = sent.length === 0 ? 'nothing to flatten (no position, or no book to price it)' : `flatten: an IOC sell sent for ${sent.join(', ')}`;
  }

  /** Applies a key's action. Returns 'quit' when the app should exit. */
  async act(action: Action, wallUs: number): Promise<'quit' | void> {
    if (action === 'quit') return 'quit';
    if (this.actTrading(action)) return;
    if (this.replayController === null) return this.actLive(action);
    const c = this.replayController;
    switch (action) {
      case 'togglePause':
        if (c.paused) c.resume(wallUs);
        else c.pause();
        return;
      case 'stepEvent':
      case 'stepFrame':
      case 'stepSecond':
        if (c.paused) await this.step(c, action);
        return;
      case 'faster':
      case 'slower':
        this.speedIndex = Math.max(0, Math.min(SPEEDS.length - 1, this.speedIndex + (action === 'faster' ? 1 : -1)));
        c.setSpeed(SPEEDS[this.speedIndex] ?? 1, wallUs);
        return;
      case 'cycleWindow':
      case 'cycleAggregation':
      case 'nextSymbol':
      case 'cycleMarkouts':
        this.changeView(action);
        return;
      case 'jump':
        this.jumpInput = '';
        this.message = `jump to (${JUMP_FORMS}; UTC), Enter to go, Esc to cancel: `;
        return;
      default:
        return;
    }
  }

  /**
   * One step of a paused replay; with a strategy, the message line then says what the step caused: the
   * decision of its last evaluation, and the orders sent and fills taken.
   */
  private async step(c: ReplayController, action: 'stepEvent' | 'stepFrame' | 'stepSecond'): Promise<void> {
    const before = this.strategy?.counts() ?? null;
    if (action === 'stepEvent') await c.stepEvents(1);
    else await c.stepTime(action === 'stepFrame' ? 100 : 1000);
    if (before === null || this.strategy === null) return;
    const what = action === 'stepEvent' ? 'event' : action === 'stepFrame' ? '100 ms' : '1 s';
    this.message = `${what}: ${StrategyStatus.caused(before, this.strategy.counts()) ?? 'no evaluation, no order, no fill'}`;
  }

  /** The keys that change what is shown, the same for replays and live data. */
  private changeView(action: 'cycleWindow' | 'cycleAggregation' | 'nextSymbol' | 'cycleMarkouts'): void {
    if (action === 'cycleWindow') this.windowIndex = (this.windowIndex + 1) % 7;
    else if (action === 'cycleAggregation') this.aggregationIndex = (this.aggregationIndex + 1) % AGGREGATIONS.length;
    else if (action === 'cycleMarkouts') {
      // Hidden → trades → large trades → detections → hidden.
      if (!this.showMarkouts) {
        this.showMarkouts = true;
        this.anchorIndex = 0;
      } else if (this.anchorIndex + 1 < MARKOUT_ANCHORS.length) this.anchorIndex++;
      else this.showMarkouts = false;
    } else this.selected = (this.selected + 1) % Math.max(1, this.symbols.length);
  }

  /** The markouts table of the selected symbol and anchor kind. */
  private markoutsView(engine: SymbolEngine): MarkoutsView {
    const kind = MARKOUT_ANCHORS[this.anchorIndex] ?? 'trade';
    const summaries = this.markoutStats.summary(kind, engine.instrument);
    const figure = (v: number | null): number => v ?? Number.NaN;
    return {
      anchor: ANCHOR_NAMES[kind],
      anchors: this.markoutStats.count(kind, engine.instrument),
      capacity: MARKOUT_CAPACITY,
      rows:
        summaries === null
          ? []
          : summaries.map((s: MarkoutSummary, k) => ({
              horizon: horizonLabel(DEFAULT_HORIZONS_MS[k] ?? 0),
              n: s.n,
              censored: s.censored,
              meanBps: figure(s.meanBps),
              medianBps: figure(s.medianBps),
              tStat: figure(s.tStat),
              positivePct: s.positiveShare === null ? Number.NaN : 100 * s.positiveShare,
              execMeanBps: figure(s.execMeanBps),
            })),
    };
  }

  private actLive(action: Action): void {
    switch (action) {
      case 'togglePause':
        this.livePaused = !this.livePaused;
        this.frozen = null;
        this.message = this.livePaused ? 'display frozen (data keeps flowing); space to resume' : 'press ? for keys';
        return;
      case 'cycleWindow':
      case 'cycleAggregation':
      case 'nextSymbol':
      case 'cycleMarkouts':
        this.changeView(action);
        return;
      case 'help':
        return;
      default:
        this.message = 'stepping, speed and jumps apply to replays, not to live data';
    }
  }

  /** Jumps forward to what the prompt's text means (see jump-target: a time of day, a date-time, +offset). */
  async jumpTo(text: string): Promise<void> {
    if (this.replayController === null) return;
    const now = this.controller.nowUs ?? this.controller.startUs;
    if (now === null) {
      this.message = 'nothing to jump in: the replay is empty';
      return;
    }
    const target = parseJumpTarget(text, now);
    if (!target.ok) {
      this.message = target.reason;
      return;
    }
    if (target.timeUs <= now) {
      this.message = `${text.trim()} is not ahead of ${clockText(now)} (jumps go forward)`;
      return;
    }
    await this.controller.advanceTo(target.timeUs);
    this.message = this.controller.finished ? `end of replay (before ${clockText(target.timeUs)})` : `jumped to ${clockText(target.timeUs)}`;
  }

  /** The view of the selected symbol for this frame. */
  view(size: FrameSize, fps: number): ConsoleView {
    const state = this.symbols[this.selected];
    if (state === undefined) throw new Error('no symbol to show');
    if (this.livePaused && this.frozen !== null) return this.frozen;
    let nowUs: number;
    let source: string;
    let position = '';
    let paused: boolean;
    if (this.source.kind === 'live') {
      nowUs = this.source.clock.nowUs();
      source = `${this.source.connection?.() ?? 'live'} ${this.source.label}`;
      paused = this.livePaused;
    } else {
      const c = this.controller;
      nowUs = c.nowUs ?? c.startUs ?? 0;
      const elapsed = c.startUs === null ? 0 : Math.max(0, nowUs - c.startUs);
      source = `replay ${this.source.label}`;
      position = `+${clockText(elapsed).slice(0, 8)}${c.finished ? ' end' : ''}`;
      paused = c.paused;
      if (c.finished && !this.endShown) {
        // Said once, replacing whatever the last key left there (a jump's "jumped to ..."); later keys may replace it.
        this.endShown = true;
        this.message = 'end of replay';
        this.markouts.finish(); // what the data ended before is censored, as `flowdesk markouts` counts it
      }
    }
    const trader = this.strategy?.trader;
    const orders = trader?.orders();
    const view = buildView(state, {
      ...size,
      aggregation: AGGREGATIONS[this.aggregationIndex] ?? 1,
      windowIndex: this.windowIndex,
      nowUs,
      source,
      position,
      paused,
      speed: this.source.kind === 'live' ? 'live' : this.speedLabel,
      books: this.symbols.map((s) => ({ product: s.engine.instrument.product, symbol: s.engine.instrument.symbol, state: s.engine.stale ? 'stale' : s.engine.sync.state })),
      fps,
      message: this.jumpInput === null ? this.message : `${this.message}${this.jumpInput}`,
      ...(trader === undefined || orders === undefined ? {} : { own: ownActivity(trader, orders, state.engine.instrument) }),
    });
    let shown = this.showMarkouts ? { ...view, markouts: this.markoutsView(state.engine) } : view;
    if (this.strategy !== null && trader !== undefined && orders !== undefined) {
      shown = { ...shown, gates: this.strategy.view(state.engine.instrument), trading: tradingView(trader, orders, this.tradingPage) };
    }
    if (this.livePaused) this.frozen = shown;
    return shown;
  }

  get pipeline(): Pipeline {
    return this.pipelineRef;
  }
}
