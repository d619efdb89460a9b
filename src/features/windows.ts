// features/windows: rolling sums over every window at once (100 ms … 10 s of receive time). One queue of
// timestamped value vectors; each window keeps a head index and its running sums, so adding an event and
// moving the clock cost O(1) amortized per window — no re-scan of history. A window at time t covers
// (t − W, t]: an event exactly W old has left it.

export const WINDOWS_MS = [100, 250, 500, 1000, 3000, 5000, 10_000] as const;
export const WINDOW_NAMES = ['100ms', '250ms', '500ms', '1s', '3s', '5s', '10s'] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];

export class RollingSums {
  private times: Float64Array;
  private values: Float64Array;
  private start = 0; // index of the oldest retained event (ring position = index % capacity)
  private end = 0; // one past the newest
  private readonly heads: number[];
  private readonly sums: Float64Array;
  private readonly windowsUs: number[];

  /** `width` values per event, summed over each of `windowsMs`. */
  constructor(
    readonly width: number,
    readonly windowsMs: readonly number[] = WINDOWS_MS,
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
    const cap = this.times.length;
    const slot = this.end % cap;
    this.times[slot] = timeUs;
    const w = this.width;
    for (let k = 0; k < w; k++) this.values[slot * w + k] = values[k] ?? 0;
    this.end++;
    for (let i = 0; i < this.heads.length; i++) {
      for (let k = 0; k < w; k++) this.sums[i * w + k] = (this.sums[i * w + k] as number) + (values[k] ?? 0);
    }
  }

  /** Moves every window's end to `nowUs`, dropping what fell out. */
  advance(nowUs: number): void {
    const cap = this.times.length;
    const w = this.width;
    for (let i = 0; i < this.heads.length; i++) {
      const cutoff = nowUs - (this.windowsUs[i] as number);
      let head = this.heads[i] as number;
      if (head < this.start) head = this.start;
      while (head < this.end && (this.times[head % cap] as number) <= cutoff) {
        const slot = head % cap;
        for (let k = 0; k < w; k++) this.sums[i * w + k] = (this.sums[i * w + k] as number) - (this.values[slot * w + k] as number);
        head++;
      }
      if (head === this.end) for (let k = 0; k < w; k++) this.sums[i * w + k] = 0; // no drift when empty
      this.heads[i] = head;
    }
    // Events older than the longest window are no longer needed.
    let oldest = this.end;
    for (const head of this.heads) if (head < oldest) oldest = head;
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

  private grow(): void {
    const oldCap = this.times.length;
    const times = new Float64Array(oldCap * 2);
    const values = new Float64Array(oldCap * 2 * this.width);
    const w = this.width;
    for (let i = this.start; i < this.end; i++) {
      const from = i % oldCap;
      const to = i % (oldCap * 2);
      times[to] = this.times[from] as number;
      for (let k = 0; k < w; k++) values[to * w + k] = this.values[from * w + k] as number;
    }
    this.times = times;
    this.values = values;
  }
}
