// sim/rate-limit: Binance spot's order-count limits, counted at the matching engine as each order arrives.
// The limits are exchangeInfo's ORDERS rate limits as Binance documents them for spot (100 orders per
// 10 seconds, 200 000 per day, per account); they are constants here because a recording does not carry
// the account's rateLimits. Windows are fixed intervals of the run's time (10 s from the epoch, UTC days),
// as Binance's counters reset at interval boundaries. An order refused by a limit is not counted.

/** Spot ORDERS limit per 10 s (exchangeInfo rateLimits: intervalNum 10, interval SECOND). */
export const ORDERS_PER_10S = 100;
/** Spot ORDERS limit per day (intervalNum 1, interval DAY). */
export const ORDERS_PER_DAY = 200_000;

const TEN_SECONDS_US = 10_000_000;
const DAY_US = 86_400_000_000;

export interface OrderLimits {
  readonly per10s: number;
  readonly perDay: number;
}

export const SPOT_ORDER_LIMITS: OrderLimits = Object.freeze({ per10s: ORDERS_PER_10S, perDay: ORDERS_PER_DAY });

/** Binance's -1015 text for a limit of `count` orders per `interval` ("10 SECOND", "1 DAY"). */
export function rateLimitText(count: number, interval: string): string {
  return `Too many new orders; current limit is ${count} orders per ${interval}.`;
}

/** The counters of the current windows (null: no window yet), for a saved state. */
export interface RateLimiterState {
  /** The current 10-second window (time / 10 s) and the orders counted in it. */
  readonly windowStart: number | null;
  readonly windowCount: number;
  /** The current UTC day (time / 1 day) and the orders counted in it. */
  readonly day: number | null;
  readonly dayCount: number;
}

export class OrderRateLimiter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private windowCount = 0;
  private day = Number.NEGATIVE_INFINITY;
  private dayCount = 0;

  constructor(private readonly limits: OrderLimits = SPOT_ORDER_LIMITS) {}

  /** Counts one order arriving at `timeUs`: null when within the limits, else the reject text (not counted). */
  admit(timeUs: number): string | null {
    const windowStart = Math.floor(timeUs / TEN_SECONDS_US);
    if (windowStart !== this.windowStart) {
      this.windowStart = windowStart;
      this.windowCount = 0;
    }
    const day = Math.floor(timeUs / DAY_US);
    if (day !== this.day) {
      this.day = day;
      this.dayCount = 0;
    }
    if (this.windowCount >= this.limits.per10s) return rateLimitText(this.limits.per10s, '10 SECOND');
    if (this.dayCount >= this.limits.perDay) return rateLimitText(this.limits.perDay, '1 DAY');
    this.windowCount++;
    this.dayCount++;
    return null;
  }

  exportState(): RateLimiterState {
    const known = (n: number) => (Number.isFinite(n) ? n : null);
    return { windowStart: known(this.windowStart), windowCount: this.windowCount, day: known(this.day), dayCount: this.dayCount };
  }

  restore(state: RateLimiterState): void {
    this.windowStart = state.windowStart ?? Number.NEGATIVE_INFINITY;
    this.windowCount = state.windowCount;
    this.day = state.day ?? Number.NEGATIVE_INFINITY;
    this.dayCount = state.dayCount;
  }
}
