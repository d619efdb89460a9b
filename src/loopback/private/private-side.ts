// loopback/private/private-side: the loopback exchange's private side (spot), wired into LoopbackExchange
// by its `private` option: the signed REST endpoints (rest-api.ts), the WS API user-data stream
// (ws-api.ts), its own matcher fed by the public market the exchange replays (matcher.ts), the ledger of
// accounts, orders and trades (ledger.ts), and the faults tests command. Its clock is the wall clock
// (or `now`), shifted by setClockOffset; event and transaction times come from it.
//
// Delivery: a REST answer goes out first, then the user events it caused (events before the ack only on
// command). Market-driven fills push their events as the market plays.

import { Decimal } from 'decimal.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { InputError } from '../../core/index.js';
import type { PlayEntry } from '../market.js';
import type { RequestLog } from '../request-log.js';
import { balanceUpdate, accountPosition, type CommissionRates } from './bodies.js';
import { PrivateFaults, failureAnswer, type AcceptFailure, type RejectCode, type UserEventType } from './faults.js';
import type { SymbolRules } from './filters.js';
import { PrivateLedger, type AccountConfig, type BalanceView, type OrderView } from './ledger.js';
import { Matcher, type BookView, type Outcome, type UserEvent } from './matcher.js';
import { PrivateRest, PRIVATE_PATHS } from './rest-api.js';
import { readTrade, TradeTape } from './trade-tape.js';
import { WsApiServer, type UserStreamInfo } from './ws-api.js';

export interface PrivateOptions {
  /** The accounts (API key, secret, free balances). Required unless `ledger` is given. */
  readonly accounts?: readonly AccountConfig[];
  /** The state of an earlier exchange (privateSide().ledger): a restart keeps its orders and balances. */
  readonly ledger?: PrivateLedger;
  /** The exchange's clock in ms; default Date.now. */
  readonly now?: () => number;
  /** Commission rates as decimal fractions; default "0.001" each (VIP 0). */
  readonly commission?: { readonly maker?: string; readonly taker?: string };
}

/** What the exchange lends the private side. */
export interface PrivateHost {
  readonly book: BookView;
  readonly log: RequestLog;
  countWeight(weight: number): number;
  /** Writes an HTTP answer with the weight headers. */
  reply(res: ServerResponse, status: number, body: string, weight: number, headers: Record<string, string>): void;
  /** Keeps a response open, never answered, until the exchange stops. */
  hold(res: ServerResponse): void;
}

export interface UserEventRecord {
  readonly apiKey: string;
  readonly type: string;
  readonly event: Record<string, unknown>;
  /** Frames sent per subscription: 0 dropped, 1, or 2 duplicated. */
  readonly copies: number;
}

export class PrivateSide {
  readonly ledger: PrivateLedger;
  private readonly faults = new PrivateFaults();
  private readonly matcher: Matcher;
  private readonly rest: PrivateRest;
  private readonly wsApi: WsApiServer;
  private readonly clock: () => number;
  private clockOffsetMs = 0;
  private readonly tradeSymbols = new Set<string>();
  private readonly tape: TradeTape;
  private readonly heldAcks: (() => void)[] = [];
  private readonly eventLog: UserEventRecord[] = [];

  constructor(
    options: PrivateOptions,
    private readonly rules: ReadonlyMap<string, SymbolRules>,
    entries: readonly PlayEntry[],
    private readonly host: PrivateHost,
  ) {
    if (options.ledger !== undefined && options.accounts !== undefined) {
      throw new InputError('loopback private: give accounts or a ledger, not both');
    }
    if (options.ledger === undefined && (options.accounts === undefined || options.accounts.length === 0)) {
      throw new InputError('loopback private: at least one account is needed');
    }
    this.ledger = options.ledger ?? new PrivateLedger(options.accounts);
    this.clock = options.now ?? Date.now;
    const rate = (text: string | undefined): Decimal => {
      const value = new Decimal(text ?? '0.001');
      if (value.isNegative() || value.greaterThanOrEqualTo(1)) throw new InputError(`loopback private: bad commission rate ${text ?? ''}`);
      return value;
    };
    const rates: CommissionRates = { maker: rate(options.commission?.maker), taker: rate(options.commission?.taker) };
    this.matcher = new Matcher(this.ledger, rules, rates);
    this.rest = new PrivateRest({
      ledger: this.ledger,
      matcher: this.matcher,
      rules,
      faults: this.faults,
      book: host.book,
      rates,
      now: () => this.now(),
      averagePrice: (symbol) => this.averagePrice(symbol),
    });
    this.wsApi = new WsApiServer({
      now: () => this.now(),
      account: (apiKey) => this.ledger.account(apiKey),
      countWeight: (weight) => host.countWeight(weight),
      log: host.log,
    });
    for (const entry of entries) if (entry.stream.endsWith('@trade')) this.tradeSymbols.add(entry.symbol);
    const windowMs = new Map<string, number>();
    for (const [symbol, r] of rules) {
      const filter = r.filters.find((f) => f['filterType'] === 'PERCENT_PRICE_BY_SIDE' || f['filterType'] === 'PERCENT_PRICE');
      const minutes = filter === undefined ? 5 : Number(filter['avgPriceMins'] ?? 5);
      windowMs.set(symbol, Math.max(1, minutes) * 60_000);
    }
    this.tape = new TradeTape(windowMs);
  }

