// `flowdesk markouts` on the bundled real recordings: one CSV row per trade in the recording's order, with
// the taker's side, exact prices and a value or an empty cell per horizon; a report whose every figure is
// recomputed here from the rows; the same bytes on every run, in-process and as a real process (reading
// in a worker thread); usage errors exit 2 before any work, and a missing output directory exits 1.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess as flowdesk, runProcess as flowdeskProcess } from '../support/cli-run.js';
import { SPOT_FILES, USDM_FILES, fixtureLines } from '../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-markouts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));



const HORIZONS = ['250ms', '500ms', '1s', '3s', '5s', '10s'];

function csv(path: string): { header: string[]; rows: Record<string, string>[] } {
  const [head = '', ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const header = head.split(',');
  return { header, rows: lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i] as string, v]))) };
}

interface Summary {
  n: number;
  censored: number;
  meanBps: number | null;
  medianBps: number | null;
  tStat: number | null;
  positiveShare: number | null;
  execMeanBps: number | null;
}

/** The report's figures, recomputed from the rows' cells. */
function summaryOf(rows: readonly Record<string, string>[], h: string): Summary {
  const mids = rows.map((r) => r[`mid_bps_${h}`] as string).filter((v) => v !== '').map(Number);
  const execs = rows.map((r) => r[`exec_bps_${h}`] as string).filter((v) => v !== '').map(Number);
  const n = mids.length;
  const mean = mids.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(mids.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const sorted = [...mids].sort((a, b) => a - b);
  const median = n % 2 === 1 ? (sorted[n >> 1] as number) : ((sorted[(n >> 1) - 1] as number) + (sorted[n >> 1] as number)) / 2;
  return {
    n,
    censored: rows.length - n,
    meanBps: mean,
    medianBps: median,
    tStat: mean / (sd / Math.sqrt(n)),
    positiveShare: mids.filter((v) => v > 0).length / n,
    execMeanBps: execs.reduce((a, b) => a + b, 0) / execs.length,
  };
}

describe('flowdesk markouts --anchors trades on the USD-M recording', async () => {
  const out = join(dir, 'usdm-trades.csv');
  const result = await flowdesk(['markouts', ...USDM_FILES, '--anchors', 'trades', '--out', out, '--report', 'json']);
  const { header, rows } = csv(out);
  const trades = fixtureLines(USDM_FILES[0] as string).filter((l) => l.includes('"stream":"btcusdt@trade"'));

  it('exits 0 with the columns the issue names', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(header).toEqual(['ts_us', 'symbol', 'anchor', 'side', 'mid', 'bid', 'ask', ...HORIZONS.flatMap((h) => [`mid_bps_${h}`, `exec_bps_${h}`])]);
  });

  it('writes one row per trade, in order, at its receive time in µs, towards its taker\'s side', () => {
    expect(rows).toHaveLength(trades.length);
    rows.forEach((row, i) => {
      const line = trades[i] as string;
      const buyerIsMaker = line.includes('"m":true');
      expect([row['ts_us'], row['symbol'], row['anchor'], row['side']]).toEqual([line.slice(0, 16), 'BTCUSDT', 'trade', buyerIsMaker ? 'sell' : 'buy']);
    });
  });

  it('writes exact decimal prices, the mid halfway between bid and ask, and empty cells for an unhealthy book', () => {
    let halfTicks = 0;
    for (const row of rows) {
      if (row['bid'] === '') {
        expect([row['mid'], row['ask'], row['mid_bps_250ms']]).toEqual(['', '', '']);
        continue;
      }
      const bid = new Decimal(row['bid'] as string);
      const ask = new Decimal(row['ask'] as string);
      expect(row['bid']).toMatch(/^\d+\.\d$/); // USD-M BTCUSDT: tick 0.1
      expect(new Decimal(row['mid'] as string).eq(bid.plus(ask).div(2))).toBe(true);
      if ((row['mid'] as string).endsWith('5') && (row['mid'] as string).split('.')[1]?.length === 2) halfTicks++;
    }
    expect(halfTicks).toBeGreaterThan(0); // a one-tick spread: the mid between two ticks, written exactly
  });

  it('reports, per horizon, exactly the count, censored, mean, median, t-stat, share above zero and executable mean of the rows', () => {
    const report = JSON.parse(result.stdout) as { horizons: string[]; groups: { anchor: string; symbol: string; product: string; byHorizon: Record<string, Summary> }[] };
    expect(report.horizons).toEqual(HORIZONS);
    expect(report.groups.map((g) => [g.anchor, g.symbol, g.product])).toEqual([['trade', 'BTCUSDT', 'usdm']]);
    const byHorizon = (report.groups[0] as (typeof report.groups)[number]).byHorizon;
    for (const h of HORIZONS) {
      const got = byHorizon[h] as Summary;
      const want = summaryOf(rows, h);
      expect([got.n, got.censored], h).toEqual([want.n, want.censored]);
      for (const [key, decimals] of [['meanBps', 4], ['medianBps', 4], ['tStat', 3], ['positiveShare', 4], ['execMeanBps', 4]] as const) {
        expect(Math.abs((got[key] as number) - (want[key] as number)), `${h} ${key}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
      }
    }
    // The last 10 s of the recording cannot be measured at 10 s; everything else can.
    expect((byHorizon['10s'] as Summary).censored).toBeGreaterThan((byHorizon['250ms'] as Summary).censored);
  });
});

describe('flowdesk markouts output', () => {
  it('is the same bytes on every run, in-process and as a real process reading in a worker thread', async () => {
    const paths = ['a', 'b', 'c'].map((n) => join(dir, `spot-large-${n}.csv`));
    const args = (path: string) => ['markouts', ...SPOT_FILES, '--anchors', 'large-trades', '--horizons', '250ms,1s,1m', '--out', path];
    const a = await flowdesk(args(paths[0] as string));
    const b = await flowdesk(args(paths[1] as string));
    const c = await flowdeskProcess(args(paths[2] as string));
    expect([a.code, b.code, c.code]).toEqual([0, 0, 0]);
    const [fa, fb, fc] = paths.map((p) => readFileSync(p, 'utf8'));
    expect(fb).toBe(fa);
    expect(fc).toBe(fa);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).toBe(a.stdout);
    expect((fa as string).split('\n', 1)[0]).toBe('ts_us,symbol,anchor,side,mid,bid,ask,mid_bps_250ms,exec_bps_250ms,mid_bps_1s,exec_bps_1s,mid_bps_1m,exec_bps_1m');
    expect(existsSync(`${paths[0] as string}.partial`)).toBe(false);
  });

  it('prints a readable table: one row per horizon with every figure', async () => {
    const result = await flowdesk(['markouts', ...SPOT_FILES, '--anchors', 'trades', '--horizons', '1s,10s']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe("trade BTCUSDT spot: markouts in bps (mid; exec = a taker's round trip)");
    expect(lines[1]?.trim().split(/\s{2,}/)).toEqual(['horizon', 'n', 'censored', 'mean', 'median', 't-stat', '>0 %', 'exec mean']);
    expect(lines.slice(2).map((l) => l.split(/\s+/)[0])).toEqual(['1s', '10s']);
    for (const line of lines.slice(2)) expect(line.split(/\s+/).slice(1).every((cell) => /^-?\d+(\.\d+)?$/.test(cell)), line).toBe(true);
  });

  it('measures detections too, and says so when an input has no anchor of the kind asked for', async () => {
    const detections = await flowdesk(['markouts', ...USDM_FILES, '--anchors', 'detections', '--preset', 'desk', '--report', 'json']);
    expect(detections.code, detections.stderr).toBe(0);
    const report = JSON.parse(detections.stdout) as { groups: { anchor: string; byHorizon: Record<string, Summary> }[] };
    expect(report.groups.map((g) => g.anchor)).toEqual(['detection']);
    expect((report.groups[0]?.byHorizon['1s'] as Summary).n).toBeGreaterThan(0);
    // Thresholds nothing reaches: no detection, so no anchor.
    const never = join(dir, 'never.json');
    writeFileSync(never, JSON.stringify({ wallRatio: 1e9, sweepMinLevels: 1e9, absorptionMinRatio: 1e9, layeringMinRun: 1e9, icebergMinRatio: 1e9, exhaustionMinDrop: 1e9 }));
    const none = await flowdesk(['markouts', ...USDM_FILES, '--anchors', 'detections', '--thresholds', never]);
    expect([none.code, none.stdout]).toEqual([0, 'markouts: no detection anchors in the input\n']);
    const noneJson = await flowdesk(['markouts', ...USDM_FILES, '--anchors', 'detections', '--thresholds', never, '--report', 'json']);
    expect(JSON.parse(noneJson.stdout)).toEqual({ horizons: HORIZONS, groups: [] });
  });
});

describe('flowdesk markouts usage', () => {
  it.each([
    [['--anchors', 'trades', '--horizons', '250'], '--horizons must be'],
    [['--anchors', 'trades', '--horizons', '0ms'], '--horizons must be'],
    [['--anchors', 'trades', '--horizons', '1s,1000ms'], '1s is given twice'],
    [['--anchors', 'trades', '--horizons', '2h'], '--horizons must be'],
    [['--anchors', 'trades', '--horizons', '61m'], 'outside 1ms … 60m'],
    [['--anchors', 'quotes'], '--anchors must be trades, large-trades or detections'],
    [[], '--anchors'],
    [['--anchors', 'trades', '--out', '-'], '--out must be a file path'],
    [['--anchors', 'trades', '--preset', 'desk'], '--preset applies to --anchors detections only'],
  ])('%j: one line naming the mistake, exit 2, nothing written', async (args, fragment) => {
    const result = await flowdesk(['markouts', ...USDM_FILES, ...args]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(fragment);
    expect(result.stdout).toBe('');
  });

  it('an output directory that does not exist: one line, exit 1, before any work, nothing written', async () => {
    const out = join(dir, 'no-such-dir', 'rows.csv');
    const result = await flowdesk(['markouts', ...USDM_FILES, '--anchors', 'trades', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`flowdesk: error: markouts: cannot write ${out}: no such directory`);
    expect(result.stdout).toBe('');
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
  });
});
