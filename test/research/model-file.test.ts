// The model file: written from a fit's last fold, read back through parseModelFile, it predicts every test
// row of that fold exactly as the fit did (to the last bit); a file that is not right is refused with a
// message naming the field; a row missing a feature's value has no prediction.
import { describe, expect, it } from 'vitest';
import {
  ModelFileError,
  modelFileOf,
  modelFileText,
  parseModelFile,
  predictModel,
  runWalkForward,
  walkForwardFolds,
  type Dataset,
  type FitRun,
  type ModelKind,
} from '../../src/research/index.js';

const T0 = 1_723_161_600_000;

function run(model: ModelKind, constantFirstColumn = false): FitRun {
  const n = 900;
  const p = 3;
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i * p] = constantFirstColumn ? 2 : Math.sin(i * 0.37);
    x[i * p + 1] = Math.cos(i * 1.3) * 4 + (i === 500 ? 100 : 0); // an outlier the winsor bounds clamp
    x[i * p + 2] = ((i * 13) % 17) - 8;
    y[i] = 0.7 * (x[i * p] as number) - 0.2 * (x[i * p + 1] as number) + 0.05 * (x[i * p + 2] as number) + Math.sin(i * 2.1);
  }
  const data: Dataset = { features: ['obi_1', 'ofi_10s', 'tfi_1s'], n, p, timesMs: Float64Array.from({ length: n }, (_, i) => T0 + i * 1000), x, y };
  const folds = walkForwardFolds(data.timesMs, { trainMs: 240_000, testMs: 120_000, horizonMs: 10_000, intervalMs: 1000 });
  const result = runWalkForward(data, folds, { model, winsor: 0.01, horizonMs: 10_000 });
  return { symbol: 'BTCUSDT', product: 'spot', model, horizonMs: 10_000, intervalMs: 1000, trainMs: 240_000, testMs: 120_000, winsor: 0.01, data, dropped: { unhealthy: 0, gap: 0, pastEnd: 10 }, result };
}

function rowOf(r: FitRun, i: number): Record<string, number> {
  return Object.fromEntries(r.data.features.map((name, j) => [name, r.data.x[i * r.data.p + j] as number]));
}

describe('a model file', () => {
  for (const model of ['ols', 'ridge', 'lasso'] as const) {
    it(`round-trips a ${model} fit: loaded from its text, it predicts the last fold's test rows exactly as the fit did`, () => {
      const r = run(model);
      const loaded = parseModelFile(JSON.parse(modelFileText(modelFileOf(r))));
      expect(loaded).toEqual(modelFileOf(r));
      const last = r.result.folds[r.result.folds.length - 1]!;
      expect(loaded.training).toEqual({ fold: last.fold.fold, startMs: last.trainStartMs, endMs: last.trainEndMs, n: last.fold.train.end - last.fold.train.start });
      expect(loaded.lambda).toBe(last.fit.lambda);
      for (let i = last.fold.test.start; i < last.fold.test.end; i++) expect(predictModel(loaded, rowOf(r, i))).toBe(last.predictions[i - last.fold.test.start]);
    });
  }

  it('lists a feature left out of the last fold apart, and predicts without it', () => {
    const r = run('ols', true);
    const loaded = parseModelFile(JSON.parse(modelFileText(modelFileOf(r))));
    expect(loaded.features.map((f) => f.name)).toEqual(['ofi_10s', 'tfi_1s']);
    expect(loaded.droppedFeatures).toEqual(['obi_1']);
    const last = r.result.folds[r.result.folds.length - 1]!;
    const { obi_1: _dropped, ...row } = rowOf(r, last.fold.test.start);
    expect(predictModel(loaded, row)).toBe(last.predictions[0]);
  });

  it('has no prediction for a row without a finite value of one of its features', () => {
    const model = modelFileOf(run('ridge'));
    expect(predictModel(model, { obi_1: 0.1, ofi_10s: 2 })).toBeNull();
    expect(predictModel(model, { obi_1: 0.1, ofi_10s: Number.NaN, tfi_1s: 0 })).toBeNull();
  });

  it('is refused with a message naming the field that is wrong', () => {
    const good = JSON.parse(modelFileText(modelFileOf(run('lasso')))) as Record<string, unknown>;
    const broken = (change: (m: Record<string, unknown>) => void): unknown => {
      const copy = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
      change(copy);
      return copy;
    };
    const features = (m: Record<string, unknown>) => m['features'] as Record<string, unknown>[];
    const cases: [unknown, string][] = [
      [[], 'model file: the file must be an object'],
      [broken((m) => (m['format'] = 'csv')), 'model file: format must be "flowdesk-model"'],
      [broken((m) => (m['formatVersion'] = 2)), 'model file: formatVersion 2 is not a version this flowdesk reads (1)'],
      [broken((m) => (m['model'] = 'tree')), 'model file: model must be one of ols, ridge, lasso'],
      [broken((m) => (m['lambda'] = null)), 'model file: lambda must be a number for lasso'],
      [broken((m) => (features(m)[1]!['sd'] = 0)), 'model file: features[1].sd must be above 0'],
      [broken((m) => (features(m)[0]!['coefficient'] = 'big')), 'model file: features[0].coefficient must be a number'],
      [broken((m) => (features(m)[2]!['name'] = features(m)[0]!['name'])), 'model file: features[2].name "obi_1" is named twice'],
      [broken((m) => (m['horizonMs'] = 1.5)), 'model file: horizonMs must be a whole number ≥ 1'],
      [broken((m) => delete (m['metrics'] as Record<string, unknown>)['test']), 'model file: metrics.test must be an object'],
      [broken((m) => (m['product'] = 'margin')), 'model file: product must be one of spot, usdm'],
    ];
    for (const [value, message] of cases) expect(() => parseModelFile(value)).toThrow(new ModelFileError(message));
  });
});
