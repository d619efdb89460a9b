// `flowdesk fit` end to end. On a synthetic recording whose next-second mid move is a known linear function of
// the touch imbalance (obi_1), OLS, ridge and LASSO recover it through the whole command path (LASSO's zero
// visible), a gap in the book drops the one row whose horizon holds it, a constant feature is left out with
// a note and a fit of nothing but constant features is refused. On the bundled spot recording: the JSON
// report's shape and every pooled figure recomputed from preds.csv, each fold's training rows one horizon
// before its test rows, the model file round-tripping against `flowdesk features`' own rows, the same bytes
// on every run (in-process and as a real process), and usage errors exiting 2 with one line.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIT_FEATURES } from '../../src/cli/fit-features.js';
import type { RawMessage } from '../../src/model/index.js';
import { RecordingWriter } from '../../src/recording/index.js';
import { parseModelFile, predictModel, type ModelFile } from '../../src/research/index.js';
import { runInProcess as flowdesk, runProcess as flowdeskProcess, type CliResult } from '../support/cli-run.js';
import { SPOT_FILES, USDM_FILES } from '../support/fixtures.js';
import { SYNTHETIC_SPEC, SyntheticMarket, type Level } from '../support/synthetic-market.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-fit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


function csv(path: string): Record<string, string>[] {
  const [head = '', ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const header = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i] as string, v])));
}

interface FoldJson {
  fold: number;
  trainStartMs: number;
  trainEndMs: number;
  testStartMs: number;
  testEndMs: number;
  nTrain: number;
  n: number;
  lambda: number | null;
  r2OutOfSample: number | null;
  r2InSample: number | null;
  corr: number | null;
  hitRate: number | null;
  hitN: number;
  meanPredictedBps: number;
  meanRealisedBps: number;
  topDecileBps: number | null;
  bottomDecileBps: number | null;
  intercept: number;
  coefficients: Record<string, number>;
  droppedFeatures: string[];
}

interface ReportJson {
  horizon: string;
  model: string;
  symbol: string;
  product: string;
  samples: { rows: number; unhealthy: number; gap: number; pastEnd: number };
  folds: FoldJson[];
  overall: { n: number; r2OutOfSample: number | null; r2InSample: number | null; corr: number | null; hitRate: number | null; hitN: number; meanPredictedBps: number; meanRealisedBps: number };
  modelFold: number;
  intercept: number;
  coefficients: Record<string, number>;
}

// ---- a synthetic market with a known relation ----

const SECOND = 1_000_000;
const T0 = 1_723_161_600 * SECOND; // 2024-08-09T00:00:00Z
const B0 = 6_000_000; // best bid 60000.00 (tick 0.01)
const SECONDS = 240;
/** The second whose diff skips an update id (a gap), followed by a fresh snapshot. */
const GAP_SECOND = 150;

/** A deterministic pseudo-random stream in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface BookState {
  readonly bid: number;
  /** The move of the best bid (ticks) before the next state; the touch imbalance obi_1 = delta / 4. */
  readonly delta: number;
  readonly bids: Level[];
  readonly asks: Level[];
}

const price = (ticks: number) => (ticks / 100).toFixed(2);

/**
 * States 1 … SECONDS + 1, one a second: bid levels bid … bid − 4, ask levels bid + 1 … bid + 5 (a one-tick
 * spread); touch sizes 0.1·(4 ± delta), so obi_1 = delta / 4, and the next state's bid is bid + delta:
 * the mid move over the next second is 2·10⁴·delta / (2·bid + 1) bps = (8·10⁴ / (2·bid + 1))·obi_1.
 * Deeper sizes are random (obi_5 varies, but explains nothing beyond obi_1).
 */
function states(): BookState[] {
  const rnd = random(42);
  const out: BookState[] = [];
  let bid = B0;
  for (let k = 1; k <= SECONDS + 1; k++) {
    let delta = Math.floor(rnd() * 5) - 2;
    if (bid - B0 > 6) delta = -Math.abs(delta);
    if (bid - B0 < -6) delta = Math.abs(delta);
    const size = () => (0.1 * (1 + Math.floor(rnd() * 10))).toFixed(1);
    const bids: Level[] = [[price(bid), (0.1 * (4 + delta)).toFixed(1)], ...[1, 2, 3, 4].map((d): Level => [price(bid - d), size()])];
    const asks: Level[] = [[price(bid + 1), (0.1 * (4 - delta)).toFixed(1)], ...[2, 3, 4, 5].map((d): Level => [price(bid + d), size()])];
    out.push({ bid, delta, bids, asks });
    bid += delta;
  }
  return out;
}

