// signal/rolling-baseline: the rolling history a z-score is measured against — a ring of timestamped
// samples of several inputs, covering the last `windowUs` of run time (a sample exactly that old has left
// it). z(x) = (x − mean) / sd over the samples held, with the population sd; 0 with fewer than 2 samples
// or a constant input, so no NaN or Infinity ever leaves.
//
// Numerics: the mean and sd are recomputed from the ring after each change (two passes: the mean, then
// Σ (x − mean)²), never kept as running Σx and Σx² (whose difference cancels catastrophically when the
// spread is small against the level, and drifts as values enter and leave). A constant input is detected
// exactly (every sample equal) and has sd 0, so it does not get a tiny sd from the mean's rounding. The
// cost is O(samples × inputs) per sample taken (300 × 7 at the defaults, once a second), nothing per z.

export class RollingBaseline {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private head = 0;
  private size = 0;
  private firstUs: number | null = null;
  private readonly means: Float64Array;
  private readonly sds: Float64Array;

  /** `width` inputs per sample; at most `capacity` samples are held (the oldest leave first). */
  constructor(
    readonly width: number,
    readonly windowUs: number,
    readonly capacity: number,
  ) {
    if (!Number.isInteger(width) || width < 1 || !Number.isInteger(capacity) || capacity < 2) throw new RangeError('RollingBaseline: width ≥ 1 and capacity ≥ 2, integers');
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity * width);
    this.means = new Float64Array(width);
    this.sds = new Float64Array(width);
  }

  /** Samples held now. */
  get count(): number {
    return this.size;
  }

  /** Time (µs) of the first sample ever taken; null before one. */
  get firstSampleUs(): number | null {
    return this.firstUs;
  }

  /** Adds one sample of every input at `timeUs` (not before the last one) and drops those out of the window. */
  add(timeUs: number, sample: readonly number[]): void {
    if (sample.length !== this.width) throw new RangeError(`RollingBaseline: a sample has ${this.width} values, got ${sample.length}`);
    for (const v of sample) if (!Number.isFinite(v)) throw new RangeError('RollingBaseline: a sample value is not finite');
    this.firstUs ??= timeUs;
    while (this.size > 0 && (this.times[this.head] as number) <= timeUs - this.windowUs) this.dropOldest();
    if (this.size === this.capacity) this.dropOldest();
    const slot = (this.head + this.size) % this.capacity;
    this.times[slot] = timeUs;
    this.values.set(sample, slot * this.width);
    this.size++;
    this.recompute();
  }

  /** Mean of input `j` over the samples held (0 without samples). */
  mean(j: number): number {
    return this.means[j] as number;
  }

  /** Population sd of input `j` over the samples held (0 with fewer than 2 samples or a constant input). */
  sd(j: number): number {
    return this.sds[j] as number;
  }

  /** (x − mean) / sd of input `j`; 0 when the sd is 0 (fewer than 2 samples, or every sample equal). */
  z(j: number, x: number): number {
    const sd = this.sds[j] as number;
    if (sd === 0 || this.size < 2) return 0;
    const z = (x - (this.means[j] as number)) / sd;
    return Number.isFinite(z) ? z : 0;
  }

  private dropOldest(): void {
    this.head = (this.head + 1) % this.capacity;
    this.size--;
  }

  private recompute(): void {
    const { width, capacity, values, size } = this;
    for (let j = 0; j < width; j++) {
      let sum = 0;
      const first = values[this.head * width + j] as number;
      let constant = true;
      for (let i = 0; i < size; i++) {
        const v = values[((this.head + i) % capacity) * width + j] as number;
        sum += v;
        if (v !== first) constant = false;
      }
      const mean = constant ? first : sum / size;
      let squares = 0;
      if (!constant) {
        for (let i = 0; i < size; i++) {
          const d = (values[((this.head + i) % capacity) * width + j] as number) - mean;
          squares += d * d;
        }
      }
      this.means[j] = size === 0 ? 0 : mean;
      this.sds[j] = constant || size < 2 ? 0 : Math.sqrt(squares / size);
    }
  }
}
