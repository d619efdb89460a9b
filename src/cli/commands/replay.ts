// cli/commands/replay: `flowdesk replay <file...>` — replays recordings through the live pipeline and
// reports counts, health and the digest of the book states, trades and notices.

import { choice, flag, integer } from '../../config/index.js';
import { buildReport, formatReportText } from '../../kernel/index.js';
import { UNIT_OPTIONS, commandReplay, distinctFiles, unitOverrides } from '../args.js';
import { defineCommand } from '../command.js';
import { runReplayConsole } from '../replay-console.js';
import { printLine } from '../io.js';
import { logNotices } from '../notices.js';

const OPTIONS = {
  'no-ui': flag('run headless and print a report (default: the console, which needs a terminal)'),
  report: choice(['json', 'text'], {
    help: 'headless report: json is one JSON object as the last stdout line (events, gaps, resyncs, digest, ...), text a readable summary',
    default: 'text',
  }),
  fps: integer({ help: 'console frames per second', min: 1, max: 10, default: 4 }),
  ...UNIT_OPTIONS,
};

export const replayCommand = defineCommand({
  name: 'replay',
  summary: 'replay recordings through the pipeline and report book health and a digest',
  description: `Replays recordings (flowdesk's own, or hftbacktest "<receive time> <json>" files, gzip or plain) in
receive-time order through the same pipeline as live data. Files of one stream given in order replay as
one continuous stream. Units (tick/lot) come from a flowdesk recording's header, from the flags, or are
inferred from the data.`,
  operands: { name: 'file', min: 1 },
  options: OPTIONS,
  usesSecrets: false,
  async run({ values, operands }, context) {
    const files = await distinctFiles(operands);
    if (!values['no-ui']) return runReplayConsole(files, unitOverrides(values), values.fps, context);
    const replay = await commandReplay(files, values, context, true);
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
    if (values.report === 'json') printLine(context.io.stdout, JSON.stringify(report));
    else printLine(context.io.stdout, formatReportText(report));
    return 0;
  },
});
