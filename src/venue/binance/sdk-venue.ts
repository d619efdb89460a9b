// venue/binance/sdk-venue: the MarketDataVenue port implemented with the `binance` SDK — the only file
// that imports it. REST through MainClient (spot) / USDMClient (USD-M) with the configured base URL and
// the response body kept as raw text; streams through WebsocketClient with the configured wsUrl, the
// exact text of every frame captured before the SDK parses it (the SDK's events carry parsed objects,
// and its "beautified" ones floats: neither is recorded). Known SDK quirks respected (docs/ARCHITECTURE.md, the live path):
// USD-M topics are subscribed by raw name through the 'usdm' key so depth/bookTicker go to /public and
// trades to /market; MainClient.getServerTime is never used (it ignores baseUrl). The SDK's own reconnect
// timer (a fixed 500 ms, forever) is taken over: a dropped or refused connection is reported to the sink,
// which decides when to try again (kernel/connection-supervisor: backoff, jitter, an attempt budget).

import { MainClient, USDMClient, WebsocketClient, type WsKey } from 'binance';
import type { MarketDataVenue, Product, RestFailure, RestOutcome, StreamSink } from '../../model/index.js';

export interface BinanceVenueOptions {
  readonly product: Product;
  readonly restUrl: string;
  readonly wsUrl: string;
  /** REST timeout. */
  readonly requestTimeoutMs: number;
  /** Where the SDK's own log lines go (it prints to the console otherwise). Default: dropped. */
  readonly sdkLog?: (level: 'trace' | 'info' | 'error', params: unknown[]) => void;
}

type Emittables = ReturnType<WebsocketClient['resolveEmittableEvents']>;

/**
 * What the SDK is given for a market-data frame instead of its own parse: one empty 'message' (which
 * flowdesk does not listen to), so it neither parses the frame nor logs it as unrecognised.
 */
const MARKET_FRAME_SEEN: Emittables = [{ eventType: 'message', event: {} }];

/** The two private SDK methods its reconnect path goes through (binance 3.6.5, BaseWSClient). */
interface SdkReconnectInternals {
  reconnectWithDelay(wsKey: WsKey, delayMs: number): void;
  clearReconnectTimer(wsKey: WsKey): void;
}

/** Long enough never to fire: the SDK's reconnect timer is armed with it and cleared at once. */
const PARKED_MS = 2 ** 31 - 1;

/**
 * The SDK's client, plus a hook that sees every text frame before the SDK parses it, and one that takes
 * over its reconnect timer.
 */
class CapturingWebsocketClient extends WebsocketClient {
  rawFrame: ((wsKey: string, text: string) => void) | null = null;
  /** A connection is down; call `retry` to make the next attempt. */
  connectionDown: ((wsKey: WsKey, retry: () => void) => void) | null = null;
  private closing = false;

  constructor(...args: ConstructorParameters<typeof WebsocketClient>) {
    super(...args);
    const internals = this as unknown as SdkReconnectInternals;
    const original = internals.reconnectWithDelay;
    if (typeof original !== 'function' || typeof internals.clearReconnectTimer !== 'function') {
      throw new Error('binance SDK: reconnectWithDelay/clearReconnectTimer not found (SDK version changed?)');
    }
    // The SDK's bookkeeping (timers cleared, state RECONNECTING) runs as before; its timer does not: the
    // next attempt is the sink's decision.
    internals.reconnectWithDelay = (wsKey: WsKey) => {
      original.call(this, wsKey, PARKED_MS);
      internals.clearReconnectTimer(wsKey);
      if (this.closing) return;
      this.connectionDown?.(wsKey, () => {
        if (!this.closing) void this.connect(wsKey);
      });
    };
  }

  shutDown(): void {
    this.closing = true;
    this.closeAll(true);
  }

  protected override resolveEmittableEvents(wsKey: WsKey, event: Parameters<WebsocketClient['resolveEmittableEvents']>[1]): Emittables {
    const data = (event as { data?: unknown }).data;
    if (this.rawFrame !== null && typeof data === 'string') {
      this.rawFrame(wsKey, data);
      // A combined-stream market frame is read by flowdesk from its text; the SDK's parse of it (JSON,
      // event typing, copies: 2.5–4 µs a frame) would only feed events nobody listens to. Everything else
      // (subscription replies, errors, notices) still goes through the SDK.
      if (data.startsWith('{"stream":"')) return MARKET_FRAME_SEEN;
    }
    return super.resolveEmittableEvents(wsKey, event);
  }
}

interface AxiosLikeError {
  code?: string;
  message?: string;
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
}

function failureOf(error: unknown): RestFailure {
  const e = (error ?? {}) as AxiosLikeError;
  const status = e.response?.status ?? null;
  const retryHeader = e.response?.headers?.['retry-after'];
  const retryAfterMs = retryHeader !== undefined && Number.isFinite(Number(retryHeader)) ? Number(retryHeader) * 1000 : null;
  const body = typeof e.response?.data === 'string' ? e.response.data.slice(0, 200) : '';
  if (status === 429) return { kind: 'rateLimited', status, retryAfterMs, message: `HTTP 429 ${body}`.trim() };
  if (status === 418) return { kind: 'banned', status, retryAfterMs, message: `HTTP 418 ${body}`.trim() };
  if (status !== null && status >= 500) return { kind: 'serverError', status, retryAfterMs, message: `HTTP ${status} ${body}`.trim() };
  if (status !== null) return { kind: 'rejected', status, retryAfterMs, message: `HTTP ${status} ${body}`.trim() };
  if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT') return { kind: 'timeout', status: null, retryAfterMs: null, message: e.message ?? 'timeout' };
  return { kind: 'network', status: null, retryAfterMs: null, message: e.message ?? String(error) };
}

