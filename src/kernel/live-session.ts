// kernel/live-session: the composition root of a live run. Fetches exchange info (units, order rules),
// opens the streams, and feeds every frame, REST response, connection event and clock mark through the same
// Pipeline as replay — each as a RawMessage handed first to `onRaw` (the recorder), so a recording of a
// session replays to the same book states. Snapshots are fetched by SnapshotFetcher when a book needs one;
// dropped or refused connections are retried when ConnectionSupervisor says (backoff, jitter, a budget).

import { FlowdeskError, fullJitterMs, type Cancel, type Clock, type Random, type Scheduler } from '../core/index.js';
import {
  restDepthStream,
  streamOfEnvelope,
  type ConnectionState,
  type InstrumentSpec,
  type MarketDataVenue,
  type Product,
  type RawMessage,
  type RawMessageKind,
  type RestOutcome,
  type SymbolRules,
} from '../model/index.js';
import { instrumentFromRules, parseExchangeInfo } from '../venue/index.js';
import { ConnectionSupervisor, DEFAULT_RECONNECT, type ConnectionStatus, type ReconnectOptions } from './connection-supervisor.js';
import { InstrumentRegistry } from './instruments.js';
import { Pipeline, type PipelineListener } from './pipeline.js';
import {
  DEFAULT_BACKOFF,
  SNAPSHOT_WEIGHT_BUDGET_PER_MINUTE,
  SnapshotFetcher,
  depthRequestWeight,
  type BackoffOptions,
  type FetcherStats,
} from './snapshot-fetcher.js';
import type { EngineOptions } from './symbol-engine.js';

export type TradeStream = 'trade' | 'aggTrade';

export interface LiveSessionOptions {
  readonly product: Product;
  readonly symbols: readonly string[];
  /** Diff depth stream suffix, e.g. "depth@100ms" (spot) or "depth@100ms" / "depth" (USD-M). */
  readonly depthStream: string;
  readonly tradeStream: TradeStream;
  /** REST snapshot depth (spot ≤ 5000, USD-M ≤ 1000). */
  readonly snapshotLimit: number;
  readonly engine: EngineOptions;
  /** How often the live driver looks for a book to suspect or a timer of the run due (then feeds a clock mark). */
  readonly staleCheckMs: number;
  /** REST retries (snapshots, exchangeInfo). */
  readonly backoff?: BackoffOptions;
  /** WebSocket reconnects. */
  readonly reconnect?: ReconnectOptions;
  /** What the session connects to, for its state words while it starts (e.g. the REST base URL). */
  readonly endpoint?: string;
}

export interface LiveSessionPorts {
  readonly venue: MarketDataVenue;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly random: Random;
}

export interface LiveSessionHooks {
  /** Sees every raw message before the pipeline does (the recorder writes it here). May throw to stop. */
  onRaw?(raw: RawMessage): void;
  onEvent?: PipelineListener;
  /** The pipeline exists (instruments known), before any stream opens: attach listeners here. */
  onPipeline?(pipeline: Pipeline): void;
  /** Something that ends the session (e.g. the recorder cannot write). */
  onFatal?(error: unknown): void;
  /** An exception from the pipeline or one of its listeners; without this hook it is thrown to the stream's caller. */
  onEngineError?(error: unknown): void;
}

export class LiveSession {
  private pipelineValue: Pipeline | null = null;
  private instrumentSpecs: InstrumentSpec[] = [];
  private symbolRules: SymbolRules[] = [];
  private fetcher: SnapshotFetcher | null = null;
  private readonly supervisor: ConnectionSupervisor;
  private staleTimer: Cancel | null = null;
  private seq = 0;
  private stopped = false;
  /** An engine error was handed to onEngineError: nothing more is fed to the pipeline. */
  private broken = false;
  private notIngested = 0;
  /** exchangeInfo attempts so far; the streams open once it answered. */
  private startAttempts = 0;
  private streamsOpened = false;
  /** Ends the wait before the next exchangeInfo attempt (stop() while starting). */
  private cancelStartWait: (() => void) | null = null;

