// Shared harness of the private-side loopback tests: a hand-made BTCUSDT market (so every fill is chosen
// by hand), an exchange with one funded account, the REAL SDK clients aimed at it (MainClient with
// baseUrl, WebsocketAPIClient with wsUrl), and a collector that waits for frames with a deadline (never a
// sleep). Every client and exchange is closed by closeAll() after each test.
import { MainClient, WebsocketAPIClient } from 'binance';
import { expect } from 'vitest';
import { LoopbackExchange, type AccountConfig, type LoopbackAddress, type LoopbackOptions, type PrivateOptions } from '../../src/loopback/index.js';
import { SyntheticMarket } from '../support/synthetic-market.js';

export const KEY = 'lbKeyA1b2C3d4E5f6';
export const SECRET = 'lbSecretZ9y8X7w6V5';
export const OTHER_KEY = 'lbKeyOther000000000';
export const OTHER_SECRET = 'lbSecretOther00000';
export const INSTRUMENTS = [{ symbol: 'BTCUSDT', tickSize: '0.01', stepSize: '0.00001' }];
export const LOOPBACK = /^(http|ws):\/\/127\.0\.0\.1:\d+$/;

/**
 * The hand-made market, played one message at a time with advance():
 *   book (after message 1): bids 100.00 × 1, 99.99 × 2; asks 100.01 × 0.5, 100.02 × 1.5
 *   2: trade 99.99 × 0.3     3: trade 99.98 × 1.0     4: diff: ask 99.90 × 0.2 (crosses bids at ≥ 99.90)
 *   5: trade 100.05 × 0.4    6: diff: ask 99.90 removed
 */
export function handMadeMarket(): SyntheticMarket {
  const t0 = 1_700_000_000_000_000;
  return new SyntheticMarket()
    .snapshot(t0, 10, [['100.00', '1.00000'], ['99.99', '2.00000']], [['100.01', '0.50000'], ['100.02', '1.50000']])
    .diff(t0 + 1000, 11, 11, [['99.98', '0.10000']], [])
    .trade(t0 + 2000, 'sell', '99.99', '0.30000')
    .trade(t0 + 3000, 'sell', '99.98', '1.00000')
    .diff(t0 + 4000, 12, 12, [], [['99.90', '0.20000']])
    .trade(t0 + 5000, 'buy', '100.05', '0.40000')
    .diff(t0 + 6000, 13, 13, [], [['99.90', '0']]);
}

const exchanges: LoopbackExchange[] = [];
const restClients: MainClient[] = [];
const wsClients: WebsocketAPIClient[] = [];

export async function closeAll(): Promise<void> {
  for (const client of wsClients.splice(0)) {
    client.getWSClient().removeAllListeners();
    client.getWSClient().closeAll(true);
  }
  restClients.splice(0);
  await Promise.all(exchanges.splice(0).map((ex) => ex.stop()));
}

export const DEFAULT_ACCOUNTS: readonly AccountConfig[] = [
  { apiKey: KEY, apiSecret: SECRET, balances: { USDT: '1000', BTC: '1' } },
  { apiKey: OTHER_KEY, apiSecret: OTHER_SECRET, balances: { USDT: '50' } },
];

export async function startPrivate(
  options: { private?: PrivateOptions; extra?: Partial<LoopbackOptions> } = {},
): Promise<{ ex: LoopbackExchange; addr: LoopbackAddress }> {
  const ex = new LoopbackExchange({
    product: 'spot',
    messages: handMadeMarket().messages,
    instruments: INSTRUMENTS,
    speed: 'max',
    private: options.private ?? { accounts: DEFAULT_ACCOUNTS },
    ...options.extra,
  });
  exchanges.push(ex);
  const addr = await ex.start();
  expect(addr.restUrl).toMatch(LOOPBACK);
  expect(addr.wsUrl).toMatch(LOOPBACK);
  ex.advance(1); // the diff that spans the snapshot: the book is live
  return { ex, addr };
}

export function track(ex: LoopbackExchange): LoopbackExchange {
  exchanges.push(ex);
  return ex;
}

