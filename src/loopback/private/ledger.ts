// loopback/private/ledger: the private side's truth — accounts (API key, secret, free and locked balance
// per asset), every order ever accepted (open and closed), every trade, and the id counters. Plain state
// with exact decimals (decimal.js) and no I/O: the matcher changes it, the REST and WS API answer from it.
// A ledger outlives the server it was given to: hand it to a new LoopbackExchange to "restart" the venue
// with its open orders and balances intact.

import { Decimal } from 'decimal.js';
import { InputError } from '../../core/index.js';

export type Side = 'BUY' | 'SELL';
export type OrderType = 'LIMIT' | 'LIMIT_MAKER';
export type TimeInForce = 'GTC' | 'IOC';
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';

export interface AccountConfig {
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Free balances by asset, decimal strings: { USDT: "1000", BTC: "0.5" }. */
  readonly balances?: Readonly<Record<string, string>>;
}

export interface Balance {
  free: Decimal;
  locked: Decimal;
}

export interface Account {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly balances: Map<string, Balance>;
  /** Time of the last balance change (ms), Binance's account `updateTime` and the position event's `u`. */
  updateTime: number;
}

export interface LedgerOrder {
  readonly apiKey: string;
  readonly symbol: string;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly type: OrderType;
  /** LIMIT_MAKER orders report GTC, as Binance does. */
  readonly timeInForce: TimeInForce;
  readonly price: Decimal;
  readonly origQty: Decimal;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  executedQty: Decimal;
  /** Sum of price × qty of the fills (Binance's cummulativeQuoteQty). */
  cumQuote: Decimal;
  status: OrderStatus;
  readonly time: number;
  updateTime: number;
  /** What is still locked for this order: quote (buy: price × remaining) or base (sell: remaining). */
  locked: Decimal;
}

export interface LedgerTrade {
  readonly apiKey: string;
  readonly symbol: string;
  readonly id: number;
  readonly orderId: number;
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly quoteQty: Decimal;
  readonly commission: Decimal;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
}

/** An order as tests inspect it: decimals as plain strings. */
export interface OrderView {
  readonly apiKey: string;
  readonly symbol: string;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly price: string;
  readonly origQty: string;
  readonly executedQty: string;
  readonly status: OrderStatus;
}

export interface BalanceView {
  readonly free: string;
  readonly locked: string;
}

const OPEN_STATUSES: ReadonlySet<OrderStatus> = new Set(['NEW', 'PARTIALLY_FILLED']);

export function isOpen(order: LedgerOrder): boolean {
  return OPEN_STATUSES.has(order.status);
}

function amount(text: string, what: string): Decimal {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text)) throw new InputError(`loopback private: ${what} "${text}" is not a plain decimal`);
  return new Decimal(text);
}

export class PrivateLedger {
  private readonly accounts = new Map<string, Account>();
  /** Every accepted order by id, in acceptance order. */
  readonly orders = new Map<number, LedgerOrder>();
  readonly trades: LedgerTrade[] = [];
  private orderSeq = 0;
  private tradeSeq = 0;
  private clientIdSeq = 0;
  private executionSeq = 0;

  constructor(accounts: readonly AccountConfig[] = []) {
    for (const config of accounts) this.addAccount(config);
  }

  addAccount(config: AccountConfig): Account {
    if (config.apiKey === '' || config.apiSecret === '') throw new InputError('loopback private: an account needs an apiKey and an apiSecret');
    if (this.accounts.has(config.apiKey)) throw new InputError(`loopback private: two accounts with the API key ${config.apiKey.slice(0, 4)}…`);
    const balances = new Map<string, Balance>();
    for (const [asset, free] of Object.entries(config.balances ?? {})) {
      balances.set(asset, { free: amount(free, `balance of ${asset}`), locked: new Decimal(0) });
    }
    const account: Account = { apiKey: config.apiKey, apiSecret: config.apiSecret, balances, updateTime: 0 };
    this.accounts.set(config.apiKey, account);
    return account;
  }

  account(apiKey: string): Account | undefined {
    return this.accounts.get(apiKey);
  }

  balance(account: Account, asset: string): Balance {
    let balance = account.balances.get(asset);
    if (balance === undefined) {
      balance = { free: new Decimal(0), locked: new Decimal(0) };
      account.balances.set(asset, balance);
    }
    return balance;
  }

  nextOrderId(): number {
    return ++this.orderSeq;
  }

  nextTradeId(): number {
    return ++this.tradeSeq;
  }

  nextExecutionId(): number {
    return ++this.executionSeq;
  }

  /** A client order id for a request that sent none (Binance generates one). */
  nextClientOrderId(prefix: string): string {
    return `${prefix}${String(++this.clientIdSeq).padStart(10, '0')}`;
  }

  openOrders(apiKey: string, symbol?: string): LedgerOrder[] {
    const out: LedgerOrder[] = [];
    for (const order of this.orders.values()) {
      if (order.apiKey === apiKey && isOpen(order) && (symbol === undefined || order.symbol === symbol)) out.push(order);
    }
    return out;
  }

  /** Every open order of a symbol, of all accounts, in acceptance order. */
  openOrdersOfSymbol(symbol: string): LedgerOrder[] {
    const out: LedgerOrder[] = [];
    for (const order of this.orders.values()) if (order.symbol === symbol && isOpen(order)) out.push(order);
    return out;
  }

  /** An order of the account on the symbol, by order id or (the latest with) a client order id. */
  findOrder(apiKey: string, symbol: string, orderId: number | undefined, clientOrderId: string | undefined): LedgerOrder | undefined {
    if (orderId !== undefined) {
      const order = this.orders.get(orderId);
      if (order === undefined || order.apiKey !== apiKey || order.symbol !== symbol) return undefined;
      if (clientOrderId !== undefined && order.clientOrderId !== clientOrderId) return undefined;
      return order;
    }
    let found: LedgerOrder | undefined;
    for (const order of this.orders.values()) {
      if (order.apiKey === apiKey && order.symbol === symbol && order.clientOrderId === clientOrderId) found = order;
    }
    return found;
  }

  tradesOf(apiKey: string, symbol: string): LedgerTrade[] {
    return this.trades.filter((trade) => trade.apiKey === apiKey && trade.symbol === symbol);
  }

  openOrderViews(apiKey?: string): OrderView[] {
    const out: OrderView[] = [];
    for (const o of this.orders.values()) {
      if ((apiKey !== undefined && o.apiKey !== apiKey) || !isOpen(o)) continue;
      out.push({
        apiKey: o.apiKey,
        symbol: o.symbol,
        orderId: o.orderId,
        clientOrderId: o.clientOrderId,
        side: o.side,
        type: o.type,
        price: o.price.toFixed(),
        origQty: o.origQty.toFixed(),
        executedQty: o.executedQty.toFixed(),
        status: o.status,
      });
    }
    return out;
  }

  balanceViews(apiKey: string): Record<string, BalanceView> {
    const out: Record<string, BalanceView> = {};
    for (const [asset, b] of this.accounts.get(apiKey)?.balances ?? []) out[asset] = { free: b.free.toFixed(), locked: b.locked.toFixed() };
    return out;
  }
}
