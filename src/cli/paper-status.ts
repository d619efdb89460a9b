// cli/paper-status: the headless paper session's status line on stderr — the connection state in fixed
// words, then per symbol the book's state, the position, net P&L, open orders, the latest decision with its reason and the
// gates failing in it; and the words KILLED, TRADING PAUSED and TRADING NOT ENABLED (exactly these) while they
// hold. `flowdesk trade` puts its mode (and where orders go) first.

import type { Pipeline, Trader } from '../kernel/index.js';
import type { Decision } from '../model/index.js';

export class PaperStatus {
  private readonly latest = new Map<string, Decision>();

  /** `mode`: the first field of every line (trade: "PUBLIC: orders go to the simulated exchange"). */
  constructor(private readonly mode: string | null = null) {}

  /** Keeps each symbol's latest decision (the trader's onDecision). */
  readonly onDecision = (decision: Decision): void => {
    this.latest.set(decision.symbol, decision);
  };

  /** `account`: the account's field of a private mode (cli/binance-account), after the mode. */
  render(trader: Trader | null, pipeline: Pipeline | null, nowUs: number, connection: string, account: string | null = null): string {
    const clock = `${new Date(Math.floor(nowUs / 1000)).toISOString().slice(11, 19)}Z`;
    const time = [clock, ...(this.mode === null ? [] : [this.mode]), ...(account === null ? [] : [account])].join(' ');
    if (trader === null) return `${time} ${connection} | trading not started`;
    const orders = trader.orders().open;
    const parts = trader.positions().symbols.map((p) => {
      const engine = pipeline?.allEngines().find((e) => e.instrument.symbol === p.symbol);
      const book = engine === undefined ? '' : ` book ${engine.stale ? `${engine.sync.state} (suspected stale)` : engine.sync.state}`;
      const open = orders.filter((o) => o.symbol === p.symbol).length;
      const d = this.latest.get(p.symbol);
      const failing = d === undefined ? [] : d.gates.filter((g) => !g.pass).map((g) => g.gate);
      const last = d === undefined ? 'no decision yet' : `last ${d.action} (${d.reason})`;
      return `${p.symbol}${book} position ${p.qty} net ${p.netPnl} ${p.quoteAsset} open orders ${open} ${last} failing ${failing.length === 0 ? 'none' : failing.join(',')}`;
    });
    const status = trader.status();
    const words = [...(status.killed ? [`KILLED (${status.killReason ?? ''})`] : []), ...(status.paused ? ['TRADING PAUSED'] : []), ...(trader.tradingEnabled() ? [] : ['TRADING NOT ENABLED'])];
    return [`${time} ${connection}`, ...parts, ...words].join(' | ');
  }
}
