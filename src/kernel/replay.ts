// kernel/replay: the composition root of a replay. Opens the files, registers their instruments, builds
// the same Pipeline the live path uses, and feeds it the merged messages in receive-time order (read and
// parsed on a second thread when asked: decode-worker.ts).

import type { Product, RawMessage } from '../model/index.js';
import type { ReaderStats, WarningSink } from '../recording/index.js';
import { decodeWorkerAvailable, runDecodeWorker } from './decode-client.js';
import { InstrumentRegistry } from './instruments.js';
import { mergeByReceiveTime } from './merge.js';
import { Pipeline, type PipelineListener } from './pipeline.js';
import { openSource, reconcileInstruments, type OpenedSource, type SourceOverrides } from './replay-sources.js';
import type { EngineOptions } from './symbol-engine.js';

export interface ReplayRequest {
  readonly files: readonly string[];
  readonly overrides: SourceOverrides;
  readonly engine: EngineOptions;
  readonly warn: WarningSink;
  /**
   * Read and parse in a second thread (decode-worker.ts) while this one applies: the same messages, events
   * and digest, sooner on a machine with a core to spare. Used by run() without `beforeEach` (which needs
   * every raw message here), and only where the compiled worker exists (not from the TypeScript sources).
   */
  readonly decodeInWorker?: boolean;
}

/** Items per batch and batches in flight for the decode worker: ~2,000 messages, a few MB at most. */
const WORKER_BATCH_ITEMS = 2048;
const WORKER_MAX_IN_FLIGHT = 4;

export interface PreparedReplay {
  readonly pipeline: Pipeline;
  readonly sources: readonly OpenedSource[];
  readonly readerStats: ReaderStats;
  /** Feeds every message through the pipeline. `beforeEach` sees each raw message first (e.g. a writer). */
  run(beforeEach?: (raw: RawMessage) => void | Promise<void>): Promise<void>;
}

export async function prepareReplay(request: ReplayRequest, listener?: PipelineListener): Promise<PreparedReplay> {
  const readerStats: ReaderStats = { lines: 0, skippedLines: 0 };
  const sources: OpenedSource[] = [];
  for (const path of request.files) sources.push(await openSource(path, request.overrides, request.warn, readerStats));
  const instruments = new InstrumentRegistry();
  const specs = reconcileInstruments(sources);
  for (const spec of specs) instruments.add(spec);
  const pipeline = new Pipeline(instruments, request.engine);
  if (listener !== undefined) pipeline.onEvent(listener);
  for (const inst of instruments.all()) pipeline.engine(inst.product, inst.symbol);
  return {
    pipeline,
    sources,
    readerStats,
    run: async (beforeEach) => {
      const deliver =
        beforeEach === undefined
          ? (raw: RawMessage) => pipeline.ingest(raw)
          : (raw: RawMessage) => {
              const pending = beforeEach(raw);
              pipeline.ingest(raw);
              return pending;
            };
      // A book's data ends when the last file that carries its symbol ends (files of one stream follow
      // each other); after that, silence is not staleness.
      const remaining = new Map<string, number>();
      const keysOf = (s: OpenedSource) => s.symbols.map((symbol) => `${s.product}:${symbol}`);
      for (const source of sources) for (const key of keysOf(source)) remaining.set(key, (remaining.get(key) ?? 0) + 1);
      const onSourceEnd = (index: number) => {
        for (const key of keysOf(sources[index] as OpenedSource)) {
          const left = (remaining.get(key) ?? 1) - 1;
          remaining.set(key, left);
          const [product, symbol] = key.split(':') as [Product, string];
          if (left === 0) pipeline.engine(product, symbol)?.markSourcesEnded();
        }
      };
      if (beforeEach === undefined && request.decodeInWorker === true && decodeWorkerAvailable()) {
        for (const source of sources) await source.batches.return(undefined); // never started: opens nothing
        await runDecodeWorker(
          {
            sources: sources.map(({ path, reader }) => ({ path, reader })),
            instruments: specs,
            batchItems: WORKER_BATCH_ITEMS,
            maxInFlight: WORKER_MAX_IN_FLIGHT,
          },
          {
            market: (event) => pipeline.ingestMarketEvent(event),
            raw: (raw) => pipeline.ingest(raw),
            sourceEnd: onSourceEnd,
            warning: request.warn,
          },
          readerStats,
        );
        return;
      }
      await mergeByReceiveTime(
        sources.map((s) => s.batches),
        deliver,
        onSourceEnd,
      );
    },
  };
}
