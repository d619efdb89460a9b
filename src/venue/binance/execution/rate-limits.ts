// venue/binance/execution/rate-limits: the rate-limit picture of one account for the rate-limit gate —
// the latest used weight (any answer carries it) and order counts (only order answers carry them), with
// when they were seen, and the warning a 429 or 418 raises. Also the error a failed read becomes: one line
// with Binance's code and message, nothing of the request.

import { FlowdeskError } from '../../../core/index.js';
import type { RestFailure, RestRateLimits } from './rest-client.js';

export interface RateLimitState {
  /** x-mbx-used-weight-1m of the latest answer (0 before one). */
  readonly usedWeight1m: number;
  /** x-mbx-order-count-10s / -1d of the latest order answer (0 before one). */
  readonly orderCount10s: number;
  readonly orderCount1d: number;
  /** When the weight / the order counts were last seen, µs; null before. */
  readonly weightSeenUs: number | null;
  readonly ordersSeenUs: number | null;
}

/** Binance refused a request for its rate (429) or banned the IP (418): the gate must hold orders back. */
export interface RateLimitWarning {
  readonly status: 429 | 418;
  readonly code: number | null;
  /** From Retry-After; null when Binance gave none. */
  readonly retryAfterMs: number | null;
  /** Binance's code and message. */
  readonly message: string;
  readonly request: 'submit' | 'cancel' | 'cancelAll' | 'validate';
  readonly timeUs: number;
}

export class RateLimitBoard {
  private weight = 0;
  private orders10s = 0;
  private orders1d = 0;
  private weightSeenUs: number | null = null;
  private ordersSeenUs: number | null = null;

  /** A client's trackers after one of its answers (`orders`: it was an order answer). */
  note(nowUs: number, limits: RestRateLimits, orders: boolean): void {
    this.weight = limits.usedWeight1m;
    this.weightSeenUs = nowUs;
    if (!orders) return;
    this.orders10s = limits.orderCount10s;
    this.orders1d = limits.orderCount1d;
    this.ordersSeenUs = nowUs;
  }

  state(): RateLimitState {
    return { usedWeight1m: this.weight, orderCount10s: this.orders10s, orderCount1d: this.orders1d, weightSeenUs: this.weightSeenUs, ordersSeenUs: this.ordersSeenUs };
  }
}

/** A private request Binance refused or did not answer (reads throw it; writes report outcomes instead). */
export class ExecutionRequestError extends FlowdeskError {
  override readonly name = 'ExecutionRequestError';
  constructor(
    what: string,
    readonly failure: RestFailure,
  ) {
    super(`${what}: ${failure.message}`);
  }
}

export function isExecutionRequestError(value: unknown): value is ExecutionRequestError {
  return value instanceof ExecutionRequestError;
}
