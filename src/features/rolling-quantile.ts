// features/rolling-quantile: a quantile over the last N values (trade sizes), kept as a ring plus a sorted
// copy: O(log N + N) per value with N around 1000, exact and deterministic.

import { lowerBound } from '../core/index.js';

export class RollingQuantile {
  private readonly ring: number[] = [];
  private readonly sorted: number[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  add(value: number): void {
    if (this.ring.length === this.capacity) {
      const old = this.ring[this.next] as number;
      this.sorted.splice(lowerBound(this.sorted, old), 1);
      this.ring[this.next] = value;
    } else {
      this.ring.push(value);
    }
    this.next = (this.next + 1) % this.capacity;
    this.sorted.splice(lowerBound(this.sorted, value), 0, value);
  }

  get size(): number {
    return this.sorted.length;
  }

  /** The q-quantile (nearest rank), or null when empty. */
  quantile(q: number): number | null {
    const n = this.sorted.length;
    if (n === 0) return null;
    const rank = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
    return this.sorted[rank] as number;
  }
}

