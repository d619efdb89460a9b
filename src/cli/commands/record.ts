// cli/commands/record: `flowdesk record --no-ui --product spot|usdm --symbols A,B --out DIR` — connects to
// Binance's public streams through the SDK, keeps books in sync, and records every raw message (frames,
// REST snapshots, connection events, clock marks) in flowdesk's recording format. Runs without a TTY;
// SIGINT/SIGTERM flush and close every file and exit 0; a write failure exits 1 with one clear line.

import { seededRandom, UsageError } from '../../core/index.js';
import { LiveSession, type TradeStream } from '../../kernel/index.js';
import type { InstrumentSpec } from '../../model/index.js';
import { RecordingWriter } from '../../recording/index.js';
import { BinanceSdkVenue } from '../../venue/index.js';
import { optionalString, parseCommandArgs, positiveNumberOption, productOption } from '../args.js';
import type { Command } from '../context.js';
import { printLine } from '../io.js';
import { logNotices } from '../notices.js';
import { StatusLine } from '../status-line.js';
import { systemClock, systemScheduler } from '../system-time.js';
import { flowdeskVersion } from '../version.js';

const USAGE = `usage: flowdesk record --no-ui --product spot|usdm --symbols BTCUSDT,ETHUSDT --out DIR
                      [--trades trade|aggTrade] [--depth depth@100ms] [--snapshot-limit N]
                      [--status-every S] [--max-file-mb N] [--flush-every S] [--imbalance-levels N]

Records Binance public market data (diff depth, trades, bookTicker, REST snapshots) raw, in flowdesk's
recording format (docs/RECORDING_FORMAT.md), rotating files by UTC hour and size. Books are kept in sync
while recording (resync on gap, stale stream, crossed book, reconnect), and a status line goes to stderr
every --status-every seconds (default 10). Endpoints: BINANCE_SPOT_* / BINANCE_USDM_* in .env. No API
keys are read. Stop with Ctrl+C or SIGTERM: files are flushed and closed, exit code 0.

  --trades            trade (default) or aggTrade
  --depth             diff depth stream (default depth@100ms)
  --snapshot-limit    REST snapshot levels (default 1000; spot up to 5000, USD-M up to 1000)
  --max-file-mb       start a new file after this many MB of text (default 256)
  --flush-every       seconds between flushes to disk (default 1)
  --imbalance-levels  levels per side in the status line's notional imbalance (default 10)`;

export const recordCommand: Command = {
  name: 'record',
  summary: 'record Binance public market data raw, keeping books in sync (no keys needed)',
  usage: USAGE,
  usesSecrets: false,
  async run(argv, context) {
    const parsed = parseCommandArgs('record', argv, {
      product: { type: 'string' },
      symbols: { type: 'string' },
      out: { type: 'string' },
      trades: { type: 'string' },
      depth: { type: 'string' },
      'snapshot-limit': { type: 'string' },
      'status-every': { type: 'string' },
      'max-file-mb': { type: 'string' },
      'flush-every': { type: 'string' },
      'imbalance-levels': { type: 'string' },
      'no-ui': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (parsed.values['help'] === true) {
      printLine(context.io.stdout, USAGE);
      return 0;
    }
    const product = productOption(parsed);
    if (product === undefined) throw new UsageError(`record: --product spot|usdm is required\n${USAGE}`);
    const out = optionalString(parsed, 'out');
    if (out === undefined) throw new UsageError(`record: --out DIR is required\n${USAGE}`);
    const symbols = (optionalString(parsed, 'symbols') ?? 'BTCUSDT,ETHUSDT').split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
    if (symbols.length === 0 || symbols.some((s) => !/^[A-Z0-9]{2,30}$/.test(s))) throw new UsageError('--symbols must be a comma-separated list such as BTCUSDT,ETHUSDT');
    const trades = optionalString(parsed, 'trades') ?? 'trade';
    if (trades !== 'trade' && trades !== 'aggTrade') throw new UsageError(`--trades must be trade or aggTrade, got "${trades}"`);
    const snapshotLimit = positiveNumberOption(parsed, 'snapshot-limit', 1000);
    if (!Number.isInteger(snapshotLimit) || snapshotLimit > (product === 'spot' ? 5000 : 1000)) {
      throw new UsageError(`--snapshot-limit must be an integer up to ${product === 'spot' ? 5000 : 1000} for ${product}`);
    }
    const statusEverySec = positiveNumberOption(parsed, 'status-every', 10);
    const flushEverySec = positiveNumberOption(parsed, 'flush-every', 1);
    const maxFileBytes = Math.round(positiveNumberOption(parsed, 'max-file-mb', 256) * 1024 * 1024);
    const imbalanceLevels = positiveNumberOption(parsed, 'imbalance-levels', 10);
    if (parsed.values['no-ui'] !== true) context.warn('the console UI is not built yet; recording headless (pass --no-ui to silence this)');

    const endpoints = context.config.endpoints;
    const venue = new BinanceSdkVenue({
      product,
      restUrl: product === 'spot' ? endpoints.spotRest : endpoints.usdmRest,
      wsUrl: product === 'spot' ? endpoints.spotWs : endpoints.usdmWs,
      requestTimeoutMs: 10_000,
      sdkLog: (level, params) => {
        if (level === 'error') context.logger.warn({ sdk: params }, 'binance SDK');
        else context.logger.debug({ sdk: params }, 'binance SDK');
      },
    });
    let writer: RecordingWriter | null = null;
    let finish: (code: number) => void = () => undefined;
    const finished = new Promise<number>((resolve) => {
      finish = resolve;
    });
    const fail = (error: unknown): void => {
      printLine(context.io.stderr, `flowdesk: recording stopped: ${error instanceof Error ? error.message : String(error)}`);
      finish(1);
    };
    const status = new StatusLine(imbalanceLevels);
    const notices = logNotices(context.logger);
    const session = new LiveSession(
      {
        product,
        symbols,
        depthStream: optionalString(parsed, 'depth') ?? 'depth@100ms',
        tradeStream: trades as TradeStream,
        snapshotLimit,
        engine: { staleStreamMs: context.config.staleStreamMs, maxBufferedDiffs: context.config.maxBufferedDiffs },
        staleCheckMs: 250,
      },
      { venue, clock: systemClock, scheduler: systemScheduler, random: seededRandom(systemClock.nowUs() % 2 ** 32) },
      {
        onRaw: (raw) => {
          const pending = writer?.write(raw);
          if (pending !== undefined) pending.catch(fail);
        },
        onEvent: (event) => {
          status.onEvent(event);
          notices(event);
        },
        onFatal: fail,
      },
    );
    const onSignal = (signal: NodeJS.Signals): void => {
      context.logger.info({ signal }, 'stopping');
      finish(0);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const timers: (() => void)[] = [];
    let code: number;
    try {
      await Promise.race([
        session.start((instruments: readonly InstrumentSpec[]) => {
          writer = new RecordingWriter({
            dir: out,
            product,
            symbols,
            instruments,
            tool: `flowdesk ${flowdeskVersion()}`,
            origin: 'live',
            maxFileBytes,
            rotateHourly: true,
          });
        }),
        finished,
      ]);
      timers.push(
        systemScheduler.every(statusEverySec * 1000, () => {
          if (writer === null) return;
          printLine(context.io.stderr, status.render(session.pipeline, systemClock.nowUs(), writer.bytesWritten, writer.files.length));
        }),
        systemScheduler.every(flushEverySec * 1000, () => {
          writer?.flush().catch(fail);
        }),
      );
      code = await finished;
    } finally {
      for (const cancel of timers) cancel();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
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
  },
};