  /** The exchange's time (ms). */
  now(): number {
    return this.clock() + this.clockOffsetMs;
  }

  /** Does the private side serve this REST path? */
  serves(path: string): boolean {
    return PRIVATE_PATHS.includes(path);
  }

  // ---------------------------------------------------------------------------------------------------
  // REST and WS API

  handleRest(req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string): void {
    const answer = this.rest.handle({
      method: req.method ?? 'GET',
      path: url.pathname,
      rawQuery: url.search.startsWith('?') ? url.search.slice(1) : url.search,
      rawBody,
      apiKey: typeof req.headers['x-mbx-apikey'] === 'string' ? req.headers['x-mbx-apikey'] : undefined,
    });
    const send = (): void => {
      this.host.reply(res, answer.status, JSON.stringify(answer.body), answer.weight, answer.headers);
    };
    if (!answer.accepted) {
      send();
      return;
    }
    const failure = this.faults.takeAcceptFailure();
    const before = this.faults.takeEventsBeforeAck();
    if (failure !== null) {
      void this.deliver(answer.events);
      const replacement = failureAnswer(failure);
      if (replacement === null) this.host.hold(res);
      else this.host.reply(res, replacement.status, replacement.body, answer.weight, { 'Content-Type': replacement.contentType });
      return;
    }
    if (before === null) {
      send();
      void this.deliver(answer.events);
      return;
    }
    void this.deliver(answer.events).then(() => {
      if (before.hold) this.heldAcks.push(send);
      else setImmediate(send);
    });
  }

  attachWsApi(ws: WebSocket): void {
    this.wsApi.attach(ws);
  }

