// venue/binance/execution/order-resolver: settles an order's gaps by asking Binance — its record (query
// order + its trades, through the reader) applied to the order's facts. One query per order at a time
// (a request made meanwhile runs once after it); an incomplete record (trades behind the filled quantity)
// or a failed query is asked again RETRY_MS later, up to MAX_ATTEMPTS, then left to reconciliation (logged).
// A submit with no answer that Binance has no record of is asked again once its recvWindow (plus a second)
// has passed since it was sent — Binance refuses a request that old — and then rejected: it never arrived.
// An order an earlier process sent (adopted after a restart) counts from the first look that missed it.
// Timers are the injected Scheduler's.

import type { Cancel, Clock, Scheduler } from '../../../core/index.js';
import type { OrderFact, OrderFacts } from './order-facts.js';
import type { PrivateReader } from './private-reader.js';
import type { ExecutionLog } from './sdk-log.js';

/** The reject reason of an unanswered order Binance has no record of, recvWindow after it was sent. */
export const REASON_NEVER_ARRIVED = 'not at the venue: the order got no answer and Binance has no record of it';

const RETRY_MS = 1000;
const MAX_ATTEMPTS = 10;
const NEVER_ARRIVED_GRACE_MS = 1000;

export interface ResolverOptions {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly recvWindowMs: number;
  readonly log?: ExecutionLog;
}

export class OrderResolver {
  private readonly timers = new Set<Cancel>();
  private readonly resolving = new Set<string>();
  private readonly again = new Set<string>();
  private readonly attempts = new Map<string, number>();
  private readonly sentUs = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly reader: PrivateReader,
    private readonly facts: OrderFacts,
    private readonly options: ResolverOptions,
  ) {}

  /** An order went out at `timeUs`. */
  sent(clientOrderId: string, timeUs: number): void {
    this.sentUs.set(clientOrderId, timeUs);
  }

  /** Queries the order and applies its record (nothing for an order known to have ended). */
  resolve(fact: OrderFact): void {
    if (this.closed || fact.final) return;
    const id = fact.clientOrderId;
    if (this.resolving.has(id)) {
      this.again.add(id);
      return;
    }
    this.resolving.add(id);
    this.reader
      .orderStatus(fact.symbol, id)
      .then(
        (status) => {
          if (this.closed) return;
          if (status === null) this.notFound(fact);
          else if (this.facts.status(fact, status) === 'fillsMissing') this.retry(fact, 'its trades do not make its filled quantity yet');
          else this.attempts.delete(id);
        },
        (error: unknown) => this.retry(fact, `query failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        this.resolving.delete(id);
        if (this.again.delete(id)) this.resolve(fact);
      });
  }

  close(): void {
    this.closed = true;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
  }

  private notFound(fact: OrderFact): void {
    if (fact.unknown !== 'submit') {
      if (!fact.final) this.log('an order Binance has no record of', { clientOrderId: fact.clientOrderId });
      return;
    }
    const now = this.options.clock.nowUs();
    // an order an earlier process sent: it went out before this first look, which stands in for its time
    const sentUs = this.sentUs.get(fact.clientOrderId) ?? now;
    this.sentUs.set(fact.clientOrderId, sentUs);
    const dueUs = sentUs + (this.options.recvWindowMs + NEVER_ARRIVED_GRACE_MS) * 1000;
    if (now >= dueUs) this.facts.rejected(fact, REASON_NEVER_ARRIVED, null);
    else this.later((dueUs - now) / 1000, () => this.resolve(fact));
  }

  private retry(fact: OrderFact, why: string): void {
    const attempts = (this.attempts.get(fact.clientOrderId) ?? 0) + 1;
    this.attempts.set(fact.clientOrderId, attempts);
    if (attempts >= MAX_ATTEMPTS) {
      this.log('gave up resolving an order: reconcile', { clientOrderId: fact.clientOrderId, why });
      return;
    }
    this.later(RETRY_MS, () => this.resolve(fact));
  }

  private later(ms: number, task: () => void): void {
    const cancel = this.options.scheduler.after(ms, () => {
      this.timers.delete(cancel);
      task();
    });
    this.timers.add(cancel);
  }

  private log(message: string, fields: Record<string, unknown>): void {
    this.options.log?.('error', message, fields);
  }
}
