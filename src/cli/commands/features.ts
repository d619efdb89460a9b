// cli/commands/features: `flowdesk features <file...> --interval 1s --out features.csv` — replays
// recordings through the pipeline with the feature engine attached and writes one CSV row per interval
// per symbol (docs/FEATURES.md names every column). Deterministic: the same input gives the same bytes.
// The replay driver runs to each interval boundary in turn; a row is the state after every message received
// up to it. The file is written under a temporary name and renamed at the end, so a failed run leaves no
// partial CSV.

import { once } from 'node:events';
import { parsed, required, text } from '../../config/index.js';
import { UsageError } from '../../core/index.js';
import { WINDOWS_MS, featureColumns, featureRow, type FeatureEngineOptions } from '../../features/index.js';
import { attachFeatureEngines, runOnGrid } from '../../kernel/index.js';
import { UNIT_OPTIONS, commandReplay, distinctFiles } from '../args.js';
import { defineCommand } from '../command.js';
import { parseDuration } from '../durations.js';
import { PartialFile } from '../partial-file.js';

/** "250ms", "1s", "10s", "1m", "1h" → ms, from 100ms to 1h. */
export function parseInterval(text: string): number {
  return parseDuration(text, 100, 3_600_000);
}

/**
 * The feature engine of an export at `intervalMs` (every standard window and the interval's own), and the
 * index of the interval's window. `flowdesk fit` samples with the same engine, so its inputs are the
 * exported columns.
 */
export function exportFeatureOptions(intervalMs: number): { options: FeatureEngineOptions; intervalIndex: number } {
  const windowsMs = [...new Set([...WINDOWS_MS, intervalMs])].sort((a, b) => a - b);
  return {
    options: { mlofiLevels: 5, nearTouchBps: 10, largeTradeQuantile: 0.95, largeTradeMemory: 1000, windowsMs },
    intervalIndex: windowsMs.indexOf(intervalMs),
  };
}

const OPTIONS = {
  out: required(text({ help: 'the CSV file to write; - writes to stdout', placeholder: 'FILE.csv', accepts: 'a file path or -', example: 'features.csv' })),
  interval: parsed({ help: 'one row per symbol per interval', placeholder: 'DURATION', accepts: 'a duration from 100ms to 1h such as 250ms, 1s, 10s or 1m', parse: parseInterval, default: '1s' }),
  ...UNIT_OPTIONS,
};

export const featuresCommand = defineCommand({
  name: 'features',
  summary: 'export order-flow features of recordings to CSV, one row per interval per symbol',
  description: `Replays recordings with the feature engine and writes one CSV row per interval per symbol: the book state
at the end of the interval, the interval's own OFI, buy/sell quantity, trade count, TFI and realized
volatility, and every windowed measure over 100ms, 250ms, 500ms, 1s, 3s, 5s and 10s (docs/FEATURES.md).`,
  operands: { name: 'file', min: 1 },
  options: OPTIONS,
  usesSecrets: false,
  async run({ values, operands }, context) {
    const files = await distinctFiles(operands);
    const out = values.out;
    const intervalMs = values.interval;
    const { options, intervalIndex } = exportFeatureOptions(intervalMs);
    // The output file is opened before any work: a directory that does not exist is said at once.
    const output = out === '-' ? null : await PartialFile.open('features', out);
    const stream = output?.stream ?? context.io.stdout;
    const write = (line: string): Promise<void> | void => {
      output?.check();
      if (!stream.write(`${line}\n`)) return once(stream, 'drain').then(() => undefined);
    };
    const driver: { current: { stop(): Promise<void> } | null } = { current: null };
    try {
      const replay = await commandReplay(files, values, context);
      const features = attachFeatureEngines(replay.pipeline, options);
      const engines = [...features.entries()];
      const first = engines[0];
      if (first === undefined) throw new UsageError('features: no symbol found in the input');
      await write(featureColumns(first[1]).join(','));
      const intervalUs = intervalMs * 1000;
      const replayDriver = replay.driver();
      driver.current = replayDriver;
      const writeRow = async (boundaryUs: number): Promise<void> => {
        for (const [engine, fe] of engines) await write(featureRow(fe, boundaryUs, intervalIndex, engine.sync.healthy, engine.sync.book).join(','));
      };
      // A row at each boundary: the state after every message received up to it.
      await runOnGrid(replayDriver, intervalUs, writeRow);
      await output?.commit();
    } catch (error) {
      await driver.current?.stop();
      await output?.discard();
      throw error;
    }
    return 0;
  },
});