/** The levels that turn `from` into `to`: removals (size 0) of prices `to` does not have, then `to`'s levels. */
function change(from: readonly Level[], to: readonly Level[]): Level[] {
  const kept = new Set(to.map(([p]) => p));
  return [...from.filter(([p]) => !kept.has(p)).map(([p]): Level => [p, '0']), ...to];
}

async function writeSyntheticRecording(): Promise<{ file: string; book: BookState[] }> {
  const book = states();
  const market = new SyntheticMarket();
  market.snapshot(T0 + 0.1 * SECOND, 1000, book[0]!.bids, book[0]!.asks);
  let id = 1000;
  for (let k = 1; k <= SECONDS; k++) {
    const from = book[k - 1]!;
    const to = book[k]!;
    const t = T0 + (k + 0.5) * SECOND;
    if (k === GAP_SECOND) {
      id += 2; // one update id never arrives: a gap, the book resyncs from the next snapshot
      market.diff(t, id, id, change(from.bids, to.bids), change(from.asks, to.asks));
      market.snapshot(t + 0.2 * SECOND, id, to.bids, to.asks);
    } else {
      id += 1;
      market.diff(t, id, id, change(from.bids, to.bids), change(from.asks, to.asks));
    }
  }
  const writer = new RecordingWriter({
    dir,
    product: 'spot',
    symbols: ['BTCUSDT'],
    instruments: [SYNTHETIC_SPEC],
    tool: 'flowdesk test',
    origin: 'synthetic: obi_1 decides the next second',
    maxFileBytes: 1e12,
    rotateHourly: false,
  });
  for (const raw of market.messages as RawMessage[]) await writer.write(raw);
  await writer.close();
  return { file: writer.files[0] as string, book };
}

