// kernel/symbol-engine: everything flowdesk keeps for one (product, symbol): the synced book, the fused
// top of book, stale-stream tracking and the counters a report needs. It turns sync outcomes into engine
// notices, so every decision is an event that is logged, digested and replayable.

import { BboFusion, BookSync, rulesFor, type BboCheck, type SyncOutcome } from '../book/index.js';
import type { ConnectionEvent, Instrument, MarketEvent, NoticeType } from '../model/index.js';

export interface EngineOptions {
  /** A live book whose depth stream is silent this long (receive time) is stale and rebuilt. */
  readonly staleStreamMs: number;
  readonly maxBufferedDiffs: number;
}

export interface EngineCounters {
  depthUpdates: number;
  snapshots: number;
  trades: number;
  aggTrades: number;
  bookTickers: number;
  gaps: number;
  crossed: number;
  stale: number;
  reconnects: number;
  resyncs: number;
  syncs: number;
  snapshotsRejected: number;
  snapshotsIgnored: number;
  diffsDroppedOld: number;
  diffsDroppedOverflow: number;
  bboChecks: number;
  bboMismatches: number;
}

export type NoticeSink = (notice: NoticeType, engine: SymbolEngine, seq: number, receiveTimeUs: number, detail: string) => void;

function zeroCounters(): EngineCounters {
  return {
    depthUpdates: 0,
    snapshots: 0,
    trades: 0,
    aggTrades: 0,
    bookTickers: 0,
    gaps: 0,
    crossed: 0,
    stale: 0,
    reconnects: 0,
    resyncs: 0,
    syncs: 0,
    snapshotsRejected: 0,
    snapshotsIgnored: 0,
    diffsDroppedOld: 0,
    diffsDroppedOverflow: 0,
    bboChecks: 0,
    bboMismatches: 0,
  };
}

export class SymbolEngine {
  readonly sync: BookSync;
  readonly bbo = new BboFusion();
  readonly counters: EngineCounters = zeroCounters();
  /** Receive time of the last depth diff, µs; null before the first. */
  private lastDepthUs: number | null = null;
  /** Connection the depth stream arrives on (a reset of another connection leaves the book alone). */
  private depthConnectionId: number | null = null;
  private overflowNoticed = false;
  /** Receive time − exchange event time of the last depth diff, ms (null before the first). */
  latencyMs: number | null = null;
  /** Every source feeding this book has ended (replay): silence is the end of data, not a stale stream. */
  private sourcesEnded = false;

  constructor(
    readonly instrument: Instrument,
    private readonly options: EngineOptions,
    private readonly notify: NoticeSink,
  ) {
    this.sync = new BookSync({ rules: rulesFor(instrument.product), maxBufferedDiffs: options.maxBufferedDiffs });
  }

  onMarketEvent(event: MarketEvent): void {
    const c = this.counters;
    switch (event.kind) {
      case 'depthDiff':
        c.depthUpdates++;
        this.lastDepthUs = event.receiveTimeUs;
        this.latencyMs = event.receiveTimeUs / 1000 - event.exchangeTimeMs;
        this.depthConnectionId = event.connectionId;
        this.handle(this.sync.onDiff(event), event.seq, event.receiveTimeUs);
        break;
      case 'depthSnapshot':
        c.snapshots++;
        this.handle(this.sync.onSnapshot(event), event.seq, event.receiveTimeUs);
        break;
      case 'bookTicker':
        c.bookTickers++;
        this.check(this.bbo.onTicker(event, this.sync), event.seq, event.receiveTimeUs);
        break;
      case 'trade':
        c.trades++;
        break;
      case 'aggTrade':
        c.aggTrades++;
        break;
    }
  }

  /** True when checkStale(nowUs) would mark this book stale. */
  isStaleAt(nowUs: number): boolean {
    if (!this.sync.healthy || this.lastDepthUs === null || this.sourcesEnded) return false;
    return (nowUs - this.lastDepthUs) / 1000 > this.options.staleStreamMs;
  }

