// venue/binance/execution/private-reader: the private state of a Binance spot account, read-only — the
// capability of every private mode. Balances, open orders, one order's record with its fills (query order +
// myTrades: what reconciliation trusts), the account's trades since a trade id, the rate-limit headers,
// and the user-data stream. There is no method that places or cancels anything, and the REST client under
// it is built for the read capability, so it could not send one if asked (capabilities.ts).
// Symbols: only the instruments given are read (their ticks and lots convert the amounts).

import type { ExecutionRoute, ExecutionVenueName, PrivateExecutionMode } from '../../../config/index.js';
import type { Cancel, Clock, Scheduler } from '../../../core/index.js';
import type { Balance, Instrument, VenueFill, VenueOrder, VenueOrderStatus } from '../../../model/index.js';
import { ExecutionRequestError, RateLimitBoard, type RateLimitState } from './rate-limits.js';
import { RestClient, type RestMethod } from './rest-client.js';
import type { ExecutionLog } from './sdk-log.js';
import { balancesOf, sideOf, venueFillOf, venueOrderOf, venueOrderStatusOf } from './to-model.js';
import { UserStream, type UserStreamChange, type UserStreamStatus } from './user-stream.js';
import { accountBodySchema, orderBodySchema, readBody, tradeBodySchema, type UserDataWireEvent } from './wire.js';

/** Where a reader reads (no credentials). */
export interface ReaderRoute {
  readonly mode: PrivateExecutionMode;
  readonly venue: ExecutionVenueName;
  readonly restUrl: string;
  readonly wsApiUrl: string;
}

export interface AccountState {
  readonly canTrade: boolean;
  readonly updateTimeMs: number;
  readonly balances: readonly Balance[];
}

/** One trade of the account (myTrades), with the order it belongs to. */
export interface AccountTrade {
  readonly symbol: string;
  readonly venueOrderId: string;
  readonly side: 'buy' | 'sell';
  readonly fill: VenueFill;
}

export interface PrivateReader {
  readonly route: ReaderRoute;
  /** Balances (assets with nothing free or locked left out). */
  account(): Promise<AccountState>;
  /** Open orders of the instruments' symbols (of `symbol` only, when given). */
  openOrders(symbol?: string): Promise<VenueOrder[]>;
  /** The venue's record of one order with its fills; null when Binance does not know it (-2013). */
  orderStatus(symbol: string, clientOrderId: string): Promise<VenueOrderStatus | null>;
  /** The account's trades of `symbol` from trade id `fromTradeId` on (the latest `limit` without one). */
  tradesSince(symbol: string, fromTradeId: string | null, limit?: number): Promise<AccountTrade[]>;
  /** The rate-limit headers as the last answers left them. */
  rateLimits(): RateLimitState;
  /** Subscribes to the user-data stream (once); resolves when events flow. */
  startUserStream(): Promise<void>;
  onUserEvent(listener: (event: UserDataWireEvent) => void): Cancel;
  /** The stream went down, or is live again (resubscribed: events of the gap are lost; reconcile). */
  onUserStreamChange(listener: (change: UserStreamChange) => void): Cancel;
  userStream(): UserStreamStatus;
  /** True when the stream has not been live for `maxDownMs` (down, connecting, or never started). */
  isStale(nowUs: number, maxDownMs: number): boolean;
  close(): Promise<void>;
}

export interface PrivateReaderOptions {
  /** The symbols read, with their units. */
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly log?: ExecutionLog;
  /** REST timeout per request; default 10 s. */
  readonly requestTimeoutMs?: number;
  /** recvWindow of signed requests; default 5 s. */
  readonly recvWindowMs?: number;
  /** User stream: subscription deadline (default 15 s), reconnect delay (default 1 s), heartbeat (10 s / 5 s). */
  readonly streamStartTimeoutMs?: number;
  readonly streamReconnectDelayMs?: number;
  readonly pingIntervalMs?: number;
  readonly pongTimeoutMs?: number;
}

/** The reader's parts a venue of the same route shares (module-private: not on the public interface). */
export interface ReaderInternals {
  readonly board: RateLimitBoard;
  readonly options: PrivateReaderOptions;
}

const internals = new WeakMap<PrivateReader, ReaderInternals>();

