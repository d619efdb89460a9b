// kernel/replay: the composition root of a replay. Opens the files, registers their instruments, builds
// the same Pipeline the live path uses, and hands out the one driver (replay-driver.ts) that feeds it the
// merged messages in receive-time order.

import { instrumentKey, type Product, type SymbolRules } from '../model/index.js';
import type { ReaderStats, WarningSink } from '../recording/index.js';
import { InstrumentRegistry } from './instruments.js';
import { Pipeline, type PipelineListener } from './pipeline.js';
import { ReplayDriver, type ReplayDriverOptions } from './replay-driver.js';
import { openSource, reconcileInstruments, reconcileRules, type OpenedSource, type SourceOverrides } from './replay-sources.js';
import type { EngineOptions } from './symbol-engine.js';

export interface ReplayRequest {
  readonly files: readonly string[];
  readonly overrides: SourceOverrides;
  readonly engine: EngineOptions;
  readonly warn: WarningSink;
  /**
   * Read and parse in a second thread (decode-worker.ts) while this one applies: the same messages, events
   * and digest, sooner on a machine with a core to spare. Not with a driver's `onRaw` hook (which needs
   * every raw message here), and only where the compiled worker exists (not from the TypeScript sources).
   */
  readonly decodeInWorker?: boolean;
}

export interface PreparedReplay {
  readonly pipeline: Pipeline;
  readonly sources: readonly OpenedSource[];
  readonly readerStats: ReaderStats;
  /**
   * The order rules that held for a symbol, as the recording's header gives them (the first file's, in the
   * order given, when several have them; each source keeps its own); undefined when no file has them.
   */
  rulesOf(product: Product, symbol: string): SymbolRules | undefined;
  /** The driver of this replay's messages. There is one: the files are read once. */
  driver(options?: ReplayDriverOptions): ReplayDriver;
  /** Feeds every message through the pipeline: `driver().runToEnd()`. */
  run(): Promise<void>;
}

export async function prepareReplay(request: ReplayRequest, listener?: PipelineListener): Promise<PreparedReplay> {
  const readerStats: ReaderStats = { lines: 0, skippedLines: 0 };
  const sources: OpenedSource[] = [];
  for (const path of request.files) sources.push(await openSource(path, request.overrides, request.warn, readerStats));
  const instruments = new InstrumentRegistry();
  const specs = reconcileInstruments(sources);
  for (const spec of specs) instruments.add(spec);
  const rules = reconcileRules(sources);
  const pipeline = new Pipeline(instruments, request.engine);
  if (listener !== undefined) pipeline.onEvent(listener);
  for (const inst of instruments.all()) pipeline.engine(inst.product, inst.symbol);
  let created = false;
  const driver = (options?: ReplayDriverOptions): ReplayDriver => {
    if (created) throw new Error('a replay has one driver: its files are read once');
    created = true;
    return new ReplayDriver(
      { pipeline, sources, instruments: specs, readerStats, warn: request.warn, decodeInWorker: request.decodeInWorker === true },
      options,
    );
  };
  return {
    pipeline,
    sources,
    readerStats,
    rulesOf: (product, symbol) => rules.get(instrumentKey(product, symbol)),
    driver,
    run: async () => {
      await driver().runToEnd();
    },
  };
}
