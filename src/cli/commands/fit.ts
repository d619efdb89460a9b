// cli/commands/fit: `flowdesk fit <file...> --horizon 10s --model ols|ridge|lasso [--features LIST]
// [--train 20m --test 5m] [--out model.json] [--predictions preds.csv] [--report json|table]` — replays a
// recording of one symbol with the feature engine of `flowdesk features`, samples it on a grid, and
// validates a linear prediction of the mid change over the horizon walk-forward (research/walk-forward.ts;
// docs/RESEARCH.md). The report goes to stdout; the model file (the last fold's model) and the test rows'
// predictions to files, written under temporary names and renamed at the end. Deterministic: the same
// input gives the same bytes.

import { choice, number, parsed, required, text } from '../../config/index.js';
import { UsageError } from '../../core/index.js';
import { featureColumns, featureRow } from '../../features/index.js';
import { attachFeatureEngines, runOnGrid } from '../../kernel/index.js';
import { FitInputError, MODEL_KINDS, gridSamples, modelFileOf, modelFileText, runWalkForward, walkForwardFolds, type FitRun, type GridSeries } from '../../research/index.js';
import { UNIT_OPTIONS, commandReplay, distinctFiles } from '../args.js';
import { defineCommand } from '../command.js';
import { durationLabel, parseDuration, spanText } from '../durations.js';
import { DEFAULT_FIT_FEATURES, featureIndices, parseFeatureList } from '../fit-features.js';
import { fitReportJson, fitReportTable, predictionsCsv } from '../fit-report.js';
import { printLine } from '../io.js';
import { PartialFile } from '../partial-file.js';
import { exportFeatureOptions, parseInterval } from './features.js';

const HOUR_MS = 3_600_000;

const OPTIONS = {
  horizon: required(
    parsed({
      help: 'the target: the mid change over this horizon after each grid point, in bps; a multiple of --interval',
      placeholder: 'DURATION',
      accepts: 'a whole duration in ms, s, m or h from 100ms to 24h, such as 10s',
      example: '10s',
      parse: (t) => parseDuration(t, 100, 24 * HOUR_MS),
    }),
  ),
  model: required(choice(MODEL_KINDS, { help: 'ordinary least squares, ridge or LASSO (λ chosen inside each training fold)' })),
  features: parsed({
    help: 'the columns of flowdesk features to predict from (docs/FEATURES.md)',
    placeholder: 'LIST',
    accepts: 'a comma-separated list of feature column names',
    parse: parseFeatureList,
    default: DEFAULT_FIT_FEATURES.join(','),
  }),
  train: parsed({
    help: 'each fold\'s training window (its last horizon is left out); a multiple of --interval',
    placeholder: 'DURATION',
    accepts: 'a whole duration in ms, s, m or h from 1s to 1000h',
    parse: (t) => parseDuration(t, 1000, 1000 * HOUR_MS),
    default: '20m',
  }),
  test: parsed({
    help: 'each fold\'s test window, right after its training window; a multiple of --interval',
    placeholder: 'DURATION',
    accepts: 'a whole duration in ms, s, m or h from 1s to 1000h',
    parse: (t) => parseDuration(t, 1000, 1000 * HOUR_MS),
    default: '5m',
  }),
  interval: parsed({ help: 'the sampling grid: one row per interval, as flowdesk features --interval', placeholder: 'DURATION', accepts: 'a duration from 100ms to 1h such as 250ms, 1s or 10s', parse: parseInterval, default: '1s' }),
  winsor: number({ help: 'winsorise each feature at its PCT and 100 − PCT percentiles of the training rows (0: clamp to their range)', placeholder: 'PCT', min: 0, max: 25, unit: 'percent', default: 1 }),
  out: text({ help: 'write the model file: the last fold\'s model (JSON, for the signal engine)', placeholder: 'FILE.json', accepts: 'a file path', example: 'model.json' }),
  predictions: text({ help: 'write the test rows\' predictions: ts_ms,symbol,fold,actual_bps,predicted_bps', placeholder: 'FILE.csv', accepts: 'a file path', example: 'preds.csv' }),
  report: choice(['table', 'json'], { help: 'table: readable; json: one JSON object on one stdout line', default: 'table' }),
  ...UNIT_OPTIONS,
};

/** runWalkForward, its usage errors said as the command's. */
function walkForward(...args: Parameters<typeof runWalkForward>): ReturnType<typeof runWalkForward> {
  try {
    return runWalkForward(...args);
  } catch (error) {
    if (error instanceof FitInputError) throw new UsageError(`fit: ${error.message}`);
    throw error;
  }
}

