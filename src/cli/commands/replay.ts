// cli/commands/replay: `flowdesk replay <file...>` — replays recordings through the live pipeline and
// reports counts, health and the digest of the book states, trades and notices.

import { UsageError } from '../../core/index.js';
import { buildReport, formatReportText, prepareReplay } from '../../kernel/index.js';
import { UNIT_OPTIONS, choiceOption, parseCommandArgs, positiveNumberOption, unitOverrides } from '../args.js';
import type { Command } from '../context.js';
import { runReplayConsole } from '../replay-console.js';
import { printLine } from '../io.js';
import { logNotices } from '../notices.js';

const USAGE = `usage: flowdesk replay <file...> [--no-ui] [--report json|text]
                      [--product spot|usdm] [--symbol SYMBOL] [--tick-size D] [--lot-size D]

Replays recordings (flowdesk's own, or hftbacktest "<receive time> <json>" files, gzip or plain) in
receive-time order through the same pipeline as live data. Files of one stream given in order replay as
one continuous stream. Units (tick/lot) come from a flowdesk recording's header, from the flags, or are
inferred from the data.

  --no-ui            run headless and print a report (default: the console, which needs a terminal)
  --report json      print one JSON object as the last stdout line (events, gaps, resyncs, digest, ...)
  --report text      print a readable summary (default)
  --fps N            console frames per second (default 4, at most 10)
  --product          spot or usdm, when the data does not tell
  --symbol           symbol of the file's bare REST snapshot lines, when the file names several
  --tick-size, --lot-size   override the units (decimal strings, e.g. 0.01 and 0.00001)`;

export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay recordings through the pipeline and report book health and a digest',
  usage: USAGE,
  usesSecrets: false,
  async run(argv, context) {
    const parsed = parseCommandArgs('replay', argv, {
      ...UNIT_OPTIONS,
      'no-ui': { type: 'boolean' },
      report: { type: 'string' },
      fps: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (parsed.values['help'] === true) {
      printLine(context.io.stdout, USAGE);
      return 0;
    }
    const reportFormat = choiceOption(parsed, 'report', ['json', 'text'] as const) ?? 'text';
    if (parsed.positionals.length === 0) throw new UsageError(`replay: no file given\n${USAGE}`);
    if (parsed.values['no-ui'] !== true) {
      const fps = positiveNumberOption(parsed, 'fps', 4);
      if (fps > 10) throw new UsageError('--fps must be at most 10');
      return runReplayConsole(parsed.positionals, unitOverrides(parsed), fps, context);
    }
    const replay = await prepareReplay({
      files: parsed.positionals,
      overrides: unitOverrides(parsed),
      engine: context.engine,
      warn: (message) => context.warn(message),
      decodeInWorker: true, // reading and parsing on a second core (the same results)
    });
    replay.pipeline.onEvent(logNotices(context.logger));
    for (const source of replay.sources) {
      for (const inst of source.instruments) {
        if (inst.source === 'inferred') {
          context.logger.info(
            { file: source.path, product: inst.product, symbol: inst.symbol, tickSize: inst.tickSize, lotSize: inst.lotSize },
            'units inferred from the data',
          );
        }
      }
    }
    const started = performance.now();
    await replay.run();
    const report = buildReport(replay.pipeline, replay.readerStats.skippedLines, performance.now() - started);
    if (reportFormat === 'json') printLine(context.io.stdout, JSON.stringify(report));
    else printLine(context.io.stdout, formatReportText(report));
    return 0;
  },
};
