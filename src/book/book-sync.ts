// book/book-sync: the synchronisation state machine of one symbol's local book. It buffers diffs until a
// snapshot anchors them, applies them under the product's rules, and on anything that would make the book
// wrong (gap, crossed book, and external causes: stale stream, reconnect, bookTicker mismatch) clears the
// book and waits for a fresh snapshot. Every step returns an outcome value; nothing here throws for
// market conditions, and the book is only `live` while it is known to be right.

import type { DepthDiffEvent, DepthSnapshotEvent } from '../model/index.js';
import { DiffRing } from './diff-ring.js';
import { OrderBook } from './order-book.js';
import { describeDiff, type SyncRules } from './sync-rules.js';

export type SyncState =
  /** No snapshot applied yet: diffs are buffered. */
  | 'awaitingSnapshot'
  /** The book is anchored and every diff so far chained: the book is right. */
  | 'live'
  /** The book was live, something broke it; diffs are buffered until a fresh snapshot. */
  | 'resyncing'
  /** Given up (e.g. the venue banned us); nothing is applied until reset. */
  | 'faulted';

export type ResyncCause = 'gap' | 'crossed' | 'stale' | 'reconnect' | 'bboMismatch' | 'manual';

export type SyncOutcome =
  | { readonly type: 'buffered'; readonly droppedOldest: number }
  | { readonly type: 'droppedOld'; readonly detail: string }
  | { readonly type: 'applied' }
  /** replayed: buffered diffs applied on top of the snapshot; skipped: buffered diffs dropped as older. */
  | { readonly type: 'synced'; readonly lastUpdateId: number; readonly replayed: number; readonly skipped: number }
  | { readonly type: 'snapshotRejected'; readonly detail: string }
  | { readonly type: 'snapshotIgnored'; readonly detail: string }
  | { readonly type: 'resyncNeeded'; readonly cause: ResyncCause; readonly detail: string }
  | { readonly type: 'ignoredWhileFaulted' };

export interface BookSyncOptions {
  readonly rules: SyncRules;
  /** Diffs kept while waiting for a snapshot; the oldest are dropped beyond this. */
  readonly maxBufferedDiffs: number;
}

export class BookSync {
  readonly book = new OrderBook();
  private stateValue: SyncState = 'awaitingSnapshot';
  private readonly rules: SyncRules;
  private readonly buffer: DiffRing;
  /** After a snapshot, until the first diff spanning it is applied. */
  private awaitingFirstDiff = false;

  constructor(options: BookSyncOptions) {
    this.rules = options.rules;
    this.buffer = new DiffRing(options.maxBufferedDiffs);
  }

  get state(): SyncState {
    return this.stateValue;
  }

  /** True when the book may be read as right. */
  get healthy(): boolean {
    return this.stateValue === 'live';
  }

  /** True when a fresh REST snapshot should be fetched (the live driver acts on this). */
  get needsSnapshot(): boolean {
    return this.stateValue === 'awaitingSnapshot' || this.stateValue === 'resyncing';
  }

  get bufferedDiffs(): number {
    return this.buffer.length;
  }

  onDiff(diff: DepthDiffEvent): SyncOutcome {
    switch (this.stateValue) {
      case 'faulted':
        return { type: 'ignoredWhileFaulted' };
      case 'awaitingSnapshot':
      case 'resyncing':
        return this.bufferDiff(diff);
      case 'live':
        return this.applyLive(diff);
    }
  }

