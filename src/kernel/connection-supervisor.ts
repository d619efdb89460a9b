// kernel/connection-supervisor: decides when a dropped or refused market-data connection is tried again.
// Exponential backoff with full jitter per connection (reset only after a connection stayed open for a
// while), and one attempt budget per process shared by every connection, so a dead endpoint can never
// cause a reconnect storm (Binance bans IPs above 300 connection attempts per 5 minutes on spot). Every
// decision is handed to `record` as a lifecycle payload (recorded, then seen by the pipeline), and the
// status words (`connecting (attempt k)`, `reconnecting in Ns (attempt k)`, `live`) come from here.
// Time and timers are injected.

import {
  AttemptBudget,
  fullJitterMs,
  type AttemptBudgetOptions,
  type BackoffPolicy,
  type Cancel,
  type Clock,
  type Random,
  type Scheduler,
} from '../core/index.js';

export interface ReconnectOptions {
  readonly backoff: BackoffPolicy;
  /** A connection open this long is healthy: its next failure starts from the first delay again. */
  readonly healthyAfterMs: number;
  /** Attempts over every connection of the process (see AttemptBudget). */
  readonly budget: AttemptBudgetOptions;
}

/**
 * 0.5 s doubling to 30 s, reset after a minute of health; at most 10 attempts at once and then one per
 * 10 s for the whole process: ≤ 40 attempts in any 5 minutes, so even 7 processes on one IP stay below
 * Binance's 300.
 */
export const DEFAULT_RECONNECT: ReconnectOptions = {
  backoff: { initialMs: 500, maxMs: 30_000 },
  healthyAfterMs: 60_000,
  budget: { burst: 10, everyMs: 10_000 },
};

export type ConnectionPhase = 'connecting' | 'live' | 'reconnecting';

export interface ConnectionStatus {
  readonly key: string;
  readonly connectionId: number;
  readonly phase: ConnectionPhase;
  /** The attempt being made (connecting), or the next one (reconnecting); 1 for the first connect. */
  readonly attempt: number;
  /** When the next attempt is due (µs), while reconnecting. */
  readonly retryAtUs: number | null;
}

interface Connection {
  readonly key: string;
  readonly connectionId: number;
  phase: ConnectionPhase;
  /** Consecutive failures since the connection was last healthy. */
  failures: number;
  openedAtUs: number | null;
  retryAtUs: number | null;
  timer: Cancel | null;
}

export interface SupervisorDeps {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly random: Random;
  readonly options: ReconnectOptions;
  /** Records a decision as a lifecycle payload on its connection (e.g. the recorder, then the pipeline). */
  record(connectionId: number, key: string, payload: string): void;
}

export class ConnectionSupervisor {
  private readonly connections = new Map<string, Connection>();
  private readonly budget: AttemptBudget;
  private stopped = false;

  constructor(private readonly deps: SupervisorDeps) {
    this.budget = new AttemptBudget(deps.options.budget);
  }

  /** A connection opened (first time or again). */
  opened(connectionId: number, key: string): void {
    const c = this.connection(connectionId, key);
    c.phase = 'live';
    c.openedAtUs = this.deps.clock.nowUs();
  }

  /**
   * A connection is down (a drop, or a refused attempt): schedule the next attempt with backoff and the
   * budget, record the decision. The same failure reported twice (before `retry` ran) is ignored.
   */
  down(connectionId: number, key: string, retry: () => void): void {
    if (this.stopped) return;
    const c = this.connection(connectionId, key);
    if (c.timer !== null) return;
    const nowUs = this.deps.clock.nowUs();
    if (c.openedAtUs !== null && nowUs - c.openedAtUs >= this.deps.options.healthyAfterMs * 1000) c.failures = 0;
    c.openedAtUs = null;
    c.failures++;
    const jitterMs = fullJitterMs(this.deps.options.backoff, c.failures, this.deps.random);
    const atUs = this.budget.reserve(nowUs + jitterMs * 1000);
    const waitMs = Math.ceil((atUs - nowUs) / 1000);
    c.phase = 'reconnecting';
    c.retryAtUs = nowUs + waitMs * 1000;
    const attempt = c.failures + 1;
    this.deps.record(connectionId, key, JSON.stringify({ event: 'reconnecting', connection: key, attempt, retryInMs: waitMs }));
    c.timer = this.deps.scheduler.after(waitMs, () => {
      c.timer = null;
      c.retryAtUs = null;
      if (this.stopped) return;
      c.phase = 'connecting';
      retry();
    });
  }

  /** Every connection known so far. */
  status(): ConnectionStatus[] {
    return [...this.connections.values()].map((c) => ({
      key: c.key,
      connectionId: c.connectionId,
      phase: c.phase,
      attempt: c.phase === 'live' ? 0 : c.failures + 1,
      retryAtUs: c.retryAtUs,
    }));
  }

  /**
   * The connection state in fixed words, for status lines and the console: `live` when every connection
   * is open, else the worst one: `reconnecting in Ns (attempt k)` or `connecting (attempt k)`.
   */
  describe(nowUs: number): string {
    const all = this.status();
    if (all.length === 0) return 'connecting (attempt 1)';
    const waiting = all.filter((c) => c.phase === 'reconnecting').sort((a, b) => b.attempt - a.attempt)[0];
    if (waiting !== undefined) {
      const inSec = Math.max(0, Math.ceil(((waiting.retryAtUs ?? nowUs) - nowUs) / 1_000_000));
      return `reconnecting in ${inSec}s (attempt ${waiting.attempt})`;
    }
    const connecting = all.filter((c) => c.phase === 'connecting').sort((a, b) => b.attempt - a.attempt)[0];
    if (connecting !== undefined) return `connecting (attempt ${connecting.attempt})`;
    return 'live';
  }

  stop(): void {
    this.stopped = true;
    for (const c of this.connections.values()) {
      c.timer?.();
      c.timer = null;
    }
  }

  private connection(connectionId: number, key: string): Connection {
    let c = this.connections.get(key);
    if (c === undefined) {
      c = { key, connectionId, phase: 'connecting', failures: 0, openedAtUs: null, retryAtUs: null, timer: null };
      this.connections.set(key, c);
    }
    return c;
  }
}
