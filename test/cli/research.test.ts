// `flowdesk research ofi` on the bundled real recordings: the JSON report's shape and its figures (the
// wiring of kernel sampling and research's table, rounded to 6 significant digits), each symbol's figures
// unchanged by another symbol in the same run, the readable table, the same bytes on every run (in-process
// and as a real process reading in a worker thread); and every usage
// mistake or input without a regression — no study, an unknown one, an interval longer than the data, too
// few intervals, OFI that never varies — is one line and exit 2.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareReplay, sampleOfiIntervals } from '../../src/kernel/index.js';
import { ofiTable } from '../../src/research/index.js';
import { runInProcess as flowdesk, runProcess as flowdeskProcess, type CliResult } from '../support/cli-run.js';
import { ENGINE_OPTIONS, SPOT_FILES, USDM_FILES } from '../support/fixtures.js';
import { SyntheticMarket, writeSyntheticRecording } from '../support/synthetic-market.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-research-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


interface Fit {
  n: number;
  alpha: number | null;
  beta: number | null;
  tBeta: number | null;
  r2: number | null;
  note?: string;
}
interface Report {
  study: string;
  interval: string;
  subsample: string;
  mlofiLevels: number;
  symbols: {
    symbol: string;
    product: string;
    intervals: { used: number; dropped: number };
    avgDepth: number;
    all: Fit;
    mlofi: { r2: number | null };
    tfi: { r2: number | null };
    tradeImbalance: { r2: number | null };
    depthImpact: { windows: number; c: number | null; r2: number | null; note?: string };
    subsamples: { startMs: number; endMs: number; intervals: { used: number; dropped: number }; ofi: Fit; mlofi: { r2: number | null; note?: string } }[];
  }[];
}

const T0 = 1_700_000_000_000_000;
const S = 1_000_000;

/** A synthetic recording file of `market`. */
function file(name: string, market: SyntheticMarket): string {
  const path = join(dir, name);
  writeSyntheticRecording(path, market.messages);
  return path;
}

const round6 = (v: number | null): number | null => (v === null ? null : Number(v.toPrecision(6)));

