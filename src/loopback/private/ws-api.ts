// loopback/private/ws-api: Binance's spot WebSocket API at /ws-api/v3, as far as user data needs it.
// Requests are {id, method, params}; answers {id, status, result, rateLimits} or {id, status, error:
// {code, msg}, rateLimits}. Methods: `userDataStream.subscribe.signature` (apiKey, timestamp, signature,
// optional recvWindow: key, timestamp and HMAC checked like REST, see signing.ts) → {subscriptionId}, one
// per call, numbered from 0 per connection; `userDataStream.unsubscribe` (optional subscriptionId, else
// all; an apiKey/signature the SDK adds is ignored) → {}; `session.status`, `ping`, `time`. Anything else
// (session.logon for Ed25519 keys, order.* requests) is -1020 "This operation is not supported." and still
// recorded. User events go out as {subscriptionId, event} to every subscription of the event's account.

import type { RawData, WebSocket } from 'ws';
import { checkTimestamp, signatureMatches, wsApiSignedPayload } from './signing.js';
import { apiError, errors, isApiError, type ApiError } from './wire.js';
import type { Account } from './ledger.js';
import type { RequestLog } from '../request-log.js';

export const WS_API_PATH = '/ws-api/v3';

export interface WsApiHost {
  now(): number;
  account(apiKey: string): Account | undefined;
  /** Counts request weight; returns the weight used in the current minute. */
  countWeight(weight: number): number;
  readonly log: RequestLog;
}

export interface UserStreamInfo {
  readonly connectionId: number;
  readonly subscriptionId: number;
  readonly apiKey: string;
}

interface ApiConnection {
  readonly id: number;
  readonly ws: WebSocket;
  readonly connectedSince: number;
  readonly subscriptions: Map<number, string>;
  nextSubscriptionId: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as Buffer).toString('utf8');
}

export class WsApiServer {
  private readonly connections = new Set<ApiConnection>();
  private nextId = 1;

  constructor(private readonly host: WsApiHost) {}

  attach(ws: WebSocket): void {
    const conn: ApiConnection = { id: this.nextId++, ws, connectedSince: this.host.now(), subscriptions: new Map(), nextSubscriptionId: 0 };
    this.connections.add(conn);
    ws.on('error', () => undefined);
    ws.on('close', () => this.connections.delete(conn));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) this.onMessage(conn, textOf(data));
    });
  }

  /** Sends an event to every subscription of `apiKey`, `copies` times; resolves when the frames are written. */
  send(apiKey: string, event: Record<string, unknown>, copies: number): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const conn of this.connections) {
      if (conn.ws.readyState !== conn.ws.OPEN) continue;
      for (const [subscriptionId, key] of conn.subscriptions) {
        if (key !== apiKey) continue;
        const text = JSON.stringify({ subscriptionId, event });
        for (let i = 0; i < copies; i++) {
          writes.push(new Promise<void>((resolve) => conn.ws.send(text, () => resolve())));
        }
      }
    }
    return Promise.all(writes).then(() => undefined);
  }

  /** Terminates the WS API connections (of one account's subscriptions, or all). Returns how many. */
  disconnect(apiKey?: string): number {
    let count = 0;
    for (const conn of [...this.connections]) {
      if (apiKey !== undefined && ![...conn.subscriptions.values()].includes(apiKey)) continue;
      this.connections.delete(conn);
      conn.ws.terminate();
      count++;
    }
    return count;
  }

  userStreams(): UserStreamInfo[] {
    const out: UserStreamInfo[] = [];
    for (const conn of this.connections) {
      for (const [subscriptionId, apiKey] of conn.subscriptions) out.push({ connectionId: conn.id, subscriptionId, apiKey });
    }
    return out;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  close(): void {
    this.disconnect();
  }

  private answer(conn: ApiConnection, id: unknown, weight: number, outcome: Record<string, unknown> | ApiError, setStatus: (s: number) => void): void {
    const count = this.host.countWeight(weight);
    const rateLimits = [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count }];
    const status = isApiError(outcome) ? outcome.status : 200;
    const body = isApiError(outcome)
      ? { id: id ?? null, status, error: { code: outcome.code, msg: outcome.msg }, rateLimits }
      : { id: id ?? null, status, result: outcome, rateLimits };
    setStatus(status);
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(body));
  }

  private onMessage(conn: ApiConnection, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text) as unknown;
    } catch {
      message = null;
    }
    const request = isObject(message) ? message : {};
    const method = typeof request['method'] === 'string' ? request['method'] : '';
    const params = isObject(request['params']) ? request['params'] : {};
    const apiKey = typeof params['apiKey'] === 'string' ? params['apiKey'] : null;
    const setStatus = this.host.log.add({
      transport: 'ws-api',
      method,
      path: WS_API_PATH,
      signed: typeof params['signature'] === 'string',
      apiKey,
    });
    const id = request['id'];
    if (!isObject(message) || method === '') {
      this.answer(conn, id, 1, apiError(400, -1100, 'Malformed request: expected {id, method, params}.'), setStatus);
      return;
    }
    switch (method) {
      case 'ping':
        this.answer(conn, id, 1, {}, setStatus);
        return;
      case 'time':
        this.answer(conn, id, 1, { serverTime: this.host.now() }, setStatus);
        return;
      case 'session.status':
        this.answer(
          conn,
          id,
          2,
          {
            apiKey: null,
            authorizedSince: null,
            connectedSince: conn.connectedSince,
            returnRateLimits: true,
            serverTime: this.host.now(),
            userDataStream: conn.subscriptions.size > 0,
          },
          setStatus,
        );
        return;
      case 'userDataStream.subscribe.signature':
        this.answer(conn, id, 2, this.subscribe(conn, params), setStatus);
        return;
      case 'userDataStream.unsubscribe': {
        const wanted = params['subscriptionId'];
        if (typeof wanted === 'number') {
          if (!conn.subscriptions.delete(wanted)) {
            this.answer(conn, id, 2, apiError(400, -1100, `Invalid subscriptionId ${wanted}.`), setStatus);
            return;
          }
        } else {
          conn.subscriptions.clear();
        }
        this.answer(conn, id, 2, {}, setStatus);
        return;
      }
      default:
        this.answer(conn, id, 1, errors.unsupported(), setStatus);
    }
  }

  private subscribe(conn: ApiConnection, params: Record<string, unknown>): Record<string, unknown> | ApiError {
    const apiKey = params['apiKey'];
    if (typeof apiKey !== 'string' || apiKey === '') return errors.mandatory('apiKey');
    const account = this.host.account(apiKey);
    if (account === undefined) return errors.unknownKey();
    const signature = params['signature'];
    if (typeof signature !== 'string' || signature === '') return errors.mandatory('signature');
    const timestamp = params['timestamp'];
    const recvWindow = params['recvWindow'];
    const timeError = checkTimestamp(
      typeof timestamp === 'number' || typeof timestamp === 'string' ? String(timestamp) : undefined,
      typeof recvWindow === 'number' || typeof recvWindow === 'string' ? String(recvWindow) : undefined,
      this.host.now(),
    );
    if (timeError !== null) return timeError;
    if (!signatureMatches(account.apiSecret, wsApiSignedPayload(params), signature)) return errors.badSignature();
    const subscriptionId = conn.nextSubscriptionId++;
    conn.subscriptions.set(subscriptionId, apiKey);
    return { subscriptionId };
  }
}
