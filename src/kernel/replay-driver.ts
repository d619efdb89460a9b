// kernel/replay-driver: the one replay driver. It owns a replay's merged, numbered message stream — read
// and merged in this thread, or decoded in a worker (decode-client.ts) — and applies it to the pipeline in
// order, the end of each file included at its place: when the last file carrying a book ends, the book is
// told its data is over right after that file's last message, so the silence after it is not a stale
// stream. Callers run it to the end, up to a receive time, by n messages or by an amount of receive time,
// and may stop it early (quietly; the files are closed). A hook may see each raw message just before the
// pipeline does. Headless replay, the console's ReplayController, `features`, `impact` and `convert` all
// drive replays through it, so however a replay is driven it passes through the same states.
//
// How: the producer (merge or worker) hands items over one at a time. While a caller waits for items its
// goal admits and nothing is queued, each is applied at once (the fast path of a run to the end); any
// other item is queued, up to `readAhead` messages ahead, and applied when a goal admits it. A goal ends
// when the next message is known not to fit it, or at the end of the data, so `finished` is exact.

import type { InstrumentSpec, MarketEvent, RawMessage } from '../model/index.js';
import type { ReaderStats, WarningSink } from '../recording/index.js';
import { decodeWorkerAvailable, runDecodeWorker } from './decode-client.js';
import { mergeByReceiveTime } from './merge.js';
import type { Pipeline } from './pipeline.js';
import type { OpenedSource } from './replay-sources.js';
import type { SymbolEngine } from './symbol-engine.js';

export interface ReplayDriverOptions {
  /**
   * Sees each raw message just before the pipeline ingests it (a writer, a tracker); a returned promise
   * holds the replay back until it settles. Every raw message is needed here, so decoding stays in this
   * thread.
   */
  readonly onRaw?: (raw: RawMessage) => void | Promise<void>;
  /** Messages read ahead of the pipeline while no goal takes them, at most (default 20,000). */
  readonly readAhead?: number;
}

/** What a driver runs: built by prepareReplay (replay.ts). */
export interface ReplayDriverSetup {
  readonly pipeline: Pipeline;
  readonly sources: readonly OpenedSource[];
  readonly instruments: readonly InstrumentSpec[];
  readonly readerStats: ReaderStats;
  readonly warn: WarningSink;
  /** Decode in a worker thread when it can run here (compiled code) and no hook needs the raw messages. */
  readonly decodeInWorker: boolean;
}

/** Messages read ahead of the pipeline (a decode worker's batches in flight may add a few thousand). */
const READ_AHEAD = 20_000;
/** Items per batch and batches in flight for the decode worker: ~2,000 messages, a few MB at most. */
const WORKER_BATCH_ITEMS = 2048;
const WORKER_MAX_IN_FLIGHT = 4;

/** A queued item: a raw message, a message the worker parsed, or (a number) the end of that source. */
type Item = RawMessage | MarketEvent | number;

const RESOLVED = Promise.resolve();

export class ReplayDriver {
  private readonly pipeline: Pipeline;
  private readonly onRaw: ReplayDriverOptions['onRaw'];
  private readonly readAhead: number;
  private readonly queue: Item[] = [];
  private head = 0;
  /** The current goal: how many more messages it admits, and up to which receive time. */
  private budget = 0;
  private limitUs = -Infinity;
  /** True while a goal waits for the producer with nothing queued: the producer applies what fits. */
  private direct = false;
  private goalWaiter: (() => void) | null = null;
  private roomWaiters: (() => void)[] = [];
  private producer: Promise<void> | null = null;
  private producerDone = false;
  private producerError: unknown = null;
  private stopped = false;
  private readonly abort = new AbortController();
  /** The goals asked for, run one at a time. */
  private goals: Promise<unknown> = RESOLVED;
  private processed = 0;
  private clockUs: number | null = null;
  private lastUs: number | null = null;
  /** Per source, the engines it feeds; per engine, how many of its sources have not ended yet. */
  private readonly enginesOf: (readonly SymbolEngine[])[];
  private readonly sourcesLeft = new Map<SymbolEngine, number>();

  constructor(
    private readonly setup: ReplayDriverSetup,
    options: ReplayDriverOptions = {},
  ) {
    this.pipeline = setup.pipeline;
    this.onRaw = options.onRaw;
    this.readAhead = Math.max(1, options.readAhead ?? READ_AHEAD);
    this.enginesOf = setup.sources.map((source) => {
      const engines: SymbolEngine[] = [];
      for (const symbol of source.symbols) {
        const engine = setup.pipeline.engine(source.product, symbol);
        if (engine === undefined) continue;
        engines.push(engine);
        this.sourcesLeft.set(engine, (this.sourcesLeft.get(engine) ?? 0) + 1);
      }
      return engines;
    });
  }