export function rest(addr: LoopbackAddress, key = KEY, secret = SECRET, requestOptions: { timeout?: number; httpAgent?: unknown } = {}): MainClient {
  expect(addr.restUrl).toMatch(LOOPBACK);
  const client = new MainClient({ baseUrl: addr.restUrl, api_key: key, api_secret: secret }, requestOptions);
  restClients.push(client);
  return client;
}

/** What the SDK's REST client throws for an HTTP error (its parseException shape). */
export interface SdkRestError {
  readonly code?: number;
  readonly message?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export async function restError(promise: Promise<unknown>): Promise<SdkRestError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkRestError;
  }
  throw new Error('expected the request to fail');
}

/** Keeps items and resolves waits when a predicate over them holds, or rejects at a deadline. */
export class Collector<T> {
  readonly items: T[] = [];
  private readonly waits: { test: (items: T[]) => boolean; resolve: () => void }[] = [];

  push(item: T): void {
    this.items.push(item);
    for (const wait of [...this.waits]) {
      if (wait.test(this.items)) {
        this.waits.splice(this.waits.indexOf(wait), 1);
        wait.resolve();
      }
    }
  }

  until(test: (items: T[]) => boolean, what: string, timeoutMs = 20_000): Promise<T[]> {
    if (test(this.items)) return Promise.resolve(this.items);
    return new Promise<T[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waits.splice(this.waits.findIndex((w) => w.resolve === done), 1);
        reject(new Error(`timed out waiting for ${what}; have ${JSON.stringify(this.items).slice(0, 2000)}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve(this.items);
      };
      this.waits.push({ test, resolve: done });
    });
  }
}

/** A user-data frame as it came over the wire: {subscriptionId, event}. */
export interface UserFrame {
  readonly text: string;
  readonly subscriptionId: number;
  readonly event: Record<string, unknown>;
}

export interface UserStream {
  readonly api: WebsocketAPIClient;
  /** User-data frames, raw text kept. */
  readonly frames: Collector<UserFrame>;
  /** WS API responses ({id, status, result|error}), raw. */
  readonly responses: Collector<Record<string, unknown>>;
  /** executionReports of the frames so far. */
  reports(): Record<string, unknown>[];
}

const quietLogger = { trace: () => undefined, info: () => undefined, error: () => undefined };

export function userStream(addr: LoopbackAddress, key = KEY, secret = SECRET): UserStream {
  expect(addr.wsUrl).toMatch(LOOPBACK);
  const frames = new Collector<UserFrame>();
  const responses = new Collector<Record<string, unknown>>();
  const api = new WebsocketAPIClient(
    {
      wsUrl: addr.wsUrl,
      api_key: key,
      api_secret: secret,
      beautify: false,
      attachEventListeners: false,
      muteLatencyWarning: true,
      reconnectTimeout: 50,
      resubscribeUserDataStreamDelaySeconds: 0.05,
      customParseJSONFn: (text: string) => {
        const parsed = JSON.parse(text) as Record<string, unknown>;
        if (typeof parsed['subscriptionId'] === 'number' && typeof parsed['event'] === 'object') {
          frames.push({ text, subscriptionId: parsed['subscriptionId'], event: parsed['event'] as Record<string, unknown> });
        } else if ('id' in parsed) {
          responses.push(JSON.parse(text) as Record<string, unknown>);
        }
        return parsed;
      },
    },
    quietLogger,
  );
  api.getWSClient().on('exception', () => undefined);
  wsClients.push(api);
  return {
    api,
    frames,
    responses,
    reports: () => frames.items.map((f) => f.event).filter((e) => e['e'] === 'executionReport'),
  };
}

export function reportsOf(frames: readonly UserFrame[], x?: string): Record<string, unknown>[] {
  return frames.map((f) => f.event).filter((e) => e['e'] === 'executionReport' && (x === undefined || e['x'] === x));
}

/** A buy of `qty` at `price`, LIMIT GTC, with an SDK-generated client order id. */
export function limitBuy(client: MainClient, price: string, qty: string, extra: Record<string, unknown> = {}): ReturnType<MainClient['submitNewOrder']> {
  return client.submitNewOrder({
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: price as unknown as number,
    quantity: qty as unknown as number,
    newClientOrderId: client.generateNewOrderId(),
    ...extra,
  });
}
