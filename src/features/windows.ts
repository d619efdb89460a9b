// features/windows: rolling sums over every window at once (100 ms … 10 s of receive time). One queue of
// timestamped value vectors; each window keeps a head index and its running sums, so adding an event and
// moving the clock cost O(1) amortized per window — no re-scan of history. A window at time t covers
// (t − W, t]: an event exactly W old has left it.
//
// Each running sum is compensated (Neumaier's summation, with Knuth's branch-free TwoSum): beside the
// float sum s it keeps c, the exact rounding error of every add and remove so far, and reports s + c. A
// plain float sum that is only ever added to and subtracted from keeps each rounding error for good, so
// over weeks of live events a window that held large values (a burst of notional, squared returns of a
// jump) drifts from its contents; the compensated one stays within a rounding of them. Integer values
// (lots, counts) have no rounding error: their c stays 0 and s + c is s, exactly as before.

export const WINDOWS_MS = [100, 250, 500, 1000, 3000, 5000, 10_000] as const;
export const WINDOW_NAMES = ['100ms', '250ms', '500ms', '1s', '3s', '5s', '10s'] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];

/** Indexes are rebased below this (see rebase()). */
const REBASE_AT = 2 ** 30;

/**
 * sums[j] += v, with the rounding error of that addition (TwoSum: exact for any two floats, no branch)
 * added to errors[j].
 */
function addCompensated(sums: Float64Array, errors: Float64Array, j: number, v: number): void {
  const s = sums[j] as number;
  const t = s + v;
  const vPart = t - s;
  errors[j] = (errors[j] as number) + ((s - (t - vPart)) + (v - vPart));
  sums[j] = t;
}

export class RollingSums {
  // Rings of capacity 2^k (index & mask = ring position); event i's values at [slot × width, (slot+1) × width).
  private times: Float64Array;
  private values: Float64Array;
  private start = 0; // index of the oldest retained event
  private end = 0; // one past the newest
  private readonly heads: number[];
  private readonly sums: Float64Array;
  /** Compensation of each sum: the rounding errors its adds and removes have made so far. */
  private readonly errors: Float64Array;
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
    this.errors = new Float64Array(windowsMs.length * width);
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
    const errors = this.errors;
    const windows = this.heads.length;
    const base = slot * w;
    for (let k = 0; k < w; k++) {
      const v = values[k] ?? 0;
      stored[base + k] = v;
      // x + 0 is x (the sums are never −0), so a zero is not added anywhere: most values of most events.
      if (v !== 0) for (let j = k, i = 0; i < windows; i++, j += w) addCompensated(sums, errors, j, v);
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
    const errors = this.errors;
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
            if (v !== 0) addCompensated(sums, errors, base + k, -v);
          }
          head++;
        } while (head < end && (times[head & mask] as number) <= cutoff);
        if (head === end) {
          // An empty window sums to 0 exactly.
          for (let k = 0; k < w; k++) sums[base + k] = 0;
          for (let k = 0; k < w; k++) errors[base + k] = 0;
        }
        heads[i] = head;
      }
      if (head < oldest) oldest = head;
    }
    // Events older than the longest window are no longer needed.
    this.start = oldest;
  }

  /** Sum of value `k` over window `window` (index into windowsMs). */
  sum(window: number, k = 0): number {
    const j = window * this.width + k;
    return (this.sums[j] as number) + (this.errors[j] as number);
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
