// A hand-built market for the simulated exchange's scenarios: a BookView over two plain level maps the test
// sets, the run's real EventTimeScheduler, the real SimAccount, and a sink that records each report with
// the run time it reached the strategy. Events go in as the kernel hands them over: time first moves to
// the event's receive time (timers due by then run first), then the book applies it, then the exchange
// hears it.
import { EventTimeScheduler, seededRandom } from '../../src/core/index.js';
import { strategyParamsSchema, type StrategyParams } from '../../src/config/index.js';
import {
  createInstrument,
  type BookView,
  type ExecutionReport,
  type Instrument,
  type MarketEvent,
  type OrderSide,
  type OrderType,
  type Side,
  type SymbolRules,
} from '../../src/model/index.js';
import { SimAccount, SimulatedExchange, simAccountSymbol, type OrderLimits } from '../../src/sim/index.js';

export const SYMBOL = 'BTCUSDT';
/** Tick 0.01, lot 0.001: 10000 ticks = 100.00, 1 lot = 0.001 BTC. */
export const INST: Instrument = createInstrument({ product: 'spot', symbol: SYMBOL, tickSize: '0.01', lotSize: '0.001', source: 'flags' });

/** A mutable book the test sets; read through BookView only by the exchange. */
export class HandBook {
  readonly levels = { bid: new Map<number, number>(), ask: new Map<number, number>() };
  healthy = true;
  updateId = 1;

  set(side: Side, ticks: number, lots: number): void {
    if (lots === 0) this.levels[side].delete(ticks);
    else this.levels[side].set(ticks, lots);
  }

  sorted(side: Side): [number, number][] {
    return [...this.levels[side].entries()].sort((a, b) => (side === 'bid' ? b[0] - a[0] : a[0] - b[0]));
  }

  view(): BookView {
    const live = <T>(value: () => T, otherwise: T) => () => (this.healthy ? value() : otherwise);
    const best = (side: Side) => {
      const first = this.sorted(side)[0];
      return first === undefined ? null : { ticks: first[0], lots: first[1] };
    };
    return {
      instrument: INST,
      healthy: () => this.healthy,
      stale: () => false,
      syncedSinceUs: live(() => 0, null),
      latencyMs: () => 0,
      tickerAgreement: live(() => 'agrees' as const, null),
      lastUpdateId: () => this.updateId,
      bestBid: live(() => best('bid'), null),
      bestAsk: live(() => best('ask'), null),
      topOfBook: live(() => {
        const bid = best('bid');
        const ask = best('ask');
        if (bid === null || ask === null) return null;
        return { bidTicks: bid.ticks, bidLots: bid.lots, askTicks: ask.ticks, askLots: ask.lots, updateId: this.updateId, source: 'book' as const };
      }, null),
      top: (side, n) => (this.healthy ? this.sorted(side).slice(0, n).flat() : []),
      sizeAt: (side, ticks) => (this.healthy ? (this.levels[side].get(ticks) ?? 0) : 0),
      depthWithinBps: () => ({ lots: 0, levels: 0 }),
    };
  }
}

export interface Delivered {
  readonly atUs: number;
  readonly report: ExecutionReport;
}

export interface HarnessOptions {
  readonly params?: Record<string, unknown>;
  readonly rules?: SymbolRules | null;
  readonly balances?: Record<string, string>;
  readonly orderLimits?: OrderLimits;
  /** Start of the run's time, µs. */
  readonly startUs?: number;
}

const HEADER = { seq: 0, connectionId: 1, product: 'spot' as const, symbol: SYMBOL };

export class Harness {
  readonly time: EventTimeScheduler;
  readonly book = new HandBook();
  readonly params: StrategyParams;
  readonly account: SimAccount;
  readonly exchange: SimulatedExchange;
  readonly delivered: Delivered[] = [];
  private nextId = 1;

