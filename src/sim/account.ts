// sim/account: the simulated exchange's account — balances (free and locked per asset), the reservation
// each open order holds, fees, and one long-flat position per symbol (model's PositionLedger: average cost,
// realised gross of fees, unrealised at the last mid). The matching engine calls it through SimAccountPort:
// reserve when an order arrives, fill for every (partial) fill, release when the order ends. Everything
// is exact decimal (Money); every amount that leaves is a canonical decimal string. Owns no time: fills and
// marks bring theirs.
//
// Reservations (what Binance locks for an open order, plus the worst-case fee): a buy locks price × qty
// quote, plus price × qty × the higher of the maker and taker rates when fees are in the quote asset; a
// sell locks qty base, plus qty × that rate when fees are in the base asset. A fill consumes the share of
// its lots (share = locked per lot × lots, so the shares of all lots are the reservation exactly) and
// gives back at once what the fill did not spend (a better price, the maker rate). A sell also needs the
// position: long-flat, it may not offer more than the position minus what open sells already offer.
//
// Fees: price × qty × rate, unrounded; in the quote asset, or with feeAsset 'base' qty × rate in the base
// asset, which leaves the position (docs/BACKTEST.md "Accounting"). Totals are in the one quote asset all
// symbols share (a second quote asset is refused at construction). Broken invariants — a fill of an order
// never reserved, beyond its quantity or its limit price — throw; an order the account cannot carry is a
// reject reason (a value).
//
// State (restart recovery): exportState() gives balances, reservations, ledgers, fees, turnover, fills and
// the drawdown tracking (account-state.ts); restore() sets them back exactly, after checking every field
// and that the reservations add up to what is locked (a StateError; nothing changes).

import { MONEY_ZERO, Money, PositionLedger, lotsToQty, money, moneyText, ticksToPrice, type Balance, type Instrument, type Position } from '../model/index.js';
import type { SimAccountPort } from './account-port.js';
import { symbolAssets, type SymbolAssets } from './account-assets.js';
import { readSimAccountState, type SimAccountState, type SimReservationState } from './account-state.js';

/** One symbol the account trades. */
export interface SimAccountSymbol {
  readonly instrument: Instrument;
  /** Its base and quote asset; default symbolAssets(instrument.symbol) (from the name). */
  readonly assets?: SymbolAssets;
  /** Fee rates in basis points (strategy config fees.makerBps / takerBps); negative: a rebate. */
  readonly makerBps: number;
  readonly takerBps: number;
  /** The asset fees are charged in (strategy config feeAsset). */
  readonly feeAsset: 'quote' | 'base';
}

export interface SimAccountOptions {
  readonly symbols: readonly SimAccountSymbol[];
  /** Asset → amount at the start, decimal strings (strategy config initialBalances); positions start at 0. */
  readonly initialBalances: Readonly<Record<string, string>>;
}

export interface SimSymbolSummary {
  readonly base: string;
  readonly quote: string;
  /** Base quantity held from fills (long-flat: ≥ 0). */
  readonly position: string;
  /** Average entry price (16 places at most); null when flat. */
  readonly avgEntry: string | null;
  /** Gross of fees. */
  readonly realizedPnl: string;
  /** At the last mid; 0 before any mark. */
  readonly unrealizedPnl: string;
  /** In the quote asset (a base fee valued at its fill's price). */
  readonly fees: string;
  /** realised + unrealised − fees. */
  readonly netPnl: string;
  /** Σ price × qty of the fills. */
  readonly turnover: string;
  readonly lastMid: string | null;
  readonly fills: number;
}

export interface SimAccountSummary {
  /** The asset every total is in. */
  readonly quoteAsset: string;
  /** By symbol, sorted. */
  readonly symbols: Readonly<Record<string, SimSymbolSummary>>;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  readonly fees: string;
  readonly netPnl: string;
  /** The largest fall of net P&L from its running peak (which starts at 0), over every mark and fill. */
  readonly maxDrawdown: string;
  /** Time of the trough of that fall; null when net P&L never fell below a peak. */
  readonly maxDrawdownUs: number | null;
  readonly turnover: string;
  /** Fees as charged, by asset, sorted (base fees in base units). */
  readonly feesByAsset: Readonly<Record<string, string>>;
  /** By asset, sorted. */
  readonly balances: Readonly<Record<string, { readonly free: string; readonly locked: string }>>;
}

interface Account {
  free: Money;
  locked: Money;
}