/** The shared parts of a reader made by createPrivateReader; throws for any other object. */
export function readerInternals(reader: PrivateReader): ReaderInternals {
  const found = internals.get(reader);
  if (found === undefined) throw new TypeError('not a reader made by createPrivateReader');
  return found;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_RECV_WINDOW_MS = 5000;

class BinancePrivateReader implements PrivateReader {
  readonly route: ReaderRoute;
  readonly #rest: RestClient;
  readonly #stream: UserStream;
  readonly #board = new RateLimitBoard();

  constructor(
    route: ExecutionRoute,
    private readonly options: PrivateReaderOptions,
  ) {
    this.route = Object.freeze({ mode: route.mode, venue: route.venue, restUrl: route.restUrl, wsApiUrl: route.wsApiUrl });
    this.#rest = new RestClient(route, 'read', {
      timeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      recvWindowMs: options.recvWindowMs ?? DEFAULT_RECV_WINDOW_MS,
    });
    this.#stream = new UserStream(route, {
      clock: options.clock,
      scheduler: options.scheduler,
      ...(options.log === undefined ? {} : { log: options.log }),
      startTimeoutMs: options.streamStartTimeoutMs ?? 15_000,
      reconnectDelayMs: options.streamReconnectDelayMs ?? 1000,
      pingIntervalMs: options.pingIntervalMs ?? 10_000,
      pongTimeoutMs: options.pongTimeoutMs ?? 5000,
    });
    internals.set(this, { board: this.#board, options });
  }

  async account(): Promise<AccountState> {
    const body = readBody(accountBodySchema, await this.get('api/v3/account', { omitZeroBalances: true }), 'account');
    return { canTrade: body.canTrade, updateTimeMs: body.updateTime, balances: balancesOf(body) };
  }

  async openOrders(symbol?: string): Promise<VenueOrder[]> {
    const out: VenueOrder[] = [];
    for (const s of symbol === undefined ? [...this.options.instruments.keys()] : [symbol]) {
      const instrument = this.instrument(s);
      const bodies = readBody(orderBodySchema.array(), await this.get('api/v3/openOrders', { symbol: s }), 'open orders');
      out.push(...bodies.map((b) => venueOrderOf(b, instrument)));
    }
    return out;
  }

  async orderStatus(symbol: string, clientOrderId: string): Promise<VenueOrderStatus | null> {
    const instrument = this.instrument(symbol);
    const answer = await this.call('GET', 'api/v3/order', { symbol, origClientOrderId: clientOrderId });
    if (!answer.ok) {
      if (answer.failure.code === -2013) return null;
      throw new ExecutionRequestError('query order', answer.failure);
    }
    const order = readBody(orderBodySchema, answer.body, 'query order');
    const trades = readBody(tradeBodySchema.array(), await this.get('api/v3/myTrades', { symbol, orderId: order.orderId }), 'order trades');
    return venueOrderStatusOf(order, trades, instrument);
  }

  async tradesSince(symbol: string, fromTradeId: string | null, limit = 1000): Promise<AccountTrade[]> {
    const instrument = this.instrument(symbol);
    const params = fromTradeId === null ? { symbol, limit } : { symbol, fromId: fromTradeId, limit };
    const trades = readBody(tradeBodySchema.array(), await this.get('api/v3/myTrades', params), 'trades');
    return trades.map((t) => ({ symbol: t.symbol, venueOrderId: String(t.orderId), side: sideOf(t.isBuyer ? 'BUY' : 'SELL'), fill: venueFillOf(t, instrument) }));
  }

  rateLimits(): RateLimitState {
    return this.#board.state();
  }

  startUserStream(): Promise<void> {
    return this.#stream.start();
  }

  onUserEvent(listener: (event: UserDataWireEvent) => void): Cancel {
    return this.#stream.onEvent(listener);
  }

  onUserStreamChange(listener: (change: UserStreamChange) => void): Cancel {
    return this.#stream.onChange(listener);
  }

  userStream(): UserStreamStatus {
    return this.#stream.status();
  }

  isStale(nowUs: number, maxDownMs: number): boolean {
    const s = this.#stream.status();
    return s.state !== 'live' && nowUs - s.sinceUs >= maxDownMs * 1000;
  }

  async close(): Promise<void> {
    this.#stream.close();
  }

  private instrument(symbol: string): Instrument {
    const found = this.options.instruments.get(symbol);
    if (found === undefined) throw new RangeError(`private reader: ${symbol} is not one of the symbols read (${[...this.options.instruments.keys()].join(', ')})`);
    return found;
  }

  private async call(method: RestMethod, endpoint: string, params: Record<string, unknown>): ReturnType<RestClient['call']> {
    const answer = await this.#rest.call(method, endpoint, params);
    this.#board.note(this.options.clock.nowUs(), this.#rest.rateLimits(), false);
    return answer;
  }

  private async get(endpoint: string, params: Record<string, unknown>): Promise<unknown> {
    const answer = await this.call('GET', endpoint, params);
    if (!answer.ok) throw new ExecutionRequestError(`GET /${endpoint}`, answer.failure);
    return answer.body;
  }
}

/** A read-only view of the route's account (any private mode). */
export function openPrivateReader(route: ExecutionRoute, options: PrivateReaderOptions): PrivateReader {
  return new BinancePrivateReader(route, options);
}
