// loopback/private/faults: the private side's queued faults, taken one by one by the request handlers and
// the event delivery: rejects and order-rate 429s on the next requests, a 5xx or a timeout after a mutation
// took effect, user events sent before the REST ack (optionally holding the ack), and dropped or duplicated
// user events. State only; private-side.ts documents each fault on its public method.

export type RejectCode = -2010 | -1013 | -2011;
export type AcceptFailure = 500 | 502 | 503 | 'timeout';
export type UserEventType = 'executionReport' | 'outboundAccountPosition' | 'balanceUpdate';

interface RejectDirective {
  readonly code: RejectCode;
  readonly msg: string;
  remaining: number;
}

interface EventDirective {
  readonly type: UserEventType | undefined;
  remaining: number;
}

const DEFAULT_MESSAGES: Record<RejectCode, string> = {
  [-2010]: 'Account has insufficient balance for requested action.',
  [-1013]: 'Filter failure: NOTIONAL',
  [-2011]: 'Unknown order sent.',
};

/** The answer that replaces an accepted mutation's (null: none, a timeout). */
export function failureAnswer(failure: AcceptFailure): { status: number; body: string; contentType: string } | null {
  switch (failure) {
    case 'timeout':
      return null;
    case 500:
      return { status: 500, body: JSON.stringify({ code: -1000, msg: 'An unknown error occurred while processing the request.' }), contentType: JSON_TYPE };
    case 502:
      return {
        status: 502,
        body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
        contentType: 'text/html',
      };
    case 503:
      return {
        status: 503,
        body: JSON.stringify({ code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' }),
        contentType: JSON_TYPE,
      };
  }
}

const JSON_TYPE = 'application/json;charset=UTF-8';

export class PrivateFaults {
  private readonly rejects: RejectDirective[] = [];
  private rateLimit: { remaining: number; retryAfterSeconds: number } | null = null;
  private readonly acceptFailures: AcceptFailure[] = [];
  private readonly beforeAck: { hold: boolean }[] = [];
  private readonly drops: EventDirective[] = [];
  private readonly duplicates: EventDirective[] = [];

  reject(code: RejectCode, msg: string | undefined, count: number): void {
    this.rejects.push({ code, msg: msg ?? DEFAULT_MESSAGES[code], remaining: count });
  }

  /** The reject for a new order (-2010, -1013) or a cancel (-2011), if one is queued. */
  takeReject(kind: 'order' | 'cancel'): { code: RejectCode; msg: string } | null {
    const index = this.rejects.findIndex((r) => (kind === 'cancel') === (r.code === -2011));
    if (index < 0) return null;
    const directive = this.rejects[index] as RejectDirective;
    if (--directive.remaining <= 0) this.rejects.splice(index, 1);
    return { code: directive.code, msg: directive.msg };
  }

  limitOrders(count: number, retryAfterSeconds: number): void {
    this.rateLimit = count > 0 ? { remaining: count, retryAfterSeconds } : null;
  }

  /** Retry-After seconds when the next order is to be refused with 429, else null. */
  takeRateLimit(): number | null {
    const limit = this.rateLimit;
    if (limit === null) return null;
    if (--limit.remaining <= 0) this.rateLimit = null;
    return limit.retryAfterSeconds;
  }

  failAfterAccepting(failure: AcceptFailure): void {
    this.acceptFailures.push(failure);
  }

  takeAcceptFailure(): AcceptFailure | null {
    return this.acceptFailures.shift() ?? null;
  }

  eventsBeforeAck(hold: boolean): void {
    this.beforeAck.push({ hold });
  }

  takeEventsBeforeAck(): { hold: boolean } | null {
    return this.beforeAck.shift() ?? null;
  }

  drop(type: UserEventType | undefined, count: number): void {
    this.drops.push({ type, remaining: count });
  }

  duplicate(type: UserEventType | undefined, count: number): void {
    this.duplicates.push({ type, remaining: count });
  }

  /** How many copies of an event of `type` go out: 0 (dropped), 1, or 2 (duplicated). */
  copiesOf(type: string): number {
    if (takeEvent(this.drops, type)) return 0;
    if (takeEvent(this.duplicates, type)) return 2;
    return 1;
  }
}

function takeEvent(queue: EventDirective[], type: string): boolean {
  const index = queue.findIndex((d) => d.type === undefined || d.type === type);
  if (index < 0) return false;
  const directive = queue[index] as EventDirective;
  if (--directive.remaining <= 0) queue.splice(index, 1);
  return true;
}
