// cli/status-line: the recorder's periodic one-line status on stderr — the connection state in fixed
// words (`live`, `connecting (attempt k)`, `reconnecting in Ns (attempt k)`), then per symbol mid, spread,
// messages/s, book health, resync count and the weighted notional imbalance signal; plus bytes written.

import { notionalImbalance } from '../features/index.js';
import type { Pipeline } from '../kernel/index.js';
import { ticksToNumber, type FlowEvent } from '../model/index.js';

export class StatusLine {
  private readonly counts = new Map<string, number>();
  private lastUs: number | null = null;

  constructor(private readonly imbalanceLevels: number) {}

  /** Counts market events per symbol (a pipeline listener). */
  readonly onEvent = (event: FlowEvent): void => {
    if (event.kind === 'notice' || event.kind === 'connection') return;
    this.counts.set(event.symbol, (this.counts.get(event.symbol) ?? 0) + 1);
  };

  /**
   * Renders the line for `nowUs` and starts a new counting interval. `pipeline` is null until the
   * instruments are known (exchangeInfo answered).
   */
  render(pipeline: Pipeline | null, nowUs: number, connection: string, bytesWritten: number | null = null, files = 0): string {
    const seconds = this.lastUs === null ? 0 : (nowUs - this.lastUs) / 1e6;
    this.lastUs = nowUs;
    const parts: string[] = [];
    for (const engine of pipeline?.allEngines() ?? []) {
      const inst = engine.instrument;
      const book = engine.sync.book;
      const count = this.counts.get(inst.symbol) ?? 0;
      const rate = seconds > 0 ? Math.round(count / seconds) : 0;
      const bid = book.bids.bestTicks();
      const ask = book.asks.bestTicks();
      let market = 'no book';
      if (engine.sync.healthy && bid !== undefined && ask !== undefined) {
        const mid = (ticksToNumber(inst, bid) + ticksToNumber(inst, ask)) / 2;
        const spreadBps = ((ticksToNumber(inst, ask) - ticksToNumber(inst, bid)) / mid) * 10_000;
        const imb = notionalImbalance(book, inst, this.imbalanceLevels);
        const pct = imb.signal === 'SELLING' ? imb.imbalance / imb.askNotional : imb.signal === 'BUYING' ? imb.imbalance / imb.bidNotional : 0;
        market = `mid ${mid.toFixed(inst.priceDecimals + 1)} spread ${spreadBps.toFixed(2)}bps imb ${imb.signal}${pct === 0 ? '' : ` ${(pct * 100).toFixed(1)}%`}`;
      }
      const state = engine.stale ? `${engine.sync.state} (suspected stale)` : engine.sync.state;
      parts.push(`${inst.symbol} ${state} ${market} ${rate} msg/s resyncs ${engine.counters.resyncs}`);
    }
    this.counts.clear();
    const written = bytesWritten === null ? '' : ` | ${(bytesWritten / 1e6).toFixed(1)} MB in ${files} file${files === 1 ? '' : 's'}`;
    return `${new Date(Math.floor(nowUs / 1000)).toISOString().slice(11, 19)}Z ${[connection, ...parts].join(' | ')}${written}`;
  }
}
