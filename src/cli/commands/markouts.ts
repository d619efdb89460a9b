// cli/commands/markouts: `flowdesk markouts <file...> --anchors trades|large-trades|detections
// [--horizons 250ms,...] [--out rows.csv] [--report json|table]` — replays recordings with markouts attached
// (kernel/markouts, features/markouts) and reports, per anchor kind, symbol and horizon, how far the price
// moved in the anchor's direction (docs/MARKOUTS.md). Rows go to --out (written under a temporary name and
// renamed at the end), the report to stdout. Deterministic: the same input gives the same bytes.

import { InvalidOptionValue, choice, parsed, required, text } from '../../config/index.js';
import { UsageError } from '../../core/index.js';
import { MarkoutStats, type AnchorKind, type MarkoutRow } from '../../features/index.js';
import { attachDetectors, attachMarkouts } from '../../kernel/index.js';
import { UNIT_OPTIONS, commandReplay, distinctFiles, horizonsOption } from '../args.js';
import { defineCommand } from '../command.js';
import { printLine } from '../io.js';
import { csvHeader, csvRow, reportJson, reportTable, symbolNamer } from '../markouts-report.js';
import { PartialFile } from '../partial-file.js';
import { detectorOptions } from './detect.js';

const ANCHORS = { trades: 'trade', 'large-trades': 'large-trade', detections: 'detection' } as const satisfies Record<string, AnchorKind>;

/** Messages applied between two flushes of the rows written so far. */
const STEP_MESSAGES = 20_000;

const OPTIONS = {
  anchors: required(
    choice(['trades', 'large-trades', 'detections'], {
      help: "what to measure after: every trade (its taker's side), large trades (above the rolling 95th percentile of size), or the detectors' detections (their side)",
    }),
  ),
  horizons: horizonsOption('how long after each anchor to look'),
  out: parsed({
    help: 'write one CSV row per anchor (prices, and the mid and executable markout per horizon; empty when censored)',
    placeholder: 'FILE.csv',
    accepts: 'a file path; the report goes to stdout',
    example: 'rows.csv',
    parse: (path) => {
      if (path === '-') throw new InvalidOptionValue('a file path: the report goes to stdout');
      return path;
    },
  }),
  report: choice(['table', 'json'], { help: 'table: readable; json: one JSON object on one stdout line', default: 'table' }),
  preset: choice(['default', 'desk'], { help: 'detector thresholds (with --anchors detections): the tuned defaults, or the desk\'s rules' }),
  thresholds: text({
    help: 'a JSON object of numbers overriding detector options (with --anchors detections), as for flowdesk detect',
    placeholder: 'FILE.json',
    accepts: 'a file path',
    example: 'thresholds.json',
  }),
  ...UNIT_OPTIONS,
};

export const markoutsCommand = defineCommand({
  name: 'markouts',
  summary: 'measure where the price went after trades, large trades or detections (markouts per horizon)',
  description: `Replays recordings and, after each anchor — every trade (towards its taker's side), each large trade, or
each detection (towards the side its pressure points) — reads the fused best bid and ask at each horizon
(default 250ms, 500ms, 1s, 3s, 5s, 10s). The mid markout is s·(mid(t+h) − mid(t)) / mid(t) in bps (s = +1
for a buy, −1 for a sell); the executable markout is what a taker round trip would have earned (in at
the ask, out at the bid, for a buy). A horizon that falls after the data ends, or in a gap or resync of the
book, is censored: counted, never given a value. The report shows, per anchor kind, symbol and horizon,
the count, censored, mean, median, t-statistic, share above zero and mean executable markout
(docs/MARKOUTS.md).`,
  operands: { name: 'file', min: 1 },
  options: OPTIONS,
  usesSecrets: false,
  async run({ values, operands }, context) {
    const kind: AnchorKind = ANCHORS[values.anchors];
    if (kind !== 'detection' && (values.preset !== undefined || values.thresholds !== undefined)) {
      throw new UsageError(`--${values.preset !== undefined ? 'preset' : 'thresholds'} applies to --anchors detections only`);
    }
    const detectorSettings = kind === 'detection' ? detectorOptions(values.preset ?? 'default', values.thresholds) : null;
    const files = await distinctFiles(operands);
    const horizonsMs = values.horizons;
    // The output file is opened before any work: a directory that does not exist is said at once.
    const output = values.out === undefined ? null : await PartialFile.open('markouts', values.out);
    let stop: (() => Promise<void>) | null = null;
    try {
      const replay = await commandReplay(files, values, context, true);
      const engines = replay.pipeline.allEngines();
      if (engines.length === 0) throw new UsageError('markouts: no symbol found in the input');
      const name = symbolNamer(engines.map((e) => e.instrument));
      const stats = new MarkoutStats(horizonsMs);
      let lines: string[] = [];
      const onRow = (row: MarkoutRow): void => {
        stats.add(row);
        if (output !== null) lines.push(csvRow(row, name));
      };
      const flush = async (): Promise<void> => {
        if (output === null || lines.length === 0) return;
        const text = `${lines.join('\n')}\n`;
        lines = [];
        await output.write(text);
      };
      if (output !== null) await output.write(`${csvHeader(horizonsMs)}\n`);
      const markouts = attachMarkouts(replay.pipeline, { anchors: [kind], horizonsMs, onRow });
      const detectors = detectorSettings === null ? null : attachDetectors(replay.pipeline, (d) => markouts.detection(d), detectorSettings);
      const driver = replay.driver();
      stop = () => driver.stop();
      // In steps, so the rows written so far leave memory (and wait for the disk) as the replay goes.
      while (!driver.finished) {
        await driver.stepEvents(STEP_MESSAGES);
        await flush();
      }
      for (const d of detectors?.values() ?? []) d.flush();
      markouts.finish();
      await flush();
      await output?.commit();
      const groups = stats.allGroups();
      printLine(context.io.stdout, values.report === 'json' ? reportJson(horizonsMs, groups, name) : reportTable(horizonsMs, groups, name, kind));
    } catch (error) {
      await stop?.();
      await output?.discard();
      throw error;
    }
    return 0;
  },
});
