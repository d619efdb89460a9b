// recording/readers: turn recording files into batches of RawMessage, whatever their format:
//   - flowdesk's own format (flowdesk-format.ts), header first;
//   - the hftbacktest collector format: `<receive time in ns or µs> <raw JSON>` per line, gzip or plain,
//     combined-stream envelopes plus bare REST depth snapshot lines.
// Damaged lines are skipped with a warning (counted), never thrown; an unreadable file is an InputError.

import { InputError } from '../core/index.js';
import { restDepthStream, streamOfEnvelope, type Product, type RawMessage } from '../model/index.js';
import { decodeHeader, decodeMessage, type RecordingHeader } from './flowdesk-format.js';
import { readHeadLines, readLineBatches, type WarningSink } from './line-reader.js';

export type RecordingFormat = 'flowdesk' | 'hftbacktest';

export interface ReaderStats {
  lines: number;
  skippedLines: number;
}

export type MessageBatches = AsyncGenerator<RawMessage[]>;

const MAX_LISTED_WARNINGS = 5;

/** Tells the format from the first line of a file; throws InputError naming the file when unknown. */
export async function detectFormat(path: string): Promise<{ format: RecordingFormat; header: RecordingHeader | null }> {
  const [first] = await readHeadLines(path, 1);
  if (first === undefined || first.trim() === '') throw new InputError(`${path}: no data in file`, path);
  let header: RecordingHeader | null;
  try {
    header = decodeHeader(first);
  } catch (error) {
    throw new InputError(`${path}: bad flowdesk recording header: ${(error as Error).message}`, path);
  }
  if (header !== null) return { format: 'flowdesk', header };
  if (/^\d{15,20} [{[]/.test(first)) return { format: 'hftbacktest', header: null };
  throw new InputError(
    `${path}: unrecognised format (expected a flowdesk recording or "<receive time> <json>" lines)`,
    path,
  );
}

/** Warns for the first few skipped lines of a file, then once with the count at the end. */
class SkipReporter {
  private count = 0;
  constructor(
    private readonly path: string,
    private readonly warn: WarningSink,
    private readonly stats: ReaderStats,
  ) {}
  skip(lineNumber: number, reason: string): void {
    this.count++;
    this.stats.skippedLines++;
    if (this.count <= MAX_LISTED_WARNINGS) this.warn(`${this.path}:${lineNumber}: skipped malformed line (${reason})`);
  }
  finish(): void {
    if (this.count > MAX_LISTED_WARNINGS) this.warn(`${this.path}: ${this.count} malformed lines skipped in all`);
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes every line of a file with `decode`, in batches. Malformed lines are skipped with a warning; a
 * last line cut off without a newline (a crash) is dropped with a warning of its own.
 */
async function* decodeFile(
  path: string,
  warn: WarningSink,
  stats: ReaderStats,
  firstLine: 'header' | 'data',
  decode: (line: string) => RawMessage | string,
): MessageBatches {
  const skips = new SkipReporter(path, warn, stats);
  let lineNumber = 0;
  for await (const batch of readLineBatches(path, warn)) {
    const out: RawMessage[] = [];
    const last = batch.lines.length - 1;
    for (let i = 0; i <= last; i++) {
      const line = batch.lines[i] as string;
      lineNumber++;
      if (line === '' || (lineNumber === 1 && firstLine === 'header')) continue;
      stats.lines++;
      const cutOff = batch.endsWithoutNewline && i === last;
      const decoded = decode(line);
      if (typeof decoded === 'string' || (cutOff && !isJson(decoded.payload))) {
        if (cutOff) warn(`${path}:${lineNumber}: last line is cut off; ignored`);
        else skips.skip(lineNumber, decoded as string);
        continue;
      }
      out.push(decoded);
    }
    if (out.length > 0) yield out;
  }
  skips.finish();
}

export function readFlowdeskRecording(
  path: string,
  header: RecordingHeader,
  warn: WarningSink,
  stats: ReaderStats,
): MessageBatches {
  return decodeFile(path, warn, stats, 'header', (line) => decodeMessage(line, header.product));
}

export interface HftReadOptions {
  readonly product: Product;
  /** Symbol of the bare REST snapshot lines (they do not name one). */
  readonly snapshotSymbol: string | null;
}

/** Parses one hftbacktest line; returns a reason string when malformed. */
export function decodeHftLine(line: string, options: HftReadOptions): RawMessage | string {
  const space = line.indexOf(' ');
  if (space < 0) return 'no space after the receive time';
  const digits = line.slice(0, space);
  if (!isDigits(line, space)) return `receive time "${digits.slice(0, 24)}" is not an integer`;
  let receiveTimeUs: number;
  if (digits.length >= 18 && digits.length <= 20) receiveTimeUs = Number(digits.slice(0, -3));
  else if (digits.length >= 15 && digits.length <= 17) receiveTimeUs = Number(digits);
  else return `receive time "${digits}" is neither nanoseconds nor microseconds since the epoch`;
  const payload = line.slice(space + 1);
  if (payload.startsWith('{"lastUpdateId"')) {
    if (options.snapshotSymbol === null) return 'REST snapshot line, but the file names no single symbol (use --symbol)';
    return {
      seq: 0,
      receiveTimeUs,
      connectionId: 0,
      product: options.product,
      kind: 'rest',
      stream: restDepthStream(options.snapshotSymbol),
      payload,
    };
  }
  return {
    seq: 0,
    receiveTimeUs,
    connectionId: 0,
    product: options.product,
    kind: 'ws',
    stream: streamOfEnvelope(payload),
    payload,
  };
}

/** Are the first `length` characters of `text` all ASCII digits (and is there at least one)? */
function isDigits(text: string, length: number): boolean {
  if (length === 0) return false;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** How to read a file once its format is known: all a reader needs, as plain data (it crosses threads). */
export type ReaderSpec =
  | { readonly format: 'flowdesk'; readonly header: RecordingHeader }
  | { readonly format: 'hftbacktest'; readonly options: HftReadOptions };

/** The message batches of a file read as `spec` says. */
export function readRecording(path: string, spec: ReaderSpec, warn: WarningSink, stats: ReaderStats): MessageBatches {
  return spec.format === 'flowdesk' ? readFlowdeskRecording(path, spec.header, warn, stats) : readHftRecording(path, spec.options, warn, stats);
}

export function readHftRecording(
  path: string,
  options: HftReadOptions,
  warn: WarningSink,
  stats: ReaderStats,
): MessageBatches {
  return decodeFile(path, warn, stats, 'data', (line) => decodeHftLine(line, options));
}
