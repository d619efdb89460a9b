// recording/flowdesk-format: the line codec of flowdesk's own recording format (docs/RECORDING_FORMAT.md).
// Line 1 is a JSON header; every other line is one raw message:
//   <seq> TAB <receiveTimeUs> TAB <connectionId> TAB <kind> TAB <stream> TAB <payload, untouched>
// The payload is the last field, so it may hold anything but a newline.

import type { ClockAnchor } from '../core/index.js';
import { isProduct, type InstrumentSpec, type Product, type RawMessage, type RawMessageKind, type SymbolRules } from '../model/index.js';
import { checkHeaderRules } from './header-rules.js';

export const FORMAT_NAME = 'flowdesk-recording';
export const FORMAT_VERSION = 1;
export const FILE_SUFFIX = '.fdr.gz';

export interface RecordingHeader {
  readonly format: typeof FORMAT_NAME;
  readonly formatVersion: number;
  readonly product: Product;
  readonly symbols: readonly string[];
  /** "flowdesk <version>" of the writer. */
  readonly tool: string;
  /** Units of each symbol, so a replay converts exactly as the live engine did. */
  readonly instruments: readonly InstrumentSpec[];
  /** Position of this file in its recording session (0, 1, 2, ... across rotations). */
  readonly part: number;
  /** seq of the first message in this file. */
  readonly firstSeq: number;
  /** Receive time (µs) at which the file was opened. */
  readonly openedAtUs: number;
  /** Free text: where the messages came from ("live", "converted from ..."). */
  readonly origin: string;
  /**
   * Optional (live recordings): the receive clock's offset to UTC when the file was opened, and how that
   * clock is kept. Not part of any digest; absent from older files and from converted ones.
   */
  readonly clock?: ClockAnchor;
  /**
   * Optional (live recordings): each symbol's order rules from exchangeInfo when the session started, so a
   * replay knows the rules that held. Not part of any digest; absent from older files and from files
   * converted from data without exchangeInfo.
   */
  readonly rules?: readonly SymbolRules[];
}

export function encodeHeader(header: RecordingHeader): string {
  return JSON.stringify(header);
}

/** Parses a header line; returns null when the line is not a flowdesk header, throws on a bad one. */
export function decodeHeader(line: string): RecordingHeader | null {
  if (!line.startsWith('{') || !line.includes(`"${FORMAT_NAME}"`)) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const h = value as Partial<RecordingHeader> & Record<string, unknown>;
  if (h.format !== FORMAT_NAME) return null;
  if (h.formatVersion !== FORMAT_VERSION) {
    throw new Error(`unsupported format version ${String(h.formatVersion)} (this flowdesk reads version ${FORMAT_VERSION})`);
  }
  if (typeof h.product !== 'string' || !isProduct(h.product)) throw new Error(`header has an unknown product`);
  if (!Array.isArray(h.symbols) || !Array.isArray(h.instruments)) throw new Error('header lacks symbols or instruments');
  if (h.clock !== undefined && !isClockAnchor(h.clock)) throw new Error('header has a malformed clock (expected {source, utcOffsetUs})');
  if (h.rules !== undefined) checkHeaderRules(h.rules, h.product, h.symbols);
  return h as RecordingHeader;
}

function isClockAnchor(value: unknown): value is ClockAnchor {
  const c = value as Partial<ClockAnchor> | null;
  return typeof c === 'object' && c !== null && typeof c.source === 'string' && Number.isSafeInteger(c.utcOffsetUs);
}

const DIGITS = /^\d+$/;
const KINDS: ReadonlySet<string> = new Set<RawMessageKind>(['ws', 'rest', 'lifecycle']);

/** Encodes one message as a line (without the newline). Newlines in the payload become spaces (JSON-safe). */
export function encodeMessage(raw: RawMessage): string {
  const payload = /[\r\n]/.test(raw.payload) ? raw.payload.replace(/[\r\n]/g, ' ') : raw.payload;
  return `${raw.seq}\t${raw.receiveTimeUs}\t${raw.connectionId}\t${raw.kind}\t${raw.stream}\t${payload}`;
}

/** Decodes one message line; returns a reason string when the line is malformed. */
export function decodeMessage(line: string, product: Product): RawMessage | string {
  let start = 0;
  const fields: string[] = [];
  for (let f = 0; f < 5; f++) {
    const tab = line.indexOf('\t', start);
    if (tab < 0) return 'fewer than 6 tab-separated fields';
    fields.push(line.slice(start, tab));
    start = tab + 1;
  }
  const [seqText, timeText, connText, kind, stream] = fields as [string, string, string, string, string];
  const seq = Number(seqText);
  const receiveTimeUs = Number(timeText);
  const connectionId = Number(connText);
  // Number() alone would also take " ", "0x10" and "1e3": the format writes plain decimal digits only.
  if (!Number.isSafeInteger(seq) || !DIGITS.test(seqText)) return `bad seq "${seqText}"`;
  if (!Number.isSafeInteger(receiveTimeUs) || !DIGITS.test(timeText)) return `bad receive time "${timeText}"`;
  if (!Number.isSafeInteger(connectionId) || !DIGITS.test(connText)) return `bad connection id "${connText}"`;
  if (!KINDS.has(kind)) return `bad kind "${kind}"`;
  return { seq, receiveTimeUs, connectionId, product, kind: kind as RawMessageKind, stream, payload: line.slice(start) };
}