  constructor(options: HarnessOptions = {}) {
    this.time = new EventTimeScheduler(options.startUs ?? 0);
    this.params = strategyParamsSchema.parse({ latency: { submitMs: 1, cancelMs: 1, responseMs: 1 }, ...options.params });
    const rules = options.rules ?? null;
    this.account = new SimAccount({
      symbols: [simAccountSymbol(INST, this.params, rules ?? undefined)],
      initialBalances: options.balances ?? { USDT: '1000000', BTC: '100' },
    });
    this.exchange = new SimulatedExchange({
      product: 'spot',
      time: this.time,
      symbols: { [SYMBOL]: { book: this.book.view(), params: this.params, rules } },
      random: seededRandom(this.params.seed),
      account: this.account,
      ...(options.orderLimits === undefined ? {} : { orderLimits: options.orderLimits }),
    });
    void this.exchange.connect({ report: (report) => this.delivered.push({ atUs: this.time.nowUs(), report }) });
  }

  /** Submits at the current run time; returns the client order id. */
  submit(side: OrderSide, type: OrderType, priceTicks: number, qtyLots: number, clientOrderId = `o${this.nextId++}`, symbol = SYMBOL): string {
    this.exchange.submit({ clientOrderId, intent: { product: 'spot', symbol, side, type, priceTicks, qtyLots, reason: 'test', decisionId: 'd1' } });
    return clientOrderId;
  }

  /** Moves the run's time to `ms` (timers due by then run). */
  at(ms: number): this {
    this.time.advanceTo(ms * 1000);
    return this;
  }

  /** A trade of the replayed market at `ms`; `aggressor` sell hits bids. */
  trade(ms: number, aggressor: 'buy' | 'sell', priceTicks: number, qtyLots: number): this {
    this.at(ms);
    const event: MarketEvent = {
      ...HEADER,
      kind: 'trade',
      receiveTimeUs: ms * 1000,
      stream: 'btcusdt@trade',
      tradeId: 1,
      priceTicks,
      qtyLots,
      tradeTimeMs: ms,
      exchangeTimeMs: ms,
      buyerIsMaker: aggressor === 'sell',
      aggressor,
    };
    this.exchange.onMarketEvent(SYMBOL, event);
    return this;
  }

  /** A depth diff at `ms` setting levels ([side, ticks, lots]...); the book's update id moves on. */
  depth(ms: number, ...changes: [Side, number, number][]): this {
    this.at(ms);
    for (const [side, ticks, lots] of changes) this.book.set(side, ticks, lots);
    this.book.updateId++;
    const event: MarketEvent = {
      ...HEADER,
      kind: 'depthDiff',
      receiveTimeUs: ms * 1000,
      stream: 'btcusdt@depth@100ms',
      exchangeTimeMs: ms,
      transactTimeMs: null,
      firstUpdateId: this.book.updateId,
      finalUpdateId: this.book.updateId,
      prevFinalUpdateId: null,
      bids: changes.filter((c) => c[0] === 'bid').flatMap((c) => [c[1], c[2]]),
      asks: changes.filter((c) => c[0] === 'ask').flatMap((c) => [c[1], c[2]]),
    };
    this.exchange.onMarketEvent(SYMBOL, event);
    return this;
  }

  /** The reports of one order as `kind[:detail]` strings, in delivery order. */
  kinds(clientOrderId: string): string[] {
    return this.of(clientOrderId).map(({ report: r }) => {
      if (r.kind === 'filled') return `filled ${r.qtyLots}@${r.priceTicks} ${r.liquidity}`;
      if (r.kind === 'rejected' || r.kind === 'cancelRejected') return `${r.kind}: ${r.reason}`;
      return r.kind;
    });
  }

  of(clientOrderId: string): Delivered[] {
    return this.delivered.filter((d) => d.report.clientOrderId === clientOrderId);
  }

  fills(clientOrderId?: string): Extract<ExecutionReport, { kind: 'filled' }>[] {
    return this.delivered
      .map((d) => d.report)
      .filter((r): r is Extract<ExecutionReport, { kind: 'filled' }> => r.kind === 'filled' && (clientOrderId === undefined || r.clientOrderId === clientOrderId));
  }
}

/** A standard book: bids 99.99 ×20, 99.98 ×30; asks 100.02 ×20, 100.03 ×30 (100.00 and 100.01 empty). */
export function standardBook(h: Harness): Harness {
  h.book.set('bid', 9999, 20);
  h.book.set('bid', 9998, 30);
  h.book.set('ask', 10_002, 20);
  h.book.set('ask', 10_003, 30);
  return h;
}
