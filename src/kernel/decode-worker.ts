// kernel/decode-worker: the replay's decode thread. Reads and merges the recording files exactly as an
// in-thread replay does (same readers, same merge, same message numbering), parses what the wire parser's
// fast path is certain of, and posts it in batches (decode-codec.ts) to the engine thread, which applies
// them in order. At most `maxInFlight` batches are unanswered at once, so a slow engine thread holds the
// reading back instead of queueing the whole file in memory.

import { parentPort, workerData } from 'node:worker_threads';
import type { InstrumentSpec } from '../model/index.js';
import { readRecording, type ReaderSpec, type ReaderStats } from '../recording/index.js';
import { fastParseMarket } from '../venue/index.js';
import { BatchEncoder, type DecodedBatch } from './decode-codec.js';
import { InstrumentRegistry } from './instruments.js';
import { mergeByReceiveTime } from './merge.js';

export interface DecodeWorkerData {
  readonly sources: readonly { readonly path: string; readonly reader: ReaderSpec }[];
  readonly instruments: readonly InstrumentSpec[];
  /** Items per batch. */
  readonly batchItems: number;
  /** Batches posted and not yet acknowledged, at most. */
  readonly maxInFlight: number;
}

export type FromDecodeWorker =
  | { readonly type: 'batch'; readonly batch: DecodedBatch }
  | { readonly type: 'done'; readonly stats: ReaderStats }
  | { readonly type: 'error'; readonly name: string; readonly message: string; readonly path: string | null };

/** The engine thread acknowledges each batch once it has applied it. */
export type ToDecodeWorker = { readonly type: 'ack' };

async function decode(port: NonNullable<typeof parentPort>, data: DecodeWorkerData): Promise<void> {
  let credits = data.maxInFlight;
  let wake: (() => void) | null = null;
  port.on('message', (message: ToDecodeWorker) => {
    if (message.type !== 'ack') return;
    credits++;
    wake?.();
    wake = null;
  });
  const registry = new InstrumentRegistry();
  for (const spec of data.instruments) registry.add(spec);
  const lookup = registry.get.bind(registry);
  const encoder = new BatchEncoder();
  const stats: ReaderStats = { lines: 0, skippedLines: 0 };
  const flush = async (): Promise<void> => {
    if (encoder.size === 0) return;
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const batch = encoder.take();
    port.postMessage({ type: 'batch', batch } satisfies FromDecodeWorker, [batch.numbers.buffer as ArrayBuffer]);
  };
  const sources = data.sources.map((s) => readRecording(s.path, s.reader, (message) => encoder.warning(message), stats));
  await mergeByReceiveTime(
    sources,
    (raw) => {
      const event = fastParseMarket(raw, lookup);
      if (event !== null) encoder.market(event);
      else encoder.raw(raw);
      return encoder.size >= data.batchItems ? flush() : undefined;
    },
    (sourceIndex) => encoder.sourceEnd(sourceIndex),
  );
  await flush();
  port.postMessage({ type: 'done', stats } satisfies FromDecodeWorker);
}

const port = parentPort;
if (port !== null) {
  decode(port, workerData as DecodeWorkerData).catch((error: unknown) => {
    const e = error as Error & { path?: unknown };
    port.postMessage({
      type: 'error',
      name: e?.name ?? 'Error',
      message: e?.message ?? String(error),
      path: typeof e?.path === 'string' ? e.path : null,
    } satisfies FromDecodeWorker);
  });
}
