// core/backoff: how long to wait before trying again, for every retry path (WebSocket reconnects, REST
// snapshots, exchangeInfo). Exponential backoff with full jitter — the wait before attempt k+1 is uniform
// in [0, min(max, initial·2^(k−1))] — so many clients that failed together do not retry together; and an
// attempt budget (a token bucket) that caps attempts over any window whatever the jitter draws.
// Pure: the random source and the times come in from the caller.

import type { Random } from './random.js';

export interface BackoffPolicy {
  /** Ceiling of the wait after the first failure. */
  readonly initialMs: number;
  /** The ceiling never grows beyond this. */
  readonly maxMs: number;
}

/** The ceiling of the wait after `failures` consecutive failures (≥ 1): initial·2^(failures−1), capped. */
export function backoffCeilingMs(policy: BackoffPolicy, failures: number): number {
  const exponent = Math.min(Math.max(0, failures - 1), 40);
  return Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
}

/** Full jitter: a whole number of ms, uniform in [0, ceiling] after `failures` consecutive failures. */
export function fullJitterMs(policy: BackoffPolicy, failures: number, random: Random): number {
  return Math.floor(random.next() * (backoffCeilingMs(policy, failures) + 1));
}

export interface AttemptBudgetOptions {
  /** Attempts that may be made back to back. */
  readonly burst: number;
  /** Then one attempt per this many ms. */
  readonly everyMs: number;
}

/**
 * A token bucket over attempts (the generic cell rate algorithm): at most `burst` attempts at once, then
 * one per `everyMs`. Over any window of W ms at most burst + W/everyMs attempts are made, whatever the
 * backoff draws. Times are µs on the caller's clock.
 */
export class AttemptBudget {
  /** The theoretical time (µs) at which the bucket would be full again if nothing more were taken. */
  private fullAtUs = Number.NEGATIVE_INFINITY;

  constructor(readonly options: AttemptBudgetOptions) {
    if (!Number.isInteger(options.burst) || options.burst < 1 || !(options.everyMs > 0)) {
      throw new RangeError(`attempt budget needs burst ≥ 1 and everyMs > 0, got ${options.burst} / ${options.everyMs}`);
    }
  }

  /** Reserves one attempt at the earliest time ≥ `wantedUs` the budget allows; returns that time (µs). */
  reserve(wantedUs: number): number {
    const intervalUs = this.options.everyMs * 1000;
    const allowedUs = Math.max(wantedUs, this.fullAtUs - (this.options.burst - 1) * intervalUs);
    this.fullAtUs = Math.max(this.fullAtUs, allowedUs) + intervalUs;
    return allowedUs;
  }
}
