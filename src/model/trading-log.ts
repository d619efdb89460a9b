// model/trading-log: the ordered, digested sequence of a run's trading events, as canonical lines — the
// trading journal without its file. Events must come in journal order: seq 0, 1, 2, ... and times that
// never go back. The digest is a SHA-256 over the event lines (each with its newline; the header line is
// not in it), separate from the market digest of the pipeline: the same decisions give the same digest.
// No I/O: recording/trading-journal.ts writes and reads the file; a backtest may keep just the digest.

import { LineDigest } from '../core/index.js';
import type { InstrumentSpec } from './instrument.js';
import { TradingCodec } from './trading-codec.js';
import type { TradingEvent } from './trading-event.js';

export class TradingLog {
  private readonly lines = new LineDigest();
  private nextSeqValue = 0;
  private lastTimeUs = 0;

  private constructor(readonly codec: TradingCodec) {}

  /** A log for events naming these instruments (their units write the prices). */
  static create(instruments: readonly InstrumentSpec[]): TradingLog {
    return new TradingLog(new TradingCodec(instruments));
  }

  /** The log of a journal, from its header line; or why the line is not a journal header. */
  static fromHeader(line: string): TradingLog | string {
    const codec = TradingCodec.fromHeader(line);
    return typeof codec === 'string' ? codec : new TradingLog(codec);
  }

  /** The journal's first line. */
  get header(): string {
    return this.codec.header;
  }

  /** The seq the next event must carry (= events so far). */
  get nextSeq(): number {
    return this.nextSeqValue;
  }

  /** SHA-256 (hex) of the event lines so far. */
  digest(): string {
    return this.lines.hex();
  }

  /**
   * Takes the next event and returns its canonical line. Throws a RangeError when the event is out of order
   * (wrong seq, time going back) or cannot be written exactly: a journal is never written out of order.
   * `write`, when given, gets the line first; if it throws, the event is not taken (nor in the digest).
   */
  append(event: TradingEvent, write?: (line: string) => void): string {
    const problem = this.orderProblem(event);
    if (problem !== null) throw new RangeError(problem);
    const line = this.codec.encode(event);
    write?.(line);
    this.take(event, line);
    return line;
  }

  /** Reads the next line of a journal: its event, or why it cannot be the next one (malformed, out of order). */
  accept(line: string): TradingEvent | string {
    const event = this.codec.decode(line);
    if (typeof event === 'string') return event;
    const problem = this.orderProblem(event);
    if (problem !== null) return problem;
    this.take(event, line);
    return event;
  }

  private orderProblem(event: TradingEvent): string | null {
    if (event.seq !== this.nextSeqValue) return `event seq ${event.seq} out of order (expected ${this.nextSeqValue})`;
    if (event.timeUs < this.lastTimeUs) return `event ${event.seq} at ${event.timeUs} µs is earlier than the one before (${this.lastTimeUs} µs)`;
    return null;
  }

  private take(event: TradingEvent, line: string): void {
    this.lines.add(line);
    this.nextSeqValue++;
    this.lastTimeUs = event.timeUs;
  }
}
