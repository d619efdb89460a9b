// kernel/symbol-engine: everything flowdesk keeps for one (product, symbol): the synced book, the fused
// top of book, stale-stream tracking and the counters a report needs. It turns sync outcomes into engine
// notices, so every decision is an event that is logged, digested and replayable.

import { BboFusion, BookSync, rulesFor, type BboCheck, type SyncOutcome } from '../book/index.js';
import type { ConnectionEvent, Instrument, MarketEvent, NoticeType } from '../model/index.js';

export interface EngineOptions {
  /**
   * A live book is suspected stale when a bookTicker has been ahead of it (newer update id, no diff
   * since) this long (receive time). A quiet depth stream alone is never stale: Binance sends no diff
   * when nothing changes.
   */
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
  /**
   * Receive time (µs) since which a bookTicker newer than the book has been waiting for the depth stream
   * to reflect it, with no diff applied since; null when nothing is ahead of the book.
   */
  private tickerAheadSinceUs: number | null = null;
  /** Receive time (µs) at which the book was suspected stale; null when it is not suspected. */
  private staleSinceUs: number | null = null;
  /** Connection the depth stream arrives on (a reset of another connection leaves the book alone). */
  private depthConnectionId: number | null = null;
  private overflowNoticed = false;
  /** Receive time − exchange event time of the last depth diff, ms (null before the first). */
  latencyMs: number | null = null;
  /** Receive time (µs) of the last sync (start, or after a gap, crossing or resync); null while not synced. */
  private syncedAtUs: number | null = null;
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
        this.latencyMs = event.receiveTimeUs / 1000 - event.exchangeTimeMs;
        this.depthConnectionId = event.connectionId;
        this.handle(this.sync.onDiff(event), event.seq, event.receiveTimeUs);
        break;
      case 'depthSnapshot':
        c.snapshots++;
        this.handle(this.sync.onSnapshot(event), event.seq, event.receiveTimeUs);
        break;
      case 'bookTicker': {
        c.bookTickers++;
        const result = this.bbo.onTicker(event, this.sync);
        if (result.type === 'pending') this.tickerAheadSinceUs ??= event.receiveTimeUs;
        this.check(result, event.seq, event.receiveTimeUs);
        break;
      }
      case 'trade':
        c.trades++;
        break;
      case 'aggTrade':
        c.aggTrades++;
        break;
    }
  }

  /** True while the book is suspected stale (see checkStale); the next chained diff clears it. */
  get stale(): boolean {
    return this.staleSinceUs !== null;
  }

  /** True when checkStale(nowUs) would newly suspect this book. */
  isStaleAt(nowUs: number): boolean {
    if (this.tickerAheadSinceUs === null || this.staleSinceUs !== null || this.sourcesEnded || !this.sync.healthy) return false;
    return (nowUs - this.tickerAheadSinceUs) / 1000 > this.options.staleStreamMs;
  }

  /**
   * Suspects a live book of being stale when a bookTicker has shown a newer book than the depth stream
   * delivered for too long at `nowUs`. The book is kept: the next diff either chains (the depth stream was
   * only late, the suspicion is cleared) or does not (a gap, and the usual resync). A dead connection is
   * judged by the transport (pings, reconnects), which resyncs through lifecycle events.
   */
  checkStale(nowUs: number, seq: number): void {
    if (!this.isStaleAt(nowUs)) return;
    const behindMs = (nowUs - (this.tickerAheadSinceUs as number)) / 1000;
    this.staleSinceUs = nowUs;
    this.counters.stale++;
    this.notify(
      'staleDetected',
      this,
      seq,
      nowUs,
      `depth stream ${behindMs.toFixed(0)} ms behind bookTicker (book at ${this.sync.book.lastUpdateId}); book kept until the next diff`,
    );
  }

  /** The replayed data of this book is over: stop treating the silence that follows as a stale stream. */
  markSourcesEnded(): void {
    this.sourcesEnded = true;
  }

  /** Receive time (µs) at which the book last became synced; null while it is not synced. */
  get syncedSinceUs(): number | null {
    return this.sync.healthy ? this.syncedAtUs : null;
  }

  /** True once every source feeding this book has ended (replay). */
  get dataEnded(): boolean {
    return this.sourcesEnded;
  }

  /** A connection dropped or came back: a book fed by it can no longer be trusted. */
  onConnection(event: ConnectionEvent): void {
    if (event.state === 'open') return;
    if (event.connectionId !== 0 && this.depthConnectionId !== null && event.connectionId !== this.depthConnectionId) return;
    // Nothing of this connection is held yet (or any more): there is nothing to throw away.
    if (this.sync.needsSnapshot && this.sync.bufferedDiffs === 0) return;
    this.counters.reconnects++;
    this.notify('connectionReset', this, event.seq, event.receiveTimeUs, `connection ${event.connectionId} ${event.state}`);
    this.handle(this.sync.requestResync('reconnect', `connection ${event.state}`), event.seq, event.receiveTimeUs);
  }

  private handle(outcome: SyncOutcome, seq: number, timeUs: number): void {
    const c = this.counters;
    switch (outcome.type) {
      case 'applied':
        this.bookAdvanced(seq, timeUs);
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
        this.syncedAtUs = timeUs;
        this.overflowNoticed = false;
        this.notify('bookSynced', this, seq, timeUs, `synced at ${outcome.lastUpdateId}; ${outcome.replayed} buffered diffs applied, ${outcome.skipped} older dropped`);
        this.bookAdvanced(seq, timeUs);
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
        this.syncedAtUs = null;
        if (outcome.cause === 'gap') {
          c.gaps++;
          this.notify('gapDetected', this, seq, timeUs, outcome.detail);
        } else if (outcome.cause === 'crossed') {
          c.crossed++;
          this.notify('crossedDetected', this, seq, timeUs, outcome.detail);
        }
        this.bbo.clearPending();
        this.tickerAheadSinceUs = null;
        this.staleSinceUs = null;
        this.notify('resyncRequested', this, seq, timeUs, `${outcome.cause}: book cleared, waiting for a fresh snapshot`);
        return;
      case 'ignoredWhileFaulted':
        return;
    }
  }

  /** The book moved forward: check held tickers; the depth stream is alive, so any suspicion ends. */
  private bookAdvanced(seq: number, timeUs: number): void {
    this.check(this.bbo.onBookAdvanced(this.sync), seq, timeUs);
    if (!this.sync.healthy) return;
    this.tickerAheadSinceUs = this.bbo.pendingCount > 0 ? timeUs : null;
    if (this.staleSinceUs !== null) {
      const suspectedMs = (timeUs - this.staleSinceUs) / 1000;
      this.staleSinceUs = null;
      this.notify('staleCleared', this, seq, timeUs, `next diff chained at ${this.sync.book.lastUpdateId} after ${suspectedMs.toFixed(0)} ms: the book was right`);
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
