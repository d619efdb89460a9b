// book/sorted-keys: an ascending set of integer keys kept in small sorted chunks (a two-level B-tree).
// Insert and delete cost O(log n + CHUNK) wherever the key lands; iterating from the smallest key is a
// plain array walk. Books keep their best price first, so the touch is always at the front.

import { lowerBound } from '../core/index.js';

const MAX_CHUNK = 128;
const MIN_CHUNK = 32;

export class SortedKeys {
  private chunks: number[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The smallest key, or undefined when empty. */
  first(): number | undefined {
    const chunk = this.chunks[0];
    return chunk === undefined ? undefined : chunk[0];
  }

  /** Index of the chunk that holds, or would hold, `key`. */
  private chunkFor(key: number): number {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = chunks[mid] as number[];
      if ((chunk[chunk.length - 1] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds `key`; returns false if it was already present. */
  insert(key: number): boolean {
    if (this.chunks.length === 0) {
      this.chunks.push([key]);
      this.count = 1;
      return true;
    }
    const ci = this.chunkFor(key);
    const chunk = this.chunks[ci] as number[];
    const i = lowerBound(chunk, key);
    if (chunk[i] === key) return false;
    chunk.splice(i, 0, key);
    this.count++;
    if (chunk.length > MAX_CHUNK) this.chunks.splice(ci + 1, 0, chunk.splice(MAX_CHUNK >> 1));
    return true;
  }

  /** Removes `key`; returns false if it was not present. */
  delete(key: number): boolean {
    if (this.chunks.length === 0) return false;
    const ci = this.chunkFor(key);
    const chunk = this.chunks[ci] as number[];
    const i = lowerBound(chunk, key);
    if (chunk[i] !== key) return false;
    chunk.splice(i, 1);
    this.count--;
    if (chunk.length === 0) {
      this.chunks.splice(ci, 1);
    } else if (chunk.length < MIN_CHUNK && this.chunks.length > 1) {
      this.mergeSmall(ci);
    }
    return true;
  }

  private mergeSmall(ci: number): void {
    const chunks = this.chunks;
    const neighbour = ci + 1 < chunks.length ? ci + 1 : ci - 1;
    const left = Math.min(ci, neighbour);
    const a = chunks[left] as number[];
    const b = chunks[left + 1] as number[];
    if (a.length + b.length <= MAX_CHUNK) {
      for (const k of b) a.push(k);
      chunks.splice(left + 1, 1);
    }
  }

  /** Calls `visit` with keys in ascending order until it returns false. */
  forEach(visit: (key: number) => boolean | void): void {
    for (const chunk of this.chunks) {
      for (const key of chunk) if (visit(key) === false) return;
    }
  }

  /** Calls `visit` with the keys k with after < k ≤ upTo, in ascending order. */
  forEachInRange(after: number, upTo: number, visit: (key: number) => void): void {
    if (this.chunks.length === 0 || upTo <= after) return;
    const chunks = this.chunks;
    let ci = this.chunkFor(after);
    let i = lowerBound(chunks[ci] as number[], after);
    for (; ci < chunks.length; ci++, i = 0) {
      const chunk = chunks[ci] as number[];
      for (; i < chunk.length; i++) {
        const key = chunk[i] as number;
        if (key <= after) continue;
        if (key > upTo) return;
        visit(key);
      }
    }
  }

  /** Up to `n` smallest keys. */
  firstN(n: number): number[] {
    const out: number[] = [];
    if (n <= 0) return out;
    for (const chunk of this.chunks) {
      for (const key of chunk) {
        out.push(key);
        if (out.length >= n) return out;
      }
    }
    return out;
  }

  clear(): void {
    this.chunks = [];
    this.count = 0;
  }
}
