// Shared harness of the Binance execution adapter tests: the loopback exchange's private side standing in
// for a Binance venue, an ExecutionRoute made the way the trade command makes it (loadConfig +
// executionVenueFor from environment variables aimed at the loopback), the REAL SDK under the reader and
// the venues, a real OrderManager fed by the venue, and every log line of the session kept for the secret
// scan. Time is an EventTimeScheduler moved by hand: no timer of the adapter fires unless a test moves it.
// Waits are for reports or frames, with deadlines, never sleeps.
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Decimal } from 'decimal.js';
import { expect } from 'vitest';
import { executionVenueFor, loadConfig, type ExecutionMode, type ExecutionRoute } from '../../src/config/index.js';
import { DEFAULT_STRATEGY_PARAMS } from '../../src/config/index.js';
import { EventTimeScheduler } from '../../src/core/index.js';
import { OrderManager, reconcileOrders, type OrderReconciliation, type UnnumberedEvent } from '../../src/kernel/index.js';
import { exchangeInfoBody } from '../../src/loopback/exchange-info.js';
import { LoopbackExchange, type LoopbackAddress, type PrivateOptions } from '../../src/loopback/index.js';
import {
  createInstrument,
  isFinalStatus,
  priceToTicks,
  qtyToLots,
  type Decision,
  type ExecutionReport,
  type ExecutionVenue,
  type Instrument,
  type Order,
  type OrderType,
  type SymbolRules,
  type VenueOrderStatus,
} from '../../src/model/index.js';
import {
  createBinanceExecutionVenue,
  createDryRunVenue,
  createPrivateReader,
  instrumentFromRules,
  parseExchangeInfo,
  routeWithAccess,
  type BinanceExecutionVenue,
  type ExecutionVenueOptions,
  type PrivateReader,
  type RateLimitWarning,
  type SentRequest,
} from '../../src/venue/index.js';
import { Collector, INSTRUMENTS, handMadeMarket, track } from '../loopback/private-harness.js';

/** Long, distinct key pairs per venue, so that a scan for them means something. */
export const CREDENTIALS = {
  production: { key: 'prodKey7Hq2Lw9Xv4Bn6Mz1Rt8Yc3Pd5Gf0Js', secret: 'prodSecret4Kx8Vn2Qw6Zt1Lm9Hb3Rc7Ys5Dp0Gj' },
  demo: { key: 'demoKey3Ty8Pw1Xn6Vb4Qm9Lz2Hc7Rs5Gd0Kf', secret: 'demoSecret9Mv3Qz6Wn1Xb8Lt4Hc2Rp7Ys5Dg0Kj' },
  testnet: { key: 'testKey5Rw2Qn8Xv1Lb6Zm3Hc9Pt4Ys7Dg0Jf', secret: 'testSecret1Pz7Wq3Xn9Vb2Lm6Ht4Rc8Ys5Dg0Kj' },
} as const;

export type VenueName = keyof typeof CREDENTIALS;

const VARIABLES: Record<VenueName, { rest: string; wsApi: string; key: string; secret: string }> = {
  production: { rest: 'BINANCE_SPOT_REST_URL', wsApi: 'BINANCE_SPOT_WS_API_URL', key: 'BINANCE_API_KEY', secret: 'BINANCE_API_SECRET' },
  demo: { rest: 'BINANCE_SPOT_DEMO_REST_URL', wsApi: 'BINANCE_SPOT_DEMO_WS_API_URL', key: 'BINANCE_DEMO_API_KEY', secret: 'BINANCE_DEMO_API_SECRET' },
  testnet: { rest: 'BINANCE_SPOT_TESTNET_REST_URL', wsApi: 'BINANCE_SPOT_TESTNET_WS_API_URL', key: 'BINANCE_TESTNET_API_KEY', secret: 'BINANCE_TESTNET_API_SECRET' },
};

const VENUE_OF_MODE: Record<Exclude<ExecutionMode, 'PUBLIC'>, VenueName> = {
  READ_ONLY_PRIVATE: 'production',
  DRY_RUN_PRIVATE: 'production',
  LIVE: 'production',
  DEMO: 'demo',
  TESTNET: 'testnet',
};

/** The route of `mode`, every venue's endpoints on its own loopback port (or on a closed port when absent). */
export function routeFor(mode: Exclude<ExecutionMode, 'PUBLIC'>, ports: Partial<Record<VenueName, LoopbackAddress>>): ExecutionRoute {
  const env: Record<string, string> = { EXECUTION_MODE: mode };
  for (const venue of Object.keys(VARIABLES) as VenueName[]) {
    const v = VARIABLES[venue];
    const addr = ports[venue];
    env[v.rest] = addr?.restUrl ?? 'http://127.0.0.1:9';
    env[v.wsApi] = addr?.wsUrl ?? 'ws://127.0.0.1:9';
    env[v.key] = CREDENTIALS[venue].key;
    env[v.secret] = CREDENTIALS[venue].secret;
  }
  const route = executionVenueFor(mode, loadConfig({ env, envFile: null }), { live: mode === 'LIVE' });
  if (route === null) throw new Error('no route');
  expect(route.venue).toBe(VENUE_OF_MODE[mode]);
  return route;
}

