// One trading session as paper trading composes it, for the restart tests: the venue side (a real
// SimulatedExchange and SimAccount over a book view) and our side (a real OrderManager whose fills move a
// real RiskBook), on one run time. It sends orders as decisions would (client id fd-SYMBOL-n), saves every
// component's state through JSON as a restart would, and builds a fresh session from a saved state.
import { seededRandom, type EventTimeScheduler } from '../../src/core/index.js';
import type { StrategyParams } from '../../src/config/index.js';
import { OrderManager, type OrderManagerState, type UnnumberedEvent } from '../../src/kernel/index.js';
import { isFinalStatus, type BookView, type Decision, type Instrument, type Order, type OrderType, type VenueOrderState } from '../../src/model/index.js';
import { RiskBook, type RiskBookState } from '../../src/risk/index.js';
import { SimAccount, SimulatedExchange, simAccountSymbol, type SimAccountState, type SimExchangeState } from '../../src/sim/index.js';

export interface SessionSetup {
  readonly instrument: Instrument;
  readonly book: BookView;
  readonly time: EventTimeScheduler;
  readonly params: StrategyParams;
  readonly balances: Record<string, string>;
}

/** What a restart saves: every component's state, and the decision counter. */
export interface SavedSession {
  readonly decisions: number;
  readonly risk: RiskBookState;
  readonly account: SimAccountState;
  readonly venue: SimExchangeState;
  readonly orders: OrderManagerState;
}

export class TradingSession {
  readonly account: SimAccount;
  readonly exchange: SimulatedExchange;
  readonly orders: OrderManager;
  readonly risk: RiskBook;
  /** Every journal event, in order. */
  readonly journal: UnnumberedEvent[] = [];
  decisions = 0;
  /** Ids of orders that may be open (ended ones leave at the next openIds()). */
  private readonly maybeOpen = new Set<string>();

  private constructor(readonly setup: SessionSetup) {
    const { instrument, book, time, params } = setup;
    this.account = new SimAccount({ symbols: [simAccountSymbol(instrument, params)], initialBalances: setup.balances });
    this.exchange = new SimulatedExchange({
      product: instrument.product,
      time,
      symbols: { [instrument.symbol]: { book, params, rules: null } },
      random: seededRandom(params.seed),
      account: this.account,
    });
    this.risk = new RiskBook(instrument.symbol, params.risk);
    this.orders = new OrderManager({
      venue: this.exchange,
      time,
      params: () => params,
      journal: (event) => this.journal.push(event),
      onFill: (_instrument, fill) => this.risk.onFill(fill),
      riskOf: () => this.risk,
    });
  }

  static async start(setup: SessionSetup): Promise<TradingSession> {
    const session = new TradingSession(setup);
    await session.exchange.connect({ report: (r) => session.orders.report(r) });
    return session;
  }

  /** A fresh session (a new process) with `saved` restored into every component. */
  static async restored(setup: SessionSetup, saved: SavedSession): Promise<TradingSession> {
    const session = await TradingSession.start(setup);
    session.decisions = saved.decisions;
    session.risk.restore(saved.risk);
    session.account.restore(saved.account);
    session.exchange.restore(saved.venue);
    session.orders.restore(saved.orders, new Map([[setup.instrument.symbol, setup.instrument]]));
    for (const o of session.openOrders()) session.maybeOpen.add(o.request.clientOrderId);
    return session;
  }

  /** Every component's state, through JSON (what a state file holds). */
  save(): SavedSession {
    const saved: SavedSession = {
      decisions: this.decisions,
      risk: this.risk.exportState(),
      account: this.account.exportState(),
      venue: this.exchange.exportState(),
      orders: this.orders.exportState(),
    };
    return JSON.parse(JSON.stringify(saved)) as SavedSession;
  }

  /** Sends an order as a decision would; returns its client order id. */
  send(side: 'BUY' | 'SELL', type: OrderType, priceTicks: number, qtyLots: number): string {
    const decisionId = `${this.setup.instrument.symbol}-${++this.decisions}`;
    const decision: Decision = {
      timeUs: this.setup.time.nowUs(),
      product: this.setup.instrument.product,
      symbol: this.setup.instrument.symbol,
      action: side === 'BUY' ? 'BUY' : 'SELL_INVENTORY',
      side,
      score: null,
      alphaBps: null,
      costBps: null,
      costParts: null,
      gates: [],
      features: {},
      // the strategy's intents are makers and IOCs; the order manager sends any order type as given
      intent: { type: type as 'LIMIT_MAKER', side, priceTicks, qtyLots },
      reason: `${type} ${side}`,
    };
    const request = this.orders.submit(decision, decisionId, this.setup.instrument);
    if (request === null) throw new Error('no request');
    this.maybeOpen.add(request.clientOrderId);
    return request.clientOrderId;
  }

  /** Client ids of the open local orders, in the order they were sent (cheap: no walk over every order). */
  openIds(): string[] {
    for (const id of this.maybeOpen) {
      const o = this.orders.get(id);
      if (o === undefined || isFinalStatus(o.status)) this.maybeOpen.delete(id);
    }
    return [...this.maybeOpen];
  }

  /** Open local orders. */
  openOrders(): Order[] {
    return this.orders.all().filter((o) => !isFinalStatus(o.status));
  }
}

/** An order status as the venue names it. */
export function venueStateOf(order: Order): VenueOrderState {
  const s = order.status;
  return s === 'filled' || s === 'canceled' || s === 'expired' || s === 'rejected' ? s : 'open';
}

/** For each local order, its status, fills and venue id as the venue records them (null: the venue never saw it). */
export function agreement(session: TradingSession): { local: unknown[]; venue: unknown[] } {
  const local: unknown[] = [];
  const venue: unknown[] = [];
  for (const o of session.orders.all()) {
    const v = session.exchange.orderStatus(o.request.clientOrderId);
    local.push({ id: o.request.clientOrderId, status: venueStateOf(o), filledLots: o.filledLots, tradeIds: o.tradeIds, venueOrderId: o.venueOrderId });
    venue.push(
      v === null
        ? { id: o.request.clientOrderId, status: 'never seen' }
        : { id: v.clientOrderId, status: v.status, filledLots: v.filledLots, tradeIds: v.fills.map((f) => f.tradeId), venueOrderId: v.venueOrderId },
    );
  }
  return { local, venue };
}