interface Book {
  readonly instrument: Instrument;
  readonly base: string;
  readonly quote: string;
  readonly makerRate: Money;
  readonly takerRate: Money;
  /** The higher rate, at least 0: what a reservation allows for. */
  readonly worstRate: Money;
  readonly feeAsset: 'quote' | 'base';
  readonly ledger: PositionLedger;
  /** Base offered by open sells (their reservations' remaining base). */
  offered: Money;
  turnover: Money;
  fills: number;
}

interface Reservation {
  readonly book: Book;
  readonly side: 'buy' | 'sell';
  readonly asset: string;
  readonly priceTicks: number;
  readonly qtyLots: number;
  /** Locked per lot; the reservation is perLot × qtyLots. */
  readonly perLot: Money;
  filledLots: number;
  remaining: Money;
}

const ASSET = /^[A-Z0-9]{1,20}$/;
const BPS = new Money(10_000);

export class SimAccount implements SimAccountPort {
  readonly quoteAsset: string;
  readonly #books = new Map<string, Book>();
  readonly #accounts = new Map<string, Account>();
  readonly #reservations = new Map<string, Reservation>();
  readonly #feesByAsset = new Map<string, Money>();
  #peakNet: Money = MONEY_ZERO;
  #maxDrawdown: Money = MONEY_ZERO;
  #maxDrawdownUs: number | null = null;