  /** Messages applied so far. */
  get position(): number {
    return this.processed;
  }

  /** The replay clock (µs): the last applied message's receive time, or a later time runUntil reached. */
  get nowUs(): number | null {
    return this.clockUs;
  }

  /** Receive time of the last applied message (µs), or null before the first. */
  get lastMessageUs(): number | null {
    return this.lastUs;
  }

  /** True when every message has been applied, or the driver was stopped. */
  get finished(): boolean {
    return this.producerDone && this.head >= this.queue.length;
  }

  /** Receive time of the next message to apply (reading up to it), or null at the end. */
  nextTimeUs(): Promise<number | null> {
    return this.serial(() => this.peekTime());
  }

  /** Applies every message to the end of the data. */
  runToEnd(): Promise<number> {
    return this.serial(() => this.goal(Infinity, Infinity));
  }

  /**
   * Applies the messages up to the first one received after `timeUs` (at most `maxMessages`); unless the
   * count stopped it, the clock then reads `timeUs`.
   */
  runUntil(timeUs: number, maxMessages = Infinity): Promise<number> {
    return this.serial(() => this.until(timeUs, maxMessages));
  }

  /** Applies exactly `count` messages (fewer only at the end). */
  stepEvents(count: number): Promise<number> {
    return this.serial(() => this.goal(count, Infinity));
  }

  /** Applies every message received within `ms` after the clock (or after the first message). */
  stepTime(ms: number): Promise<number> {
    return this.serial(async () => {
      const base = this.clockUs ?? (await this.peekTime()) ?? 0;
      return this.until(base + ms * 1000, Infinity);
    });
  }

