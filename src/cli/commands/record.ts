// cli/commands/record: `flowdesk record --no-ui --product spot|usdm --symbols A,B --out DIR` — connects to
// Binance's public streams through the SDK, keeps books in sync, and records every raw message (frames,
// REST snapshots, connection events, clock marks) in flowdesk's recording format. Runs without a TTY;
// SIGINT/SIGTERM flush and close every file and exit 0; a write failure exits 1 with one clear line.
// Holds DIR's lock (cli/output-lock) from before it connects until it exits: one recorder per directory.

import { number, integer, required, text } from '../../config/index.js';
import type { InstrumentSpec, SymbolRules } from '../../model/index.js';
import { DEFAULT_GZIP_LEVEL, RecordingWriter } from '../../recording/index.js';
import { defineCommand } from '../command.js';
import { printLine } from '../io.js';
import type { CommandContext } from '../context.js';
import { LIVE_OPTIONS, createLiveSession, parseLiveArgs, untilStopSignal, type LiveArgs } from '../live-setup.js';
import { logNotices } from '../notices.js';
import { acquireOutputLock } from '../output-lock.js';
import { startResourceSamples } from '../resource-samples.js';
import { StatusLine } from '../status-line.js';
import { systemClock, systemScheduler } from '../system-time.js';
import { flowdeskVersion } from '../version.js';

const OPTIONS = {
  ...LIVE_OPTIONS,
  'no-ui': { ...LIVE_OPTIONS['no-ui'], help: 'recording is headless; without this flag a warning says so' },
  out: required(text({ help: 'the directory to write the recordings to', placeholder: 'DIR', accepts: 'a directory path', example: 'recordings' })),
  'max-file-mb': number({ help: 'start a new file after this many MB of text', min: 1, unit: 'MB', default: 256 }),
  'flush-every': number({ help: 'seconds between flushes to disk', min: 0.1, max: 3600, unit: 'seconds', placeholder: 'S', default: 1 }),
  'gzip-level': integer({ help: '1 spends the least CPU, 9 writes the smallest files', min: 1, max: 9, default: DEFAULT_GZIP_LEVEL }),
};

export const recordCommand = defineCommand({
  name: 'record',
  summary: 'record Binance public market data raw, keeping books in sync (no keys needed)',
  description: `Records Binance public market data (diff depth, trades, bookTicker, REST snapshots) raw, in flowdesk's
recording format (docs/RECORDING_FORMAT.md), rotating files by UTC hour and size. Books are kept in sync
while recording (resync on gap, stale stream, crossed book, reconnect), and a status line goes to stderr
every --status-every seconds. Endpoints: BINANCE_SPOT_* / BINANCE_USDM_* in .env. No API keys are read.
Stop with Ctrl+C, SIGTERM or SIGHUP: files are flushed and closed, exit code 0. One writer per DIR: a
second one is refused (DIR/.flowdesk.lock). Recording is headless (--no-ui); to watch live data in the
console use flowdesk live.`,
  operands: null,
  options: OPTIONS,
  usesSecrets: false,
  async run({ values }, context) {
    const args = parseLiveArgs(values);
    const out = values.out;
    const flushEverySec = values['flush-every'];
    const maxFileBytes = Math.round(values['max-file-mb'] * 1024 * 1024);
    const gzipLevel = values['gzip-level'];
    if (!values['no-ui']) context.warn('recording is headless; watch live data with `flowdesk live` (pass --no-ui to silence this)');

    // Before connecting and before any file exists in DIR: a second recorder into DIR touches nothing.
    const lock = acquireOutputLock(out, { command: `flowdesk ${process.argv.slice(2).join(' ')}`, warn: (message) => context.warn(message) });
    try {
      return await record(args, out, { flushEverySec, maxFileBytes, gzipLevel }, context);
    } finally {
      lock.release();
    }
  },
});

async function record(
  args: LiveArgs,
  out: string,
  files: { flushEverySec: number; maxFileBytes: number; gzipLevel: number },
  context: CommandContext,
): Promise<number> {
  const { flushEverySec, maxFileBytes, gzipLevel } = files;
  let writer: RecordingWriter | null = null;
  const signal = untilStopSignal(context);
  let failed: (code: number) => void = () => undefined;
  const failure = new Promise<number>((resolve) => {
    failed = resolve;
  });
  let hasFailed = false;
  // Said once: after a write failure every later message fails the same way.
  const fail = (error: unknown): void => {
    if (hasFailed) return;
    hasFailed = true;
    printLine(context.io.stderr, `flowdesk: recording stopped: ${error instanceof Error ? error.message : String(error)}`);
    failed(1);
  };
  const finished = Promise.race([signal.stopped, failure]);
  const status = new StatusLine(args.imbalanceLevels);
  const notices = logNotices(context.logger);
  const session = await createLiveSession(args, context, {
    onRaw: (raw) => {
      if (hasFailed) return;
      const pending = writer?.write(raw);
      if (pending !== undefined) pending.catch(fail);
    },
    onEvent: (event) => {
      status.onEvent(event);
      notices(event);
    },
    onFatal: fail,
  });
  // The status line runs from the start: while exchangeInfo is asked and while connections are refused,
  // it says so (`connecting to URL (attempt k)`, `reconnecting in Ns (attempt k)`).
  // The first line at once: what is being tried is never a silent wait.
  const printStatus = (): void => {
    const w = writer as RecordingWriter | null;
    const nowUs = systemClock.nowUs();
    printLine(context.io.stderr, status.render(session.pipelineIfStarted, nowUs, session.connectionState(nowUs), w?.bytesWritten ?? 0, w?.files.length ?? 0));
  };
  printStatus();
  const timers: (() => void)[] = [systemScheduler.every(args.statusEverySec * 1000, printStatus)];
  let code: number;
  try {
    await Promise.race([
      session.start((instruments: readonly InstrumentSpec[], rules: readonly SymbolRules[]) => {
        writer = new RecordingWriter({
          dir: out,
          product: args.product,
          symbols: args.symbols,
          instruments,
          rules,
          tool: `flowdesk ${flowdeskVersion()}`,
          origin: 'live',
          maxFileBytes,
          gzipLevel,
          rotateHourly: true,
          clockAnchor: () => systemClock.anchor(),
        });
      }),
      finished,
    ]);
    timers.push(
      systemScheduler.every(flushEverySec * 1000, () => {
        writer?.flush().catch(fail);
      }),
    );
    // FLOWDESK_PERF_OUT: one JSON line of resource figures every FLOWDESK_PERF_EVERY_MS (bench/soak.mjs).
    const perfOut = context.config.perf.out;
    if (perfOut !== null) {
      timers.push(
        startResourceSamples(perfOut, context.config.perf.everyMs, () => ({
          messages: session.pipeline.counters.messages,
          bytesWritten: writer?.bytesWritten ?? 0,
          ...(writer?.backlog ?? { heldMessages: 0, bufferedBytes: 0 }),
        })),
      );
    }
    code = await finished;
  } finally {
    for (const cancel of timers) cancel();
    signal.dispose();
    await session.stop();
  }
  const w = writer as RecordingWriter | null;
  if (w !== null) {
    try {
      await w.close();
    } catch (error) {
      if (code === 0) fail(error);
      code = 1;
    }
    for (const file of w.files) printLine(context.io.stdout, file);
  }
  return code;
}