  constructor(options: SimAccountOptions) {
    if (options.symbols.length === 0) throw new RangeError('sim account: no symbols to trade');
    let quoteAsset: string | null = null;
    for (const s of options.symbols) {
      const symbol = s.instrument.symbol;
      if (this.#books.has(symbol)) throw new RangeError(`sim account: ${symbol} is listed twice`);
      const { base, quote } = s.assets ?? symbolAssets(symbol);
      if (quoteAsset !== null && quote !== quoteAsset) {
        throw new RangeError(`sim account: every symbol must share one quote asset for the totals: ${symbol} is quoted in ${quote}, an earlier symbol in ${quoteAsset}`);
      }
      quoteAsset = quote;
      if (s.feeAsset !== 'quote' && s.feeAsset !== 'base') throw new RangeError(`sim account: ${symbol} feeAsset must be quote or base, got ${JSON.stringify(s.feeAsset)}`);
      const makerRate = feeRate(s.makerBps, `${symbol} makerBps`);
      const takerRate = feeRate(s.takerBps, `${symbol} takerBps`);
      const worstRate = Money.max(makerRate, takerRate, MONEY_ZERO);
      this.#books.set(symbol, {
        instrument: s.instrument,
        base,
        quote,
        makerRate,
        takerRate,
        worstRate,
        feeAsset: s.feeAsset,
        ledger: new PositionLedger(`sim account ${symbol}`),
        offered: MONEY_ZERO,
        turnover: MONEY_ZERO,
        fills: 0,
      });
      for (const asset of [base, quote]) this.#accounts.set(asset, { free: MONEY_ZERO, locked: MONEY_ZERO });
    }
    this.quoteAsset = quoteAsset as string;
    for (const [asset, amount] of Object.entries(options.initialBalances)) {
      if (!ASSET.test(asset)) throw new RangeError(`sim account: initial balance asset ${JSON.stringify(asset)} is not an asset name (upper-case letters and digits)`);
      const value = money(amount, `sim account: initial balance of ${asset}`);
      if (value.isNegative()) throw new RangeError(`sim account: initial balance of ${asset} must not be below 0, got ${JSON.stringify(amount)}`);
      this.#accounts.set(asset, { free: value, locked: MONEY_ZERO });
    }
  }

  reserve(clientOrderId: string, symbol: string, side: 'buy' | 'sell', priceTicks: number, qtyLots: number): string | null {
    const book = this.#book(symbol);
    checkSide(side);
    checkCount(priceTicks, 'priceTicks');
    checkCount(qtyLots, 'qtyLots');
    if (this.#reservations.has(clientOrderId)) return `duplicate order: ${clientOrderId} is already open`;
    const lot = new Money(lotsToQty(book.instrument, 1));
    const feeShare = book.worstRate.plus(1);
    let perLot: Money;
    let asset: string;
    if (side === 'buy') {
      asset = book.quote;
      const notional = new Money(ticksToPrice(book.instrument, priceTicks)).times(lot);
      perLot = book.feeAsset === 'quote' ? notional.times(feeShare) : notional;
    } else {
      asset = book.base;
      perLot = book.feeAsset === 'base' ? lot.times(feeShare) : lot;
    }
    const needs = perLot.times(qtyLots);
    if (side === 'sell') {
      const sellable = book.ledger.qty.minus(book.offered);
      if (needs.greaterThan(sellable)) {
        return `insufficient position: needs ${moneyText(needs)} ${asset}, position not already offered ${moneyText(sellable)} (long-flat)`;
      }
    }
    const account = this.#account(asset);
    if (needs.greaterThan(account.free)) return `insufficient balance: needs ${moneyText(needs)} ${asset}, free ${moneyText(account.free)}`;
    account.free = account.free.minus(needs);
    account.locked = account.locked.plus(needs);
    if (side === 'sell') book.offered = book.offered.plus(needs);
    this.#reservations.set(clientOrderId, { book, side, asset, priceTicks, qtyLots, perLot, filledLots: 0, remaining: needs });
    return null;
  }

  release(clientOrderId: string): void {
    const r = this.#reservations.get(clientOrderId);
    if (r === undefined) return;
    this.#reservations.delete(clientOrderId);
    this.#unlock(r, r.remaining);
  }

  fill(
    clientOrderId: string,
    fill: { symbol: string; side: 'buy' | 'sell'; priceTicks: number; qtyLots: number; liquidity: 'maker' | 'taker'; timeUs: number },
  ): { fee: string; feeAsset: string; position: string } {
    const r = this.#reservations.get(clientOrderId);
    if (r === undefined) throw new RangeError(`sim account: a fill of ${clientOrderId}, which holds no reservation (never reserved, or released)`);
    const book = r.book;
    const symbol = book.instrument.symbol;
    if (fill.symbol !== symbol || fill.side !== r.side) {
      throw new RangeError(`sim account: a fill of ${clientOrderId} as ${fill.symbol} ${fill.side}, reserved as ${symbol} ${r.side}`);
    }
    checkCount(fill.priceTicks, 'fill priceTicks');
    checkCount(fill.qtyLots, 'fill qtyLots');
    checkTime(fill.timeUs);
    if (fill.liquidity !== 'maker' && fill.liquidity !== 'taker') throw new RangeError(`sim account: fill liquidity must be maker or taker, got ${JSON.stringify(fill.liquidity)}`);
    const left = r.qtyLots - r.filledLots;
    if (fill.qtyLots > left) throw new RangeError(`sim account: a fill of ${fill.qtyLots} lots of ${clientOrderId}, which has ${left} left`);
    if (r.side === 'buy' ? fill.priceTicks > r.priceTicks : fill.priceTicks < r.priceTicks) {
      throw new RangeError(`sim account: a ${r.side} fill of ${clientOrderId} at ${fill.priceTicks} ticks, beyond its limit ${r.priceTicks}`);
    }

    const priceText = ticksToPrice(book.instrument, fill.priceTicks);
    const qtyText = lotsToQty(book.instrument, fill.qtyLots);
    const price = new Money(priceText);
    const qty = new Money(qtyText);
    const notional = price.times(qty);
    const rate = fill.liquidity === 'maker' ? book.makerRate : book.takerRate;
    const feeInBase = book.feeAsset === 'base';
    const fee = feeInBase ? qty.times(rate) : notional.times(rate);
    const share = fill.qtyLots === left ? r.remaining : r.perLot.times(fill.qtyLots);
    // what the fill takes out of the reserved asset; the rest of its share goes back to free
    const spent = r.side === 'buy' ? (feeInBase ? notional : notional.plus(fee)) : feeInBase ? qty.plus(fee) : qty;
    if (spent.greaterThan(share)) throw new RangeError(`sim account: a fill of ${clientOrderId} spends ${moneyText(spent)} ${r.asset}, more than its reserved ${moneyText(share)}`);

    // the ledger checks the fill before it changes anything
    book.ledger.applyFill({ side: r.side === 'buy' ? 'BUY' : 'SELL', price: priceText, qty: qtyText, fee: moneyText(fee), feeAsset: book.feeAsset });
    r.filledLots += fill.qtyLots;
    r.remaining = r.remaining.minus(share);
    const reserved = this.#account(r.asset);
    reserved.locked = reserved.locked.minus(share);
    reserved.free = reserved.free.plus(share.minus(spent));
    if (r.side === 'sell') book.offered = book.offered.minus(share);
    if (r.side === 'buy') {
      const base = this.#account(book.base);
      base.free = base.free.plus(feeInBase ? qty.minus(fee) : qty);
    } else {
      const quote = this.#account(book.quote);
      // rates stay below 100 %: the proceeds always cover a quote fee
      quote.free = quote.free.plus(feeInBase ? notional : notional.minus(fee));
    }
    const feeAsset = feeInBase ? book.base : book.quote;
    this.#feesByAsset.set(feeAsset, (this.#feesByAsset.get(feeAsset) ?? MONEY_ZERO).plus(fee));
    book.turnover = book.turnover.plus(notional);
    book.fills += 1;
    this.#updateDrawdown(fill.timeUs);
    return { fee: moneyText(fee), feeAsset, position: moneyText(book.ledger.qty) };
  }

  /** The mid to value `symbol`'s position at (unrealised P&L, drawdown). */
  mark(symbol: string, midPrice: string, timeUs: number): void {
    const book = this.#book(symbol);
    checkTime(timeUs);
    book.ledger.mark(midPrice);
    // a flat position's value does not move with its mid
    if (!book.ledger.qty.isZero()) this.#updateDrawdown(timeUs);
  }

  /** One asset's balance (zero for an asset the account never held). */
  balance(asset: string): Balance {
    const a = this.#accounts.get(asset);
    return { asset, free: moneyText(a?.free ?? MONEY_ZERO), locked: moneyText(a?.locked ?? MONEY_ZERO) };
  }

  /** Balances by asset and one Position per symbol, sorted: what the venue's snapshot() reports. */
  snapshot(): { readonly balances: readonly Balance[]; readonly positions: readonly Position[] } {
    const balances = [...this.#accounts.keys()].sort().map((asset) => this.balance(asset));
    const positions = [...this.#books.keys()].sort().map((symbol): Position => {
      const book = this.#books.get(symbol) as Book;
      const avg = book.ledger.avgEntry;
      return {
        product: book.instrument.product,
        symbol,
        qty: moneyText(book.ledger.qty),
        entryPrice: avg === null ? null : moneyText(avg),
        realizedPnl: moneyText(book.ledger.realized),
      };
    });
    return { balances, positions };
  }

  summary(): SimAccountSummary {
    const symbols: Record<string, SimSymbolSummary> = {};
    let realized = MONEY_ZERO;
    let unrealized = MONEY_ZERO;
    let fees = MONEY_ZERO;
    let turnover = MONEY_ZERO;
    for (const symbol of [...this.#books.keys()].sort()) {
      const book = this.#books.get(symbol) as Book;
      const l = book.ledger;
      const avg = l.avgEntry;
      const mark = l.lastMark;
      symbols[symbol] = {
        base: book.base,
        quote: book.quote,
        position: moneyText(l.qty),
        avgEntry: avg === null ? null : moneyText(avg),
        realizedPnl: moneyText(l.realized),
        unrealizedPnl: moneyText(l.unrealized),
        fees: moneyText(l.fees),
        netPnl: moneyText(l.netPnl),
        turnover: moneyText(book.turnover),
        lastMid: mark === null ? null : moneyText(mark),
        fills: book.fills,
      };
      realized = realized.plus(l.realized);
      unrealized = unrealized.plus(l.unrealized);
      fees = fees.plus(l.fees);
      turnover = turnover.plus(book.turnover);
    }
    const feesByAsset: Record<string, string> = {};
    for (const asset of [...this.#feesByAsset.keys()].sort()) feesByAsset[asset] = moneyText(this.#feesByAsset.get(asset) as Money);
    const balances: Record<string, { free: string; locked: string }> = {};
    for (const b of this.snapshot().balances) balances[b.asset] = { free: b.free, locked: b.locked };
    return {
      quoteAsset: this.quoteAsset,
      symbols,
      realizedPnl: moneyText(realized),
      unrealizedPnl: moneyText(unrealized),
      fees: moneyText(fees),
      netPnl: moneyText(realized.plus(unrealized).minus(fees)),
      maxDrawdown: moneyText(this.#maxDrawdown),
      maxDrawdownUs: this.#maxDrawdownUs,
      turnover: moneyText(turnover),
      feesByAsset,
      balances,
    };
  }

  /** Every field of the account's state, JSON-able (money as decimal strings). */
  exportState(): SimAccountState {
    const balances: Record<string, { free: string; locked: string }> = {};
    for (const asset of [...this.#accounts.keys()].sort()) {
      const a = this.#accounts.get(asset) as Account;
      balances[asset] = { free: moneyText(a.free), locked: moneyText(a.locked) };
    }
    const symbols: SimAccountState['symbols'] = Object.fromEntries(
      [...this.#books.keys()].sort().map((symbol) => {
        const book = this.#books.get(symbol) as Book;
        return [symbol, { ledger: book.ledger.exportState(), offered: moneyText(book.offered), turnover: moneyText(book.turnover), fills: book.fills }];
      }),
    );
    const reservations = [...this.#reservations].map(
      ([clientOrderId, r]): SimReservationState => ({
        clientOrderId,
        symbol: r.book.instrument.symbol,
        side: r.side,
        priceTicks: r.priceTicks,
        qtyLots: r.qtyLots,
        perLot: moneyText(r.perLot),
        filledLots: r.filledLots,
        remaining: moneyText(r.remaining),
      }),
    );
    const feesByAsset = Object.fromEntries([...this.#feesByAsset.keys()].sort().map((asset) => [asset, moneyText(this.#feesByAsset.get(asset) as Money)]));
    return {
      quoteAsset: this.quoteAsset,
      balances,
      symbols,
      reservations,
      feesByAsset,
      peakNet: moneyText(this.#peakNet),
      maxDrawdown: moneyText(this.#maxDrawdown),
      maxDrawdownUs: this.#maxDrawdownUs,
    };
  }

  /** Sets the state exportState() gave, for the same symbols (read and checked whole first: a StateError changes nothing). */
  restore(state: SimAccountState): void {
    const assetsOf = new Map([...this.#books].map(([symbol, book]) => [symbol, { base: book.base, quote: book.quote }] as const));
    const s = readSimAccountState(state, { quoteAsset: this.quoteAsset, assetsOf });
    this.#accounts.clear();
    for (const [asset, b] of Object.entries(s.balances)) this.#accounts.set(asset, { free: new Money(b.free), locked: new Money(b.locked) });
    for (const [symbol, b] of Object.entries(s.symbols)) {
      const book = this.#books.get(symbol) as Book;
      book.ledger.restore(b.ledger);
      book.offered = new Money(b.offered);
      book.turnover = new Money(b.turnover);
      book.fills = b.fills;
      for (const asset of [book.base, book.quote]) this.#account(asset);
    }
    this.#reservations.clear();
    for (const r of s.reservations) {
      const book = this.#books.get(r.symbol) as Book;
      const asset = r.side === 'buy' ? book.quote : book.base;
      this.#reservations.set(r.clientOrderId, { book, side: r.side, asset, priceTicks: r.priceTicks, qtyLots: r.qtyLots, perLot: new Money(r.perLot), filledLots: r.filledLots, remaining: new Money(r.remaining) });
    }
    this.#feesByAsset.clear();
    for (const [asset, fee] of Object.entries(s.feesByAsset)) this.#feesByAsset.set(asset, new Money(fee));
    this.#peakNet = new Money(s.peakNet);
    this.#maxDrawdown = new Money(s.maxDrawdown);
    this.#maxDrawdownUs = s.maxDrawdownUs;
  }

  #book(symbol: string): Book {
    const book = this.#books.get(symbol);
    if (book === undefined) throw new RangeError(`sim account: ${symbol} is not a symbol of this account (${[...this.#books.keys()].join(', ')})`);
    return book;
  }

  #account(asset: string): Account {
    let a = this.#accounts.get(asset);
    if (a === undefined) {
      a = { free: MONEY_ZERO, locked: MONEY_ZERO };
      this.#accounts.set(asset, a);
    }
    return a;
  }

  #unlock(r: Reservation, amount: Money): void {
    const account = this.#account(r.asset);
    account.locked = account.locked.minus(amount);
    account.free = account.free.plus(amount);
    if (r.side === 'sell') r.book.offered = r.book.offered.minus(amount);
    r.remaining = r.remaining.minus(amount);
  }

  #updateDrawdown(timeUs: number): void {
    let net = MONEY_ZERO;
    for (const book of this.#books.values()) net = net.plus(book.ledger.netPnl);
    if (net.greaterThan(this.#peakNet)) this.#peakNet = net;
    const drawdown = this.#peakNet.minus(net);
    if (drawdown.greaterThan(this.#maxDrawdown)) {
      this.#maxDrawdown = drawdown;
      this.#maxDrawdownUs = timeUs;
    }
  }
}

/** A rate from basis points: the number's shortest decimal form / 10000, exact. */
function feeRate(bps: number, what: string): Money {
  if (typeof bps !== 'number' || !Number.isFinite(bps) || bps <= -10_000 || bps >= 10_000) {
    throw new RangeError(`sim account: ${what} must be a number of basis points above -10000 and below 10000, got ${String(bps)}`);
  }
  return new Money(String(bps)).dividedBy(BPS);
}

function checkSide(side: string): void {
  if (side !== 'buy' && side !== 'sell') throw new RangeError(`sim account: side must be buy or sell, got ${JSON.stringify(side)}`);
}

function checkCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`sim account: ${what} must be a whole number above 0, got ${String(n)}`);
}

function checkTime(timeUs: number): void {
  if (!Number.isSafeInteger(timeUs)) throw new RangeError(`sim account: time must be an integer number of µs, got ${String(timeUs)}`);
}
