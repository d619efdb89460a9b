// book/sorted-levels: an ascending map of integer keys to positive integer values, kept in small sorted
// chunks (a two-level B-tree) with the values beside the keys. One search serves a read, an update, an
// insert or a delete — O(log n + CHUNK) wherever the key lands — and walking from the smallest key (the
// touch: books keep their best price first) reads keys and values straight from arrays, with no hash map
// beside them.

import { lowerBound } from '../core/index.js';

const MAX_CHUNK = 128;
const MIN_CHUNK = 32;

interface Chunk {
  keys: number[];
  values: number[];
}

export class SortedLevels {
  private chunks: Chunk[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The smallest key, or undefined when empty. */
  firstKey(): number | undefined {
    return this.chunks[0]?.keys[0];
  }

  /** The value of the smallest key, or 0 when empty. */
  firstValue(): number {
    return this.chunks[0]?.values[0] ?? 0;
  }

  /** Index of the chunk that holds, or would hold, `key`. */
  private chunkFor(key: number): number {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const keys = (chunks[mid] as Chunk).keys;
      if ((keys[keys.length - 1] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The value at `key`, 0 when absent. */
  get(key: number): number {
    if (this.chunks.length === 0) return 0;
    const chunk = this.chunks[this.chunkFor(key)] as Chunk;
    const i = lowerBound(chunk.keys, key);
    return chunk.keys[i] === key ? (chunk.values[i] as number) : 0;
  }

  /** Sets the value at `key` (0 removes it); returns the previous value (0 when it was absent). */
  set(key: number, value: number): number {
    const chunks = this.chunks;
    if (chunks.length === 0) {
      if (value === 0) return 0;
      chunks.push({ keys: [key], values: [value] });
      this.count = 1;
      return 0;
    }
    const ci = this.chunkFor(key);
    const chunk = chunks[ci] as Chunk;
    const keys = chunk.keys;
    const values = chunk.values;
    const i = lowerBound(keys, key);
    if (keys[i] === key) {
      const previous = values[i] as number;
      if (value !== 0) {
        values[i] = value;
        return previous;
      }
      // Shift by hand: splice() allocates an array of what it removes on every call.
      const last = keys.length - 1;
      for (let j = i; j < last; j++) {
        keys[j] = keys[j + 1] as number;
        values[j] = values[j + 1] as number;
      }
      keys.pop();
      values.pop();
      this.count--;
      if (keys.length === 0) chunks.splice(ci, 1);
      else if (keys.length < MIN_CHUNK && chunks.length > 1) this.mergeSmall(ci);
      return previous;
    }
    if (value === 0) return 0;
    for (let j = keys.length; j > i; j--) {
      keys[j] = keys[j - 1] as number;
      values[j] = values[j - 1] as number;
    }
    keys[i] = key;
    values[i] = value;
    this.count++;
    if (keys.length > MAX_CHUNK) {
      const half = MAX_CHUNK >> 1;
      chunks.splice(ci + 1, 0, { keys: keys.splice(half), values: values.splice(half) });
    }
    return 0;
  }

  private mergeSmall(ci: number): void {
    const chunks = this.chunks;
    const neighbour = ci + 1 < chunks.length ? ci + 1 : ci - 1;
    const left = Math.min(ci, neighbour);
    const a = chunks[left] as Chunk;
    const b = chunks[left + 1] as Chunk;
    if (a.keys.length + b.keys.length <= MAX_CHUNK) {
      for (let j = 0; j < b.keys.length; j++) {
        a.keys.push(b.keys[j] as number);
        a.values.push(b.values[j] as number);
      }
      chunks.splice(left + 1, 1);
    }
  }

  /** Calls `visit(key, value)` in ascending key order until it returns false. */
  forEach(visit: (key: number, value: number) => boolean | void): void {
    for (const chunk of this.chunks) {
      const { keys, values } = chunk;
      for (let i = 0; i < keys.length; i++) if (visit(keys[i] as number, values[i] as number) === false) return;
    }
  }

  /** Calls `visit(key, value)` for the keys k with after < k ≤ upTo, in ascending order. */
  forEachInRange(after: number, upTo: number, visit: (key: number, value: number) => void): void {
    if (this.chunks.length === 0 || upTo <= after) return;
    const chunks = this.chunks;
    let ci = this.chunkFor(after);
    let i = lowerBound((chunks[ci] as Chunk).keys, after);
    for (; ci < chunks.length; ci++, i = 0) {
      const { keys, values } = chunks[ci] as Chunk;
      for (; i < keys.length; i++) {
        const key = keys[i] as number;
        if (key <= after) continue;
        if (key > upTo) return;
        visit(key, values[i] as number);
      }
    }
  }

  /** Up to `n` smallest entries as a flat [key, value, key, value, ...] list. */
  firstN(n: number): number[] {
    const out: number[] = [];
    if (n <= 0) return out;
    for (const { keys, values } of this.chunks) {
      for (let i = 0; i < keys.length; i++) {
        out.push(keys[i] as number, values[i] as number);
        if (out.length >= 2 * n) return out;
      }
    }
    return out;
  }

  clear(): void {
    this.chunks = [];
    this.count = 0;
  }
}
