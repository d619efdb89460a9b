// book/diff-ring: the bounded buffer of depth diffs a book keeps while it waits for a snapshot. A ring:
// pushing onto a full ring drops the oldest diff in O(1) (a quiet symbol may wait hours for a snapshot
// that a recording never brings, with every new diff dropping the oldest), and dropping from the front
// is O(1) too. It never reorders or copies diffs.

import type { DepthDiffEvent } from '../model/index.js';

export class DiffRing {
  private slots: (DepthDiffEvent | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    // Grows by doubling up to the capacity: a ring of 1,000,000 costs nothing until it fills.
    this.slots = new Array<DepthDiffEvent | undefined>(Math.min(capacity, 64));
  }

  get length(): number {
    return this.count;
  }

  /** The i-th oldest diff (0 = oldest), or undefined. */
  at(index: number): DepthDiffEvent | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.slots[(this.head + index) % this.slots.length];
  }

  /** Appends a diff; when full, drops the oldest. Returns how many were dropped (0 or 1). */
  push(diff: DepthDiffEvent): number {
    if (this.count === this.slots.length && this.slots.length < this.capacity) this.grow();
    const size = this.slots.length;
    if (this.count === size) {
      this.slots[this.head] = diff;
      this.head = (this.head + 1) % size;
      return 1;
    }
    this.slots[(this.head + this.count) % size] = diff;
    this.count++;
    return 0;
  }

  /** Drops the `n` oldest diffs. */
  dropOldest(n: number): void {
    const k = Math.min(n, this.count);
    for (let i = 0; i < k; i++) this.slots[(this.head + i) % this.slots.length] = undefined;
    this.head = (this.head + k) % this.slots.length;
    this.count -= k;
  }

  /** Takes every diff out, oldest first, leaving the ring empty. */
  drain(): DepthDiffEvent[] {
    const out: DepthDiffEvent[] = new Array<DepthDiffEvent>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.at(i) as DepthDiffEvent;
    this.clear();
    return out;
  }

  clear(): void {
    this.dropOldest(this.count);
    this.head = 0;
  }

  private grow(): void {
    const next = new Array<DepthDiffEvent | undefined>(Math.min(this.capacity, this.slots.length * 2));
    for (let i = 0; i < this.count; i++) next[i] = this.at(i);
    this.slots = next;
    this.head = 0;
  }
}