export const RULES: ReadonlyMap<string, SymbolRules> = parseExchangeInfo(JSON.stringify(exchangeInfoBody('spot', INSTRUMENTS, 1)), 'spot');
export const BTC: Instrument = createInstrument(instrumentFromRules(RULES.get('BTCUSDT') as SymbolRules));
export const INSTRUMENT_MAP: ReadonlyMap<string, Instrument> = new Map([['BTCUSDT', BTC]]);

/** The hand-made market's touch (100.00 / 100.01) and an average price of 100 for the builder's checks. */
export const MARKET: ExecutionVenueOptions['market'] = () => ({ bestBidTicks: 10000, bestAskTicks: 10001, averagePrice: () => new Decimal('100') });

/** An exchange with the venue's account funded (USDT 1000, BTC 1), playing the hand-made market. */
export async function startExchange(venue: VenueName, extra: { port?: number; private?: PrivateOptions } = {}): Promise<{ ex: LoopbackExchange; addr: LoopbackAddress }> {
  const ex = track(
    new LoopbackExchange({
      product: 'spot',
      messages: handMadeMarket().messages,
      instruments: INSTRUMENTS,
      speed: 'max',
      ...(extra.port === undefined ? {} : { port: extra.port }),
      private: extra.private ?? { accounts: [{ apiKey: CREDENTIALS[venue].key, apiSecret: CREDENTIALS[venue].secret, balances: { USDT: '1000', BTC: '1' } }] },
    }),
  );
  const addr = await ex.start();
  ex.advance(1); // the diff that spans the snapshot: the book is live
  return { ex, addr };
}

export interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Every line the adapter logged, serialized, for the secret scan. */
export function logText(lines: readonly LogLine[]): string {
  return lines.map((l) => JSON.stringify(l)).join('\n');
}

const readers: PrivateReader[] = [];
const venues: ExecutionVenue[] = [];

export async function closeSessions(): Promise<void> {
  for (const v of venues.splice(0)) await v.close();
  for (const r of readers.splice(0)) await r.close();
}

export interface ReaderSetup {
  readonly time: EventTimeScheduler;
  readonly logs: LogLine[];
  readonly reader: PrivateReader;
}

export async function openReader(route: ExecutionRoute, options: { requestTimeoutMs?: number } = {}): Promise<ReaderSetup> {
  const time = new EventTimeScheduler(1_700_000_000_000_000);
  const logs: LogLine[] = [];
  const reader = await createPrivateReader(route, {
    instruments: INSTRUMENT_MAP,
    clock: time,
    scheduler: time,
    log: (level, message, fields) => logs.push({ level, message, fields }),
    streamReconnectDelayMs: 50,
    ...options,
  });
  readers.push(reader);
  return { time, logs, reader };
}

/** A trading session: reader, venue and a real OrderManager whose reports are collected. */
export interface Session extends ReaderSetup {
  readonly route: ExecutionRoute;
  readonly venue: ExecutionVenue;
  readonly orders: OrderManager;
  readonly reports: Collector<ExecutionReport>;
  readonly journal: UnnumberedEvent[];
  readonly requests: SentRequest[];
  readonly rateWarnings: RateLimitWarning[];
  decisions: number;
}

export interface SessionOptions {
  readonly requestTimeoutMs?: number;
  /** Reuse this reader setup (a restarted process makes its own). */
  readonly readerSetup?: ReaderSetup;
  readonly decisions?: number;
  /** The market the builder checks against (default MARKET). */
  readonly market?: ExecutionVenueOptions['market'];
  /** Runs before the venue connects (a restarted process restores its orders and has the venue adopt them). */
  readonly beforeConnect?: (venue: ExecutionVenue, orders: OrderManager) => void;
}

export async function openSession(route: ExecutionRoute, options: SessionOptions = {}): Promise<Session> {
  const setup = options.readerSetup ?? (await openReader(route));
  const requests: SentRequest[] = [];
  const rateWarnings: RateLimitWarning[] = [];
  const venueOptions: ExecutionVenueOptions = {
    rules: RULES,
    market: options.market ?? MARKET,
    caps: { maxNotional: '1000' },
    onRequest: (r) => requests.push(r),
    onRateLimit: (w) => rateWarnings.push(w),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
  };
  let venue: ExecutionVenue;
  if (routeWithAccess(route, 'write')) venue = await createBinanceExecutionVenue(route, setup.reader, venueOptions);
  else if (routeWithAccess(route, 'validate')) venue = await createDryRunVenue(route, setup.reader, venueOptions);
  else throw new Error(`no venue for ${route.access} access`);
  venues.push(venue);
  const journal: UnnumberedEvent[] = [];
  const reports = new Collector<ExecutionReport>();
  const orders = new OrderManager({
    venue,
    time: setup.time,
    params: () => DEFAULT_STRATEGY_PARAMS,
    journal: (event) => journal.push(event),
    onFill: () => undefined,
    riskOf: () => undefined,
  });
  orders.onReport((report) => reports.push(report));
  options.beforeConnect?.(venue, orders);
  await venue.connect({ report: (r) => orders.report(r) });
  return { ...setup, route, venue, orders, reports, journal, requests, rateWarnings, decisions: options.decisions ?? 0 };
}

