// loopback/private/matcher: the private side's own simple matcher — a believable counterparty, not a
// queue model, and independent of src/sim. Rules:
//   - On arrival, a LIMIT order (GTC or IOC) takes the displayed opposite levels it crosses, best first, at
//     the levels' prices, up to each level's size (taker fills). IOC expires what is left; GTC rests at its
//     price. A LIMIT_MAKER that would take is refused (-2010).
//   - A resting order fills (maker, at its own price) when a public trade prints at or through its price
//     (buy: trade price <= order price; sell: >=), by the trade's size, shared by our orders best price
//     first, then oldest first; and in full when the book crosses it (buy: best ask <= price; sell: best
//     bid >= price).
//   - The replayed book never reacts to our orders (no market impact): a GTC order left crossing the book
//     after its taker fills fills in full at its price on the next depth update.
// Balances: a buy locks price × qty of the quote asset, a sell locks qty of the base asset; a fill moves
// the assets, returns price improvement and charges the commission (maker or taker rate, 8 places) in the
// asset received; cancel and expiry release what is still locked.

import { Decimal } from 'decimal.js';
import type { WireLevel } from '../book.js';
import { accountPosition, executionReport, placesOf, type Body, type CommissionRates, type ExecutionType } from './bodies.js';
import type { SymbolRules } from './filters.js';
import { isOpen, type LedgerOrder, type LedgerTrade, type OrderType, type PrivateLedger, type Side, type TimeInForce } from './ledger.js';
import { errors, type ApiError } from './wire.js';

/** The public book the matcher trades against: best-first levels of a side. */
export interface BookView {
  levels(symbol: string, side: 'bids' | 'asks', limit: number): readonly WireLevel[];
}

export interface NewOrder {
  readonly apiKey: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly price: Decimal;
  readonly quantity: Decimal;
  readonly clientOrderId: string;
}

/** A user-data event for one account. */
export interface UserEvent {
  readonly apiKey: string;
  readonly body: Body;
}

export interface Outcome {
  /** executionReports in order, then one outboundAccountPosition per account whose balances moved. */
  readonly events: UserEvent[];
  /** Trades of this call (the placed order's fills, for a FULL response). */
  readonly fills: LedgerTrade[];
}

const WALK_LEVELS = 5000;

class Changes {
  readonly events: UserEvent[] = [];
  readonly fills: LedgerTrade[] = [];
  private readonly touched = new Map<string, Set<string>>();

  touch(apiKey: string, ...assets: string[]): void {
    let set = this.touched.get(apiKey);
    if (set === undefined) this.touched.set(apiKey, (set = new Set()));
    for (const asset of assets) set.add(asset);
  }

  finish(ledger: PrivateLedger, now: number): Outcome {
    for (const [apiKey, assets] of this.touched) {
      const account = ledger.account(apiKey);
      if (account === undefined) continue;
      account.updateTime = now;
      this.events.push({ apiKey, body: accountPosition(account, [...assets].sort(), now) });
    }
    return { events: this.events, fills: this.fills };
  }
}

export class Matcher {
  constructor(
    private readonly ledger: PrivateLedger,
    private readonly rules: ReadonlyMap<string, SymbolRules>,
    private readonly rates: CommissionRates,
  ) {}

  private report(changes: Changes, order: LedgerOrder, x: ExecutionType, now: number, detail: { trade?: LedgerTrade; cancelClientOrderId?: string } = {}): void {
    const body = executionReport(order, x, now, placesOf(this.rules.get(order.symbol)), this.ledger.nextExecutionId(), detail);
    changes.events.push({ apiKey: order.apiKey, body });
  }

