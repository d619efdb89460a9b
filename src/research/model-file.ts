// research/model-file: the model file `flowdesk fit --out` writes and the signal engine loads — a linear
// prediction of the mid change over a horizon (bps) from named feature columns (those of `flowdesk
// features` at the same interval): per feature its winsor bounds, training mean and sd, and coefficient on
// the standardised scale; the intercept, λ, the training span and the metrics of the fit. parseModelFile
// checks a parsed JSON value field by field (a message naming the field); predictModel scores a row with
// the same arithmetic as the fit (scaling.ts's scoreRow), so a loaded model predicts what the fit did, to
// the last bit. modelFileOf makes the file of a fit: the last fold's model (trained on the most recent
// data; its test metrics are honest), not a refit on everything. No I/O: callers read and write the file.

import { FlowdeskError } from '../core/index.js';
import { PRODUCTS, type Product } from '../model/index.js';
import type { Dataset, DroppedPoints } from './grid-samples.js';
import { scoreRow, type ScoredFeature } from './scaling.js';
import { MODEL_KINDS, type FoldResult, type ModelKind, type WalkForwardResult } from './walk-forward.js';

export const MODEL_FORMAT = 'flowdesk-model';
export const MODEL_FORMAT_VERSION = 1;

export interface ModelFeature {
  readonly name: string;
  readonly winsorLow: number;
  readonly winsorHigh: number;
  readonly mean: number;
  readonly sd: number;
  readonly coefficient: number;
}

export interface ModelTestMetrics {
  readonly startMs: number;
  readonly endMs: number;
  readonly n: number;
  readonly r2OutOfSample: number | null;
  readonly corr: number | null;
  readonly hitRate: number | null;
  readonly meanPredictedBps: number | null;
  readonly meanRealisedBps: number | null;
}

export interface ModelWalkForwardMetrics {
  readonly folds: number;
  readonly n: number;
  readonly r2OutOfSample: number | null;
  readonly r2InSample: number | null;
  readonly corr: number | null;
  readonly hitRate: number | null;
}

export interface ModelFile {
  readonly format: typeof MODEL_FORMAT;
  readonly formatVersion: typeof MODEL_FORMAT_VERSION;
  readonly symbol: string;
  readonly product: Product;
  readonly model: ModelKind;
  /** The target: the mid change over this horizon, bps. */
  readonly horizonMs: number;
  /** The grid the features were sampled on (`flowdesk features --interval`). */
  readonly intervalMs: number;
  readonly winsorQuantile: number;
  /** Null for OLS. */
  readonly lambda: number | null;
  readonly intercept: number;
  readonly features: readonly ModelFeature[];
  /** Features asked for but constant in the training rows: not in the model. */
  readonly droppedFeatures: readonly string[];
  readonly training: { readonly fold: number; readonly startMs: number; readonly endMs: number; readonly n: number };
  readonly metrics: { readonly r2InSample: number | null; readonly test: ModelTestMetrics; readonly walkForward: ModelWalkForwardMetrics };
}

/** A model file that is not one flowdesk can use; the message names the field. */
export class ModelFileError extends FlowdeskError {
  override readonly name = 'ModelFileError';
}

type Json = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new ModelFileError(`model file: ${path} ${what}`);
}

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
  return value as Json;
}

