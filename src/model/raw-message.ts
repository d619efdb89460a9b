// model/raw-message: one message as it came off the wire (or out of a REST response), before parsing.
// This is what the recorder stores and what replay feeds back; the same parser turns it into events in
// both cases.

import type { Product } from './product.js';

export type RawMessageKind = 'ws' | 'rest' | 'lifecycle';

export interface RawMessage {
  /** Monotonic sequence number within its source (recording or live session). */
  readonly seq: number;
  /** Local receive time, integer microseconds since the Unix epoch. */
  readonly receiveTimeUs: number;
  /** Which connection it arrived on (0 when the source does not know). */
  readonly connectionId: number;
  readonly product: Product;
  readonly kind: RawMessageKind;
  /**
   * ws: the stream name, e.g. "btcusdt@depth@100ms" (or "" when only the payload knows it);
   * rest: "<symbol>@rest.depth", e.g. "btcusdt@rest.depth"; lifecycle: the connection key.
   */
  readonly stream: string;
  /** The untouched payload text. */
  readonly payload: string;
}

/** The REST depth snapshot pseudo-stream name of a symbol. */
export function restDepthStream(symbol: string): string {
  return `${symbol.toLowerCase()}@rest.depth`;
}

export function symbolOfStream(stream: string): string | null {
  const at = stream.indexOf('@');
  return at > 0 ? stream.slice(0, at).toUpperCase() : null;
}

const ENVELOPE_PREFIX = '{"stream":"';
/** The last stream name returned: a line of the same stream as the one before gets the same string. */
let lastStream = '';

/** The stream name of a combined-stream envelope (`{"stream":"btcusdt@trade","data":...}`), or "". */
export function streamOfEnvelope(payload: string): string {
  if (!payload.startsWith(ENVELOPE_PREFIX)) return '';
  const start = ENVELOPE_PREFIX.length;
  const end = payload.indexOf('"', start);
  if (end <= start) return ''; // no closing quote, or an empty name
  if (end - start !== lastStream.length || !payload.startsWith(lastStream, start)) lastStream = payload.slice(start, end);
  return lastStream;
}
