// loopback/private/rest-api: the signed spot REST endpoints — POST /api/v3/order and /order/test,
// DELETE /api/v3/order, GET /api/v3/order, GET and DELETE /api/v3/openOrders, GET /api/v3/account,
// GET /api/v3/myTrades. Each request: parameters (query + form body), API key (-2014 missing, -2015
// unknown), timestamp/recvWindow (-1021), signature (-1022), then the endpoint. New orders: LIMIT (GTC or
// IOC) and LIMIT_MAKER only (MARKET and the rest: -1116; FOK: -1115), decimal strings only (-1100), the
// symbol's filters (-1013), then the matcher (-2010). Orders count against ORDERS 10 s / 1 d (429 -1015
// with Retry-After past the limit). The answer carries the user events the request caused; delivering them
// (and the faults around delivery) is private-side.ts's job.

import { Decimal } from 'decimal.js';
import { SPOT_RATE_LIMITS } from '../exchange-info.js';
import { accountBody, cancelBody, newOrderBody, placesOf, queryBody, tradeBody, type CommissionRates, type RespType } from './bodies.js';
import { checkFilters, type SymbolRules } from './filters.js';
import { isOpen, type Account, type LedgerOrder, type PrivateLedger, type Side } from './ledger.js';
import type { BookView, Matcher, UserEvent } from './matcher.js';
import type { PrivateFaults } from './faults.js';
import { checkTimestamp, restSignedPayload, signatureMatches } from './signing.js';
import {
  CLIENT_ORDER_ID,
  apiError,
  decimalParam,
  errors,
  integerParam,
  isApiError,
  param,
  parseParams,
  required,
  type ApiError,
  type Params,
} from './wire.js';

export const PRIVATE_PATHS: readonly string[] = ['/api/v3/order', '/api/v3/order/test', '/api/v3/openOrders', '/api/v3/account', '/api/v3/myTrades'];

export interface RestRequest {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly rawBody: string;
  /** The X-MBX-APIKEY header. */
  readonly apiKey: string | undefined;
}

export interface RestAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly weight: number;
  readonly headers: Record<string, string>;
  /** User events the request caused, in order. */
  readonly events: readonly UserEvent[];
  /** A mutation took effect (an order was placed or canceled). */
  readonly accepted: boolean;
}

export interface RestContext {
  readonly ledger: PrivateLedger;
  readonly matcher: Matcher;
  readonly rules: ReadonlyMap<string, SymbolRules>;
  readonly faults: PrivateFaults;
  readonly book: BookView;
  readonly rates: CommissionRates;
  now(): number;
  /** The price the percent-price filters compare with (null: not checked). */
  averagePrice(symbol: string): Decimal | null;
}

const ORDER_LIMITS = SPOT_RATE_LIMITS.filter((l) => l.rateLimitType === 'ORDERS').map((l) => ({
  windowMs: l.interval === 'SECOND' ? l.intervalNum * 1000 : l.intervalNum * 86_400_000,
  label: l.interval === 'SECOND' ? `${l.intervalNum} SECOND` : `${l.intervalNum} DAY`,
  header: l.interval === 'SECOND' ? `x-mbx-order-count-${l.intervalNum}s` : `x-mbx-order-count-${l.intervalNum}d`,
  limit: l.limit,
}));

function fail(error: ApiError, weight: number, headers: Record<string, string> = {}): RestAnswer {
  return { status: error.status, body: { code: error.code, msg: error.msg }, weight, headers, events: [], accepted: false };
}

function ok(body: unknown, weight: number, extra: Partial<RestAnswer> = {}): RestAnswer {
  return { status: 200, body, weight, headers: {}, events: [], accepted: false, ...extra };
}

function endpointWeight(method: string, path: string, params: Params | null): number {
  const key = `${method} ${path}`;
  switch (key) {
    case 'GET /api/v3/order':
      return 4;
    case 'GET /api/v3/openOrders':
      return params !== null && param(params, 'symbol') !== undefined ? 6 : 80;
    case 'GET /api/v3/account':
      return 20;
    case 'GET /api/v3/myTrades':
      return params !== null && param(params, 'orderId') !== undefined ? 5 : 20;
    default:
      return 1;
  }
}

export class PrivateRest {
  private readonly orderCounts = ORDER_LIMITS.map(() => ({ window: -1, count: 0 }));

