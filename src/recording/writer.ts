// recording/writer: writes raw messages in flowdesk's recording format, gzip, rotating to a new file when
// the UTC hour of the receive time changes or a file's uncompressed size passes a limit. Rotation never
// loses a message: the next file starts with the message that did not fit, and seq runs on across files.
// Write errors (disk full, unwritable directory) are kept and surfaced by the next write(), flush() and
// close(); what reached the disk before the error stays readable, nothing waits on the failed file, and a
// file left without even its header line is removed.

import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createGzip, type Gzip } from 'node:zlib';
import { FlowdeskError, makeDirectory, type ClockAnchor } from '../core/index.js';
import type { InstrumentSpec, Product, RawMessage, SymbolRules } from '../model/index.js';
import { FILE_SUFFIX, FORMAT_NAME, FORMAT_VERSION, encodeHeader, encodeMessage } from './flowdesk-format.js';
import { readHeadLines } from './line-reader.js';

export class RecordingWriteError extends FlowdeskError {
  override readonly name = 'RecordingWriteError';
}

export interface RecordingWriterOptions {
  readonly dir: string;
  readonly product: Product;
  readonly symbols: readonly string[];
  readonly instruments: readonly InstrumentSpec[];
  /** Each symbol's order rules, for the header's `rules` (absent: no rules known, e.g. converted data). */
  readonly rules?: readonly SymbolRules[];
  readonly tool: string;
  readonly origin: string;
  /** Start a new file when this many uncompressed bytes have been written to the current one. */
  readonly maxFileBytes: number;
  /** Start a new file when the UTC hour of the receive time changes. */
  readonly rotateHourly: boolean;
  /** gzip level, 1 (fastest) to 9 (smallest); DEFAULT_GZIP_LEVEL when absent. */
  readonly gzipLevel?: number;
  /** The receive clock's anchor, asked as each file opens, for its header's `clock` (live recordings). */
  readonly clockAnchor?: () => ClockAnchor;
}

/**
 * Level 4: on Binance frames it writes ~8 % more bytes than zlib's default 6 for less than half its CPU
 * (~140 vs ~70 MB/s of text here), which is what a recorder running for weeks spends most of its own CPU on
 * besides the books.
 */
export const DEFAULT_GZIP_LEVEL = 4;

interface OpenFile {
  readonly path: string;
  /** The file was created by this writer (a refused 'wx' open leaves another process's file alone). */
  opened: boolean;
  readonly gzip: Gzip;
  readonly file: WriteStream;
  readonly hour: number;
  bytes: number;
  /** Lines not yet handed to gzip: zlib is called per chunk of ~64 KiB, not per line. */
  pending: string;
  /** The wait for gzip's 'drain' in progress: every writer that meets backpressure shares it. */
  draining: Promise<void> | null;
}

const CHUNK_CHARS = 64 * 1024;

const US_PER_HOUR = 3_600_000_000;

function stamp(timeUs: number): string {
  const iso = new Date(Math.floor(timeUs / 1000)).toISOString(); // 2024-08-08T23:54:15.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** Waits for `start`'s callback, or for the stream to close first (destroyed after a write error). */
function untilDoneOrClosed(stream: NodeJS.EventEmitter & { readonly closed: boolean }, start: (done: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    if (stream.closed) return resolve();
    const done = (): void => {
      stream.off('close', done);
      resolve();
    };
    stream.once('close', done);
    start(done);
  });
}

export class RecordingWriter {
  private current: OpenFile | null = null;
  private part = 0;
  private failure: RecordingWriteError | null = null;
  private readonly written: string[] = [];
  private rotating: Promise<void> | null = null;
  private held: RawMessage[] = [];
  private totalBytes = 0;

  constructor(private readonly options: RecordingWriterOptions) {}

  /** Paths of every file opened so far, in order. */
  get files(): readonly string[] {
    return this.written;
  }