/**
 * A REST body as an outcome. Bodies are kept as the text Binance sent; anything else (the SDK or axios
 * parsed it) would be a re-serialisation, not the payload: it becomes a failure, recorded as an error
 * line, never as data.
 */
export function outcomeOfBody(body: unknown): RestOutcome {
  if (typeof body === 'string') return { ok: true, body };
  const what = body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body;
  return { ok: false, failure: { kind: 'rejected', status: null, retryAfterMs: null, message: `response body was not text (${what}); not recorded` } };
}

/** What an SDK exception event or error says, without the socket objects it carries. */
function describeException(event: unknown): Record<string, unknown> {
  const e = (event ?? {}) as { message?: unknown; code?: unknown; wsKey?: unknown; type?: unknown };
  const out: Record<string, unknown> = {};
  for (const key of ['wsKey', 'message', 'code', 'type'] as const) {
    if (typeof e[key] === 'string' || typeof e[key] === 'number') out[key] = e[key];
  }
  if (Object.keys(out).length === 0) out['message'] = String(event);
  return out;
}

export class BinanceSdkVenue implements MarketDataVenue {
  readonly product: Product;
  private readonly rest: MainClient | USDMClient;
  private ws: CapturingWebsocketClient | null = null;
  private readonly connectionIds = new Map<string, number>();

  constructor(private readonly options: BinanceVenueOptions) {
    this.product = options.product;
    const restOptions = { baseUrl: options.restUrl, disableTimeSync: true, parseExceptions: false, beautifyResponses: false };
    // Keep the body as the exact text Binance sent: no JSON parsing by axios.
    const requestOptions = { timeout: options.requestTimeoutMs, transformResponse: [(data: unknown) => data] };
    this.rest = options.product === 'spot' ? new MainClient(restOptions, requestOptions) : new USDMClient(restOptions, requestOptions);
  }

  async fetchExchangeInfo(symbols: readonly string[]): Promise<RestOutcome> {
    return this.call(() =>
      this.rest instanceof MainClient ? this.rest.getExchangeInfo({ symbols: [...symbols] }) : this.rest.getExchangeInfo(),
    );
  }

  async fetchDepthSnapshot(symbol: string, limit: number): Promise<RestOutcome> {
    return this.call(() => this.rest.getOrderBook({ symbol, limit: limit as 1000 }));
  }

  async openStreams(topics: readonly string[], sink: StreamSink): Promise<void> {
    const log = this.options.sdkLog ?? (() => undefined);
    const ws = new CapturingWebsocketClient(
      // Heartbeat: a ping every 10 s, a connection with no pong within 5 s is dropped (and reported down).
      { wsUrl: this.options.wsUrl, beautify: false, pingInterval: 10_000, pongTimeout: 5_000 },
      {
        trace: (...params: unknown[]) => log('trace', params),
        info: (...params: unknown[]) => log('info', params),
        error: (...params: unknown[]) => log('error', params),
      },
    );
    this.ws = ws;
    const idOf = (wsKey: string): number => {
      let id = this.connectionIds.get(wsKey);
      if (id === undefined) {
        id = this.connectionIds.size + 1;
        this.connectionIds.set(wsKey, id);
      }
      return id;
    };
    ws.rawFrame = (wsKey, text) => sink.frame(idOf(wsKey), wsKey, text);
    ws.connectionDown = (wsKey, retry) => sink.down(idOf(wsKey), wsKey, retry);
    ws.on('open', ({ wsKey }) => sink.lifecycle(idOf(wsKey), wsKey, 'open'));
    // 'reconnecting' is reported through connectionDown (with the decision of when to retry).
    ws.on('reconnected', ({ wsKey }) => sink.lifecycle(idOf(wsKey), wsKey, 'reconnected'));
    ws.on('close', ({ wsKey }) => sink.lifecycle(idOf(wsKey), wsKey, 'closed'));
    // Socket errors: the SDK reports them here and then drops the connection (reported down). Logged, never
    // an unhandled rejection.
    ws.on('exception', (event: unknown) => log('error', ['websocket exception', describeException(event)]));
    // Not awaited: the SDK's promise settles only once a connection is open, which against a dead endpoint
    // may be never. Opening, drops and retries are reported to the sink.
    ws.subscribe([...topics], this.product === 'spot' ? 'main' : 'usdm').catch((error: unknown) =>
      log('error', ['subscribe failed', describeException(error)]),
    );
  }

  async close(): Promise<void> {
    this.ws?.shutDown();
    this.ws?.removeAllListeners();
    this.ws = null;
  }

  private async call(request: () => Promise<unknown>): Promise<RestOutcome> {
    let body: unknown;
    try {
      body = await request();
    } catch (error) {
      return { ok: false, failure: failureOf(error) };
    }
    return outcomeOfBody(body);
  }
}
