// core/clock: the injected source of time. Engine code never reads the wall clock; it asks a Clock.
// A run's virtual time is the kernel's EventTimeScheduler (core/event-time), moved by the messages' receive
// times; live runs read the CLI's system clock (cli/system-time: a UtcSlewedClock, monotonic and kept near
// UTC) to stamp what they receive; tests drive an EventTimeScheduler by hand.

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