  onSnapshot(snapshot: DepthSnapshotEvent): SyncOutcome {
    if (this.stateValue === 'faulted') return { type: 'ignoredWhileFaulted' };
    if (this.stateValue === 'live') {
      return { type: 'snapshotIgnored', detail: `book already live at ${this.book.lastUpdateId}` };
    }
    const lastUpdateId = snapshot.lastUpdateId;
    const rules = this.rules;
    let start = 0;
    while (start < this.buffer.length && rules.isBeforeSnapshot(this.buffer.at(start) as DepthDiffEvent, lastUpdateId)) {
      start++;
    }
    const first = this.buffer.at(start);
    if (first !== undefined && !rules.spansSnapshot(first, lastUpdateId)) {
      this.buffer.dropOldest(start);
      return {
        type: 'snapshotRejected',
        detail: `snapshot lastUpdateId=${lastUpdateId} is older than the first buffered diff (${describeDiff(first)})`,
      };
    }
    this.book.loadSnapshot(snapshot.bids, snapshot.asks, lastUpdateId);
    if (this.book.isCrossed()) {
      this.book.clear();
      return { type: 'snapshotRejected', detail: `snapshot lastUpdateId=${lastUpdateId} is crossed` };
    }
    const pending = this.buffer.drain();
    this.stateValue = 'live';
    this.awaitingFirstDiff = true;
    let replayed = 0;
    let skipped = start;
    for (let i = start; i < pending.length; i++) {
      const outcome = this.applyLive(pending[i] as DepthDiffEvent);
      if (outcome.type === 'resyncNeeded') {
        if (outcome.cause === 'gap') for (let j = i + 1; j < pending.length; j++) this.buffer.push(pending[j] as DepthDiffEvent);
        return outcome;
      }
      if (outcome.type === 'applied') replayed++;
      else skipped++;
    }
    return { type: 'synced', lastUpdateId, replayed, skipped };
  }

  /**
   * Breaks sync from outside (stale stream, reconnect, bookTicker mismatch): the book is cleared and a
   * fresh snapshot is needed. Buffered diffs are dropped: they belong to the stream that failed.
   */
  requestResync(cause: ResyncCause, detail: string): SyncOutcome {
    if (this.stateValue === 'faulted') return { type: 'ignoredWhileFaulted' };
    this.breakSync(null);
    return { type: 'resyncNeeded', cause, detail };
  }

  /** Stops applying anything until `reset()`: for conditions retrying cannot cure. */
  fault(): void {
    this.book.clear();
    this.buffer.clear();
    this.stateValue = 'faulted';
  }

  /** Back to the initial state (empty book, nothing buffered). */
  reset(): void {
    this.book.clear();
    this.buffer.clear();
    this.awaitingFirstDiff = false;
    this.stateValue = 'awaitingSnapshot';
  }

  private bufferDiff(diff: DepthDiffEvent): SyncOutcome {
    return { type: 'buffered', droppedOldest: this.buffer.push(diff) };
  }

  private applyLive(diff: DepthDiffEvent): SyncOutcome {
    const book = this.book;
    const rules = this.rules;
    const lastId = book.lastUpdateId;
    if (this.awaitingFirstDiff) {
      if (rules.isBeforeSnapshot(diff, lastId)) {
        return { type: 'droppedOld', detail: `${describeDiff(diff)} is older than the snapshot ${lastId}` };
      }
      if (!rules.spansSnapshot(diff, lastId)) {
        this.breakSync(diff);
        return {
          type: 'resyncNeeded',
          cause: 'gap',
          detail: `first diff after snapshot ${lastId} does not span it (${describeDiff(diff)})`,
        };
      }
      this.awaitingFirstDiff = false;
    } else {
      if (diff.finalUpdateId <= lastId) {
        return { type: 'droppedOld', detail: `${describeDiff(diff)} is already applied (book at ${lastId})` };
      }
      if (!rules.continues(diff, lastId)) {
        this.breakSync(diff);
        return {
          type: 'resyncNeeded',
          cause: 'gap',
          detail: `expected ${rules.expectation(lastId)}, got ${describeDiff(diff)}`,
        };
      }
    }
    book.applyLevels(diff.bids, diff.asks);
    book.lastUpdateId = diff.finalUpdateId;
    if (book.isCrossed()) {
      const detail = `book crossed after ${describeDiff(diff)}: bid ${book.bids.bestTicks()} >= ask ${book.asks.bestTicks()} (ticks)`;
      this.breakSync(null);
      return { type: 'resyncNeeded', cause: 'crossed', detail };
    }
    return { type: 'applied' };
  }

  private breakSync(keep: DepthDiffEvent | null): void {
    this.book.clear();
    this.buffer.clear();
    if (keep !== null) this.buffer.push(keep);
    this.awaitingFirstDiff = false;
    this.stateValue = this.stateValue === 'awaitingSnapshot' ? 'awaitingSnapshot' : 'resyncing';
  }
}
