// cli/commands/features: `flowdesk features <file...> --interval 1s --out features.csv` — replays
// recordings through the pipeline with the feature engine attached and writes one CSV row per interval
// per symbol (docs/FEATURES.md names every column). Deterministic: the same input gives the same bytes.
// The replay driver runs to each interval boundary in turn; a row is the state after every message received
// up to it. The file is written under a temporary name and renamed at the end, so a failed run leaves no
// partial CSV.

import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { UsageError } from '../../core/index.js';
import { WINDOWS_MS, featureColumns, featureRow } from '../../features/index.js';
import { attachFeatureEngines, prepareReplay } from '../../kernel/index.js';
import { UNIT_OPTIONS, optionalString, parseCommandArgs, unitOverrides } from '../args.js';
import type { Command } from '../context.js';
import { printLine } from '../io.js';

const USAGE = `usage: flowdesk features <file...> --out FILE.csv [--interval 1s]
                        [--product spot|usdm] [--symbol SYMBOL] [--tick-size D] [--lot-size D]

Replays recordings with the feature engine and writes one CSV row per interval per symbol: the book state
at the end of the interval, the interval's own OFI, buy/sell quantity, trade count, TFI and realized
volatility, and every windowed measure over 100ms, 250ms, 500ms, 1s, 3s, 5s and 10s (docs/FEATURES.md).
--interval accepts 100ms … 1h (e.g. 250ms, 1s, 10s, 1m); --out - writes to stdout.`;

export function parseInterval(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (match === null) throw new UsageError(`--interval must look like 100ms, 1s, 10s or 1m, got "${text}"`);
  const ms = Number(match[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const)[match[2] as 'ms' | 's' | 'm' | 'h'];
  if (ms < 100 || ms > 3_600_000) throw new UsageError(`--interval must be between 100ms and 1h, got "${text}"`);
  return ms;
}

export const featuresCommand: Command = {
  name: 'features',
  summary: 'export order-flow features of recordings to CSV, one row per interval per symbol',
  usage: USAGE,
  usesSecrets: false,
  async run(argv, context) {
    const parsed = parseCommandArgs('features', argv, { ...UNIT_OPTIONS, interval: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
    if (parsed.values['help'] === true) {
      printLine(context.io.stdout, USAGE);
      return 0;
    }
    const out = optionalString(parsed, 'out');
    if (out === undefined) throw new UsageError(`features: --out FILE is required\n${USAGE}`);
    if (parsed.positionals.length === 0) throw new UsageError(`features: no file given\n${USAGE}`);
    const intervalMs = parseInterval(optionalString(parsed, 'interval') ?? '1s');
    const windowsMs = [...new Set([...WINDOWS_MS, intervalMs])].sort((a, b) => a - b);
    const intervalIndex = windowsMs.indexOf(intervalMs);
    const replay = await prepareReplay({
      files: parsed.positionals,
      overrides: unitOverrides(parsed),
      engine: context.engine,
      warn: (message) => context.warn(message),
    });
    const features = attachFeatureEngines(replay.pipeline, { mlofiLevels: 5, nearTouchBps: 10, largeTradeQuantile: 0.95, largeTradeMemory: 1000, windowsMs });
    const toStdout = out === '-';
    const tmp = `${out}.partial`;
    const stream = toStdout ? context.io.stdout : createWriteStream(tmp);
    const write = (line: string): Promise<void> | void => {
      if (!stream.write(`${line}\n`)) return once(stream, 'drain').then(() => undefined);
    };
    const engines = [...features.entries()];
    const first = engines[0];
    if (first === undefined) throw new UsageError('features: no symbol found in the input');
    await write(featureColumns(first[1]).join(','));
    const intervalUs = intervalMs * 1000;
    const driver = replay.driver();
    const writeRow = async (boundaryUs: number): Promise<void> => {
      for (const [engine, fe] of engines) await write(featureRow(fe, boundaryUs, intervalIndex, engine.sync.healthy, engine.sync.book).join(','));
    };
    try {
      // A row at each boundary: the state after every message received up to it. The last row is the first
      // boundary at or after the last message.
      const firstUs = await driver.nextTimeUs();
      if (firstUs !== null) {
        let boundaryUs = Math.ceil(firstUs / intervalUs) * intervalUs;
        for (;;) {
          await driver.runUntil(boundaryUs);
          if (driver.finished) break;
          await writeRow(boundaryUs);
          boundaryUs += intervalUs;
        }
        const lastBoundaryUs = Math.ceil((driver.lastMessageUs as number) / intervalUs) * intervalUs;
        for (; boundaryUs <= lastBoundaryUs; boundaryUs += intervalUs) await writeRow(boundaryUs);
      }
      if (!toStdout) {
        stream.end();
        await once(stream, 'finish');
        await rename(tmp, out);
      }
    } catch (error) {
      await driver.stop();
      if (!toStdout) {
        stream.destroy();
        await rm(tmp, { force: true });
      }
      throw error;
    }
    return 0;
  },
};
