// recording/trading-journal: the trading journal file — JSONL, plain text, append-only: a header line,
// then one canonical line per trading event (model/trading-codec.ts), with the journal's own digest
// (model/trading-log.ts; market recordings and their digests are separate and untouched).
// Writing is synchronous: when append() returns, the line is with the operating system, so an event
// journaled before its order went out survives a crash of the process. A journal is never overwritten.
// Reading gives every event back with the same digest; a last line cut off by a crash is dropped with a
// warning; any other bad line means the journal is damaged: an InputError naming the line, not a guess.

import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { FlowdeskError, InputError, makeDirectory } from '../core/index.js';
import { TradingLog, type InstrumentSpec, type TradingEvent } from '../model/index.js';
import { readLineBatches, type WarningSink } from './line-reader.js';

export const JOURNAL_FILE_SUFFIX = '.journal.jsonl';

export class JournalWriteError extends FlowdeskError {
  override readonly name = 'JournalWriteError';
}

export class TradingJournal {
  private fd: number | null;
  private failure: JournalWriteError | null = null;

  private constructor(
    readonly path: string,
    private readonly log: TradingLog,
    fd: number,
  ) {
    this.fd = fd;
  }

  /**
   * Creates the journal at `path` (its directory too) and writes its header. Throws a JournalWriteError when
   * the file exists (a journal is never overwritten) or cannot be written.
   */
  static open(path: string, instruments: readonly InstrumentSpec[]): TradingJournal {
    const log = TradingLog.create(instruments);
    let fd: number;
    try {
      makeDirectory(dirname(path));
      fd = openSync(path, 'wx');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new JournalWriteError(`cannot create trading journal ${path}: ${code === 'EEXIST' ? 'the file exists (a journal is never overwritten)' : (error as Error).message}`);
    }
    const journal = new TradingJournal(path, log, fd);
    journal.write(`${log.header}\n`);
    return journal;
  }

  /** The seq the next event must carry. */
  get nextSeq(): number {
    return this.log.nextSeq;
  }

  /** SHA-256 (hex) of the event lines written so far. */
  digest(): string {
    return this.log.digest();
  }

  /**
   * Appends the next event (seq = nextSeq, time not before the last one). An event out of order or not
   * writable exactly is a RangeError (a broken program); a failed write a JournalWriteError, and every later
   * call fails with it: trading must not go on without its journal.
   */
  append(event: TradingEvent): void {
    if (this.failure !== null) throw this.failure;
    if (this.fd === null) throw new JournalWriteError(`trading journal ${this.path} is closed`);
    this.log.append(event, (line) => this.write(`${line}\n`));
  }

  /** Asks the operating system to put what was written on the disk (fsync). */
  sync(): void {
    if (this.failure !== null) throw this.failure;
    if (this.fd === null) return;
    try {
      fsyncSync(this.fd);
    } catch (error) {
      throw this.fail(error as Error);
    }
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    closeSync(fd);
    if (this.failure !== null) throw this.failure;
  }

  private write(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    try {
      let done = 0;
      while (done < bytes.length) done += writeSync(this.fd as number, bytes, done, bytes.length - done);
    } catch (error) {
      throw this.fail(error as Error);
    }
  }

  private fail(error: Error): JournalWriteError {
    this.failure ??= new JournalWriteError(`cannot write trading journal ${this.path}: ${error.message}`);
    return this.failure;
  }
}

export interface TradingJournalContents {
  /** The header line, as written. */
  readonly header: string;
  readonly events: readonly TradingEvent[];
  /** SHA-256 (hex) of the event lines read: equal to the writer's digest() for the same events. */
  readonly digest: string;
}

/**
 * Reads a trading journal back. A last line cut off (no newline, not a whole event) is dropped with a
 * warning; a missing or unreadable file, a bad header or a bad line before the last is an InputError.
 */
export async function readTradingJournal(path: string, warn: WarningSink): Promise<TradingJournalContents> {
  let log: TradingLog | null = null;
  let header = '';
  const events: TradingEvent[] = [];
  let lineNumber = 0;
  for await (const batch of readLineBatches(path, warn)) {
    const last = batch.lines.length - 1;
    for (let i = 0; i <= last; i++) {
      const line = batch.lines[i] as string;
      lineNumber++;
      const cutOff = batch.endsWithoutNewline && i === last;
      if (log === null) {
        const opened = TradingLog.fromHeader(line);
        if (typeof opened === 'string') throw new InputError(`${path}: ${cutOff ? 'the header line is cut off' : opened}`, path);
        log = opened;
        header = line;
        continue;
      }
      const event = log.accept(line);
      if (typeof event !== 'string') {
        events.push(event);
        continue;
      }
      if (cutOff) {
        warn(`${path}:${lineNumber}: last line is cut off (${event}); dropped, the journal is read up to line ${lineNumber - 1}`);
        continue;
      }
      throw new InputError(`${path}:${lineNumber}: damaged trading journal: ${event}`, path);
    }
  }
  if (log === null) throw new InputError(`${path}: no data in file`, path);
  return { header, events, digest: log.digest() };
}
