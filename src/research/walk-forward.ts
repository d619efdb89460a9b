// research/walk-forward: walk-forward validation of a linear prediction. The rows (time-ordered) are cut
// into consecutive folds; each fold's model is trained on its training rows only and tested on the rows
// after them, so no test row ever shapes a model or its scaling:
//   fold k (from 1): window start w = t0 + (k − 1)·test, test window [w + train, w + train + test);
//   training rows: w ≤ t ≤ w + train − horizon, so every training target ends at or before the test window
//   starts; folds are made while the test window's last grid point is inside the data.
// In a fold: winsor bounds and standardisation are learned on the training rows (scaling.ts); ridge and
// LASSO take λ from a fixed grid by the error on a validation split inside the training rows (the last
// 20 % of them, its own scaling learned on the rows before it, one horizon apart), then the model is refit
// on every training row with that λ. Predictions are scored by scaling.ts's scoreRow, as a model file is.

import { UsageError } from '../core/index.js';
import { ridgeFromGram, gramOf, lassoFromGram, lassoLambdaMaxFromGram, type Gram } from './gram.js';
import { SingularMatrixError, type LinearFit } from './linear.js';
import { predictionMetrics, type PredictionMetrics } from './prediction-metrics.js';
import { learnScaling, scaledRows, scoreRow, type FeatureScaling, type RowRange, type ScoredFeature } from './scaling.js';
import { rowsBetween, type Dataset } from './grid-samples.js';
import { rSquared } from './stats.js';

