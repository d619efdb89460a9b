// tui/trading-view: what the trading panes show (view-model.ts TradingView), from the paper trader
// (kernel/paper): its status, positions, open orders and last fills, and the last reconciliation. Money,
// prices and quantities stay the kernel's exact decimal strings; only times become clock text and a
// missing markout NaN. Also the selected symbol's own orders and fills for the ladder and the tape.

import type { PaperOrders, Trader } from '../kernel/index.js';
import type { Instrument } from '../model/index.js';
import { clockText, type OwnActivity } from './view.js';
import type { OrdersView, PositionsView, ReconciliationView, TradingView } from './view-model.js';

export function positionsView(trader: Trader): PositionsView {
  const p = trader.positions();
  return {
    symbols: p.symbols.map((s) => ({
      symbol: s.symbol,
      quoteAsset: s.quoteAsset,
      position: s.qty,
      avgEntry: s.avgEntry,
      realizedPnl: s.realizedPnl,
      unrealizedPnl: s.unrealizedPnl,
      fees: s.fees,
      netPnl: s.netPnl,
      fills: s.fills,
    })),
    totals: p.totals,
    fillMarkouts: p.fillMarkouts.map((m) => ({ horizon: m.horizon, n: m.n, meanBps: m.meanBps ?? Number.NaN })),
  };
}

export function ordersView(o: PaperOrders): OrdersView {
  return {
    open: o.open.map((r) => ({
      clientOrderId: r.clientOrderId,
      symbol: r.symbol,
      side: r.side,
      type: r.type,
      price: r.price,
      qty: r.qty,
      filled: r.filled,
      queueAhead: r.queueAhead,
      ageMs: r.ageMs,
      status: r.status,
    })),
    lastFills: o.lastFills.map((f) => ({
      time: clockText(f.timeUs),
      symbol: f.symbol,
      side: f.side,
      price: f.price,
      qty: f.qty,
      fee: f.fee,
      feeAsset: f.feeAsset,
      liquidity: f.liquidity,
    })),
    orders: o.orders,
    fills: o.fills,
  };
}

export function reconciliationView(trader: Trader): ReconciliationView {
  const r = trader.reconciliation();
  return {
    venue: r.venue,
    checkedAt: r.checkedAtUs === null ? null : clockText(r.checkedAtUs),
    localOpen: r.localOpen,
    venueOpen: r.venueOpen,
    positions: r.positions.map((p) => ({ symbol: p.symbol, local: p.local, venue: p.venue })),
    mismatches: [...r.mismatches],
    privateState: r.privateState,
    atRestart: [...r.atRestart],
  };
}

/** Every trading pane's data; `page` is the `o` key's counter (see view-model TradingView). */
export function tradingView(trader: Trader, orders: PaperOrders, page: number): TradingView {
  return {
    status: trader.tradingEnabled() ? trader.status() : { ...trader.status(), notEnabled: true },
    positions: positionsView(trader),
    orders: ordersView(orders),
    reconciliation: reconciliationView(trader),
    page,
  };
}

export const NO_ACTIVITY: OwnActivity = { orders: [], fills: [] };

/** The own orders and fills of `instrument` (none when the trader does not trade it: another product's book). */
export function ownActivity(trader: Trader, o: PaperOrders, instrument: Instrument): OwnActivity {
  const symbol = instrument.symbol;
  const traded = trader.core.strategy.symbols().some((s) => s.instrument.product === instrument.product && s.instrument.symbol === symbol);
  if (!traded) return NO_ACTIVITY;
  return {
    orders: o.open.filter((r) => r.symbol === symbol).map((r) => ({ priceTicks: r.priceTicks, side: r.side })),
    fills: o.lastFills.filter((f) => f.symbol === symbol),
  };
}