  /**
   * Ends the replay here, without an error: reading stops, nothing more is applied, and the promise
   * resolves once the files are closed. Called from the onRaw hook, it takes effect after that message;
   * the hook must not return (wait for) this promise, which waits for the reading the hook holds up.
   */
  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.producerDone = true;
      this.budget = 0;
      this.direct = false;
      this.queue.length = 0;
      this.head = 0;
      this.abort.abort();
      this.wakeGoal();
      this.wakeProducer();
      if (this.producer === null) for (const source of this.setup.sources) await source.batches.return(undefined);
    }
    await this.producer;
  }

  /** Runs goals one after the other (a key press may ask for a step while a frame's play is running). */
  private serial<T>(run: () => Promise<T>): Promise<T> {
    const result = this.goals.then(run);
    this.goals = result.catch(() => undefined);
    return result;
  }

  private async until(timeUs: number, maxMessages: number): Promise<number> {
    const done = await this.goal(maxMessages, timeUs);
    if (done < maxMessages && !this.stopped && Number.isFinite(timeUs) && (this.clockUs === null || this.clockUs < timeUs)) {
      this.clockUs = timeUs;
      // The target is reached: the timers due up to it run (a step target). Past the end of the data the
      // run's time stays at its last message: what was due after it never happened (markouts censor it).
      if (!this.finished) this.pipeline.advanceTime(timeUs);
    }
    return done;
  }

  private async peekTime(): Promise<number | null> {
    await this.goal(0, -Infinity);
    const next = this.queue[this.head];
    return next === undefined || typeof next === 'number' ? null : next.receiveTimeUs;
  }

  /** One goal: applies what it admits, then waits for the producer until the next message does not fit. */
  private async goal(maxMessages: number, limitUs: number): Promise<number> {
    const before = this.processed;
    if (this.stopped) return 0;
    this.startProducer();
    this.budget = maxMessages;
    this.limitUs = limitUs;
    try {
      for (;;) {
        if (this.producerError !== null) throw this.producerError;
        await this.drain();
        const next = this.queue[this.head];
        if (next !== undefined) {
          // Met when the next message does not fit; the producer may have queued more while this drained.
          if (typeof next !== 'number' && (this.budget <= 0 || next.receiveTimeUs > this.limitUs)) break;
          continue;
        }
        if (this.producerDone) break;
        this.direct = true;
        await new Promise<void>((resolve) => (this.goalWaiter = resolve));
      }
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      this.direct = false;
      this.budget = 0;
      this.limitUs = -Infinity;
    }
    return this.processed - before;
  }

  /** Applies queued items while the goal admits them; a source's end always goes with what precedes it. */
  private async drain(): Promise<void> {
    const queue = this.queue;
    while (this.head < queue.length) {
      const item = queue[this.head] as Item;
      if (typeof item === 'number') {
        this.head++;
        this.endSource(item);
        continue;
      }
      if (this.budget <= 0 || item.receiveTimeUs > this.limitUs) break;
      this.head++;
      if ('payload' in item) {
        const pending = this.applyRaw(item);
        if (pending !== undefined) await pending;
      } else this.applyMarket(item);
    }
    if (this.head >= queue.length) {
      queue.length = 0;
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > queue.length) {
      queue.splice(0, this.head);
      this.head = 0;
    }
    if (queue.length - this.head <= this.readAhead / 2) this.wakeProducer();
  }

  private applyRaw(raw: RawMessage): void | Promise<void> {
    const pending = this.onRaw?.(raw);
    this.pipeline.ingest(raw);
    this.processed++;
    this.budget--;
    this.clockUs = this.lastUs = raw.receiveTimeUs;
    return pending;
  }

  private applyMarket(event: MarketEvent): void {
    this.pipeline.ingestMarketEvent(event);
    this.processed++;
    this.budget--;
    this.clockUs = this.lastUs = event.receiveTimeUs;
  }

  private endSource(index: number): void {
    for (const engine of this.enginesOf[index] ?? []) {
      const left = (this.sourcesLeft.get(engine) ?? 1) - 1;
      this.sourcesLeft.set(engine, left);
      if (left === 0) engine.markSourcesEnded();
    }
  }

  /** The in-thread producer's delivery: a promise holds the merge back (hook pending, queue full, stopped). */
  private readonly deliverRaw = (raw: RawMessage): void | Promise<void> => {
    if (this.direct && this.budget > 0 && raw.receiveTimeUs <= this.limitUs) return this.applyRaw(raw);
    if (this.stopped) return RESOLVED; // the merge looks at the abort signal once this settles
    this.enqueue(raw);
    if (this.queue.length - this.head < this.readAhead) return undefined;
    return new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  };

  /** The decode worker's deliveries (it is held back by batch: afterBatch). */
  private readonly deliverMarket = (event: MarketEvent): void => {
    if (this.direct && this.budget > 0 && event.receiveTimeUs <= this.limitUs) this.applyMarket(event);
    else if (!this.stopped) this.enqueue(event);
  };

  private readonly deliverParsedRaw = (raw: RawMessage): void => {
    if (this.direct && this.budget > 0 && raw.receiveTimeUs <= this.limitUs) void this.applyRaw(raw);
    else if (!this.stopped) this.enqueue(raw);
  };

  private readonly deliverSourceEnd = (index: number): void => {
    if (this.stopped) return;
    if (this.head >= this.queue.length) this.endSource(index); // right after its last message, applied already
    else this.queue.push(index);
  };

  /** Queues a message the goal does not admit: the goal is met. */
  private enqueue(item: RawMessage | MarketEvent): void {
    this.queue.push(item);
    this.direct = false;
    this.wakeGoal();
  }

  private wakeGoal(): void {
    const wake = this.goalWaiter;
    this.goalWaiter = null;
    wake?.();
  }

  private wakeProducer(): void {
    if (this.roomWaiters.length === 0) return;
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const wake of waiters) wake();
  }

  private startProducer(): void {
    if (this.producer !== null) return;
    const inWorker = this.setup.decodeInWorker && this.onRaw === undefined && decodeWorkerAvailable();
    this.producer = (inWorker ? this.produceInWorker() : this.produceInThread()).then(
      () => this.finishProducer(null),
      (error: unknown) => this.finishProducer(error),
    );
  }

  private produceInThread(): Promise<void> {
    return mergeByReceiveTime(
      this.setup.sources.map((s) => s.batches),
      this.deliverRaw,
      this.deliverSourceEnd,
      this.abort.signal,
    );
  }

  private async produceInWorker(): Promise<void> {
    const { sources, instruments, readerStats, warn } = this.setup;
    for (const source of sources) await source.batches.return(undefined); // never started: opens nothing
    await runDecodeWorker(
      {
        sources: sources.map(({ path, reader }) => ({ path, reader })),
        instruments,
        batchItems: WORKER_BATCH_ITEMS,
        maxInFlight: WORKER_MAX_IN_FLIGHT,
      },
      {
        market: this.deliverMarket,
        raw: this.deliverParsedRaw,
        sourceEnd: this.deliverSourceEnd,
        warning: warn,
      },
      readerStats,
      {
        signal: this.abort.signal,
        afterBatch: () => (this.queue.length - this.head < this.readAhead ? undefined : new Promise<void>((resolve) => this.roomWaiters.push(resolve))),
      },
    );
  }

  private finishProducer(error: unknown): void {
    if (!this.stopped) {
      this.producerDone = true;
      this.producerError = error;
    }
    this.direct = false;
    this.wakeGoal();
  }
}
