// kernel/snapshot-fetcher: when a book needs a REST snapshot, fetch one — after diffs are buffered (open
// streams first, then snapshot), one request per symbol at a time, with exponential backoff and full
// seeded jitter between requests, honouring Retry-After on 429, and stopping all requests until the ban
// expires on 418. Every response (and every failure) becomes a raw message fed through the pipeline and
// recorder. A venue call that throws instead of returning an outcome is a network failure, never a
// request stuck in flight.

import { fullJitterMs, type BackoffPolicy, type Cancel, type Clock, type Random, type Scheduler } from '../core/index.js';
import type { MarketDataVenue, RestFailure, RestOutcome } from '../model/index.js';

export interface BackoffOptions extends BackoffPolicy {
  /** Wait after a 418 that gave no Retry-After. */
  readonly banDefaultMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, banDefaultMs: 300_000 };

/** Request weight of a depth snapshot (Binance's documented table per limit). */
export function depthRequestWeight(product: 'spot' | 'usdm', limit: number): number {
  if (product === 'spot') return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
  return limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
}

/**
 * Weight flowdesk allows itself per rolling minute for snapshots: a fraction of Binance's IP limit
 * (6000 spot, 2400 USD-M), leaving room for other tools on the same IP.
 */
export const SNAPSHOT_WEIGHT_BUDGET_PER_MINUTE = { spot: 1200, usdm: 600 } as const;

const MINUTE_US = 60_000_000;

interface SymbolState {
  inFlight: boolean;
  timer: Cancel | null;
  attempts: number;
  notBeforeUs: number;
}

export interface FetcherStats {
  requests: number;
  failures: number;
  /** Receive-clock µs until which all snapshot requests are suspended (418), or 0. */
  bannedUntilUs: number;
}

export interface SnapshotFetcherDeps {
  readonly venue: MarketDataVenue;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly random: Random;
  readonly limit: number;
  readonly backoff: BackoffOptions;
  /** Weight of one snapshot request and the budget per rolling minute (see depthRequestWeight). */
  readonly weight: { readonly perRequest: number; readonly perMinute: number };
  /** Does this symbol's book want a snapshot now (needs one and has diffs buffered)? */
  wants(symbol: string): boolean;
  /** A response or failure arrived: feed it (as a raw message) to the pipeline. */
  deliver(symbol: string, outcome: RestOutcome): void;
}

export class SnapshotFetcher {
  readonly stats: FetcherStats = { requests: 0, failures: 0, bannedUntilUs: 0 };
  private readonly states = new Map<string, SymbolState>();
  /** Start times (µs) of the requests of the last minute, oldest first. */
  private readonly recent: number[] = [];
  private stopped = false;

  constructor(private readonly deps: SnapshotFetcherDeps) {}

  /** Looks at one symbol and starts or schedules a request if its book wants one. Cheap to call often. */
  poke(symbol: string): void {
    if (this.stopped || !this.deps.wants(symbol)) return;
    const state = this.stateOf(symbol);
    if (state.inFlight || state.timer !== null) return;
    const nowUs = this.deps.clock.nowUs();
    const waitUs = Math.max(state.notBeforeUs, this.stats.bannedUntilUs, this.budgetFreeAtUs(nowUs)) - nowUs;
    if (waitUs > 0) {
      state.timer = this.deps.scheduler.after(Math.ceil(waitUs / 1000), () => {
        state.timer = null;
        this.poke(symbol);
      });
      return;
    }
    void this.fetch(symbol, state);
  }

  /** The book synced: the next failure starts from the initial backoff again. */
  succeeded(symbol: string): void {
    this.stateOf(symbol).attempts = 0;
  }

  stop(): void {
    this.stopped = true;
    for (const state of this.states.values()) state.timer?.();
  }

  private async fetch(symbol: string, state: SymbolState): Promise<void> {
    state.inFlight = true;
    state.attempts++;
    this.stats.requests++;
    this.recent.push(this.deps.clock.nowUs());
    let outcome: RestOutcome;
    try {
      outcome = await this.deps.venue.fetchDepthSnapshot(symbol, this.deps.limit);
    } catch (error) {
      outcome = { ok: false, failure: { kind: 'network', status: null, retryAfterMs: null, message: `snapshot request failed: ${error instanceof Error ? error.message : String(error)}` } };
    } finally {
      state.inFlight = false;
    }
    if (this.stopped) return;
    if (!outcome.ok) this.onFailure(state, outcome.failure);
    else state.notBeforeUs = this.deps.clock.nowUs() + this.delayMs(state.attempts) * 1000;
    this.deps.deliver(symbol, outcome);
    this.poke(symbol);
  }

  private onFailure(state: SymbolState, failure: RestFailure): void {
    this.stats.failures++;
    const nowUs = this.deps.clock.nowUs();
    if (failure.kind === 'banned') {
      this.stats.bannedUntilUs = nowUs + (failure.retryAfterMs ?? this.deps.backoff.banDefaultMs) * 1000;
      return;
    }
    const backoffMs = this.delayMs(state.attempts);
    const waitMs = failure.kind === 'rateLimited' && failure.retryAfterMs !== null ? Math.max(failure.retryAfterMs, backoffMs) : backoffMs;
    state.notBeforeUs = nowUs + waitMs * 1000;
  }

  /** When the rolling minute's weight budget has room for one more request (now, if it has). */
  private budgetFreeAtUs(nowUs: number): number {
    while (this.recent.length > 0 && (this.recent[0] as number) <= nowUs - MINUTE_US) this.recent.shift();
    const { perRequest, perMinute } = this.deps.weight;
    const allowed = Math.max(1, Math.floor(perMinute / perRequest));
    if (this.recent.length < allowed) return nowUs;
    return (this.recent[this.recent.length - allowed] as number) + MINUTE_US;
  }

  /** Exponential backoff with full jitter: uniform in [0, initial × 2^(attempt−1)], capped (core/backoff). */
  private delayMs(attempts: number): number {
    return fullJitterMs(this.deps.backoff, attempts, this.deps.random);
  }

  private stateOf(symbol: string): SymbolState {
    let state = this.states.get(symbol);
    if (state === undefined) {
      state = { inFlight: false, timer: null, attempts: 0, notBeforeUs: 0 };
      this.states.set(symbol, state);
    }
    return state;
  }
}
