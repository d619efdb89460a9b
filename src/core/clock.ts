// core/clock: the injected source of time. Engine code never reads the wall clock; it asks a Clock.
// Replay drives a ManualClock to each event's receive time; the CLI wires a system clock for live runs.

export interface Clock {
  /** Microseconds since the Unix epoch (integer). */
  nowUs(): number;
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
