// cli/backtest-report: what `flowdesk backtest` counts and its summary — orders, fills, the makers' fill
// ratio, rejects by reason, the account's position and P&L (exact decimal strings from the SimAccount),
// max drawdown, turnover, the markouts of fills per horizon (adverse selection) and the journal's digest.

import { horizonLabel, type MarkoutRow } from '../features/index.js';
import { isFinalStatus, type Order } from '../model/index.js';
import type { OrderManager } from '../kernel/index.js';
import type { SimAccountSummary } from '../sim/index.js';

interface Sums {
  n: number;
  censored: number;
  mid: number;
  exec: number;
}

export interface BacktestSummary {
  readonly orders: number;
  readonly fills: number;
  readonly makerOrders: number;
  /** Maker lots filled / maker lots ordered; null without maker orders. */
  readonly makerFillRatio: number | null;
  readonly rejects: Readonly<Record<string, number>>;
  readonly openOrdersAtEnd: number;
  readonly position: Readonly<Record<string, string>>;
  readonly quoteAsset: string;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  readonly fees: string;
  readonly netPnl: string;
  readonly maxDrawdown: string;
  readonly turnover: string;
  readonly balances: SimAccountSummary['balances'];
  readonly fillMarkouts: Readonly<Record<string, { n: number; censored: number; meanBps: number | null; execMeanBps: number | null }>>;
  readonly digest: string;
}

/**
 * A reject's reason without the figures that vary from one order to the next ("insufficient balance: needs
 * 61.9 USDT, free 50" counts as "insufficient balance"); a filter failure keeps its filter's name.
 */
export function rejectGroup(reason: string): string {
  const filter = /^Filter failure: [A-Z_]+/.exec(reason);
  if (filter !== null) return filter[0];
  const colon = reason.indexOf(': ');
  return colon < 0 ? reason : reason.slice(0, colon);
}

export class BacktestTally {
  private orders = 0;
  private fills = 0;
  private makerOrders = 0;
  private makerLots = 0;
  private makerFilledLots = 0;
  private readonly rejects = new Map<string, number>();
  private readonly markouts: Sums[];

  constructor(readonly horizonsMs: readonly number[]) {
    this.markouts = horizonsMs.map(() => ({ n: 0, censored: 0, mid: 0, exec: 0 }));
  }

  submitted(type: string, qtyLots: number): void {
    this.orders++;
    if (type === 'LIMIT_MAKER') {
      this.makerOrders++;
      this.makerLots += qtyLots;
    }
  }

  filled(_clientOrderId: string, liquidity: 'maker' | 'taker', qtyLots: number): void {
    this.fills++;
    if (liquidity === 'maker') this.makerFilledLots += qtyLots;
  }

  rejected(reason: string): void {
    const group = rejectGroup(reason);
    this.rejects.set(group, (this.rejects.get(group) ?? 0) + 1);
  }

  fillMarkout(row: MarkoutRow): void {
    row.midBps.forEach((mid, k) => {
      const s = this.markouts[k] as Sums;
      const exec = row.execBps[k];
      if (mid === null || mid === undefined || exec === null || exec === undefined) {
        s.censored++;
        return;
      }
      s.n++;
      s.mid += mid;
      s.exec += exec;
    });
  }

  summary(account: SimAccountSummary, orders: OrderManager, digest: string): BacktestSummary {
    const mean = (sum: number, n: number): number | null => (n === 0 ? null : Number((sum / n).toPrecision(6)));
    const open = orders.all().filter((o: Order) => !isFinalStatus(o.status)).length;
    return {
      orders: this.orders,
      fills: this.fills,
      makerOrders: this.makerOrders,
      makerFillRatio: this.makerLots === 0 ? null : Number((this.makerFilledLots / this.makerLots).toPrecision(6)),
      rejects: Object.fromEntries([...this.rejects].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      openOrdersAtEnd: open,
      position: Object.fromEntries(Object.entries(account.symbols).map(([symbol, s]) => [symbol, s.position])),
      quoteAsset: account.quoteAsset,
      realizedPnl: account.realizedPnl,
      unrealizedPnl: account.unrealizedPnl,
      fees: account.fees,
      netPnl: account.netPnl,
      maxDrawdown: account.maxDrawdown,
      turnover: account.turnover,
      balances: account.balances,
      fillMarkouts: Object.fromEntries(
        this.horizonsMs.map((ms, k) => {
          const s = this.markouts[k] as Sums;
          return [horizonLabel(ms), { n: s.n, censored: s.censored, meanBps: mean(s.mid, s.n), execMeanBps: mean(s.exec, s.n) }];
        }),
      ),
      digest,
    };
  }
}

export function backtestReportTable(s: BacktestSummary, dir: string): string {
  const fmt = (x: number | null): string => (x === null ? '—' : x.toFixed(2));
  const rejects = Object.entries(s.rejects);
  return [
    `orders ${s.orders}, fills ${s.fills}, maker orders ${s.makerOrders} (fill ratio ${s.makerFillRatio === null ? '—' : s.makerFillRatio.toFixed(3)}), open at the end ${s.openOrdersAtEnd}`,
    `rejects: ${rejects.length === 0 ? 'none' : rejects.map(([r, n]) => `${r} ${n}`).join(', ')}`,
    `position: ${Object.entries(s.position).map(([sym, q]) => `${sym} ${q}`).join(', ')}`,
    `P&L (${s.quoteAsset}): realised ${s.realizedPnl}, unrealised ${s.unrealizedPnl}, fees ${s.fees}, net ${s.netPnl}; max drawdown ${s.maxDrawdown}; turnover ${s.turnover}`,
    '',
    'fill markouts, bps (adverse selection):',
    `  ${'horizon'.padEnd(8)} ${'n'.padStart(6)} ${'censored'.padStart(8)} ${'mid'.padStart(8)} ${'exec'.padStart(8)}`,
    ...Object.entries(s.fillMarkouts).map(([h, m]) => `  ${h.padEnd(8)} ${String(m.n).padStart(6)} ${String(m.censored).padStart(8)} ${fmt(m.meanBps).padStart(8)} ${fmt(m.execMeanBps).padStart(8)}`),
    '',
    `outputs in ${dir}: decisions.jsonl (sha256 ${s.digest}), orders.jsonl, fills.jsonl, summary.json`,
  ].join('\n');
}
