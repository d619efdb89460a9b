// risk/venue-health: the venue-side health the risk gates watch — the reject rate over the last N order
// outcomes, the last cancel latency, and the rate-limit warnings within a time window. Time comes from the
// caller (the run's µs); nothing here reads a clock.

/** Rejections among the last `windowOrders` order outcomes, divided by `windowOrders`: a run's first orders
 * are not judged on a tiny sample (one reject in the first order is 1/20, not 1/1). */
export class RejectWindow {
  readonly #outcomes: boolean[] = [];
  #rejected = 0;

  constructor(readonly windowOrders: number) {}

  record(rejected: boolean): void {
    this.#outcomes.push(rejected);
    if (rejected) this.#rejected += 1;
    if (this.#outcomes.length > this.windowOrders && this.#outcomes.shift() === true) this.#rejected -= 1;
  }

  get rejected(): number {
    return this.#rejected;
  }

  get rate(): number {
    return this.#rejected / this.windowOrders;
  }

  clear(): void {
    this.#outcomes.length = 0;
    this.#rejected = 0;
  }

  /** The outcomes in the window, oldest first (true: rejected). */
  outcomes(): boolean[] {
    return [...this.#outcomes];
  }

  /** Sets the window to `outcomes` (oldest first), as if recorded one by one (a longer list keeps its last windowOrders). */
  restore(outcomes: readonly boolean[]): void {
    this.clear();
    for (const rejected of outcomes) this.record(rejected);
  }
}

/** Warnings whose time is within (now − window, now]. */
export class RateLimitWindow {
  readonly #timesUs: number[] = [];

  constructor(readonly windowUs: number) {}

  record(timeUs: number): void {
    this.#timesUs.push(timeUs);
  }

  /** The warning times kept (not yet pruned), oldest first. */
  times(): number[] {
    return [...this.#timesUs];
  }

  restore(timesUs: readonly number[]): void {
    this.#timesUs.length = 0;
    this.#timesUs.push(...timesUs);
  }

  countAt(nowUs: number): number {
    const from = nowUs - this.windowUs;
    while (this.#timesUs.length > 0 && (this.#timesUs[0] as number) <= from) this.#timesUs.shift();
    let n = 0;
    for (const t of this.#timesUs) if (t <= nowUs) n += 1;
    return n;
  }
}