  constructor(
    private readonly options: LiveSessionOptions,
    private readonly ports: LiveSessionPorts,
    private readonly hooks: LiveSessionHooks = {},
  ) {
    this.supervisor = new ConnectionSupervisor({
      clock: ports.clock,
      scheduler: ports.scheduler,
      random: ports.random,
      options: options.reconnect ?? DEFAULT_RECONNECT,
      record: (connectionId, key, payload) => this.feed('lifecycle', key, connectionId, payload),
    });
  }

  get pipeline(): Pipeline {
    if (this.pipelineValue === null) throw new FlowdeskError('live session not started');
    return this.pipelineValue;
  }

  /** The pipeline, or null before start() has loaded the instruments. */
  get pipelineIfStarted(): Pipeline | null {
    return this.pipelineValue;
  }

  get instruments(): readonly InstrumentSpec[] {
    return this.instrumentSpecs;
  }

  /** Messages received after an engine error and not ingested (0 without one). */
  get messagesNotIngested(): number {
    return this.notIngested;
  }

  /** Each symbol's order rules from exchangeInfo (in the order of `symbols`), once started. */
  get rules(): readonly SymbolRules[] {
    return this.symbolRules;
  }

  get snapshotStats(): FetcherStats | null {
    return this.fetcher?.stats ?? null;
  }

  /**
   * The connection state in fixed words: while it starts `connecting to <endpoint> (attempt k)`, then
   * `connecting (attempt k)`, `reconnecting in Ns (attempt k)` or `live` (see ConnectionSupervisor.describe).
   */
  connectionState(nowUs = this.ports.clock.nowUs()): string {
    if (!this.streamsOpened) {
      const to = this.options.endpoint === undefined ? '' : ` to ${this.options.endpoint}`;
      return `connecting${to} (attempt ${Math.max(1, this.startAttempts)})`;
    }
    return this.supervisor.describe(nowUs);
  }

  /** Each connection's phase, attempt and next retry. */
  connections(): ConnectionStatus[] {
    return this.supervisor.status();
  }

  /** Topics this session subscribes to. */
  topics(): string[] {
    return this.options.symbols.flatMap((symbol) => {
      const s = symbol.toLowerCase();
      return [`${s}@${this.options.depthStream}`, `${s}@${this.options.tradeStream}`, `${s}@bookTicker`];
    });
  }

  /**
   * Loads units and order rules from exchangeInfo (retrying transient failures), hands them to `prepare`,
   * then opens the streams. Rejects with a FlowdeskError for an unknown symbol or a venue that refuses.
   */
  async start(prepare?: (instruments: readonly InstrumentSpec[], rules: readonly SymbolRules[]) => Promise<void> | void): Promise<void> {
    const { product, symbols } = this.options;
    const info = await this.exchangeInfo();
    const bySymbol = parseExchangeInfo(info, product, symbols);
    this.symbolRules = symbols.map((symbol) => {
      const rules = bySymbol.get(symbol);
      if (rules === undefined) throw new FlowdeskError(`${symbol} is not a ${product} symbol on this venue (exchangeInfo has no such symbol)`);
      return rules;
    });
    this.instrumentSpecs = this.symbolRules.map(instrumentFromRules);
    await prepare?.(this.instrumentSpecs, this.symbolRules);
    const registry = new InstrumentRegistry();
    for (const spec of this.instrumentSpecs) registry.add(spec);
    const pipeline = new Pipeline(registry, this.options.engine);
    this.pipelineValue = pipeline;
    if (this.hooks.onEvent !== undefined) pipeline.onEvent(this.hooks.onEvent);
    for (const symbol of symbols) pipeline.engine(product, symbol);
    this.hooks.onPipeline?.(pipeline);
    this.feed('rest', 'exchangeinfo@rest.exchangeInfo', 0, info);

    this.fetcher = new SnapshotFetcher({
      venue: this.ports.venue,
      clock: this.ports.clock,
      scheduler: this.ports.scheduler,
      random: this.ports.random,
      limit: this.options.snapshotLimit,
      backoff: this.options.backoff ?? DEFAULT_BACKOFF,
      weight: {
        perRequest: depthRequestWeight(product, this.options.snapshotLimit),
        perMinute: SNAPSHOT_WEIGHT_BUDGET_PER_MINUTE[product],
      },
      wants: (symbol) => {
        const sync = pipeline.engine(product, symbol)?.sync;
        return sync !== undefined && sync.needsSnapshot && sync.bufferedDiffs > 0;
      },
      deliver: (symbol, outcome) => this.deliverSnapshot(symbol, outcome),
    });
    this.staleTimer = this.ports.scheduler.every(this.options.staleCheckMs, () => {
      const nowUs = this.ports.clock.nowUs();
      // A book to suspect, or a timer of the run's time due: a clock mark (recorded) moves the pipeline's time
      // to now, so a replay of the recording takes the same decisions at the same point.
      if (pipeline.staleDue(nowUs) || pipeline.timerDue(nowUs)) this.feed('lifecycle', 'clock', 0, '{"event":"clock"}');
    });
    await this.ports.venue.openStreams(this.topics(), {
      frame: (connectionId, _key, text) => this.feed('ws', streamOfEnvelope(text), connectionId, text),
      lifecycle: (connectionId, key, state: ConnectionState) => {
        if (state === 'open' || state === 'reconnected') this.supervisor.opened(connectionId, key);
        this.feed('lifecycle', key, connectionId, JSON.stringify({ event: state, connection: key }));
      },
      down: (connectionId, key, retry) => this.supervisor.down(connectionId, key, retry),
    });
    this.streamsOpened = true;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelStartWait?.();
    this.supervisor.stop();
    this.staleTimer?.();
    this.fetcher?.stop();
    await this.ports.venue.close();
  }