/** Sends an order as a decision would; returns its client order id. */
export function send(session: Session, side: 'BUY' | 'SELL', type: OrderType, price: string, qty: string): string {
  const decisionId = `BTCUSDT-${++session.decisions}`;
  const decision: Decision = {
    timeUs: session.time.nowUs(),
    product: 'spot',
    symbol: 'BTCUSDT',
    action: side === 'BUY' ? 'BUY' : 'SELL_INVENTORY',
    side,
    score: null,
    alphaBps: null,
    costBps: null,
    costParts: null,
    gates: [],
    features: {},
    intent: { type: type as 'LIMIT_MAKER', side, priceTicks: priceToTicks(BTC, price), qtyLots: qtyToLots(BTC, qty) },
    reason: `${type} ${side}`,
  };
  const request = session.orders.submit(decision, decisionId, BTC);
  if (request === null) throw new Error('no request');
  return request.clientOrderId;
}

/** Waits until `test` holds, checking at every turn of the event loop, or fails at a deadline (never a sleep). */
export async function eventually(test: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Waits until the order reaches `status` (a deadline, never a sleep). */
export async function untilStatus(session: Session, id: string, status: Order['status'] | ((o: Order) => boolean), what?: string): Promise<Order> {
  const test = typeof status === 'function' ? status : (o: Order) => o.status === status;
  await session.reports.until(() => {
    const o = session.orders.get(id);
    return o !== undefined && test(o);
  }, what ?? `${id} ${String(typeof status === 'function' ? 'to match' : status)}`);
  return session.orders.get(id) as Order;
}

/** Each local order as the venue's record says it should be, and as it is locally. */
export async function agreement(session: Session): Promise<{ local: unknown[]; venue: unknown[] }> {
  const local: unknown[] = [];
  const venue: unknown[] = [];
  for (const o of session.orders.all()) {
    const v: VenueOrderStatus | null = await session.reader.orderStatus('BTCUSDT', o.request.clientOrderId);
    local.push({ id: o.request.clientOrderId, status: venueStateOf(o), filledLots: o.filledLots, tradeIds: [...o.tradeIds].sort(), venueOrderId: o.venueOrderId });
    venue.push(
      v === null // an order Binance never took: rejected, nothing filled
        ? { id: o.request.clientOrderId, status: 'rejected', filledLots: 0, tradeIds: [], venueOrderId: null }
        : { id: v.clientOrderId, status: v.status, filledLots: v.filledLots, tradeIds: v.fills.map((f) => f.tradeId).sort(), venueOrderId: v.venueOrderId },
    );
  }
  return { local, venue };
}

function venueStateOf(order: Order): string {
  const s = order.status;
  return isFinalStatus(s) ? s : 'open';
}

/** Local orders reconciled with the venue through the reader (REST), the reports applied to the manager. */
export async function reconcile(session: Session): Promise<OrderReconciliation> {
  const venueOpen = await session.reader.openOrders();
  const statuses = new Map<string, VenueOrderStatus | null>();
  for (const o of session.orders.all()) statuses.set(o.request.clientOrderId, await session.reader.orderStatus('BTCUSDT', o.request.clientOrderId));
  const result = reconcileOrders(session.orders.all(), venueOpen, (id) => statuses.get(id) ?? null);
  for (const report of result.reports) session.orders.report(report);
  (session.venue as BinanceExecutionVenue).adopt?.(session.orders.all());
  return result;
}

/** The local orders equal the venue's records, and reconciliation finds nothing to change. */
export async function expectReconciled(session: Session): Promise<void> {
  const { local, venue } = await agreement(session);
  expect(local).toEqual(venue);
  const again = await reconcile(session);
  expect(again).toEqual({ reports: [], cancels: [], mismatches: [] });
}

/** An HTTP proxy to 127.0.0.1:`port` that resets the connection of each request `reset` picks. */
export async function resettingProxy(port: number, reset: (req: IncomingMessage) => boolean): Promise<{ url: string; resets: number; close(): Promise<void> }> {
  const state = { resets: 0 };
  const server = createServer((req, res) => {
    if (reset(req)) {
      state.resets++;
      req.socket.destroy();
      return;
    }
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    get resets() {
      return state.resets;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