  /** Marks a live book stale when its depth stream has been silent too long at `nowUs`. */
  checkStale(nowUs: number, seq: number): void {
    if (!this.isStaleAt(nowUs)) return;
    const silentMs = (nowUs - (this.lastDepthUs as number)) / 1000;
    this.counters.stale++;
    this.notify('staleDetected', this, seq, nowUs, `no depth update for ${silentMs.toFixed(0)} ms`);
    this.handle(this.sync.requestResync('stale', `depth stream silent ${silentMs.toFixed(0)} ms`), seq, nowUs);
  }

  /** The replayed data of this book is over: stop treating the silence that follows as a stale stream. */
  markSourcesEnded(): void {
    this.sourcesEnded = true;
  }

  /** A connection dropped or came back: a book fed by it can no longer be trusted. */
  onConnection(event: ConnectionEvent): void {
    if (event.state === 'open') return;
    if (event.connectionId !== 0 && this.depthConnectionId !== null && event.connectionId !== this.depthConnectionId) return;
    if (this.sync.state === 'awaitingSnapshot' && this.sync.bufferedDiffs === 0) return;
    this.counters.reconnects++;
    this.notify('connectionReset', this, event.seq, event.receiveTimeUs, `connection ${event.connectionId} ${event.state}`);
    this.handle(this.sync.requestResync('reconnect', `connection ${event.state}`), event.seq, event.receiveTimeUs);
  }

  private handle(outcome: SyncOutcome, seq: number, timeUs: number): void {
    const c = this.counters;
    switch (outcome.type) {
      case 'applied':
        this.check(this.bbo.onBookAdvanced(this.sync), seq, timeUs);
        return;
      case 'buffered':
        if (outcome.droppedOldest > 0) {
          c.diffsDroppedOverflow += outcome.droppedOldest;
          if (!this.overflowNoticed) {
            this.overflowNoticed = true;
            this.notify('bufferOverflowed', this, seq, timeUs, `diff buffer full (${this.options.maxBufferedDiffs}); dropping the oldest`);
          }
        }
        return;
      case 'droppedOld':
        c.diffsDroppedOld++;
        return;
      case 'synced':
        c.syncs++;
        this.overflowNoticed = false;
        this.notify('bookSynced', this, seq, timeUs, `synced at ${outcome.lastUpdateId}; ${outcome.replayed} buffered diffs applied, ${outcome.skipped} older dropped`);
        this.check(this.bbo.onBookAdvanced(this.sync), seq, timeUs);
        return;
      case 'snapshotRejected':
        c.snapshotsRejected++;
        this.notify('snapshotRejected', this, seq, timeUs, outcome.detail);
        return;
      case 'snapshotIgnored':
        c.snapshotsIgnored++;
        this.notify('snapshotIgnored', this, seq, timeUs, outcome.detail);
        return;
      case 'resyncNeeded':
        c.resyncs++;
        if (outcome.cause === 'gap') {
          c.gaps++;
          this.notify('gapDetected', this, seq, timeUs, outcome.detail);
        } else if (outcome.cause === 'crossed') {
          c.crossed++;
          this.notify('crossedDetected', this, seq, timeUs, outcome.detail);
        }
        this.bbo.clearPending();
        this.notify('resyncRequested', this, seq, timeUs, `${outcome.cause}: book cleared, waiting for a fresh snapshot`);
        return;
      case 'ignoredWhileFaulted':
        return;
    }
  }

  private check(result: BboCheck | null, seq: number, timeUs: number): void {
    if (result === null) return;
    if (result.type === 'matched') {
      this.counters.bboChecks++;
    } else if (result.type === 'mismatched') {
      this.counters.bboChecks++;
      this.counters.bboMismatches++;
      this.notify('bboMismatchDetected', this, seq, timeUs, result.detail);
      this.handle(this.sync.requestResync('bboMismatch', result.detail), seq, timeUs);
    }
  }
}
