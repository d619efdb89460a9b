// venue/binance/sdk-venue: the MarketDataVenue port implemented with the `binance` SDK — the only file
// that imports it. REST through MainClient (spot) / USDMClient (USD-M) with the configured base URL and
// the response body kept as raw text; streams through WebsocketClient with the configured wsUrl, the
// exact text of every frame captured before the SDK parses it (the SDK's events carry parsed objects,
// and its "beautified" ones floats: neither is recorded). Known SDK quirks respected (binance-notes.md):
// USD-M topics are subscribed by raw name through the 'usdm' key so depth/bookTicker go to /public and
// trades to /market; MainClient.getServerTime is never used (it ignores baseUrl).

import { MainClient, USDMClient, WebsocketClient, type WsKey } from 'binance';
import type { MarketDataVenue, Product, RestFailure, RestOutcome, StreamSink } from '../../model/index.js';

export interface BinanceVenueOptions {
  readonly product: Product;
  readonly restUrl: string;
  readonly wsUrl: string;
  /** REST timeout. */
  readonly requestTimeoutMs: number;
  /** Delay before the SDK reconnects a dropped socket. */
  readonly reconnectDelayMs?: number;
  /** Where the SDK's own log lines go (it prints to the console otherwise). Default: dropped. */
  readonly sdkLog?: (level: 'trace' | 'info' | 'error', params: unknown[]) => void;
}

type Emittables = ReturnType<WebsocketClient['resolveEmittableEvents']>;

/**
 * What the SDK is given for a market-data frame instead of its own parse: one empty 'message' (which
 * flowdesk does not listen to), so it neither parses the frame nor logs it as unrecognised.
 */
const MARKET_FRAME_SEEN: Emittables = [{ eventType: 'message', event: {} }];

/** The SDK's client, plus a hook that sees every text frame before the SDK parses it. */
class CapturingWebsocketClient extends WebsocketClient {
  rawFrame: ((wsKey: string, text: string) => void) | null = null;

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
      {
        wsUrl: this.options.wsUrl,
        beautify: false,
        ...(this.options.reconnectDelayMs === undefined ? {} : { reconnectTimeout: this.options.reconnectDelayMs }),
      },
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
    ws.on('open', ({ wsKey }) => sink.lifecycle(idOf(wsKey), wsKey, 'open'));
    ws.on('reconnecting', ({ wsKey }) => sink.lifecycle(idOf(wsKey), wsKey, 'reconnecting'));
    ws.on('reconnected', ({ wsKey }) => sink.lifecycle(idOf(wsKey), wsKey, 'reconnected'));
    ws.on('close', ({ wsKey }) => sink.lifecycle(idOf(wsKey), wsKey, 'closed'));
    ws.on('exception', () => undefined); // surfaced as reconnecting/closed; never an unhandled rejection
    await ws.subscribe([...topics], this.product === 'spot' ? 'main' : 'usdm');
  }

  async close(): Promise<void> {
    this.ws?.closeAll(true);
    this.ws?.removeAllListeners();
    this.ws = null;
  }

  private async call(request: () => Promise<unknown>): Promise<RestOutcome> {
    try {
      const body = await request();
      return { ok: true, body: typeof body === 'string' ? body : JSON.stringify(body) };
    } catch (error) {
      return { ok: false, failure: failureOf(error) };
    }
  }
}
