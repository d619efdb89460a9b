// model/market-data-port: what the live engine needs from an exchange's public market data, as an
// interface. The Binance adapter implements it with the SDK; a simulator or a test double can implement it
// too. Bodies and frames are passed as untouched text, so they can be recorded exactly.

import type { ConnectionState } from './events.js';
import type { Product } from './product.js';

export type RestFailureKind =
  /** HTTP 429: slow down, honour retryAfterMs. */
  | 'rateLimited'
  /** HTTP 418: the IP is banned until retryAfterMs; stop calling. */
  | 'banned'
  /** HTTP 5xx: outcome unknown, retry later. */
  | 'serverError'
  | 'timeout'
  /** Connection refused, DNS, reset... */
  | 'network'
  /** Any other HTTP status: the request itself is wrong (unknown symbol...). */
  | 'rejected';

export interface RestFailure {
  readonly kind: RestFailureKind;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  readonly message: string;
}

export type RestOutcome =
  | { readonly ok: true; readonly body: string }
  | { readonly ok: false; readonly failure: RestFailure };

export interface StreamSink {
  /** One text frame, exactly as received. */
  frame(connectionId: number, connectionKey: string, text: string): void;
  /** A connection opened, came back or closed on purpose. (A drop is reported through `down`.) */
  lifecycle(connectionId: number, connectionKey: string, state: ConnectionState): void;
  /**
   * A connection is down: an open socket dropped, or an attempt to connect failed. The adapter makes no
   * attempt of its own: the next one happens when the caller calls `retry` (once). A failure reported
   * again before `retry` was called is the same failure.
   */
  down(connectionId: number, connectionKey: string, retry: () => void): void;
}

export interface MarketDataVenue {
  readonly product: Product;
  fetchExchangeInfo(symbols: readonly string[]): Promise<RestOutcome>;
  fetchDepthSnapshot(symbol: string, limit: number): Promise<RestOutcome>;
  /** Opens the streams for these topics (e.g. "btcusdt@depth@100ms") and feeds the sink until close(). */
  openStreams(topics: readonly string[], sink: StreamSink): Promise<void>;
  close(): Promise<void>;
}