  constructor(private readonly ctx: RestContext) {}

  handle(req: RestRequest): RestAnswer {
    const parsed = parseParams(req.rawQuery, req.rawBody);
    const weight = endpointWeight(req.method, req.path, isApiError(parsed) ? null : parsed);
    if (isApiError(parsed)) return fail(parsed, weight);
    const auth = this.authenticate(req, parsed);
    if (isApiError(auth)) return fail(auth, weight);
    switch (`${req.method} ${req.path}`) {
      case 'POST /api/v3/order':
        return this.newOrder(auth, parsed, false);
      case 'POST /api/v3/order/test':
        return this.newOrder(auth, parsed, true);
      case 'DELETE /api/v3/order':
        return this.cancelOrder(auth, parsed);
      case 'GET /api/v3/order':
        return this.queryOrder(auth, parsed);
      case 'GET /api/v3/openOrders':
        return this.openOrders(auth, parsed, weight);
      case 'DELETE /api/v3/openOrders':
        return this.cancelAll(auth, parsed);
      case 'GET /api/v3/account':
        return ok(accountBody(auth, this.ctx.rates, param(parsed, 'omitZeroBalances') === 'true'), weight);
      case 'GET /api/v3/myTrades':
        return this.myTrades(auth, parsed, weight);
      default:
        return fail(apiError(404, -1, `Unknown endpoint: ${req.method} ${req.path}`), 1);
    }
  }

  private authenticate(req: RestRequest, params: Params): Account | ApiError {
    if (req.apiKey === undefined || req.apiKey === '') return errors.keyFormat();
    const account = this.ctx.ledger.account(req.apiKey);
    if (account === undefined) return errors.unknownKey();
    const signature = param(params, 'signature');
    if (signature === undefined) return errors.mandatory('signature');
    const timeError = checkTimestamp(params.get('timestamp'), params.get('recvWindow'), this.ctx.now());
    if (timeError !== null) return timeError;
    if (!signatureMatches(account.apiSecret, restSignedPayload(req.rawQuery, req.rawBody), signature)) return errors.badSignature();
    return account;
  }

  private symbolRules(params: Params): SymbolRules | ApiError {
    const symbol = required(params, 'symbol');
    if (isApiError(symbol)) return symbol;
    return this.ctx.rules.get(symbol.toUpperCase()) ?? errors.invalidSymbol();
  }

  /** Counts an order against the ORDERS limits: the headers, or the 429 past a limit. */
  private countOrder(): { headers: Record<string, string>; refused: ApiError | null; retryAfterSeconds: number } {
    const now = this.ctx.now();
    const headers: Record<string, string> = {};
    let refused: ApiError | null = null;
    let retryAfterSeconds = 0;
    ORDER_LIMITS.forEach((limit, i) => {
      const state = this.orderCounts[i] as { window: number; count: number };
      const window = Math.floor(now / limit.windowMs);
      if (window !== state.window) {
        state.window = window;
        state.count = 0;
      }
      if (refused === null && state.count >= limit.limit) {
        refused = errors.tooManyOrders(limit.limit, limit.label);
        retryAfterSeconds = Math.ceil(((window + 1) * limit.windowMs - now) / 1000);
      }
    });
    if (refused === null) this.orderCounts.forEach((state) => state.count++);
    ORDER_LIMITS.forEach((limit, i) => {
      headers[limit.header] = String((this.orderCounts[i] as { count: number }).count);
    });
    return { headers, refused, retryAfterSeconds };
  }