describe('flowdesk research ofi on the bundled spot recording', () => {
  const json = flowdesk(['research', 'ofi', ...SPOT_FILES, '--report', 'json']);
  const table = flowdesk(['research', 'ofi', ...SPOT_FILES, '--subsample', '5m']);

  it('writes one JSON line of the documented shape, with no NaN anywhere', async () => {
    const { code, stdout, stderr } = await json;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.endsWith('\n') && stdout.indexOf('\n') === stdout.length - 1).toBe(true);
    expect(stdout).not.toMatch(/NaN|Infinity/);
    const report = JSON.parse(stdout) as Report;
    expect(report).toMatchObject({ study: 'ofi', interval: '10s', subsample: '30m', mlofiLevels: 5 });
    const [btc] = report.symbols;
    expect(report.symbols.length).toBe(1);
    expect(btc).toMatchObject({ symbol: 'BTCUSDT', product: 'spot', intervals: { used: 64, dropped: 0 } });
    expect(Object.keys(btc?.all ?? {})).toEqual(['n', 'alpha', 'beta', 'tBeta', 'r2']);
    // The 11 minutes span two 30-minute windows; too few for β against depth, which says so.
    expect(btc?.subsamples.map((s) => [new Date(s.startMs).toISOString(), s.endMs - s.startMs, s.intervals.used + s.intervals.dropped])).toEqual([
      ['2024-08-08T23:30:00.000Z', 1_800_000, 34],
      ['2024-08-09T00:00:00.000Z', 1_800_000, 30],
    ]);
    expect(btc?.depthImpact).toEqual({ windows: 2, c: null, alpha: null, r2: null, note: 'needs a β in at least 5 windows, has 2' });
  });

  it('reports research\'s table of the kernel\'s samples, rounded to 6 significant digits', async () => {
    const report = JSON.parse((await json).stdout) as Report;
    const replay = await prepareReplay({ files: SPOT_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
    const sampling = await sampleOfiIntervals(replay.pipeline, replay.driver(), 10_000);
    const table = ofiTable(sampling.symbols[0]?.samples ?? [], { intervalMs: 10_000, subsampleMs: 1_800_000 });
    const btc = report.symbols[0];
    expect(btc?.all).toEqual({ n: table.all.n, alpha: round6(table.all.alpha), beta: round6(table.all.beta), tBeta: round6(table.all.tBeta), r2: round6(table.all.r2) });
    expect(btc?.mlofi.r2).toBe(round6(table.mlofi.r2));
    expect(btc?.tfi.r2).toBe(round6(table.tfi.r2));
    // docs/FEATURES.md's measured figure for this recording.
    expect(btc?.all.r2).toBeGreaterThan(0.6);
  });

  it('gives the same bytes on every run, in-process and as a process decoding in a worker', async () => {
    const again = await flowdeskProcess(['research', 'ofi', ...SPOT_FILES, '--report', 'json']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe((await json).stdout);
    const tableAgain = await flowdesk(['research', 'ofi', ...SPOT_FILES, '--subsample', '5m']);
    expect(tableAgain.code).toBe(0);
    expect(tableAgain.stdout).toBe((await table).stdout);
  });

  it('gives each symbol the figures it has alone, though one symbol\'s data ends minutes before the other\'s', async () => {
    const both = await flowdesk(['research', 'ofi', ...SPOT_FILES, ...USDM_FILES, '--report', 'json']);
    const usdm = await flowdesk(['research', 'ofi', ...USDM_FILES, '--report', 'json']);
    expect(both.code).toBe(0);
    const symbols = (r: CliResult) => (JSON.parse(r.stdout) as Report).symbols;
    expect(symbols(both)).toEqual([...symbols(await json), ...symbols(usdm)]);
  });

  it('prints a readable table: one row for all intervals, one per window, and the window mean', async () => {
    const { stdout } = await table;
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('OFI price impact: Δmid (ticks) on touch OFI (base units) over 10s intervals, per 5m window.');
    expect(lines).toContain('BTCUSDT spot: 64 intervals used, 0 dropped (book not healthy throughout)');
    expect(lines.find((l) => l.startsWith('window (UTC)'))).toMatch(/n\s+dropped\s+α\s+β\s+t\(β\)\s+R²\s+R² MLOFI\s+R² TFI\s+R² TI\s+depth$/);
    expect(lines.find((l) => l.startsWith('all '))).toMatch(/^all\s+64\s+0\s/);
    expect(lines.filter((l) => /^2024-08-0[89] \d\d:\d\d–\d\d:\d\d /.test(l)).length).toBe(3);
    expect(lines.find((l) => l.startsWith('mean of 3 windows'))).toBeDefined();
  });
});

describe('flowdesk research ofi with short windows', () => {
  it('gives a null with a note where a window alone is too short, and the rest of the report', async () => {
    const { code, stdout } = await flowdesk(['research', 'ofi', ...USDM_FILES, '--interval', '10s', '--subsample', '20s', '--report', 'json']);
    expect(code).toBe(0);
    const usdm = (JSON.parse(stdout) as Report).symbols[0];
    expect(usdm?.all.r2).not.toBeNull();
    const short = usdm?.subsamples.filter((s) => s.ofi.r2 === null) ?? [];
    expect(short.length).toBe(usdm?.subsamples.length);
    for (const s of short) expect(s.ofi.note).toMatch(/^[0-2] healthy intervals?; a regression needs at least 3$/);
  });
});

describe('flowdesk research --help', () => {
  it('shows the study before the files in its usage line, and every option', async () => {
    const { code, stdout } = await flowdesk(['research', '--help']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('usage: flowdesk research <study> <file...> [options]');
    for (const option of ['--interval', '--subsample', '--report', '--product']) expect(stdout).toContain(option);
  });
});

describe('flowdesk research: one line and exit 2 for what it cannot do', () => {
  // Three whole 1 s intervals, only two of them healthy (a reconnect in the middle one).
  const fewIntervals = new SyntheticMarket()
    .snapshot(T0 + 0.2 * S, 100, [['100.00', '1']], [['100.02', '2']])
    .diff(T0 + 1.5 * S, 101, 101, [['100.00', '3']], [])
    .reconnected(T0 + 2.3 * S)
    .snapshot(T0 + 2.6 * S, 200, [['100.01', '1']], [['100.03', '1']])
    .diff(T0 + 3.4 * S, 201, 201, [['100.02', '2']], [])
    .trade(T0 + 4 * S, 'buy', '100.03', '0.1');
  // Four healthy intervals of trades only: the touch never changes.
  const stillBook = new SyntheticMarket().snapshot(T0 + 0.2 * S, 100, [['100.00', '1']], [['100.02', '2']]);
  for (let i = 1; i <= 5; i++) stillBook.trade(T0 + i * S, i % 2 === 0 ? 'buy' : 'sell', '100.01', '0.1');

  const cases: [string, string[], string][] = [
    ['no study', ['research'], 'flowdesk: research: no study given (studies: ofi: the OFI price-impact table)\n'],
    ['an unknown study', ['research', 'ofl', ...SPOT_FILES], 'flowdesk: research: unknown study "ofl" (studies: ofi: the OFI price-impact table)\n'],
    ['no file', ['research', 'ofi'], 'flowdesk: research ofi: no file given (see flowdesk research --help)\n'],
    ['a subsample that is not a multiple of the interval', ['research', 'ofi', ...SPOT_FILES, '--subsample', '15s'], 'flowdesk: research ofi: --subsample 15s must be a whole multiple of --interval 10s\n'],
    ['a duration without a unit', ['research', 'ofi', ...SPOT_FILES, '--subsample', '30'], 'flowdesk: research: --subsample must be a duration from 100ms to 168h such as 30m or 2h, got "30" (a whole number and one of ms, s, m, h)\n'],
    ['an interval longer than the data', ['research', 'ofi', ...SPOT_FILES, '--interval', '1h', '--subsample', '2h'], 'flowdesk: research ofi: no whole 1h interval in the data (it spans 10m51s); give a shorter --interval\n'],
    ['too few healthy intervals', ['research', 'ofi', file('few.fdr', fewIntervals), '--interval', '1s', '--subsample', '1m'], 'flowdesk: research ofi: no regression: BTCUSDT spot: 2 healthy intervals; a regression needs at least 3\n'],
    ['OFI that never varies', ['research', 'ofi', file('still.fdr', stillBook), '--interval', '1s', '--subsample', '1m'], 'flowdesk: research ofi: no regression: BTCUSDT spot: OFI did not vary over the 4 healthy intervals\n'],
  ];
  for (const [what, args, message] of cases) {
    it(`refuses ${what}`, async () => {
      const { code, stdout, stderr } = await flowdesk(args);
      expect(stderr).toBe(message);
      expect(stdout).toBe('');
      expect(code).toBe(2);
    });
  }
});