export const fitCommand = defineCommand({
  name: 'fit',
  summary: 'predict the mid change over a horizon from features, validated walk-forward (OLS, ridge, LASSO)',
  description: `Replays a recording of one symbol with the feature engine of flowdesk features, samples it every --interval,
and fits a linear model of the mid change over --horizon (bps) on the chosen feature columns, walk-forward:
each fold trains on --train of data ending one horizon before its --test window starts, winsorises and
standardises with training statistics only, and (ridge, LASSO) chooses λ on the last 20 % of its training
rows. Reports out-of-sample and in-sample R², correlation, hit rate, mean predicted and realised bps and the
top and bottom decile per fold and overall, and the coefficients. --out writes the last fold's model
(docs/RESEARCH.md).`,
  operands: { name: 'file', min: 1 },
  options: OPTIONS,
  usesSecrets: false,
  async run({ values, operands }, context) {
    const { horizon: horizonMs, interval: intervalMs, train: trainMs, test: testMs, model } = values;
    const winsor = values.winsor / 100;
    for (const [name, ms] of [['horizon', horizonMs], ['train', trainMs], ['test', testMs]] as const) {
      if (ms % intervalMs !== 0) throw new UsageError(`fit: --${name} ${durationLabel(ms)} is not a multiple of --interval ${durationLabel(intervalMs)}`);
    }
    if (trainMs <= horizonMs) throw new UsageError(`fit: --train ${durationLabel(trainMs)} must be longer than --horizon ${durationLabel(horizonMs)} (a training target must end before its test window)`);
    if (values.out !== undefined && values.out === values.predictions) throw new UsageError('fit: --out and --predictions name the same file');
    const files = await distinctFiles(operands);
    // The output files are opened before any work: a directory that does not exist is said at once.
    const modelOut = values.out === undefined ? null : await PartialFile.open('fit', values.out);
    const predictionsOut = values.predictions === undefined ? null : await PartialFile.open('fit', values.predictions).catch(async (error: unknown) => {
      await modelOut?.discard();
      throw error;
    });
    let stop: (() => Promise<void>) | null = null;
    try {
      const replay = await commandReplay(files, values, context, true);
      const engines = replay.pipeline.allEngines();
      if (engines.length === 0) throw new UsageError('fit: no symbol found in the input');
      if (engines.length > 1) {
        throw new UsageError(`fit: the input holds ${engines.length} symbols (${engines.map((e) => `${e.instrument.product}:${e.instrument.symbol}`).join(', ')}); fit one symbol at a time`);
      }
      const engine = engines[0] as (typeof engines)[number];
      const { options, intervalIndex } = exportFeatureOptions(intervalMs);
      const featureEngine = attachFeatureEngines(replay.pipeline, options).get(engine);
      if (featureEngine === undefined) throw new Error('fit: no feature engine for the symbol');
      const names = values.features;
      const columns = featureIndices(featureColumns(featureEngine), names, durationLabel(intervalMs));
      // Events after which the book was not healthy: a change between two grid points is a gap or resync.
      let breaks = 0;
      replay.pipeline.onEvent((_event, e) => {
        if (e === engine && !engine.sync.healthy) breaks++;
      });
      const series = { timesMs: [] as number[], healthy: [] as boolean[], midTicks2: [] as number[], breaks: [] as number[], ended: [] as boolean[] };
      const rowValues: number[] = [];
      const driver = replay.driver();
      stop = () => driver.stop();
      await runOnGrid(driver, intervalMs * 1000, (boundaryUs) => {
        const book = engine.sync.book;
        const row = featureRow(featureEngine, boundaryUs, intervalIndex, engine.sync.healthy, book);
        const bid = book.bids.bestTicks();
        const ask = book.asks.bestTicks();
        const healthy = engine.sync.healthy && bid !== undefined && ask !== undefined;
        series.timesMs.push(Math.floor(boundaryUs / 1000));
        series.healthy.push(healthy);
        series.midTicks2.push(healthy ? bid + ask : 0);
        series.breaks.push(breaks);
        series.ended.push(engine.dataEnded);
        for (const c of columns) {
          const v = healthy ? Number(row[c]) : 0;
          if (!Number.isFinite(v) || (healthy && row[c] === '')) throw new Error(`fit: ${names[columns.indexOf(c)] ?? c} has no value at ${boundaryUs} µs`);
          rowValues.push(v);
        }
      });
      stop = null;
      const grid: GridSeries = { ...series, values: Float64Array.from(rowValues), p: columns.length };
      const { data, dropped } = gridSamples(grid, names, horizonMs / intervalMs);
      const symbol = engine.instrument.symbol;
      const points = series.timesMs.length;
      const spanMs = points === 0 ? 0 : (series.timesMs[points - 1] as number) - (series.timesMs[0] as number);
      if (data.n === 0) {
        throw new UsageError(
          horizonMs >= spanMs
            ? `fit: --horizon ${durationLabel(horizonMs)} is longer than the data (${symbol}: ${spanText(spanMs)})`
            : `fit: no grid point of ${symbol} has a target (the book was never healthy over a whole horizon)`,
        );
      }
      const dataSpanMs = (data.timesMs[data.n - 1] as number) - (data.timesMs[0] as number) + intervalMs;
      if (trainMs + testMs > dataSpanMs) {
        throw new UsageError(
          `fit: one fold needs --train ${durationLabel(trainMs)} + --test ${durationLabel(testMs)} of rows; ${symbol} has ${spanText(dataSpanMs)} (from its first to its last row with a target)`,
        );
      }
      const folds = walkForwardFolds(data.timesMs, { trainMs, testMs, horizonMs, intervalMs });
      const result = walkForward(data, folds, { model, winsor, horizonMs });
      const run: FitRun = { symbol, product: engine.instrument.product, model, horizonMs, intervalMs, trainMs, testMs, winsor, data, dropped, result };
      const droppedIn = new Map<string, number[]>();
      for (const f of result.folds) for (const name of f.dropped) droppedIn.set(name, [...(droppedIn.get(name) ?? []), f.fold.fold]);
      for (const [name, inFolds] of droppedIn) {
        context.warn(`fit: ${name} is constant in the training rows of fold${inFolds.length > 1 ? 's' : ''} ${inFolds.join(', ')} (after winsorising): left out there, coefficient 0`);
      }
      const report = values.report === 'json' ? fitReportJson(run) : fitReportTable(run);
      if (modelOut !== null) await modelOut.write(modelFileText(modelFileOf(run)));
      if (predictionsOut !== null) await predictionsOut.write(predictionsCsv(run));
      await modelOut?.commit();
      await predictionsOut?.commit();
      printLine(context.io.stdout, report);
    } catch (error) {
      await stop?.();
      await modelOut?.discard();
      await predictionsOut?.discard();
      throw error;
    }
    return 0;
  },
});
