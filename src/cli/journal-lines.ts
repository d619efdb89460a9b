// cli/journal-lines: the trading journal of a research run (signals, backtest) as lines on their way to a
// file — the header, then each event's canonical line (model/trading-log.ts numbers and checks them), with
// the SHA-256 of every byte written (header included), so the report's digest is the file's even when no
// file is written. Also the one rule for symbols the strategy does not trade.

import { createHash } from 'node:crypto';
import { UsageError } from '../core/index.js';
import type { AttachedStrategy, UnnumberedEvent } from '../kernel/index.js';
import { TradingLog, type InstrumentSpec, type TradingEvent } from '../model/index.js';

export class JournalLines {
  private readonly log: TradingLog;
  private readonly hash = createHash('sha256');
  private pending: string[] = [];

  constructor(instruments: readonly InstrumentSpec[]) {
    this.log = TradingLog.create(instruments);
    this.put(this.log.header);
  }

  /** The next event: numbered, written as its canonical line. */
  readonly append = (event: UnnumberedEvent): void => {
    this.log.append({ ...event, seq: this.log.nextSeq } as TradingEvent, (line) => this.put(line));
  };

  /** The lines not yet taken, as text ending in a newline; null when there are none. */
  take(): string | null {
    if (this.pending.length === 0) return null;
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    return text;
  }

  /** SHA-256 (hex) of every line so far; call once, at the end. */
  digest(): string {
    return this.hash.digest('hex');
  }

  private put(line: string): void {
    this.hash.update(`${line}\n`);
    this.pending.push(line);
  }
}

/** Warns of each symbol the strategy does not trade; a UsageError when it trades none. */
export function requireTraded(command: string, strategy: AttachedStrategy, warn: (message: string) => void): void {
  for (const n of strategy.notTraded()) warn(`${command}: ${n.symbol} (${n.product}) is not traded: ${n.reason}`);
  if (strategy.symbols().length === 0) {
    throw new UsageError(`${command}: no symbol to trade: ${strategy.notTraded().map((n) => `${n.symbol}: ${n.reason}`).join('; ')}`);
  }
}