  private async exchangeInfo(): Promise<string> {
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    for (let attempt = 1; ; attempt++) {
      this.startAttempts = attempt;
      const outcome = await this.ports.venue.fetchExchangeInfo(this.options.symbols);
      if (this.stopped) throw new FlowdeskError('stopped while starting');
      if (outcome.ok) return outcome.body;
      const f = outcome.failure;
      if (f.kind === 'rejected' || f.kind === 'banned' || attempt >= 5) {
        const what = `exchangeInfo for ${this.options.symbols.join(',')} (${this.options.product})`;
        throw new FlowdeskError(`${what} failed (${f.kind}${f.status === null ? '' : ` ${f.status}`}): ${f.message}`);
      }
      const waitMs = Math.max(f.retryAfterMs ?? 0, fullJitterMs(backoff, attempt, this.ports.random));
      await new Promise<void>((resolve) => {
        const cancel = this.ports.scheduler.after(waitMs, resolve);
        this.cancelStartWait = () => {
          cancel();
          resolve();
        };
      });
      this.cancelStartWait = null;
      if (this.stopped) throw new FlowdeskError('stopped while starting');
    }
  }

  private deliverSnapshot(symbol: string, outcome: RestOutcome): void {
    const stream = restDepthStream(symbol);
    const payload = outcome.ok ? outcome.body : JSON.stringify({ error: outcome.failure });
    this.feed('rest', stream, 0, payload);
    if (this.pipeline.engine(this.options.product, symbol)?.sync.healthy === true) this.fetcher?.succeeded(symbol);
  }

  /** Wraps one input as a RawMessage: recorder first, then the pipeline, then snapshot needs. */
  private feed(kind: RawMessageKind, stream: string, connectionId: number, payload: string): void {
    if (this.stopped || this.pipelineValue === null) return;
    if (this.broken) {
      this.notIngested++;
      return;
    }
    const raw: RawMessage = {
      seq: this.seq++,
      receiveTimeUs: this.ports.clock.nowUs(),
      connectionId,
      product: this.options.product,
      kind,
      stream,
      payload,
    };
    try {
      this.hooks.onRaw?.(raw);
    } catch (error) {
      this.hooks.onFatal?.(error);
      return;
    }
    try {
      this.pipelineValue.ingest(raw);
    } catch (error) {
      // A broken invariant in an engine or a listener (a bug): a session that trades stops with it rather than
      // go on from half a message (its orders and positions may be half moved).
      if (this.hooks.onEngineError === undefined) throw error;
      this.broken = true;
      this.hooks.onEngineError(error);
      return;
    }
    for (const symbol of this.options.symbols) this.fetcher?.poke(symbol);
  }
}
