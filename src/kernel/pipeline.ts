// kernel/pipeline: the one event pipeline, identical for live streams and replayed recordings. A raw
// message goes in; it is parsed once (venue adapter), routed to its symbol's engine, and every outcome
// (book state after the event, notices) is folded into a running digest and handed to listeners.
// Time is the messages' receive time: the pipeline's EventTimeScheduler is advanced to each message's
// receive time before the message is handled (timers due at or before it run first), so timers run at the
// same points of the same input in replay and live. Work that an event asks for (orders, later) is deferred
// until the event is fully handled (afterEvent): nothing re-enters ingest. No wall clock here.

import { EventTimeScheduler, RunningDigest } from '../core/index.js';
import type { ConnectionEvent, EngineNotice, FlowEvent, MarketEvent, NoticeType, Product, RawMessage } from '../model/index.js';
import { isMalformedMessageError, parseRawMessage, type InstrumentLookup } from '../venue/index.js';
import type { InstrumentRegistry } from './instruments.js';
import { SymbolEngine, type EngineCounters, type EngineOptions } from './symbol-engine.js';

export type PipelineListener = (event: FlowEvent, engine: SymbolEngine | null) => void;

export interface PipelineCounters {
  messages: number;
  ignored: number;
  malformed: number;
  connectionEvents: number;
  notices: number;
}

const STATE_CODE = { awaitingSnapshot: 0, live: 1, resyncing: 2, faulted: 3 } as const;
const KIND_CODE = { depthDiff: 1, depthSnapshot: 2, trade: 3, aggTrade: 4, bookTicker: 5 } as const;

export class Pipeline {
  readonly counters: PipelineCounters = { messages: 0, ignored: 0, malformed: 0, connectionEvents: 0, notices: 0 };
  /** The run's virtual time and its timers, moved by the messages' receive times (and replay targets). */
  readonly time = new EventTimeScheduler();
  /** How deep inside handling a message (or moving time) the pipeline is; deferred work waits for 0. */
  private depth = 0;
  private readonly deferred: (() => void)[] = [];
  private readonly engines = new Map<string, SymbolEngine>();
  private readonly engineList: SymbolEngine[] = [];
  private readonly digest = new RunningDigest();
  private readonly listeners: PipelineListener[] = [];
  private readonly beforeListeners: PipelineListener[] = [];
  private readonly lookup: InstrumentLookup;
  private digestHex: string | null = null;
  /** What engine() found last, and for which product and symbol. */
  private lastEngine: SymbolEngine | undefined;
  private lastSymbol = '';
  private lastProduct: Product | null = null;

  constructor(
    private readonly instruments: InstrumentRegistry,
    private readonly options: EngineOptions,
  ) {
    this.lookup = (product, symbol) => instruments.get(product, symbol);
  }

  onEvent(listener: PipelineListener): void {
    this.listeners.push(listener);
  }

  /** Sees each market event before its engine applies it (e.g. to read the book as it was). */
  onBeforeEvent(listener: PipelineListener): void {
    this.beforeListeners.push(listener);
  }

  /** The engine of a symbol, created on first use; undefined when no instrument is known for it. */
  engine(product: Product, symbol: string): SymbolEngine | undefined {
    // Consecutive events are mostly of one symbol, and the parser hands over the same symbol string.
    if (this.lastEngine !== undefined && symbol === this.lastSymbol && product === this.lastProduct) return this.lastEngine;
    const key = `${product}:${symbol}`;
    let engine = this.engines.get(key);
    if (engine === undefined) {
      const inst = this.instruments.get(product, symbol);
      if (inst === undefined) return undefined;
      engine = new SymbolEngine(inst, this.options, (n, e, seq, t, d) => this.emitNotice(n, e, seq, t, d));
      this.engines.set(key, engine);
      this.engineList.push(engine);
    }
    this.lastEngine = engine;
    this.lastSymbol = symbol;
    this.lastProduct = product;
    return engine;
  }

  allEngines(): readonly SymbolEngine[] {
    return this.engineList;
  }

  /** Processes one raw message. Never throws for bad market data: it becomes a notice. */
  ingest(raw: RawMessage): void {
    this.depth++;
    try {
      this.ingestRaw(raw);
    } finally {
      this.endWork();
    }
  }

  private ingestRaw(raw: RawMessage): void {
    this.beginMessage(raw.seq, raw.receiveTimeUs);
    const digest = this.digest;
    let parsed;
    try {
      parsed = parseRawMessage(raw, this.lookup);
    } catch (error) {
      if (!isMalformedMessageError(error)) throw error;
      this.counters.malformed++;
      this.emitNotice('messageMalformed', null, raw.seq, raw.receiveTimeUs, `${raw.stream || raw.kind}: ${error.message}`, raw.product);
      return;
    }
    if (parsed.type === 'ignored') {
      this.counters.ignored++;
      digest.add(-1);
      return;
    }
    if (parsed.type === 'connection') {
      this.onConnection(parsed.event);
      return;
    }
    if (parsed.type === 'restFailure') {
      const engine = this.engine(raw.product, parsed.symbol) ?? null;
      this.emitNotice('snapshotFetchFailed', engine, raw.seq, raw.receiveTimeUs, parsed.detail, raw.product);
      return;
    }
    this.onMarket(parsed.event);
  }