  /** What is waiting to reach the disk: messages held during a rotation, and bytes buffered in gzip and the file stream. */
  get backlog(): { heldMessages: number; bufferedBytes: number } {
    const c = this.current;
    return { heldMessages: this.held.length, bufferedBytes: c === null ? 0 : c.pending.length + c.gzip.writableLength + c.file.writableLength };
  }

  /** Uncompressed bytes of message lines written, over all files. */
  get bytesWritten(): number {
    return this.totalBytes;
  }

  /**
   * Appends one message. Returns a promise only when the caller should wait (a new file is being opened,
   * or gzip asks for backpressure); otherwise the message is queued synchronously. Callers that cannot
   * wait (a live stream) may ignore the promise: messages that arrive while a file is being opened are
   * held and written, in order, to the new file.
   */
  write(raw: RawMessage): Promise<void> | void {
    if (this.failure !== null) throw this.failure;
    if (this.rotating !== null) {
      this.held.push(raw);
      return this.rotating;
    }
    const target = this.current;
    if (
      target === null ||
      (this.options.rotateHourly && Math.floor(raw.receiveTimeUs / US_PER_HOUR) !== target.hour) ||
      target.bytes >= this.options.maxFileBytes
    ) {
      this.held.push(raw);
      this.rotating = this.rotate(raw).finally(() => {
        this.rotating = null;
      });
      return this.rotating;
    }
    return this.append(target, raw);
  }

  /** Closes the current file, opens the next one (named after `first`) and writes the held messages. */
  private async rotate(first: RawMessage): Promise<void> {
    await this.closeCurrent();
    // The file just closed failed (a full disk): open no other one.
    if (this.failure !== null) throw this.failure;
    const target = await this.openNext(first, Math.floor(first.receiveTimeUs / US_PER_HOUR));
    while (this.held.length > 0) {
      const held = this.held;
      this.held = [];
      for (const raw of held) await this.append(target, raw);
    }
  }

  private append(target: OpenFile, raw: RawMessage): Promise<void> | void {
    const line = `${encodeMessage(raw)}\n`;
    const bytes = Buffer.byteLength(line);
    target.bytes += bytes;
    this.totalBytes += bytes;
    target.pending += line;
    if (target.pending.length < CHUNK_CHARS) return;
    return this.push(target);
  }

  /** Hands buffered lines to gzip; waits when gzip asks for backpressure. After a failure, drops them. */
  private push(target: OpenFile): Promise<void> | void {
    const chunk = target.pending;
    target.pending = '';
    // A failed file's streams are destroyed: nothing would ever drain them.
    if (chunk.length === 0 || this.failure !== null || target.gzip.write(chunk)) return;
    // A live stream does not wait for the promise and keeps writing: one shared wait, not a listener per write.
    target.draining ??= this.drain(target).finally(() => {
      target.draining = null;
    });
    return target.draining;
  }

