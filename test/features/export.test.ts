// The feature engine on the bundled real recordings, through `flowdesk features`: required columns, no
// NaN/Infinity, CVD equal to the summed signed trade volume, byte-identical output across runs (a pinned
// golden digest), and 10 s OFI explaining a material share of 10 s mid changes.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { SPOT_FILES, USDM_FILES, fixtureLines } from '../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-features-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function features(files: string[], interval: string, name: string): Promise<{ text: string; rows: Record<string, string>[] }> {
  const out = join(dir, name);
  const sink = new PassThrough();
  sink.resume();
  const code = await main(['features', ...files, '--interval', interval, '--out', out], { stdout: sink, stderr: sink }, { FLOWDESK_LOG_LEVEL: 'silent' });
  expect(code).toBe(0);
  const text = readFileSync(out, 'utf8');
  const [header, ...lines] = text.trim().split('\n');
  const columns = (header as string).split(',');
  return { text, rows: lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i] as string, v]))) };
}

function r2(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((x[i] as number) - mx) * ((y[i] as number) - my);
    sxx += ((x[i] as number) - mx) ** 2;
    syy += ((y[i] as number) - my) ** 2;
  }
  return (sxy * sxy) / (sxx * syy);
}

const REQUIRED = ['ts_ms', 'symbol', 'mid', 'spread_bps', 'microprice_edge_bps', 'obi_5', 'ofi_l1', 'tfi', 'cvd', 'buy_qty', 'sell_qty', 'trade_count', 'realized_vol_bps'];

describe('flowdesk features on the spot recording', () => {
  it('writes every required column, one row per second, with no NaN or Infinity', async () => {
    const { rows, text } = await features(SPOT_FILES, '1s', 'spot-1s.csv');
    for (const column of REQUIRED) expect(Object.keys(rows[0] ?? {})).toContain(column);
    expect(text).not.toMatch(/NaN|Infinity/);
    const ts = rows.map((r) => Number(r['ts_ms']));
    for (let i = 1; i < ts.length; i++) expect((ts[i] as number) - (ts[i - 1] as number)).toBe(1000);
    expect(rows.length).toBeGreaterThan(600);
    expect(rows.filter((r) => r['healthy'] === '1').length).toBeGreaterThan(rows.length - 3);
  });

  it('ends with a CVD equal to the summed signed trade volume of the recording', async () => {
    const { rows } = await features(SPOT_FILES, '1s', 'spot-cvd.csv');
    let signed = 0n; // exact, in 1e-8 units
    for (const line of SPOT_FILES.flatMap((f) => fixtureLines(f))) {
      const m = /"e":"trade".*"q":"(\d+)\.(\d+)".*"m":(true|false)/.exec(line);
      if (m === null) continue;
      const lots = BigInt(`${m[1]}${(m[2] as string).padEnd(8, '0').slice(0, 8)}`);
      signed += m[3] === 'true' ? -lots : lots;
    }
    const last = rows[rows.length - 1] as Record<string, string>;
    expect(Math.round(Number(last['cvd']) * 1e8)).toBe(Number(signed));
    const summed = rows.reduce((acc, r) => acc + Number(r['buy_qty']) - Number(r['sell_qty']), 0);
    expect(summed).toBeCloseTo(Number(last['cvd']), 6);
  });

  it('is byte-identical across runs (golden digest)', async () => {
    const a = await features(SPOT_FILES, '1s', 'spot-a.csv');
    const b = await features(SPOT_FILES, '1s', 'spot-b.csv');
    expect(a.text).toBe(b.text);
    expect(createHash('sha256').update(a.text).digest('hex')).toMatchInlineSnapshot(`"afe80b35b3a70cec15f8434911dd5de4f5584921e9e2ae1e611dec0eee1d5acc"`);
  });

  it('has 10 s OFI explain a material share of 10 s mid changes (R² measured, see docs/FEATURES.md)', async () => {
    const { rows } = await features(SPOT_FILES, '10s', 'spot-10s.csv');
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1] as Record<string, string>;
      const b = rows[i] as Record<string, string>;
      if (a['healthy'] !== '1' || b['healthy'] !== '1') continue;
      x.push(Number(b['ofi_l1']));
      y.push((Number(b['mid']) - Number(a['mid'])) / 0.01);
    }
    expect(x.length).toBeGreaterThan(60);
    expect(r2(x, y)).toBeGreaterThan(0.5);
  });
});

describe('flowdesk features on the USD-M recording', () => {
  it('writes rows with no NaN or Infinity', async () => {
    const { rows, text } = await features(USDM_FILES, '500ms', 'usdm.csv');
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(rows.length).toBeGreaterThan(600);
  });
});

describe('flowdesk features on files of two products', () => {
  it("writes each book's rows as it stood at each boundary: the USD-M rows are those of its file exported alone", async () => {
    const alone = await features(USDM_FILES, '1s', 'usdm-alone.csv');
    const both = await features([...SPOT_FILES, ...USDM_FILES], '1s', 'spot-and-usdm.csv');
    // Two rows per boundary, spot then USD-M (both say BTCUSDT): the second of each time is the USD-M book's.
    const usdmAt = new Map<string, string>();
    const seen = new Set<string>();
    for (const line of both.text.trim().split('\n').slice(1)) {
      const ts = line.slice(0, line.indexOf(','));
      if (seen.has(ts)) usdmAt.set(ts, line);
      else seen.add(ts);
    }
    const aloneLines = alone.text.trim().split('\n').slice(1);
    expect(aloneLines.length).toBeGreaterThan(300);
    for (const line of aloneLines) expect(usdmAt.get(line.slice(0, line.indexOf(','))), line.slice(0, 13)).toBe(line);
  });
});