  private newOrder(account: Account, params: Params, test: boolean): RestAnswer {
    let headers: Record<string, string> = {};
    if (!test) {
      const counted = this.countOrder();
      headers = counted.headers;
      const faultRetry = this.ctx.faults.takeRateLimit();
      if (counted.refused !== null || faultRetry !== null) {
        const retry = counted.refused !== null ? counted.retryAfterSeconds : (faultRetry as number);
        const error = counted.refused ?? errors.tooManyOrders(ORDER_LIMITS[0]?.limit ?? 100, ORDER_LIMITS[0]?.label ?? '10 SECOND');
        return fail(error, 1, { ...headers, 'Retry-After': String(retry) });
      }
      const reject = this.ctx.faults.takeReject('order');
      if (reject !== null) return fail(apiError(400, reject.code, reject.msg), 1, headers);
    }
    const request = this.readNewOrder(params);
    if (isApiError(request)) return fail(request, 1, headers);
    const { rules, side, price, quantity, respType } = request;
    const filterError = checkFilters(rules, {
      side,
      price,
      quantity,
      averagePrice: this.ctx.averagePrice(rules.symbol),
      openOrders: this.ctx.ledger.openOrders(account.apiKey, rules.symbol).length,
    });
    if (filterError !== null) return fail(filterError, 1, headers);
    if (test) return ok(this.testBody(params), param(params, 'computeCommissionRates') === 'true' ? 20 : 1);

    const now = this.ctx.now();
    const placed = this.ctx.matcher.place(
      {
        apiKey: account.apiKey,
        symbol: rules.symbol,
        side,
        type: request.type,
        timeInForce: request.timeInForce,
        price,
        quantity,
        clientOrderId: request.clientOrderId ?? this.ctx.ledger.nextClientOrderId('lbOrder'),
      },
      this.ctx.book,
      now,
    );
    if (isApiError(placed)) return fail(placed, 1, headers);
    const body = newOrderBody(placed.order, respType, placed.outcome.fills, now, placesOf(rules));
    return ok(body, 1, { headers, events: placed.outcome.events, accepted: true });
  }

  private readNewOrder(
    params: Params,
  ):
    | { rules: SymbolRules; side: Side; type: 'LIMIT' | 'LIMIT_MAKER'; timeInForce: 'GTC' | 'IOC'; price: Decimal; quantity: Decimal; clientOrderId: string | undefined; respType: RespType }
    | ApiError {
    const rules = this.symbolRules(params);
    if (isApiError(rules)) return rules;
    const side = required(params, 'side');
    if (isApiError(side)) return side;
    if (side !== 'BUY' && side !== 'SELL') return errors.invalidSide();
    const type = required(params, 'type');
    if (isApiError(type)) return type;
    if (type !== 'LIMIT' && type !== 'LIMIT_MAKER') return errors.invalidOrderType();
    const tif = param(params, 'timeInForce');
    let timeInForce: 'GTC' | 'IOC' = 'GTC';
    if (type === 'LIMIT') {
      if (tif === undefined) return errors.mandatory('timeInForce');
      if (tif !== 'GTC' && tif !== 'IOC') return errors.invalidTimeInForce();
      timeInForce = tif;
    } else if (tif !== undefined) {
      return errors.notRequired('timeInForce');
    }
    if (param(params, 'quoteOrderQty') !== undefined) return errors.notRequired('quoteOrderQty');
    const quantity = decimalParam(params, 'quantity');
    if (isApiError(quantity)) return quantity;
    if (quantity === undefined) return errors.mandatory('quantity');
    const price = decimalParam(params, 'price');
    if (isApiError(price)) return price;
    if (price === undefined) return errors.mandatory('price');
    const clientOrderId = param(params, 'newClientOrderId');
    if (clientOrderId !== undefined && !CLIENT_ORDER_ID.test(clientOrderId)) {
      return errors.illegal('newClientOrderId', '^[a-zA-Z0-9-_]{1,36}$');
    }
    const respParam = param(params, 'newOrderRespType');
    if (respParam !== undefined && respParam !== 'ACK' && respParam !== 'RESULT' && respParam !== 'FULL') return errors.invalidRespType();
    const respType: RespType = respParam ?? (type === 'LIMIT' ? 'FULL' : 'ACK');
    return { rules, side, type, timeInForce, price, quantity, clientOrderId, respType };
  }

  private testBody(params: Params): Record<string, unknown> {
    if (param(params, 'computeCommissionRates') !== 'true') return {};
    const { maker, taker } = this.ctx.rates;
    return {
      standardCommissionForOrder: { maker: maker.toFixed(8), taker: taker.toFixed(8) },
      specialCommissionForOrder: { maker: '0.00000000', taker: '0.00000000' },
      taxCommissionForOrder: { maker: '0.00000000', taker: '0.00000000' },
      discount: { enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: '0.25000000' },
    };
  }

  private findOrder(account: Account, params: Params, rules: SymbolRules): LedgerOrder | ApiError | undefined {
    const orderId = integerParam(params, 'orderId');
    if (isApiError(orderId)) return orderId;
    const clientOrderId = param(params, 'origClientOrderId');
    if (orderId === undefined && clientOrderId === undefined) {
      return apiError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
    }
    return this.ctx.ledger.findOrder(account.apiKey, rules.symbol, orderId, clientOrderId);
  }