  /** Accepts a new order (filters already checked): locks funds, takes what it crosses, rests or expires. */
  place(request: NewOrder, book: BookView, now: number): { order: LedgerOrder; outcome: Outcome } | ApiError {
    const rules = this.rules.get(request.symbol);
    const account = this.ledger.account(request.apiKey);
    if (rules === undefined || account === undefined) return errors.invalidSymbol();
    if (this.ledger.openOrders(request.apiKey).some((o) => o.clientOrderId === request.clientOrderId)) return errors.duplicateOrder();
    const opposite = book.levels(request.symbol, request.side === 'BUY' ? 'asks' : 'bids', WALK_LEVELS);
    const crosses = (level: WireLevel): boolean => {
      const price = new Decimal(level[0]);
      return request.side === 'BUY' ? price.lessThanOrEqualTo(request.price) : price.greaterThanOrEqualTo(request.price);
    };
    const best = opposite[0];
    if (request.type === 'LIMIT_MAKER' && best !== undefined && crosses(best)) return errors.wouldTake();

    const lockAsset = request.side === 'BUY' ? rules.quoteAsset : rules.baseAsset;
    const lockAmount = request.side === 'BUY' ? request.price.times(request.quantity) : request.quantity;
    const balance = this.ledger.balance(account, lockAsset);
    if (balance.free.lessThan(lockAmount)) return errors.insufficientBalance();
    balance.free = balance.free.minus(lockAmount);
    balance.locked = balance.locked.plus(lockAmount);

    const order: LedgerOrder = {
      apiKey: request.apiKey,
      symbol: request.symbol,
      orderId: this.ledger.nextOrderId(),
      clientOrderId: request.clientOrderId,
      side: request.side,
      type: request.type,
      timeInForce: request.timeInForce,
      price: request.price,
      origQty: request.quantity,
      baseAsset: rules.baseAsset,
      quoteAsset: rules.quoteAsset,
      executedQty: new Decimal(0),
      cumQuote: new Decimal(0),
      status: 'NEW',
      time: now,
      updateTime: now,
      locked: lockAmount,
    };
    this.ledger.orders.set(order.orderId, order);
    const changes = new Changes();
    changes.touch(order.apiKey, lockAsset);
    this.report(changes, order, 'NEW', now);

    if (request.type === 'LIMIT') {
      for (const level of opposite) {
        const remaining = order.origQty.minus(order.executedQty);
        if (remaining.isZero() || !crosses(level)) break;
        const size = new Decimal(level[1]);
        if (size.isZero()) continue;
        this.fill(changes, order, new Decimal(level[0]), Decimal.min(size, remaining), false, now);
      }
      if (request.timeInForce === 'IOC' && isOpen(order)) this.close(changes, order, 'EXPIRED', now);
    }
    return { order, outcome: changes.finish(this.ledger, now) };
  }

  /** Cancels an open order: releases its lock; the report carries the cancel's client order id. */
  cancel(order: LedgerOrder, cancelClientOrderId: string, now: number): Outcome {
    const changes = new Changes();
    this.close(changes, order, 'CANCELED', now, cancelClientOrderId);
    return changes.finish(this.ledger, now);
  }

  /** A public trade printed: resting orders at or through its price fill by its size. */
  onTrade(symbol: string, price: Decimal, qty: Decimal, now: number): Outcome | null {
    const open = this.ledger.openOrdersOfSymbol(symbol);
    if (open.length === 0) return null;
    const changes = new Changes();
    const buys = open.filter((o) => o.side === 'BUY' && o.price.greaterThanOrEqualTo(price));
    const sells = open.filter((o) => o.side === 'SELL' && o.price.lessThanOrEqualTo(price));
    buys.sort((a, b) => b.price.comparedTo(a.price) || a.orderId - b.orderId);
    sells.sort((a, b) => a.price.comparedTo(b.price) || a.orderId - b.orderId);
    for (const side of [buys, sells]) {
      let left = qty;
      for (const order of side) {
        if (left.isZero()) break;
        const take = Decimal.min(left, order.origQty.minus(order.executedQty));
        this.fill(changes, order, order.price, take, true, now);
        left = left.minus(take);
      }
    }
    return changes.events.length === 0 ? null : changes.finish(this.ledger, now);
  }

