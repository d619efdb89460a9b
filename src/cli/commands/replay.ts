// cli/commands/replay: `flowdesk replay <file...> [--strategy [FILE.json]] [--set PATH=VALUE...]` — replays
// recordings through the live pipeline: in the console (with the strategy's gates pane when --strategy is
// given), or headless with a report of counts, health and the digest of the book states, trades and notices.

import { choice, flag, integer, text, valueOptional, type OptionValues } from '../../config/index.js';
import { UsageError } from '../../core/index.js';
import { buildReport, formatReportText } from '../../kernel/index.js';
import { UNIT_OPTIONS, commandReplay, distinctFiles, unitOverrides } from '../args.js';
import { defineCommand } from '../command.js';
import { runReplayConsole, type ReplayConsoleRequest } from '../replay-console.js';
import { printLine } from '../io.js';
import { logNotices } from '../notices.js';
import { STRATEGY_OPTIONS, loadStrategyConfig, loadStrategyModels } from '../strategy-config.js';

const OPTIONS = {
  'no-ui': flag('run headless and print a report (default: the console, which needs a terminal)'),
  report: choice(['json', 'text'], {
    help: 'headless report: json is one JSON object as the last stdout line (events, gaps, resyncs, digest, ...), text a readable summary',
    default: 'text',
  }),
  fps: integer({ help: 'console frames per second', min: 1, max: 10, default: 4 }),
  strategy: valueOptional(
    text({
      help: 'paper-trade the strategy over the replay on the simulated exchange; the console shows its gates, positions, orders and reconciliation',
      placeholder: 'FILE.json',
      accepts: 'a strategy file path',
      example: 'strategy.json',
    }),
    { suffix: '.json', bare: null, bareHelp: 'alone, every field at its default' },
  ),
  set: STRATEGY_OPTIONS.set,
  ...UNIT_OPTIONS,
};

/** What the console replays and runs: the files, their units, the frame rate and the strategy (loaded and checked). */
export async function replayConsoleRequest(values: OptionValues<typeof OPTIONS>, operands: readonly string[]): Promise<ReplayConsoleRequest> {
  if (values.set.length > 0 && values.strategy === undefined) throw new UsageError('replay: --set changes a strategy field; it needs --strategy');
  let strategy: ReplayConsoleRequest['strategy'] = null;
  if (values.strategy !== undefined) {
    const config = await loadStrategyConfig(values.strategy ?? undefined, values.set);
    strategy = { config, models: await loadStrategyModels(config) };
  }
  return { files: await distinctFiles(operands), overrides: unitOverrides(values), fps: values.fps, strategy };
}

export const replayCommand = defineCommand({
  name: 'replay',
  summary: 'replay recordings through the pipeline and report book health and a digest',
  description: `Replays recordings (flowdesk's own, or hftbacktest "<receive time> <json>" files, gzip or plain) in
receive-time order through the same pipeline as live data. Files of one stream given in order replay as
one continuous stream. Units (tick/lot) come from a flowdesk recording's header, from the flags, or are
inferred from the data. With --strategy the strategy paper-trades the replay on the simulated exchange of flowdesk backtest, and the
console shows its gates, positions, orders and reconciliation (keys K, R, p, F, o; ? lists them).`,
  operands: { name: 'file', min: 1 },
  options: OPTIONS,
  usesSecrets: false,
  async run({ values, operands }, context) {
    if (!values['no-ui']) return runReplayConsole(await replayConsoleRequest(values, operands), context);
    if (values.strategy !== undefined || values.set.length > 0) {
      throw new UsageError('replay: --strategy and --set run the strategy in the console, not with --no-ui (headless: flowdesk signals)');
    }
    const files = await distinctFiles(operands);
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