export const MODEL_KINDS = ['ols', 'ridge', 'lasso'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** A training fold needs this many rows per coefficient (intercept included). */
export const MIN_ROWS_PER_COEFFICIENT = 10;
/** λ is chosen on this share of a training fold's rows, its last ones. */
export const VALIDATION_SHARE = 0.2;
/** The rows before the validation split need this many rows per coefficient, and the split this many rows. */
export const MIN_INNER_ROWS_PER_COEFFICIENT = 5;
export const MIN_VALIDATION_ROWS = 10;
/** The λ grid: 25 values, log-spaced and decreasing. */
export const LAMBDA_COUNT = 25;

/** Ridge λ (per row, on standardised features): 10² down to 10⁻⁴. */
export function ridgeLambdas(): number[] {
  return Array.from({ length: LAMBDA_COUNT }, (_, k) => 10 ** (2 - (6 * k) / (LAMBDA_COUNT - 1)));
}

/** LASSO λ: λmax (every coefficient 0) down to λmax · 10⁻⁴. */
export function lassoLambdas(lambdaMax: number): number[] {
  return Array.from({ length: LAMBDA_COUNT }, (_, k) => lambdaMax * 10 ** ((-4 * k) / (LAMBDA_COUNT - 1)));
}

/** Bad data for a fit (too few rows, nothing to fit): a usage error, exit 2. */
export class FitInputError extends UsageError {}

export interface FoldSpec {
  readonly trainMs: number;
  readonly testMs: number;
  readonly horizonMs: number;
  /** The sampling grid: the test window's last point is its start + test − interval. */
  readonly intervalMs: number;
}

export interface Fold {
  readonly fold: number;
  readonly train: RowRange;
  readonly test: RowRange;
  /** The test window, [start, end) in ms. */
  readonly testWindowStartMs: number;
  readonly testWindowEndMs: number;
}

/** The folds of time-ordered rows (see the module header). */
export function walkForwardFolds(timesMs: Float64Array, spec: FoldSpec): Fold[] {
  const folds: Fold[] = [];
  if (timesMs.length === 0) return folds;
  const t0 = timesMs[0] as number;
  const last = timesMs[timesMs.length - 1] as number;
  for (let k = 1; ; k++) {
    const windowStart = t0 + (k - 1) * spec.testMs;
    const testStart = windowStart + spec.trainMs;
    const testEnd = testStart + spec.testMs;
    if (testEnd - spec.intervalMs > last) break;
    const train = rowsBetween(timesMs, windowStart, testStart - spec.horizonMs);
    const inTest = rowsBetween(timesMs, testStart, testEnd);
    // [testStart, testEnd): a row exactly at testEnd belongs to the next window.
    const end = inTest.end > inTest.start && timesMs[inTest.end - 1] === testEnd ? inTest.end - 1 : inTest.end;
    folds.push({ fold: k, train, test: { start: inTest.start, end }, testWindowStartMs: testStart, testWindowEndMs: testEnd });
  }
  return folds;
}

export interface WalkForwardOptions {
  readonly model: ModelKind;
  /** Winsor quantile q (0 ≤ q < 0.5): features clamped to [q, 1 − q] training quantiles. */
  readonly winsor: number;
  readonly horizonMs: number;
}

/** λ's choice inside a training fold. */
export interface LambdaChoice {
  readonly lambda: number;
  readonly lambdas: readonly number[];
  /** Mean squared validation error per λ. */
  readonly mse: readonly number[];
  readonly innerRows: RowRange;
  readonly validationRows: RowRange;
}

export interface FoldFit {
  readonly scaling: FeatureScaling;
  /** Null for OLS. */
  readonly lambda: number | null;
  readonly lambdaChoice: LambdaChoice | null;
  readonly intercept: number;
  /** Per feature (on the standardised scale); 0 for a feature left out of the fold. */
  readonly coefficients: Float64Array;
  /** The columns kept (not constant in the training rows), in column order. */
  readonly keptColumns: readonly number[];
  /** Their scoring terms, in the same order: what a model file holds. */
  readonly terms: readonly ScoredFeature[];
}

export interface FoldResult {
  readonly fold: Fold;
  readonly fit: FoldFit;
  readonly trainStartMs: number;
  readonly trainEndMs: number;
  readonly testStartMs: number;
  readonly testEndMs: number;
  /** Predictions on the training rows, and their R² against the training mean (in sample). */
  readonly inSample: Float64Array;
  readonly r2InSample: number | null;
  /** Predictions on the test rows. */
  readonly predictions: Float64Array;
  readonly metrics: PredictionMetrics;
  /** Features left out of this fold (constant in its training rows after winsorising). */
  readonly dropped: readonly string[];
}

export interface WalkForwardResult {
  readonly folds: readonly FoldResult[];
  /** Every test row pooled. */
  readonly overall: PredictionMetrics;
  /** Every fold's training rows pooled (a row in several folds counts once per fold), against their mean. */
  readonly r2InSample: number | null;
}

function utc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function span(data: Dataset, rows: RowRange): string {
  if (rows.end <= rows.start) return 'none';
  return `${utc(data.timesMs[rows.start] as number)} to ${utc(data.timesMs[rows.end - 1] as number)}`;
}

/** The kept columns' values of one row, in column order. */
function keptValues(data: Dataset, row: number, kept: readonly number[], out: Float64Array): Float64Array {
  for (let c = 0; c < kept.length; c++) out[c] = data.x[row * data.p + (kept[c] as number)] as number;
  return out;
}

function keptColumnsOf(scaling: FeatureScaling): number[] {
  const cols: number[] = [];
  scaling.kept.forEach((k, j) => {
    if (k) cols.push(j);
  });
  return cols;
}

function fitGram(kind: ModelKind, gram: Gram, lambda: number, fold: number, start?: Float64Array): LinearFit {
  if (kind === 'lasso') return lassoFromGram(gram, lambda, start === undefined ? {} : { start });
  try {
    return ridgeFromGram(gram, kind === 'ols' ? 0 : lambda);
  } catch (error) {
    if (error instanceof SingularMatrixError) {
      throw new FitInputError(`fold ${fold}: the features are collinear in its training rows (one is a combination of the others): drop one, or use --model ridge or lasso`);
    }
    throw error;
  }
}

/** The validation split of a training fold and the λ with the least validation error (ties: the larger λ). */
export function chooseLambda(data: Dataset, train: RowRange, options: WalkForwardOptions, fold: number): LambdaChoice {
  const nTrain = train.end - train.start;
  const nValidation = Math.ceil(VALIDATION_SHARE * nTrain);
  const validationRows = { start: train.end - nValidation, end: train.end };
  const firstValidationMs = data.timesMs[validationRows.start] as number;
  const innerRows = rowsBetween(data.timesMs, data.timesMs[train.start] as number, firstValidationMs - options.horizonMs);
  const nInner = innerRows.end - innerRows.start;
  const minInner = MIN_INNER_ROWS_PER_COEFFICIENT * (data.p + 1);
  if (nValidation < MIN_VALIDATION_ROWS || nInner < minInner) {
    throw new FitInputError(
      `fold ${fold}: too few training rows to choose λ (${nInner} before the validation split, needs ${minInner}; ${nValidation} to validate on, needs ${MIN_VALIDATION_ROWS}): use a longer --train or fewer --features`,
    );
  }
  const scaling = learnScaling(data.x, data.p, innerRows, options.winsor);
  const kept = keptColumnsOf(scaling);
  if (kept.length === 0) throw new FitInputError(`fold ${fold}: every feature is constant in the rows λ is chosen on (${span(data, innerRows)}): nothing to fit`);
  const inner = scaledRows(data.x, data.p, innerRows, scaling);
  const gram = gramOf(inner.z, inner.n, inner.p, data.y.subarray(innerRows.start, innerRows.end));
  const validation = scaledRows(data.x, data.p, validationRows, scaling);
  const lambdas = options.model === 'lasso' ? lassoLambdas(lassoLambdaMaxFromGram(gram)) : ridgeLambdas();
  const mse: number[] = [];
  let best = 0;
  let previous: Float64Array | undefined;
  lambdas.forEach((lambda, k) => {
    const fit = fitGram(options.model, gram, lambda, fold, previous);
    previous = fit.coefficients;
    let sum = 0;
    for (let i = 0; i < validation.n; i++) {
      let prediction = fit.intercept;
      for (let c = 0; c < validation.p; c++) prediction += (fit.coefficients[c] as number) * (validation.z[i * validation.p + c] as number);
      sum += ((data.y[validationRows.start + i] as number) - prediction) ** 2;
    }
    mse.push(sum / validation.n);
    if ((mse[k] as number) < (mse[best] as number)) best = k;
  });
  return { lambda: lambdas[best] as number, lambdas, mse, innerRows, validationRows };
}

/** One fold's model, from its training rows only. */
export function fitFold(data: Dataset, train: RowRange, options: WalkForwardOptions, fold: number): FoldFit {
  const nTrain = train.end - train.start;
  const minRows = MIN_ROWS_PER_COEFFICIENT * (data.p + 1);
  if (nTrain < minRows) {
    throw new FitInputError(
      `fold ${fold}: ${nTrain} training rows (${span(data, train)}); ${data.p} features need at least ${minRows}: use a longer --train or fewer --features`,
    );
  }
  const lambdaChoice = options.model === 'ols' ? null : chooseLambda(data, train, options, fold);
  const scaling = learnScaling(data.x, data.p, train, options.winsor);
  const keptColumns = keptColumnsOf(scaling);
  if (keptColumns.length === 0) throw new FitInputError(`fold ${fold}: every feature is constant in its training rows (${span(data, train)}): nothing to fit`);
  const z = scaledRows(data.x, data.p, train, scaling);
  const gram = gramOf(z.z, z.n, z.p, data.y.subarray(train.start, train.end));
  const fit = fitGram(options.model, gram, lambdaChoice?.lambda ?? 0, fold);
  // "+ 0" turns −0 into 0: what a model file's JSON holds, so a loaded model scores exactly as the fit.
  const coefficients = new Float64Array(data.p);
  const terms: ScoredFeature[] = keptColumns.map((j, c) => {
    coefficients[j] = (fit.coefficients[c] as number) + 0;
    return {
      winsorLow: (scaling.winsorLow[j] as number) + 0,
      winsorHigh: (scaling.winsorHigh[j] as number) + 0,
      mean: (scaling.mean[j] as number) + 0,
      sd: scaling.sd[j] as number,
      coefficient: (fit.coefficients[c] as number) + 0,
    };
  });
  return { scaling, lambda: lambdaChoice?.lambda ?? null, lambdaChoice, intercept: fit.intercept + 0, coefficients, keptColumns, terms };
}

/** The fold model's predictions for rows [start, end). */
export function predictRows(data: Dataset, rows: RowRange, fit: FoldFit): Float64Array {
  const out = new Float64Array(rows.end - rows.start);
  const values = new Float64Array(fit.keptColumns.length);
  for (let i = rows.start; i < rows.end; i++) out[i - rows.start] = scoreRow(fit.intercept, fit.terms, keptValues(data, i, fit.keptColumns, values));
  return out;
}

/** Trains and tests every fold; `folds` normally come from walkForwardFolds. */
export function runWalkForward(data: Dataset, folds: readonly Fold[], options: WalkForwardOptions): WalkForwardResult {
  const results = folds.map((fold): FoldResult => {
    const { train, test } = fold;
    const fit = fitFold(data, train, options, fold.fold);
    if (test.end <= test.start) {
      throw new FitInputError(`fold ${fold.fold}: its test window ${utc(fold.testWindowStartMs)} to ${utc(fold.testWindowEndMs)} holds no rows (the book was not usable there)`);
    }
    const inSample = predictRows(data, train, fit);
    const predictions = predictRows(data, test, fit);
    return {
      fold,
      fit,
      trainStartMs: data.timesMs[train.start] as number,
      trainEndMs: data.timesMs[train.end - 1] as number,
      testStartMs: data.timesMs[test.start] as number,
      testEndMs: data.timesMs[test.end - 1] as number,
      inSample,
      r2InSample: rSquared(data.y.subarray(train.start, train.end), inSample),
      predictions,
      metrics: predictionMetrics(data.y.subarray(test.start, test.end), predictions),
      dropped: data.features.filter((_, j) => fit.scaling.kept[j] !== true),
    };
  });
  const actual: number[] = [];
  const predicted: number[] = [];
  const trainActual: number[] = [];
  const trainPredicted: number[] = [];
  for (const r of results) {
    for (let i = r.fold.test.start; i < r.fold.test.end; i++) actual.push(data.y[i] as number);
    for (const v of r.predictions) predicted.push(v);
    for (let i = r.fold.train.start; i < r.fold.train.end; i++) trainActual.push(data.y[i] as number);
    for (const v of r.inSample) trainPredicted.push(v);
  }
  return { folds: results, overall: predictionMetrics(actual, predicted), r2InSample: rSquared(trainActual, trainPredicted) };
}
