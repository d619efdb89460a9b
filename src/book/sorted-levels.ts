// book/sorted-levels: an ascending map of integer keys to positive integer values, kept in small sorted
// chunks (a two-level B-tree) with the values beside the keys. One search serves a read, an update, an
// insert or a delete — O(log n + CHUNK) wherever the key lands — and walking from the smallest key (the
// touch: books keep their best price first) reads keys and values straight from arrays, with no hash map
// beside them. Chunks are fixed-size typed arrays with a length: an insert or a delete moves the rest of its
// chunk with one copyWithin (a memmove), not element by element.

const MAX_CHUNK = 128;
const MIN_CHUNK = 32;

/** Up to MAX_CHUNK ascending keys and their values in [0, length) (one slot more while splitting). */
class Chunk {
  readonly keys = new Float64Array(MAX_CHUNK + 1);
  readonly values = new Float64Array(MAX_CHUNK + 1);
  length = 0;
}

/** Index of the first of keys[0, length) that is >= key (length when none). */
function lowerBoundIn(keys: Float64Array, length: number, key: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as number) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SortedLevels {
  /** Never holds an empty chunk. */
  private chunks: Chunk[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The smallest key, or undefined when empty. */
  firstKey(): number | undefined {
    return this.chunks.length === 0 ? undefined : (this.chunks[0] as Chunk).keys[0];
  }

  /** The value of the smallest key, or 0 when empty. */
  firstValue(): number {
    return this.chunks.length === 0 ? 0 : ((this.chunks[0] as Chunk).values[0] as number);
  }

  /** Index of the chunk that holds, or would hold, `key` (there is at least one chunk). */
  private chunkFor(key: number): number {
    const chunks = this.chunks;
    // Most updates are near the touch: the first chunk, without a search.
    const first = chunks[0] as Chunk;
    if (chunks.length === 1 || key <= (first.keys[first.length - 1] as number)) return 0;
    let lo = 1; // the last chunk takes keys beyond every chunk
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = chunks[mid] as Chunk;
      if ((chunk.keys[chunk.length - 1] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The value at `key`, 0 when absent. */
  get(key: number): number {
    if (this.chunks.length === 0) return 0;
    const chunk = this.chunks[this.chunkFor(key)] as Chunk;
    const i = lowerBoundIn(chunk.keys, chunk.length, key);
    return i < chunk.length && chunk.keys[i] === key ? (chunk.values[i] as number) : 0;
  }

  /** Sets the value at `key` (0 removes it); returns the previous value (0 when it was absent). */
  set(key: number, value: number): number {
    const chunks = this.chunks;
    if (chunks.length === 0) {
      if (value === 0) return 0;
      const chunk = new Chunk();
      chunk.keys[0] = key;
      chunk.values[0] = value;
      chunk.length = 1;
      chunks.push(chunk);
      this.count = 1;
      return 0;
    }
    const ci = this.chunkFor(key);
    const chunk = chunks[ci] as Chunk;
    const { keys, values } = chunk;
    const length = chunk.length;
    const i = lowerBoundIn(keys, length, key);
    if (i < length && keys[i] === key) {
      const previous = values[i] as number;
      if (value !== 0) {
        values[i] = value;
        return previous;
      }
      keys.copyWithin(i, i + 1, length);
      values.copyWithin(i, i + 1, length);
      chunk.length = length - 1;
      this.count--;
      if (chunk.length === 0) chunks.splice(ci, 1);
      else if (chunk.length < MIN_CHUNK && chunks.length > 1) this.mergeSmall(ci);
      return previous;
    }
    if (value === 0) return 0;
    keys.copyWithin(i + 1, i, length);
    values.copyWithin(i + 1, i, length);
    keys[i] = key;
    values[i] = value;
    chunk.length = length + 1;
    this.count++;
    if (chunk.length > MAX_CHUNK) {
      const half = MAX_CHUNK >> 1;
      const upper = new Chunk();
      upper.keys.set(keys.subarray(half, chunk.length));
      upper.values.set(values.subarray(half, chunk.length));
      upper.length = chunk.length - half;
      chunk.length = half;
      chunks.splice(ci + 1, 0, upper);
    }
    return 0;
  }

  private mergeSmall(ci: number): void {
    const chunks = this.chunks;
    const neighbour = ci + 1 < chunks.length ? ci + 1 : ci - 1;
    const left = Math.min(ci, neighbour);
    const a = chunks[left] as Chunk;
    const b = chunks[left + 1] as Chunk;
    if (a.length + b.length <= MAX_CHUNK) {
      a.keys.set(b.keys.subarray(0, b.length), a.length);
      a.values.set(b.values.subarray(0, b.length), a.length);
      a.length += b.length;
      chunks.splice(left + 1, 1);
    }
  }

  /** Calls `visit(key, value)` in ascending key order until it returns false. */
  forEach(visit: (key: number, value: number) => boolean | void): void {
    for (const chunk of this.chunks) {
      const { keys, values, length } = chunk;
      for (let i = 0; i < length; i++) if (visit(keys[i] as number, values[i] as number) === false) return;
    }
  }

  /** Calls `visit(key, value)` for the keys k with after < k ≤ upTo, in ascending order. */
  forEachInRange(after: number, upTo: number, visit: (key: number, value: number) => void): void {
    if (this.chunks.length === 0 || upTo <= after) return;
    const chunks = this.chunks;
    let ci = this.chunkFor(after);
    let i = lowerBoundIn((chunks[ci] as Chunk).keys, (chunks[ci] as Chunk).length, after);
    for (; ci < chunks.length; ci++, i = 0) {
      const { keys, values, length } = chunks[ci] as Chunk;
      for (; i < length; i++) {
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
    for (const { keys, values, length } of this.chunks) {
      for (let i = 0; i < length; i++) {
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