  private async drain(target: OpenFile): Promise<void> {
    // Listeners are removed again once woken: a long recording drains many times per file.
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        target.gzip.off('drain', wake).off('close', wake);
        target.file.off('close', wake);
        resolve();
      };
      target.gzip.on('drain', wake).on('close', wake);
      target.file.on('close', wake);
    });
    if (this.failure !== null) throw this.failure;
  }

  /** Flushes what is buffered in gzip to disk, so a crash loses at most what came after. */
  async flush(): Promise<void> {
    await this.rotating;
    if (this.failure !== null) throw this.failure;
    const target = this.current;
    if (target === null) return;
    await this.push(target);
    const { gzip, file } = target;
    await untilDoneOrClosed(gzip, (done) => gzip.flush(done));
    // gzip calls back once its output is queued, not written: follow it through the pipe into the file.
    while (gzip.readableLength > 0 && !file.destroyed) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          file.off('drain', wake).off('close', wake);
          gzip.off('data', wake);
          resolve();
        };
        file.on('drain', wake).on('close', wake);
        gzip.on('data', wake);
      });
    }
    // An empty write completes only after every write queued before it.
    if (!file.destroyed) await untilDoneOrClosed(file, (done) => file.write(Buffer.alloc(0), done));
    if (this.failure !== null) throw this.failure;
  }

  /** Finishes the current file (a complete gzip stream). Rejects if any write failed. */
  async close(): Promise<void> {
    await this.rotating?.catch(() => undefined);
    await this.closeCurrent();
    if (this.failure !== null) throw this.failure;
  }

  private async openNext(first: RawMessage, hour: number): Promise<OpenFile> {
    const { dir, product, symbols } = this.options;
    try {
      makeDirectory(dir);
    } catch (error) {
      throw this.fail(`cannot create recording directory ${dir}: ${(error as Error).message}`);
    }
    const stem = `${product}_${symbols.map((s) => s.toLowerCase()).join('-')}`;
    // A file of that name may exist (a session that started in the same UTC second, e.g. a quick restart):
    // never overwritten, the next free name is taken (-1, -2, ...). The directory's lock keeps other
    // flowdesk writers out; 'wx' below still refuses a file that appears in between.
    const partText = String(this.part).padStart(4, '0');
    const nameAt = (n: number) => join(dir, `${stem}_${stamp(first.receiveTimeUs)}${n === 0 ? '' : `-${n}`}_${partText}${FILE_SUFFIX}`);
    let taken = 0;
    while (existsSync(nameAt(taken))) taken++;
    const path = nameAt(taken);
    const file = createWriteStream(path, { flags: 'wx' });
    const gzip = createGzip({ level: this.options.gzipLevel ?? DEFAULT_GZIP_LEVEL });
    // Disk full or any other write error: the file keeps what reached the disk (a cut-off gzip stream that
    // replays up to its last whole line), everything still buffered is dropped, and the streams are
    // destroyed so that no flush, drain or close waits on them.
    const onError = (error: Error): void => {
      if (this.failure === null) this.failure = new RecordingWriteError(`cannot write ${path}: ${error.message}`);
      gzip.unpipe(file);
      gzip.destroy();
      file.destroy();
    };
    file.on('error', onError);
    gzip.on('error', onError);
    gzip.pipe(file);
    const header = encodeHeader({
      format: FORMAT_NAME,
      formatVersion: FORMAT_VERSION,
      product,
      symbols,
      tool: this.options.tool,
      instruments: this.options.instruments,
      part: this.part,
      firstSeq: first.seq,
      openedAtUs: first.receiveTimeUs,
      origin: this.options.origin,
      ...(this.options.clockAnchor === undefined ? {} : { clock: this.options.clockAnchor() }),
      ...(this.options.rules === undefined ? {} : { rules: this.options.rules }),
    });
    gzip.write(`${header}\n`);
    this.part++;
    this.written.push(path);
    const entry: OpenFile = { path, opened: false, gzip, file, hour, bytes: 0, pending: '', draining: null };
    file.once('open', () => {
      entry.opened = true;
    });
    this.current = entry;
    return entry;
  }

  private async closeCurrent(): Promise<void> {
    const target = this.current;
    if (target === null) return;
    this.current = null;
    await this.push(target);
    const closed = new Promise<void>((resolve) => {
      if (target.file.closed) resolve();
      target.file.once('close', () => resolve());
    });
    if (this.failure === null) target.gzip.end();
    else target.file.destroy();
    await closed;
    if (this.failure !== null) await this.dropIfNoRecording(target);
  }

  /**
   * After a failure: a file that does not hold even its whole header line (the disk filled as it was
   * opened) is no recording, and would stop a replay of the directory. It is removed and not listed; a file
   * this writer did not create (it already existed) is only not listed.
   */
  private async dropIfNoRecording(target: OpenFile): Promise<void> {
    if (target.opened) {
      const head = await readHeadLines(target.path, 1).catch(() => []);
      if (head.length === 1) return;
      await unlink(target.path).catch(() => undefined);
    }
    this.written.splice(this.written.indexOf(target.path), 1);
  }

  private fail(message: string): RecordingWriteError {
    this.failure ??= new RecordingWriteError(message);
    return this.failure;
  }
}
