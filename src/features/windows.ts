// features/windows: rolling sums over every window at once (100 ms … 10 s of receive time). One queue of
// timestamped value vectors; each window keeps a head index and its running sums, so adding an event and
// moving the clock cost O(1) amortized per window — no re-scan of history. A window at time t covers
// (t − W, t]: an event exactly W old has left it.

export const WINDOWS_MS = [100, 250, 500, 1000, 3000, 5000, 10_000] as const;
export const WINDOW_NAMES = ['100ms', '250ms', '500ms', '1s', '3s', '5s', '10s'] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];

/** Indexes are rebased below this (see rebase()). */
const REBASE_AT = 2 ** 30;

export class RollingSums {
  // Rings of capacity 2^k (index & mask = ring position); event i's values at [slot × width, (slot+1) × width).
  private times: Float64Array;
  private values: Float64Array;
  private start = 0; // index of the oldest retained event
  private end = 0; // one past the newest
  private readonly heads: number[];
  private readonly sums: Float64Array;
  private readonly windowsUs: number[];

  /** `width` values per event, summed over each of `windowsMs`. */
  constructor(
    readonly width: number,
    readonly windowsMs: readonly number[] = WINDOWS_MS,
    /** Index at which indexes are rebased (see rebase(); tests lower it). */
    private readonly rebaseAt = REBASE_AT,
  ) {
    this.windowsUs = windowsMs.map((ms) => ms * 1000);
    this.heads = windowsMs.map(() => 0);
    this.sums = new Float64Array(windowsMs.length * width);
    this.times = new Float64Array(64);
    this.values = new Float64Array(64 * width);
  }

  /** Appends an event (times must not go backwards) and moves every window to `timeUs`. */
  add(timeUs: number, values: readonly number[]): void {
    this.advance(timeUs);
    if (this.end - this.start === this.times.length) this.grow();
    if (this.end >= this.rebaseAt) this.rebase();
    const slot = this.end & (this.times.length - 1);
    this.times[slot] = timeUs;
    const w = this.width;
    const stored = this.values;
    const sums = this.sums;
    const windows = this.heads.length;
    const base = slot * w;
    for (let k = 0; k < w; k++) {
      const v = values[k] ?? 0;
      stored[base + k] = v;
      // x + 0 is x (the sums are never −0), so a zero is not added anywhere: most values of most events.
      if (v !== 0) for (let j = k, i = 0; i < windows; i++, j += w) sums[j] = (sums[j] as number) + v;
    }
    this.end++;
  }

  /** Moves every window's end to `nowUs`, dropping what fell out. */
  advance(nowUs: number): void {
    const times = this.times;
    const mask = times.length - 1;
    const w = this.width;
    const stored = this.values;
    const sums = this.sums;
    const heads = this.heads;
    const end = this.end;
    let oldest = end;
    for (let i = 0; i < heads.length; i++) {
      const cutoff = nowUs - (this.windowsUs[i] as number);
      let head = Math.max(heads[i] as number, this.start);
      if (head < end && (times[head & mask] as number) <= cutoff) {
        const base = i * w;
        do {
          const from = (head & mask) * w;
          for (let k = 0; k < w; k++) {
            const v = stored[from + k] as number;
            if (v !== 0) sums[base + k] = (sums[base + k] as number) - v;
          }
          head++;
        } while (head < end && (times[head & mask] as number) <= cutoff);
        if (head === end) for (let k = 0; k < w; k++) sums[base + k] = 0; // no drift when empty
        heads[i] = head;
      }
      if (head < oldest) oldest = head;
    }
    // Events older than the longest window are no longer needed.
    this.start = oldest;
  }

  /** Sum of value `k` over window `window` (index into windowsMs). */
  sum(window: number, k = 0): number {
    return this.sums[window * this.width + k] as number;
  }

  /** Number of events in window `window`. */
  count(window: number): number {
    return this.end - (this.heads[window] as number);
  }

  /**
   * Keeps the indexes small enough for `& mask` (int32): subtracts a multiple of the capacity from all of
   * them, which leaves every ring position where it is. Weeks of live events would otherwise pass 2^31.
   */
  private rebase(): void {
    const offset = this.start - (this.start & (this.times.length - 1));
    this.start -= offset;
    this.end -= offset;
    for (let i = 0; i < this.heads.length; i++) this.heads[i] = (this.heads[i] as number) - offset;
  }

  private grow(): void {
    const oldMask = this.times.length - 1;
    const newMask = this.times.length * 2 - 1;
    const times = new Float64Array(newMask + 1);
    const values = new Float64Array((newMask + 1) * this.width);
    const w = this.width;
    for (let i = this.start; i < this.end; i++) {
      const from = i & oldMask;
      const to = i & newMask;
      times[to] = this.times[from] as number;
      for (let k = 0; k < w; k++) values[to * w + k] = this.values[from * w + k] as number;
    }
    this.times = times;
    this.values = values;
  }
}
