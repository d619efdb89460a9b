// cli/fit-report: what `flowdesk fit` writes besides the model file (research/model-file.ts) — the JSON
// report and the readable table (per fold and overall: R² out of sample and in sample, correlation, hit
// rate, mean predicted and realised bps, the decile means, coefficients) and the predictions CSV of the test
// rows. Numbers in the JSON and CSV are full-precision doubles (they round-trip); the table rounds. Pure
// functions of the run: the same run gives the same bytes. Never NaN: a figure that is undefined is null
// ("-" in the table), and a non-finite number reaching the JSON is a bug (thrown).

import { assertFinite, type FitRun, type FoldResult, type PredictionMetrics } from '../research/index.js';
import { durationLabel } from './durations.js';

function lastFold(run: FitRun): FoldResult {
  const last = run.result.folds[run.result.folds.length - 1];
  if (last === undefined) throw new Error('a fit without folds');
  return last;
}

function coefficientsOf(run: FitRun, fold: FoldResult): Record<string, number> {
  return Object.fromEntries(run.data.features.map((name, j) => [name, fold.fit.coefficients[j] as number]));
}

function metricsJson(m: PredictionMetrics): Record<string, number | null> {
  return { corr: m.corr, hitRate: m.hitRate, hitN: m.hitN, meanPredictedBps: m.meanPredicted, meanRealisedBps: m.meanRealised };
}

/** The JSON report, one line. */
export function fitReportJson(run: FitRun): string {
  const last = lastFold(run);
  const { overall } = run.result;
  const report = {
    horizon: durationLabel(run.horizonMs),
    model: run.model,
    symbol: run.symbol,
    product: run.product,
    interval: durationLabel(run.intervalMs),
    train: durationLabel(run.trainMs),
    test: durationLabel(run.testMs),
    winsorQuantile: run.winsor,
    features: run.data.features,
    samples: { rows: run.data.n, ...run.dropped },
    folds: run.result.folds.map((f) => ({
      fold: f.fold.fold,
      trainStartMs: f.trainStartMs,
      trainEndMs: f.trainEndMs,
      testStartMs: f.testStartMs,
      testEndMs: f.testEndMs,
      nTrain: f.fold.train.end - f.fold.train.start,
      n: f.metrics.n,
      lambda: f.fit.lambda,
      r2OutOfSample: f.metrics.r2,
      r2InSample: f.r2InSample,
      ...metricsJson(f.metrics),
      topDecileBps: f.metrics.topDecileRealised,
      bottomDecileBps: f.metrics.bottomDecileRealised,
      intercept: f.fit.intercept,
      coefficients: coefficientsOf(run, f),
      droppedFeatures: f.dropped,
    })),
    overall: { n: overall.n, r2OutOfSample: overall.r2, r2InSample: run.result.r2InSample, ...metricsJson(overall) },
    modelFold: last.fold.fold,
    intercept: last.fit.intercept,
    coefficients: coefficientsOf(run, last),
  };
  assertFinite(report, 'report');
  return JSON.stringify(report);
}

/** The predictions CSV: `ts_ms,symbol,fold,actual_bps,predicted_bps`, test rows only, in time order. */
export function predictionsCsv(run: FitRun): string {
  const lines = ['ts_ms,symbol,fold,actual_bps,predicted_bps'];
  for (const f of run.result.folds) {
    for (let i = f.fold.test.start; i < f.fold.test.end; i++) {
      const predicted = f.predictions[i - f.fold.test.start] as number;
      lines.push(`${run.data.timesMs[i] as number},${run.symbol},${f.fold.fold},${String(run.data.y[i])},${String(predicted)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// ---- the table ----

function fixed(v: number | null, decimals: number): string {
  if (v === null) return '-';
  const text = v.toFixed(decimals);
  return Number(text) === 0 ? (0).toFixed(decimals) : text; // no "-0.000"
}

/** A coefficient or λ: 4 significant digits, 0 as "0". */
function sig(v: number | null): string {
  if (v === null) return '-';
  if (v === 0) return '0';
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(5, 19).replace('T', ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[], leftColumns = 1): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The readable report. */
export function fitReportTable(run: FitRun): string {
  const { result, dropped } = run;
  const last = lastFold(run);
  const pct = (v: number | null) => (v === null ? '-' : (v * 100).toFixed(1));
  const out = [
    `fit ${run.symbol} ${run.product}: ${run.model}, horizon ${durationLabel(run.horizonMs)}, grid ${durationLabel(run.intervalMs)}, ` +
      `folds of ${durationLabel(run.trainMs)} train + ${durationLabel(run.testMs)} test, winsor ${Number((run.winsor * 100).toPrecision(6))} %`,
    `rows ${run.data.n}; grid points dropped: ${dropped.unhealthy} book not healthy, ${dropped.gap} gap or resync in the horizon, ${dropped.pastEnd} horizon past the end of the data`,
    '',
  ];
  const foldRows = result.folds.map((f) => [
    String(f.fold.fold),
    `${stamp(f.trainStartMs)}–${stamp(f.trainEndMs).slice(6)}`,
    `${stamp(f.testStartMs)}–${stamp(f.testEndMs).slice(6)}`,
    String(f.fold.train.end - f.fold.train.start),
    String(f.metrics.n),
    sig(f.fit.lambda),
    fixed(f.r2InSample, 4),
    fixed(f.metrics.r2, 4),
    fixed(f.metrics.corr, 3),
    pct(f.metrics.hitRate),
    fixed(f.metrics.meanPredicted, 4),
    fixed(f.metrics.meanRealised, 4),
    fixed(f.metrics.topDecileRealised, 4),
    fixed(f.metrics.bottomDecileRealised, 4),
  ]);
  const o = result.overall;
  foldRows.push(['all', '', '', '', String(o.n), '', fixed(result.r2InSample, 4), fixed(o.r2, 4), fixed(o.corr, 3), pct(o.hitRate), fixed(o.meanPredicted, 4), fixed(o.meanRealised, 4), '', '']);
  out.push(
    ...table(
      ['fold', 'train (UTC)', 'test (UTC)', 'train n', 'test n', 'λ', 'R² in-sample', 'R² out-of-sample', 'corr', 'hit %', 'mean pred bps', 'mean real bps', 'top 10 % bps', 'bottom 10 % bps'],
      foldRows,
      3,
    ),
    '',
    'R² in-sample: on each fold\'s own training rows. R² out-of-sample: on its test rows; "all" pools every test row.',
    'hit %: sign agreement where the mid moved and the prediction is not 0. top / bottom 10 %: mean realised bps',
    'of the test rows with the highest / lowest predictions.',
    '',
    `coefficients (bps per training sd of the feature; "-": constant in the fold's training rows, left out)`,
  );
  const coefficientRows = run.data.features.map((name, j) => [name, ...result.folds.map((f) => (f.fit.scaling.kept[j] === true ? sig(f.fit.coefficients[j] as number) : '-'))]);
  coefficientRows.push(['intercept', ...result.folds.map((f) => sig(f.fit.intercept))]);
  out.push(...table(['feature', ...result.folds.map((f) => `fold ${f.fold.fold}`)], coefficientRows));
  out.push('', `model file: fold ${last.fold.fold}, the last (trained on the most recent data)`);
  return out.join('\n');
}