  /** Sends user events through the drop/duplicate faults; resolves when their frames are written. */
  private deliver(events: readonly UserEvent[]): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const { apiKey, body } of events) {
      const type = typeof body['e'] === 'string' ? body['e'] : '';
      const copies = this.faults.copiesOf(type);
      this.eventLog.push({ apiKey, type, event: body, copies });
      if (copies > 0) writes.push(this.wsApi.send(apiKey, body, copies));
    }
    return Promise.all(writes).then(() => undefined);
  }

  private deliverOutcome(outcome: Outcome | null): void {
    if (outcome !== null) void this.deliver(outcome.events);
  }

  // ---------------------------------------------------------------------------------------------------
  // the public market

  /** Called by the exchange for each message it plays, after its book has moved. */
  onMarketEntry(entry: PlayEntry): void {
    if (!this.rules.has(entry.symbol)) return;
    if (entry.diff !== null) {
      this.deliverOutcome(this.matcher.onBook(entry.symbol, this.host.book, this.now()));
      return;
    }
    const isTrade = entry.stream.endsWith('@trade') || (entry.stream.endsWith('@aggTrade') && !this.tradeSymbols.has(entry.symbol));
    if (!isTrade) return;
    const trade = readTrade(entry.raw.payload);
    if (trade === null) return;
    this.tape.remember(entry.symbol, trade.price, trade.qty, entry.eventTimeMs ?? 0);
    this.deliverOutcome(this.matcher.onTrade(entry.symbol, trade.price, trade.qty, this.now()));
  }

  /** The percent-price filters' average: VWAP of the last avgPriceMins of trades, else the book's mid. */
  averagePrice(symbol: string): Decimal | null {
    const vwap = this.tape.vwap(symbol);
    if (vwap !== null) return vwap;
    const bid = this.host.book.levels(symbol, 'bids', 1)[0];
    const ask = this.host.book.levels(symbol, 'asks', 1)[0];
    if (bid === undefined || ask === undefined) return null;
    return new Decimal(bid[0]).plus(ask[0]).dividedBy(2);
  }

  // ---------------------------------------------------------------------------------------------------
  // faults

  /**
   * The next new order (-2010, -1013) or cancel (-2011) is refused with this code (default message:
   * insufficient balance / "Filter failure: NOTIONAL" / "Unknown order sent."), `count` times.
   */
  rejectNext(code: RejectCode, options: { msg?: string; count?: number } = {}): void {
    this.faults.reject(code, options.msg, options.count ?? 1);
  }

  /** The next `count` new orders get HTTP 429 -1015 with Retry-After (default 1 s); nothing is placed. */
  rateLimitNextOrders(options: { count?: number; retryAfterSeconds?: number } = {}): void {
    this.faults.limitOrders(options.count ?? 1, options.retryAfterSeconds ?? 1);
  }

  /**
   * The next mutation that takes effect (an order placed, an order or all orders canceled) is answered
   * with 500 (-1000), 502 (HTML), 503 (-1007 "execution status unknown") or never ('timeout'): the change
   * is made and its user events go out; only the answer is lost.
   */
  failAfterAccepting(failure: AcceptFailure): void {
    this.faults.failAfterAccepting(failure);
  }

  /**
   * The next mutation's user events are written before its REST answer. With `holdAck`, the answer waits
   * for releaseHeldAcks().
   */
  userEventsBeforeNextAck(options: { holdAck?: boolean } = {}): void {
    this.faults.eventsBeforeAck(options.holdAck ?? false);
  }

  /** Sends the answers held by userEventsBeforeNextAck({holdAck: true}); returns how many. */
  releaseHeldAcks(): number {
    const held = this.heldAcks.splice(0);
    for (const send of held) send();
    return held.length;
  }

  /** The next `count` user events (of `type`, or any) are not sent. */
  dropNextUserEvent(options: { type?: UserEventType; count?: number } = {}): void {
    this.faults.drop(options.type, options.count ?? 1);
  }

  /** The next `count` user events (of `type`, or any) are sent twice. */
  duplicateNextUserEvent(options: { type?: UserEventType; count?: number } = {}): void {
    this.faults.duplicate(options.type, options.count ?? 1);
  }

  /** Terminates the WS API connections (those with a subscription of `apiKey`, or all). Returns how many. */
  disconnectUserStreams(apiKey?: string): number {
    return this.wsApi.disconnect(apiKey);
  }

  /** The exchange's clock runs `ms` ahead of its source (negative: behind): for -1021 tests. */
  setClockOffset(ms: number): void {
    this.clockOffsetMs = ms;
  }

  /** A deposit (positive) or withdrawal (negative) outside trading: balanceUpdate, then outboundAccountPosition. */
  adjustBalance(apiKey: string, asset: string, delta: string): void {
    const account = this.ledger.account(apiKey);
    if (account === undefined) throw new InputError('loopback private: adjustBalance for an unknown API key');
    if (!/^-?[0-9]+(\.[0-9]+)?$/.test(delta)) throw new InputError(`loopback private: "${delta}" is not a decimal`);
    const amount = new Decimal(delta);
    const balance = this.ledger.balance(account, asset);
    if (balance.free.plus(amount).isNegative()) throw new InputError(`loopback private: ${asset} would go below zero`);
    balance.free = balance.free.plus(amount);
    const now = this.now();
    account.updateTime = now;
    void this.deliver([
      { apiKey, body: balanceUpdate(asset, amount, now) },
      { apiKey, body: accountPosition(account, [asset], now) },
    ]);
  }

  // ---------------------------------------------------------------------------------------------------
  // inspection

  /** Open orders (of one account, or all), in acceptance order. */
  openOrders(apiKey?: string): OrderView[] {
    return this.ledger.openOrderViews(apiKey);
  }

  /** An account's balances as plain decimal strings. */
  balances(apiKey: string): Record<string, BalanceView> {
    return this.ledger.balanceViews(apiKey);
  }

  /** Open user-data subscriptions on the WS API. */
  userStreams(): UserStreamInfo[] {
    return this.wsApi.userStreams();
  }

  /** Every user event produced, with how many copies went out (0 when dropped). */
  userEvents(): UserEventRecord[] {
    return [...this.eventLog];
  }

  /** Terminates the WS API connections and forgets held answers (the exchange is stopping). */
  close(): void {
    this.wsApi.close();
    this.heldAcks.length = 0;
  }
}
