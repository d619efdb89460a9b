// loopback/request-log: a record of every request one loopback port received — REST requests (public and
// private, known paths or not) and WS API requests — with whether it was signed and whether it asks to
// change orders (a mutation), so tests can assert that no mutation request reached a port.

export type RequestTransport = 'rest' | 'ws-api';

export interface RequestRecord {
  /** Position in arrival order, from 1. */
  readonly seq: number;
  readonly transport: RequestTransport;
  /** HTTP method ("POST"), or the WS API method ("userDataStream.subscribe.signature"). */
  readonly method: string;
  /** URL path ("/api/v3/order"), or "/ws-api/v3". */
  readonly path: string;
  /** It carried a `signature` parameter. */
  readonly signed: boolean;
  /** It asks to place, cancel or amend orders (order tests and queries are not mutations). */
  readonly mutation: boolean;
  /** X-MBX-APIKEY header (REST) or the apiKey parameter (WS API), if any. */
  readonly apiKey: string | null;
  /** Status of the answer; null while none was sent (in flight, held, or a timeout fault). */
  readonly status: number | null;
}

const WS_API_MUTATION = /^((order|orderList|sor\.order)\.(place|cancel|amend)|openOrders\.cancelAll)/;

/** Does this request ask to change orders? REST: any non-GET on a trading path but test orders and listen keys. */
export function isMutation(transport: RequestTransport, method: string, path: string): boolean {
  if (transport === 'ws-api') return WS_API_MUTATION.test(method);
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  if (/\/order\/test$/.test(path) || /userDataStream|listenKey/i.test(path)) return false;
  return /^\/(api|fapi|dapi|sapi|papi)\//.test(path);
}

export class RequestLog {
  private readonly records: { -readonly [K in keyof RequestRecord]: RequestRecord[K] }[] = [];

  /** Adds a record; returns a function that sets its status when the answer goes out. */
  add(entry: Omit<RequestRecord, 'seq' | 'mutation' | 'status'>): (status: number) => void {
    const record = { ...entry, seq: this.records.length + 1, mutation: isMutation(entry.transport, entry.method, entry.path), status: null as number | null };
    this.records.push(record);
    return (status) => {
      record.status = status;
    };
  }

  /** Every record so far, in arrival order (copies). */
  list(): RequestRecord[] {
    return this.records.map((r) => ({ ...r }));
  }
}