  /**
   * A market event already parsed from its raw message (by the replay decode worker, with the same
   * parser): exactly what ingest() does with that message.
   */
  ingestMarketEvent(event: MarketEvent): void {
    this.depth++;
    try {
      this.beginMessage(event.seq, event.receiveTimeUs);
      this.onMarket(event);
    } finally {
      this.endWork();
    }
  }

  /**
   * Moves the run's time to `timeUs` without a message (a replay's step target), running the timers due up
   * to it; then deferred work runs.
   */
  advanceTime(timeUs: number): void {
    if (!this.time.started) return; // no message yet: the run's time has no start
    this.depth++;
    try {
      this.time.advanceTo(timeUs, this.runDeferred);
    } finally {
      this.endWork();
    }
  }

  /** True when a timer is due at `nowUs`: a live driver then feeds a clock mark, so replay does the same. */
  timerDue(nowUs: number): boolean {
    const due = this.time.nextDueUs();
    return due !== null && due <= nowUs;
  }

  /**
   * Runs `work` once the event being handled is fully processed (every listener has seen it), or now when
   * no event is being handled. Orders decided while handling an event go out this way, after it.
   */
  afterEvent(work: () => void): void {
    if (this.depth === 0) work();
    else this.deferred.push(work);
  }

  private endWork(): void {
    this.depth--;
    if (this.depth > 0) return;
    this.runDeferred();
  }

  /** Runs the deferred work, in order (work deferred by it joins the queue). */
  private readonly runDeferred = (): void => {
    while (this.deferred.length > 0) {
      const work = this.deferred.shift() as () => void;
      work();
    }
  };

  private beginMessage(seq: number, receiveTimeUs: number): void {
    // Timers due at or before this message's receive time run first (the tie rule: a timer due at t runs
    // before the message received at t).
    if (!this.time.started) this.time.startAt(receiveTimeUs); // timers set before the first message count from it
    // A timer is an event of its own: what it deferred runs right after it, before the message.
    this.time.advanceTo(receiveTimeUs, this.runDeferred);
    this.counters.messages++;
    this.digest.add(seq);
    for (const engine of this.engineList) engine.checkStale(receiveTimeUs, seq);
  }

  private onMarket(event: MarketEvent): void {
    const digest = this.digest;
    const engine = this.engine(event.product, event.symbol);
    if (engine === undefined) return;
    for (const listener of this.beforeListeners) listener(event, engine);
    engine.onMarketEvent(event);
    digest.add(KIND_CODE[event.kind]);
    if (event.kind === 'trade' || event.kind === 'aggTrade') {
      digest.add(event.priceTicks);
      digest.add(event.qtyLots);
      digest.add(event.buyerIsMaker ? 1 : 0);
    }
    this.digestBook(engine);
    for (const listener of this.listeners) listener(event, engine);
  }

  /**
   * True when some live book's depth stream has been silent too long at `nowUs`. A live driver then feeds
   * a clock mark (a lifecycle message) through ingest(), so the decision is recorded and replays alike.
   */
  staleDue(nowUs: number): boolean {
    for (const engine of this.engineList) if (engine.isStaleAt(nowUs)) return true;
    return false;
  }

  /**
   * Hex digest of what the pipeline derived so far: the book state after each event, every trade and every
   * notice (features and detections are not in it). Finalizes the digest: call once, at the end.
   */
  finishDigest(): string {
    this.digestHex ??= this.digest.hex();
    return this.digestHex;
  }

  /** Counters summed over every engine. */
  totals(): EngineCounters {
    const sum = {} as EngineCounters;
    for (const engine of this.engineList) {
      for (const [key, value] of Object.entries(engine.counters) as [keyof EngineCounters, number][]) {
        sum[key] = (sum[key] ?? 0) + value;
      }
    }
    return sum;
  }

  private onConnection(event: ConnectionEvent): void {
    this.counters.connectionEvents++;
    this.digest.add(100 + ['open', 'reconnecting', 'reconnected', 'closed', 'shutdownAnnounced'].indexOf(event.state));
    for (const listener of this.listeners) listener(event, null);
    for (const engine of this.engineList) {
      if (engine.instrument.product === event.product) engine.onConnection(event);
    }
  }

  private digestBook(engine: SymbolEngine): void {
    const d = this.digest;
    const sync = engine.sync;
    const book = sync.book;
    d.add(STATE_CODE[sync.state]);
    d.add(book.lastUpdateId);
    d.add(book.bids.bestTicks() ?? -1);
    d.add(book.bids.bestLots());
    d.add(book.asks.bestTicks() ?? -1);
    d.add(book.asks.bestLots());
    d.add(book.bids.size);
    d.add(book.asks.size);
    d.add(book.fingerprint.low);
    d.add(book.fingerprint.high);
  }

  private emitNotice(
    notice: NoticeType,
    engine: SymbolEngine | null,
    seq: number,
    receiveTimeUs: number,
    detail: string,
    product?: Product,
  ): void {
    this.counters.notices++;
    const event: EngineNotice = {
      kind: 'notice',
      notice,
      seq,
      receiveTimeUs,
      product: engine?.instrument.product ?? product ?? 'spot',
      symbol: engine?.instrument.symbol ?? '',
      detail,
    };
    this.digest.addString(`${notice}|${event.symbol}|${detail}`);
    if (engine !== null) this.digestBook(engine);
    for (const listener of this.listeners) listener(event, engine);
  }
}