describe('flowdesk fit on a market whose next mid move is a linear function of obi_1', () => {
  let file = '';
  /** 8·10⁴ / (2·bid + 1) at the starting bid: bps per unit of obi_1 (the bid stays within ±8 ticks). */
  const slope = 80_000 / (2 * B0 + 1);
  const runs = new Map<string, { result: CliResult; report: ReportJson; model: ModelFile }>();
  beforeAll(async () => {
    file = (await writeSyntheticRecording()).file;
    for (const model of ['ols', 'ridge', 'lasso']) {
      const out = join(dir, `synthetic-${model}.json`);
      const result = await flowdesk(['fit', file, '--horizon', '1s', '--model', model, '--features', 'obi_1,obi_5', '--train', '60s', '--test', '30s', '--winsor', '0', '--out', out, '--report', 'json']);
      expect(result.code, result.stderr).toBe(0);
      runs.set(model, { result, report: JSON.parse(result.stdout) as ReportJson, model: parseModelFile(JSON.parse(readFileSync(out, 'utf8'))) });
    }
  });

  it('recovers the relation with OLS, ridge and LASSO, out of sample in every fold', () => {
    for (const [name, { report, model }] of runs) {
      expect(report.folds.length, name).toBe(5);
      for (const f of report.folds) expect(f.r2OutOfSample!, `${name} fold ${f.fold}`).toBeGreaterThan(0.9999);
      expect(report.overall.r2OutOfSample!, name).toBeGreaterThan(0.9999);
      // The model's coefficient per unit of obi_1: its standardised coefficient over the training sd.
      const obi1 = model.features.find((f) => f.name === 'obi_1')!;
      expect(Math.abs(obi1.coefficient / obi1.sd / slope - 1), name).toBeLessThan(name === 'ols' ? 1e-5 : 1e-3);
      // Through the model file: the prediction is slope · obi_1 (obi_5 adds nothing).
      for (const obi of [-0.5, -0.25, 0, 0.25, 0.5]) {
        expect(Math.abs(predictModel(model, { obi_1: obi, obi_5: 0 })! - slope * obi), `${name} at ${obi}`).toBeLessThan((name === 'ols' ? 1e-5 : 1e-3) * slope);
      }
    }
    const ols = runs.get('ols')!.report;
    const lasso = runs.get('lasso')!.report;
    for (const f of ols.folds) expect(Math.abs(f.coefficients['obi_5']!)).toBeLessThan(1e-6 * Math.abs(f.coefficients['obi_1']!));
    for (const f of lasso.folds) expect(f.coefficients['obi_5']).toBe(0); // LASSO's zero, visible
    for (const f of [...lasso.folds, ...runs.get('ridge')!.report.folds]) expect(f.lambda).toBeGreaterThan(0);
    expect(ols.folds.every((f) => f.lambda === null)).toBe(true);
  });

  it('drops the one row whose horizon holds the gap, and the rows past the end, and counts them', () => {
    const { report } = runs.get('ols')!;
    // Grid points at 1 s … 241 s; the point at 240 s has its horizon past the last message (240.5 s).
    expect(report.samples).toEqual({ rows: SECONDS - 2, unhealthy: 0, gap: 1, pastEnd: 2 });
  });

  it('leaves a feature constant in every fold out with a note, and refuses a fit of nothing but constant features', async () => {
    const out = join(dir, 'synthetic-constant.json');
    const result = await flowdesk(['fit', file, '--horizon', '1s', '--model', 'ols', '--features', 'obi_1,trade_count_1s', '--train', '60s', '--test', '30s', '--out', out, '--report', 'json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('flowdesk: warning: fit: trade_count_1s is constant in the training rows of folds 1, 2, 3, 4, 5 (after winsorising): left out there, coefficient 0\n');
    const report = JSON.parse(result.stdout) as ReportJson;
    for (const f of report.folds) expect([f.droppedFeatures, f.coefficients['trade_count_1s']]).toEqual([['trade_count_1s'], 0]);
    const model = parseModelFile(JSON.parse(readFileSync(out, 'utf8')));
    expect([model.features.map((f) => f.name), model.droppedFeatures]).toEqual([['obi_1'], ['trade_count_1s']]);
    expect(result.stdout).not.toMatch(/NaN|Infinity/);

    const none = await flowdesk(['fit', file, '--horizon', '1s', '--model', 'ridge', '--features', 'trade_count_1s', '--train', '60s', '--test', '30s']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^flowdesk: fit: fold 1: every feature is constant in the rows λ is chosen on \(.*\): nothing to fit\n$/);
    expect(none.stdout).toBe('');
  });
});

// ---- the bundled spot recording ----

const BUNDLED = ['--train', '4m', '--test', '2m', '--horizon', '10s'];

describe('flowdesk fit on the bundled spot recording', () => {
  const runs = new Map<string, { result: CliResult; report: ReportJson; preds: Record<string, string>[]; modelPath: string }>();
  let features: Record<string, string>[] = [];
  beforeAll(async () => {
    for (const model of ['ols', 'ridge', 'lasso']) {
      const modelPath = join(dir, `spot-${model}.json`);
      const predsPath = join(dir, `spot-${model}.csv`);
      const result = await flowdesk(['fit', ...SPOT_FILES, ...BUNDLED, '--model', model, '--out', modelPath, '--predictions', predsPath, '--report', 'json']);
      expect(result.code, result.stderr).toBe(0);
      runs.set(model, { result, report: JSON.parse(result.stdout) as ReportJson, preds: csv(predsPath), modelPath });
    }
    const featuresPath = join(dir, 'spot-features.csv');
    expect((await flowdesk(['features', ...SPOT_FILES, '--interval', '1s', '--out', featuresPath])).code).toBe(0);
    features = csv(featuresPath);
  });

  it('reports the shape the issue asks for, folds numbered from 1, without NaN', () => {
    for (const [name, { result, report }] of runs) {
      expect(result.stderr, name).toBe('');
      expect(result.stdout, name).not.toMatch(/NaN|Infinity/);
      expect(Object.keys(report).slice(0, 2)).toEqual(['horizon', 'model']);
      expect([report.horizon, report.model, report.symbol, report.product]).toEqual(['10s', name, 'BTCUSDT', 'spot']);
      expect(report.folds.map((f) => f.fold)).toEqual([1, 2, 3]);
      for (const f of report.folds) {
        for (const key of ['trainStartMs', 'trainEndMs', 'testStartMs', 'testEndMs', 'n', 'r2OutOfSample', 'hitRate'] as const) expect(typeof f[key], `${name} ${key}`).toBe('number');
        // A LASSO fold may keep no feature: its predictions are constant and have no correlation.
        expect(f.corr === null ? Math.abs(f.meanPredictedBps - f.intercept) < 1e-12 && Object.values(f.coefficients).every((c) => c === 0) : typeof f.corr === 'number', `${name} corr`).toBe(true);
        expect(Object.keys(f.coefficients)).toEqual([...DEFAULT_FIT_FEATURES]);
        expect([f.nTrain, f.n]).toEqual([231, 120]); // 4 m less the 10 s horizon; 2 m at 1 s
      }
      for (const key of ['n', 'r2OutOfSample', 'r2InSample', 'corr', 'hitRate'] as const) expect(typeof report.overall[key], `${name} overall ${key}`).toBe('number');
      expect(report.coefficients).toEqual(report.folds[2]!.coefficients);
      expect(report.modelFold).toBe(3);
    }
    expect(Object.values(runs.get('lasso')!.report.coefficients)).toContain(0);
  });

  it('trains each fold only on rows whose horizon ends by its test window, test windows consecutive', () => {
    for (const [name, { report, preds }] of runs) {
      report.folds.forEach((f, k) => {
        expect(f.trainEndMs + 10_000, `${name} fold ${f.fold}`).toBeLessThanOrEqual(f.testStartMs);
        expect(f.trainEndMs - f.trainStartMs).toBe(230_000);
        expect(f.testEndMs - f.testStartMs).toBe(119_000);
        if (k > 0) expect(f.testStartMs).toBe(report.folds[k - 1]!.testEndMs + 1000);
        const rows = preds.filter((r) => r['fold'] === String(f.fold)).map((r) => Number(r['ts_ms']));
        expect([rows.length, Math.min(...rows), Math.max(...rows)]).toEqual([f.n, f.testStartMs, f.testEndMs]);
      });
    }
  });

  it('writes preds.csv with full precision, and every pooled and per-fold figure recomputes from it', () => {
    for (const [name, { report, preds }] of runs) {
      expect(Object.keys(preds[0]!)).toEqual(['ts_ms', 'symbol', 'fold', 'actual_bps', 'predicted_bps']);
      const actual = preds.map((r) => Number(r['actual_bps']));
      const predicted = preds.map((r) => Number(r['predicted_bps']));
      for (const r of preds) expect(String(Number(r['predicted_bps']))).toBe(r['predicted_bps']);
      const r2 = (a: number[], p: number[]) => {
        const m = a.reduce((s, v) => s + v, 0) / a.length;
        return 1 - a.reduce((s, v, i) => s + (v - p[i]!) ** 2, 0) / a.reduce((s, v) => s + (v - m) ** 2, 0);
      };
      expect(report.overall.n).toBe(preds.length);
      expect(Math.abs(report.overall.r2OutOfSample! - r2(actual, predicted)), name).toBeLessThan(1e-12);
      const moved = preds.filter((r) => Number(r['actual_bps']) !== 0 && Number(r['predicted_bps']) !== 0);
      expect(report.overall.hitRate).toBe(moved.filter((r) => Number(r['actual_bps']) > 0 === Number(r['predicted_bps']) > 0).length / moved.length);
      for (const f of report.folds) {
        const rows = preds.filter((r) => r['fold'] === String(f.fold));
        expect(Math.abs(f.r2OutOfSample! - r2(rows.map((r) => Number(r['actual_bps'])), rows.map((r) => Number(r['predicted_bps']))))).toBeLessThan(1e-12);
      }
    }
  });

  it('targets the mid change 10 s ahead in bps, from the mid flowdesk features exports', () => {
    const mid = new Map(features.filter((r) => r['healthy'] === '1').map((r) => [Number(r['ts_ms']), Number(r['mid'])]));
    const { preds } = runs.get('ols')!;
    for (const r of preds) {
      const t = Number(r['ts_ms']);
      const expected = (10_000 * (mid.get(t + 10_000)! - mid.get(t)!)) / mid.get(t)!;
      expect(Math.abs(Number(r['actual_bps']) - expected)).toBeLessThan(1e-9);
    }
  });

  it('writes a model file that, loaded, predicts the last fold\'s test rows from flowdesk features\' rows exactly as fit did', () => {
    const byTime = new Map(features.map((r) => [r['ts_ms'], Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? Number.NaN : Number(v)]))]));
    for (const [name, { preds, modelPath, report }] of runs) {
      const model = parseModelFile(JSON.parse(readFileSync(modelPath, 'utf8')));
      expect([model.symbol, model.product, model.model, model.horizonMs, model.intervalMs, model.training.fold]).toEqual(['BTCUSDT', 'spot', name, 10_000, 1000, 3]);
      expect(model.metrics.test.r2OutOfSample).toBe(report.folds[2]!.r2OutOfSample);
      const last = preds.filter((r) => r['fold'] === '3');
      expect(last).toHaveLength(120);
      for (const r of last) expect(predictModel(model, byTime.get(r['ts_ms'])!), `${name} ${r['ts_ms']}`).toBe(Number(r['predicted_bps']));
    }
  });

  it('is the same bytes on every run, in-process and as a real process reading in a worker thread', async () => {
    const again = ['a', 'b'].map((n) => ({ model: join(dir, `again-${n}.json`), preds: join(dir, `again-${n}.csv`) }));
    const args = (p: { model: string; preds: string }) => ['fit', ...SPOT_FILES, ...BUNDLED, '--model', 'lasso', '--out', p.model, '--predictions', p.preds, '--report', 'json'];
    const a = await flowdesk(args(again[0]!));
    const b = await flowdeskProcess(args(again[1]!));
    expect([a.code, b.code]).toEqual([0, 0]);
    const first = runs.get('lasso')!;
    expect(a.stdout).toBe(first.result.stdout);
    expect(b.stdout).toBe(first.result.stdout);
    for (const p of again) {
      expect(readFileSync(p.model, 'utf8')).toBe(readFileSync(first.modelPath, 'utf8'));
      expect(readFileSync(p.preds, 'utf8')).toBe(readFileSync(join(dir, 'spot-lasso.csv'), 'utf8'));
    }
    const table = await flowdesk(['fit', ...SPOT_FILES, ...BUNDLED, '--model', 'lasso']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toBe('fit BTCUSDT spot: lasso, horizon 10s, grid 1s, folds of 4m train + 2m test, winsor 1 %');
    expect(table.stdout).toContain('R² in-sample');
    expect(table.stdout).not.toMatch(/NaN|Infinity/);
  });
});