  /** The book changed: resting orders it now crosses fill in full at their prices. */
  onBook(symbol: string, book: BookView, now: number): Outcome | null {
    const open = this.ledger.openOrdersOfSymbol(symbol);
    if (open.length === 0) return null;
    const bestBid = book.levels(symbol, 'bids', 1)[0];
    const bestAsk = book.levels(symbol, 'asks', 1)[0];
    const changes = new Changes();
    for (const order of open) {
      const crossed =
        order.side === 'BUY'
          ? bestAsk !== undefined && new Decimal(bestAsk[0]).lessThanOrEqualTo(order.price)
          : bestBid !== undefined && new Decimal(bestBid[0]).greaterThanOrEqualTo(order.price);
      if (crossed) this.fill(changes, order, order.price, order.origQty.minus(order.executedQty), true, now);
    }
    return changes.events.length === 0 ? null : changes.finish(this.ledger, now);
  }

  private fill(changes: Changes, order: LedgerOrder, price: Decimal, qty: Decimal, isMaker: boolean, now: number): void {
    const account = this.ledger.account(order.apiKey);
    if (account === undefined || qty.isZero()) return;
    const rate = isMaker ? this.rates.maker : this.rates.taker;
    const quoteQty = price.times(qty);
    const base = this.ledger.balance(account, order.baseAsset);
    const quote = this.ledger.balance(account, order.quoteAsset);
    let commission: Decimal;
    let commissionAsset: string;
    if (order.side === 'BUY') {
      const release = order.price.times(qty);
      quote.locked = quote.locked.minus(release);
      quote.free = quote.free.plus(release.minus(quoteQty));
      order.locked = order.locked.minus(release);
      commission = qty.times(rate).toDecimalPlaces(8, Decimal.ROUND_HALF_UP);
      commissionAsset = order.baseAsset;
      base.free = base.free.plus(qty.minus(commission));
    } else {
      base.locked = base.locked.minus(qty);
      order.locked = order.locked.minus(qty);
      commission = quoteQty.times(rate).toDecimalPlaces(8, Decimal.ROUND_HALF_UP);
      commissionAsset = order.quoteAsset;
      quote.free = quote.free.plus(quoteQty.minus(commission));
    }
    order.executedQty = order.executedQty.plus(qty);
    order.cumQuote = order.cumQuote.plus(quoteQty);
    order.status = order.executedQty.equals(order.origQty) ? 'FILLED' : 'PARTIALLY_FILLED';
    order.updateTime = now;
    const trade: LedgerTrade = {
      apiKey: order.apiKey,
      symbol: order.symbol,
      id: this.ledger.nextTradeId(),
      orderId: order.orderId,
      price,
      qty,
      quoteQty,
      commission,
      commissionAsset,
      time: now,
      isBuyer: order.side === 'BUY',
      isMaker,
    };
    this.ledger.trades.push(trade);
    changes.fills.push(trade);
    changes.touch(order.apiKey, order.baseAsset, order.quoteAsset);
    this.report(changes, order, 'TRADE', now, { trade });
  }

  private close(changes: Changes, order: LedgerOrder, status: 'CANCELED' | 'EXPIRED', now: number, cancelClientOrderId?: string): void {
    const account = this.ledger.account(order.apiKey);
    if (account !== undefined && order.locked.greaterThan(0)) {
      const asset = order.side === 'BUY' ? order.quoteAsset : order.baseAsset;
      const balance = this.ledger.balance(account, asset);
      balance.locked = balance.locked.minus(order.locked);
      balance.free = balance.free.plus(order.locked);
      changes.touch(order.apiKey, asset);
    }
    order.locked = new Decimal(0);
    order.status = status;
    order.updateTime = now;
    this.report(changes, order, status, now, cancelClientOrderId === undefined ? {} : { cancelClientOrderId });
  }
}
