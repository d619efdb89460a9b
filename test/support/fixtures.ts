// Paths of the bundled real recordings and small helpers to run a replay in-process.
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildReport, prepareReplay, type PreparedReplay, type RunReport, type SourceOverrides } from '../../src/kernel/index.js';
import type { PipelineListener } from '../../src/kernel/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export const PROJECT_ROOT = root;
export const SPOT_FILES = [`${root}fixtures/binance/spot/btcusdt_20240808.gz`, `${root}fixtures/binance/spot/btcusdt_20240809.gz`];
export const USDM_FILES = [`${root}fixtures/binance/usdm/btcusdt_20240808.gz`];
/** NEXOUSDT spot, 34 hours of a quiet symbol (three files of one stream). */
export const QUIET_SPOT_FILES = ['23', '24', '25'].map((day) => `${root}fixtures/binance/spot-long/nexousdt_202407${day}.dat.gz`);

export const ENGINE_OPTIONS = { staleStreamMs: 5000, maxBufferedDiffs: 10_000 };

/** Every line of a gzip fixture. */
export function fixtureLines(path: string): string[] {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface ReplayResult {
  readonly report: RunReport;
  readonly replay: PreparedReplay;
  readonly warnings: string[];
}

export async function replayFiles(
  files: readonly string[],
  listener?: PipelineListener,
  overrides: SourceOverrides = {},
): Promise<ReplayResult> {
  const warnings: string[] = [];
  const replay = await prepareReplay(
    { files, overrides, engine: ENGINE_OPTIONS, warn: (m) => warnings.push(m) },
    listener,
  );
  await replay.run();
  return { report: buildReport(replay.pipeline, replay.readerStats.skippedLines, 1), replay, warnings };
}