  private cancelOrder(account: Account, params: Params): RestAnswer {
    const reject = this.ctx.faults.takeReject('cancel');
    if (reject !== null) return fail(apiError(400, reject.code, reject.msg), 1);
    const rules = this.symbolRules(params);
    if (isApiError(rules)) return fail(rules, 1);
    const order = this.findOrder(account, params, rules);
    if (isApiError(order)) return fail(order, 1);
    if (order === undefined || !isOpen(order)) return fail(errors.cancelRejected(), 1);
    const cancelId = param(params, 'newClientOrderId') ?? this.ctx.ledger.nextClientOrderId('lbCancel');
    const now = this.ctx.now();
    const outcome = this.ctx.matcher.cancel(order, cancelId, now);
    return ok(cancelBody(order, cancelId, now, placesOf(rules)), 1, { events: outcome.events, accepted: true });
  }

  private cancelAll(account: Account, params: Params): RestAnswer {
    const reject = this.ctx.faults.takeReject('cancel');
    if (reject !== null) return fail(apiError(400, reject.code, reject.msg), 1);
    const rules = this.symbolRules(params);
    if (isApiError(rules)) return fail(rules, 1);
    const open = this.ctx.ledger.openOrders(account.apiKey, rules.symbol);
    if (open.length === 0) return fail(errors.cancelRejected(), 1);
    const now = this.ctx.now();
    const bodies: unknown[] = [];
    const events: UserEvent[] = [];
    for (const order of open) {
      const cancelId = this.ctx.ledger.nextClientOrderId('lbCancel');
      events.push(...this.ctx.matcher.cancel(order, cancelId, now).events);
      bodies.push(cancelBody(order, cancelId, now, placesOf(rules)));
    }
    return ok(bodies, 1, { events, accepted: true });
  }

  private queryOrder(account: Account, params: Params): RestAnswer {
    const rules = this.symbolRules(params);
    if (isApiError(rules)) return fail(rules, 4);
    const order = this.findOrder(account, params, rules);
    if (isApiError(order)) return fail(order, 4);
    if (order === undefined) return fail(errors.noSuchOrder(), 4);
    return ok(queryBody(order, placesOf(rules)), 4);
  }

  private openOrders(account: Account, params: Params, weight: number): RestAnswer {
    let symbol: string | undefined;
    if (param(params, 'symbol') !== undefined) {
      const rules = this.symbolRules(params);
      if (isApiError(rules)) return fail(rules, weight);
      symbol = rules.symbol;
    }
    const orders = this.ctx.ledger.openOrders(account.apiKey, symbol);
    return ok(
      orders.map((o) => queryBody(o, placesOf(this.ctx.rules.get(o.symbol)))),
      weight,
    );
  }

  private myTrades(account: Account, params: Params, weight: number): RestAnswer {
    const rules = this.symbolRules(params);
    if (isApiError(rules)) return fail(rules, weight);
    const numbers: Record<string, number | undefined> = {};
    for (const name of ['orderId', 'fromId', 'startTime', 'endTime', 'limit']) {
      const value = integerParam(params, name);
      if (isApiError(value)) return fail(value, weight);
      numbers[name] = value;
    }
    const { orderId, fromId, startTime, endTime } = numbers;
    if (fromId !== undefined && (startTime !== undefined || endTime !== undefined)) return fail(errors.badCombination(), weight);
    const limit = Math.min(Math.max(numbers['limit'] ?? 500, 1), 1000);
    let trades = this.ctx.ledger.tradesOf(account.apiKey, rules.symbol);
    if (orderId !== undefined) trades = trades.filter((t) => t.orderId === orderId);
    if (fromId !== undefined) trades = trades.filter((t) => t.id >= fromId).slice(0, limit);
    else if (startTime !== undefined || endTime !== undefined) {
      trades = trades.filter((t) => (startTime === undefined || t.time >= startTime) && (endTime === undefined || t.time <= endTime)).slice(0, limit);
    } else trades = trades.slice(-limit);
    return ok(
      trades.map((t) => tradeBody(t, placesOf(rules))),
      weight,
    );
  }
}
