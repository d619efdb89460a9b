// loopback/load: reads recordings (flowdesk format or hftbacktest collector files) into the RawMessage list
// a LoopbackExchange serves, with src/recording's readers. Files are taken as one continuous stream, in the
// order given (like `flowdesk replay` with files of one stream).

import { InputError } from '../core/index.js';
import { symbolOfStream, type Product, type RawMessage } from '../model/index.js';
import {
  detectFormat,
  readFlowdeskRecording,
  readHftRecording,
  type MessageBatches,
  type ReaderStats,
  type WarningSink,
} from '../recording/index.js';

export interface LoadOptions {
  /** Receives the readers' warnings (damaged lines, cut-off files); ignored by default. */
  readonly warn?: WarningSink;
  /** Stop after this many messages of the symbol (a slice of the recording for quick tests). */
  readonly maxMessages?: number;
}

/**
 * Every message of `symbol` in `paths`, in file order then line order, numbered from 0 (`seq`). REST
 * snapshots of hftbacktest files, which name no symbol, are taken as `symbol`'s. Throws InputError for an
 * unreadable file or a flowdesk recording of another product.
 */
export async function loadRecordingMessages(
  paths: readonly string[],
  product: Product,
  symbol: string,
  options: LoadOptions = {},
): Promise<RawMessage[]> {
  const wanted = symbol.toUpperCase();
  const warn = options.warn ?? (() => undefined);
  const max = options.maxMessages ?? Number.POSITIVE_INFINITY;
  const stats: ReaderStats = { lines: 0, skippedLines: 0 };
  const out: RawMessage[] = [];
  for (const path of paths) {
    const { format, header } = await detectFormat(path);
    let batches: MessageBatches;
    if (format === 'flowdesk' && header !== null) {
      if (header.product !== product) {
        throw new InputError(`${path}: a ${header.product} recording, but a ${product} exchange was asked for`, path);
      }
      batches = readFlowdeskRecording(path, header, warn, stats);
    } else {
      batches = readHftRecording(path, { product, snapshotSymbol: wanted }, warn, stats);
    }
    for await (const batch of batches) {
      for (const message of batch) {
        if (message.kind === 'lifecycle') continue;
        const of = symbolOfStream(message.stream);
        if (of !== null && of !== wanted) continue;
        out.push({ ...message, seq: out.length });
        if (out.length >= max) return out; // leaving the loop closes the reader
      }
    }
  }
  return out;
}