describe('flowdesk fit usage', () => {
  it.each([
    [['--model', 'ols'], '--horizon DURATION is required'],
    [['--horizon', '10s'], '--model'],
    [['--horizon', '10s', '--model', 'tree'], '--model must be ols, ridge or lasso'],
    [['--horizon', '1500ms', '--model', 'ols'], '--horizon 1500ms is not a multiple of --interval 1s'],
    [['--horizon', '10s', '--model', 'ols', '--train', '10s'], '--train 10s must be longer than --horizon 10s'],
    [['--horizon', '10s', '--model', 'ols', '--features', 'obi_1,obi_1'], 'obi_1 is named twice'],
    [['--horizon', '10s', '--model', 'ols', '--winsor', '30'], '--winsor must be a number of percent from 0 to 25'],
    [['--horizon', '10s', '--model', 'ols', '--out', 'a.json', '--predictions', 'a.json'], '--out and --predictions name the same file'],
  ])('%j: one line naming the mistake, exit 2, before any work', async (args, fragment) => {
    const result = await flowdesk(['fit', ...SPOT_FILES, ...args]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(fragment);
    expect(result.stdout).toBe('');
  });

  it.each([
    [[...SPOT_FILES, '--horizon', '20m', '--model', 'ols', '--train', '1h'], 'fit: --horizon 20m is longer than the data (BTCUSDT: 10m 51s)'],
    [[...SPOT_FILES, '--horizon', '10s', '--model', 'ols'], 'fit: one fold needs --train 20m + --test 5m of rows; BTCUSDT has 10m 40s'],
    [[...SPOT_FILES, '--horizon', '10s', '--model', 'ols', '--train', '1m', '--test', '1m'], 'fit: fold 1: 51 training rows'],
    [[...SPOT_FILES, '--horizon', '10s', '--model', 'ols', '--features', 'obi_2'], 'fit: --features: obi_2 is not a column of flowdesk features at --interval 1s'],
    [[...SPOT_FILES, '--horizon', '10s', '--model', 'ols', '--features', 'vwap_10s'], 'fit: --features: vwap_10s is a price, empty without trades in its window'],
    [[...SPOT_FILES, '--horizon', '10s', '--model', 'ols', '--features', 'healthy'], 'fit: --features: healthy is 1 in every row a fit uses'],
    [[...SPOT_FILES, ...USDM_FILES, '--horizon', '10s', '--model', 'ols'], 'fit: the input holds 2 symbols (spot:BTCUSDT, usdm:BTCUSDT); fit one symbol at a time'],
  ])('bad data for a fit %#: one line, exit 2, no output file, no NaN', async (args, message) => {
    const out = join(dir, 'never.json');
    const result = await flowdesk(['fit', ...args, '--out', out]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`flowdesk: ${message}`);
    expect(result.stdout).toBe('');
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });

  it('an output directory that does not exist: one line, exit 1, before any work', async () => {
    const out = join(dir, 'no-such-dir', 'model.json');
    const result = await flowdesk(['fit', ...SPOT_FILES, ...BUNDLED, '--model', 'ols', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`flowdesk: error: fit: cannot write ${out}: no such directory`);
    expect(result.stdout).toBe('');
  });
});
