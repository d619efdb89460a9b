// core/utc-slewed-clock: the live clock — monotonic like the process's monotonic clock, near UTC like
// the wall clock. It starts at UTC, then runs on the monotonic source and corrects towards UTC at a
// bounded rate (at most 1 ms per second by default, like adjtime): a monotonic clock drifts from UTC over
// days (its rate is not the wall clock's), and a wall clock steps (NTP, a manual change), sometimes
// backwards. Readings never go back (equal readings are possible within a microsecond), and a step of
// the wall clock is only ever slewed away, never jumped to. Owns no time source: both come in as
// functions (cli/system-time passes performance.now and Date.now; tests pass their own).

import type { Clock, ClockAnchor } from './clock.js';

export interface TimeSources {
  /** A monotonic clock, ms from any origin (performance.now()): never goes back, may drift from UTC. */
  monotonicMs(): number;
  /** The wall clock, ms since the Unix epoch (Date.now()): UTC, may step either way. */
  wallMs(): number;
}

export interface SlewOptions {
  /** Largest correction per second of monotonic time, µs; below 1,000,000 (default 1000: 1 ms/s). */
  readonly maxSlewUsPerSecond?: number;
  /** How often the wall clock is read, ms of monotonic time (default 1000). */
  readonly sampleEveryMs?: number;
}

export const DEFAULT_MAX_SLEW_US_PER_SECOND = 1000;

export class UtcSlewedClock implements Clock {
  /** UTC at monotonic 0 as seen at construction (integer µs): the reading before any correction. */
  private readonly baseUs: number;
  /** The correction applied so far (µs), slewed towards `targetUs`. */
  private correctionUs = 0;
  /** The correction that would make the clock read UTC, as of the last wall-clock sample (µs). */
  private targetUs = 0;
  private lastMonotonicMs: number;
  private sampledAtMs: number;
  private lastUs = Number.NEGATIVE_INFINITY;
  private readonly maxSlew: number;
  private readonly sampleEveryMs: number;
  /** What the recording header says about this clock. */
  readonly source: string;

  constructor(
    private readonly sources: TimeSources,
    options: SlewOptions = {},
  ) {
    this.maxSlew = options.maxSlewUsPerSecond ?? DEFAULT_MAX_SLEW_US_PER_SECOND;
    this.sampleEveryMs = options.sampleEveryMs ?? 1000;
    if (!(this.maxSlew >= 0 && this.maxSlew < 1_000_000)) throw new RangeError(`maxSlewUsPerSecond must be in [0, 1e6), got ${this.maxSlew}`);
    if (!(this.sampleEveryMs >= 0)) throw new RangeError(`sampleEveryMs must be >= 0, got ${this.sampleEveryMs}`);
    const monotonic = sources.monotonicMs();
    this.baseUs = Math.round((sources.wallMs() - monotonic) * 1000);
    this.lastMonotonicMs = monotonic;
    this.sampledAtMs = monotonic;
    this.source = `monotonic clock slewed to the system UTC clock at <= ${this.maxSlew} us/s`;
  }

  /** Microseconds since the Unix epoch; never less than the previous reading. (A bound function.) */
  readonly nowUs = (): number => {
    const monotonic = this.sources.monotonicMs();
    const elapsedMs = monotonic - this.lastMonotonicMs;
    if (elapsedMs > 0) {
      // Slew first, over the time since the last reading, towards the target known during it.
      const step = (this.maxSlew * elapsedMs) / 1000;
      const gap = this.targetUs - this.correctionUs;
      this.correctionUs += gap > step ? step : gap < -step ? -step : gap;
      this.lastMonotonicMs = monotonic;
    }
    if (monotonic - this.sampledAtMs >= this.sampleEveryMs) {
      this.targetUs = (this.sources.wallMs() - monotonic) * 1000 - this.baseUs;
      this.sampledAtMs = monotonic;
    }
    const us = this.baseUs + Math.floor(monotonic * 1000 + this.correctionUs);
    // The slew is slower than time itself, so this only catches float rounding (and a source going back).
    if (us > this.lastUs) this.lastUs = us;
    return this.lastUs;
  };

  /** UTC minus this clock now (read from the wall clock at this moment), and how the clock is kept. */
  anchor(): ClockAnchor {
    const now = this.nowUs();
    return { source: this.source, utcOffsetUs: Math.round(this.sources.wallMs() * 1000) - now };
  }
}