function finite(o: Json, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}${key}`, 'must be a number');
  return v;
}

function finiteOrNull(o: Json, key: string, path: string): number | null {
  return o[key] === null ? null : finite(o, key, path);
}

function count(o: Json, key: string, path: string, min: number): number {
  const v = finite(o, key, path);
  if (!Number.isInteger(v) || v < min) fail(`${path}${key}`, `must be a whole number ≥ ${min}`);
  return v;
}

function text(o: Json, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') fail(`${path}${key}`, 'must be a non-empty string');
  return v;
}

function oneOf<T extends string>(o: Json, key: string, choices: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) fail(key, `must be one of ${choices.join(', ')}`);
  return v as T;
}

function feature(value: unknown, path: string): ModelFeature {
  const o = object(value, path);
  const f = {
    name: text(o, 'name', `${path}.`),
    winsorLow: finite(o, 'winsorLow', `${path}.`),
    winsorHigh: finite(o, 'winsorHigh', `${path}.`),
    mean: finite(o, 'mean', `${path}.`),
    sd: finite(o, 'sd', `${path}.`),
    coefficient: finite(o, 'coefficient', `${path}.`),
  };
  if (!(f.winsorLow < f.winsorHigh)) fail(`${path}.winsorLow`, 'must be below winsorHigh');
  if (!(f.sd > 0)) fail(`${path}.sd`, 'must be above 0');
  return f;
}

/** Checks a parsed model file; a ModelFileError naming the first field that is wrong. */
export function parseModelFile(value: unknown): ModelFile {
  const o = object(value, 'the file');
  if (o['format'] !== MODEL_FORMAT) fail('format', `must be "${MODEL_FORMAT}"`);
  if (o['formatVersion'] !== MODEL_FORMAT_VERSION) fail('formatVersion', `${JSON.stringify(o['formatVersion'])} is not a version this flowdesk reads (${MODEL_FORMAT_VERSION})`);
  const model = oneOf(o, 'model', MODEL_KINDS);
  const lambda = finiteOrNull(o, 'lambda', '');
  if ((model === 'ols') !== (lambda === null)) fail('lambda', model === 'ols' ? 'must be null for ols' : `must be a number for ${model}`);
  if (lambda !== null && lambda < 0) fail('lambda', 'must be ≥ 0');
  const winsorQuantile = finite(o, 'winsorQuantile', '');
  if (!(winsorQuantile >= 0 && winsorQuantile < 0.5)) fail('winsorQuantile', 'must be from 0 to below 0.5');
  if (!Array.isArray(o['features']) || o['features'].length === 0) fail('features', 'must be a non-empty list');
  const features = (o['features'] as unknown[]).map((f, i) => feature(f, `features[${i}]`));
  const names = new Set<string>();
  features.forEach((f, i) => {
    if (names.has(f.name)) fail(`features[${i}].name`, `"${f.name}" is named twice`);
    names.add(f.name);
  });
  const dropped = o['droppedFeatures'];
  if (!Array.isArray(dropped) || dropped.some((d) => typeof d !== 'string' || d === '' || names.has(d))) {
    fail('droppedFeatures', 'must be a list of feature names not in features');
  }
  const training = object(o['training'], 'training');
  const metrics = object(o['metrics'], 'metrics');
  const test = object(metrics['test'], 'metrics.test');
  const walk = object(metrics['walkForward'], 'metrics.walkForward');
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    symbol: text(o, 'symbol', ''),
    product: oneOf(o, 'product', PRODUCTS),
    model,
    horizonMs: count(o, 'horizonMs', '', 1),
    intervalMs: count(o, 'intervalMs', '', 1),
    winsorQuantile,
    lambda,
    intercept: finite(o, 'intercept', ''),
    features,
    droppedFeatures: dropped as string[],
    training: {
      fold: count(training, 'fold', 'training.', 1),
      startMs: finite(training, 'startMs', 'training.'),
      endMs: finite(training, 'endMs', 'training.'),
      n: count(training, 'n', 'training.', 1),
    },
    metrics: {
      r2InSample: finiteOrNull(metrics, 'r2InSample', 'metrics.'),
      test: {
        startMs: finite(test, 'startMs', 'metrics.test.'),
        endMs: finite(test, 'endMs', 'metrics.test.'),
        n: count(test, 'n', 'metrics.test.', 1),
        r2OutOfSample: finiteOrNull(test, 'r2OutOfSample', 'metrics.test.'),
        corr: finiteOrNull(test, 'corr', 'metrics.test.'),
        hitRate: finiteOrNull(test, 'hitRate', 'metrics.test.'),
        meanPredictedBps: finiteOrNull(test, 'meanPredictedBps', 'metrics.test.'),
        meanRealisedBps: finiteOrNull(test, 'meanRealisedBps', 'metrics.test.'),
      },
      walkForward: {
        folds: count(walk, 'folds', 'metrics.walkForward.', 1),
        n: count(walk, 'n', 'metrics.walkForward.', 1),
        r2OutOfSample: finiteOrNull(walk, 'r2OutOfSample', 'metrics.walkForward.'),
        r2InSample: finiteOrNull(walk, 'r2InSample', 'metrics.walkForward.'),
        corr: finiteOrNull(walk, 'corr', 'metrics.walkForward.'),
        hitRate: finiteOrNull(walk, 'hitRate', 'metrics.walkForward.'),
      },
    },
  };
}

/** The model file as text: JSON, two-space indented, keys in the order of ModelFile, numbers round-trip exact. */
export function modelFileText(model: ModelFile): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

/**
 * The model's prediction (bps) for one row of feature values by column name; null when a feature of the
 * model has no finite value in the row (an unhealthy book's empty cells).
 */
export function predictModel(model: ModelFile, row: Readonly<Record<string, number | undefined>>): number | null {
  const values = new Float64Array(model.features.length);
  for (let j = 0; j < model.features.length; j++) {
    const v = row[(model.features[j] as ModelFeature).name];
    if (typeof v !== 'number' || !Number.isFinite(v)) return null;
    values[j] = v;
  }
  return scoreRow(model.intercept, model.features, values);
}

/** A finished walk-forward fit and what it was asked: what the report and the model file are made from. */
export interface FitRun {
  readonly symbol: string;
  readonly product: Product;
  readonly model: ModelKind;
  readonly horizonMs: number;
  readonly intervalMs: number;
  readonly trainMs: number;
  readonly testMs: number;
  readonly winsor: number;
  readonly data: Dataset;
  readonly dropped: DroppedPoints;
  readonly result: WalkForwardResult;
}

/** Throws on a NaN or infinite number anywhere in `value` (a bug: figures are numbers or null). */
export function assertFinite(value: unknown, path = 'value'): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
  } else if (Array.isArray(value)) value.forEach((v, i) => assertFinite(v, `${path}[${i}]`));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) assertFinite(v, `${path}.${k}`);
}

/** The model file of a fit: the last fold's model (trained on the most recent training window), with its metrics. */
export function modelFileOf(run: FitRun): ModelFile {
  const last: FoldResult | undefined = run.result.folds[run.result.folds.length - 1];
  if (last === undefined) throw new RangeError('a fit without folds has no model');
  const { fit, metrics } = last;
  const model: ModelFile = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    symbol: run.symbol,
    product: run.product,
    model: run.model,
    horizonMs: run.horizonMs,
    intervalMs: run.intervalMs,
    winsorQuantile: run.winsor,
    lambda: fit.lambda,
    intercept: fit.intercept,
    features: fit.keptColumns.map((j, c) => ({ name: run.data.features[j] as string, ...(fit.terms[c] as ScoredFeature) })),
    droppedFeatures: last.dropped,
    training: { fold: last.fold.fold, startMs: last.trainStartMs, endMs: last.trainEndMs, n: last.fold.train.end - last.fold.train.start },
    metrics: {
      r2InSample: last.r2InSample,
      test: {
        startMs: last.testStartMs,
        endMs: last.testEndMs,
        n: metrics.n,
        r2OutOfSample: metrics.r2,
        corr: metrics.corr,
        hitRate: metrics.hitRate,
        meanPredictedBps: metrics.meanPredicted,
        meanRealisedBps: metrics.meanRealised,
      },
      walkForward: {
        folds: run.result.folds.length,
        n: run.result.overall.n,
        r2OutOfSample: run.result.overall.r2,
        r2InSample: run.result.r2InSample,
        corr: run.result.overall.corr,
        hitRate: run.result.overall.hitRate,
      },
    },
  };
  assertFinite(model, 'model');
  return model;
}
