// core/clock: the injected source of time. Engine code never reads the wall clock; it asks a Clock.
// Replay needs none (engines take time from each event's receive time); live runs get the CLI's system
// clock (cli/system-time: a UtcSlewedClock, monotonic and kept near UTC); tests drive their own.

export interface Clock {
  /** Microseconds since the Unix epoch (integer). */
  nowUs(): number;
}

/** How a clock relates to UTC at one moment: what a recording's header notes about its receive times. */
export interface ClockAnchor {
  /** How the clock is kept (free text). */
  readonly source: string;
  /** UTC minus the clock's reading, µs (positive: the clock is behind UTC). */
  readonly utcOffsetUs: number;
}

/** A clock that only moves when told to; never moves backwards. Used by replay and tests. */
export class ManualClock implements Clock {
  private currentUs: number;

  constructor(startUs = 0) {
    this.currentUs = startUs;
  }

  nowUs(): number {
    return this.currentUs;
  }

  /** Moves the clock to `timeUs` if that is later than now; an earlier time leaves it where it is. */
  advanceTo(timeUs: number): void {
    if (timeUs > this.currentUs) this.currentUs = timeUs;
  }
}
