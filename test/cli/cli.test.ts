// The flowdesk command as a user runs it: real process (bin/flowdesk.js → dist/), real files, exit codes,
// one-line errors and no stack traces; plus in-process runs of main() for the quicker cases.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { PROJECT_ROOT, SPOT_FILES, USDM_FILES, fixtureLines } from '../support/fixtures.js';

const run = promisify(execFile);
const BIN = join(PROJECT_ROOT, 'bin/flowdesk.js');
const dir = mkdtempSync(join(tmpdir(), 'flowdesk-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOLDEN_SPOT = 'f3915a83cb12c512decd1af11b0f9559a9669d804bc69a9ac90915b1a831739d';
const GOLDEN_USDM = '85282673ff30957cccb29ea9c09f7c36c2d74c3366878477f6655fba2b03c94b';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function flowdesk(args: string[], env: Record<string, string> = {}, cwd = PROJECT_ROOT): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', FLOWDESK_LOG_LEVEL: 'warn', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function inProcess(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await main(args, { stdout, stderr }, { FLOWDESK_LOG_LEVEL: 'silent', ...env });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
}

function expectOneLineError(result: Result, code: number, ...fragments: string[]): void {
  expect(result.code).toBe(code);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  for (const f of fragments) expect(lines[0]).toContain(f);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('flowdesk replay --no-ui --report json', () => {
  it('prints the report as the last stdout line, with the golden digest, for the spot files', async () => {
    const result = await flowdesk(['replay', ...SPOT_FILES, '--no-ui', '--report', 'json']);
    expect(result.code).toBe(0);
    const report = lastJson(result.stdout);
    expect(report).toMatchObject({ gaps: 0, crossed: 0, bboMismatches: 0, digest: GOLDEN_SPOT });
    for (const key of ['events', 'depthUpdates', 'trades', 'bookTickers', 'snapshots', 'gaps', 'resyncs', 'crossed', 'bboChecks', 'bboMismatches', 'digest', 'eventsPerSec']) {
      expect(report).toHaveProperty(key);
    }
  });

  it('does the same for the USD-M file', async () => {
    const result = await inProcess(['replay', ...USDM_FILES, '--no-ui', '--report', 'json']);
    expect(result.code).toBe(0);
    expect(lastJson(result.stdout)).toMatchObject({ gaps: 0, crossed: 0, bboMismatches: 0, digest: GOLDEN_USDM });
  });

  it('names a missing file in one line and exits non-zero', async () => {
    expectOneLineError(await flowdesk(['replay', join(dir, 'nope.gz'), '--no-ui']), 1, 'nope.gz', 'no such file');
  });

  it('names an empty file in one line and exits non-zero', async () => {
    const empty = join(dir, 'empty.gz');
    writeFileSync(empty, '');
    expectOneLineError(await flowdesk(['replay', empty, '--no-ui']), 1, 'empty.gz', 'empty');
  });

  it('names a file of unknown format in one line and exits non-zero', async () => {
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, 'hello\nworld\n');
    expectOneLineError(await flowdesk(['replay', junk, '--no-ui']), 1, 'junk.txt', 'unrecognised format');
  });

  it('names a gzip file with garbage inside in one line and exits non-zero', async () => {
    const junk = join(dir, 'junk.gz');
    writeFileSync(junk, gzipSync('not a recording at all\n'));
    expectOneLineError(await flowdesk(['replay', junk, '--no-ui']), 1, 'junk.gz');
  });

  it('rejects a bad --report value as a usage error', async () => {
    const result = await inProcess(['replay', ...USDM_FILES, '--no-ui', '--report', 'xml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--report must be json or text');
  });

  it('rejects an unknown flag as a usage error', async () => {
    const result = await inProcess(['replay', ...USDM_FILES, '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bogus');
  });

  it('replays a plain-text file with microsecond receive times to the same digest', async () => {
    const lines = fixtureLines(USDM_FILES[0] as string).map((l) => {
      const space = l.indexOf(' ');
      return `${l.slice(0, space - 3)}${l.slice(space)}`; // ns → µs
    });
    const plain = join(dir, 'usdm-micros.txt');
    writeFileSync(plain, `${lines.join('\n')}\n`);
    const result = await inProcess(['replay', plain, '--no-ui', '--report', 'json']);
    expect(result.code).toBe(0);
    expect(lastJson(result.stdout)['digest']).toBe(GOLDEN_USDM);
  });

  it('replays a recording cut off mid-gzip up to the last whole line, with a warning', async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(SPOT_FILES[0] as string);
    const cut = join(dir, 'cut.gz');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const result = await flowdesk(['replay', cut, '--no-ui', '--report', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('truncated');
    const report = lastJson(result.stdout);
    expect(report['events']).toBeGreaterThan(1000);
    expect(report['gaps']).toBe(0);
  });
});

describe('the console without a terminal', () => {
  it('says so in one line, suggests --no-ui, and exits 2 (never a raw-mode crash)', async () => {
    const result = await flowdesk(['replay', ...USDM_FILES]); // stdin/stdout are pipes here
    expectOneLineError(result, 2, 'needs a terminal', '--no-ui');
  });
});

describe('flowdesk convert', () => {
  it('writes flowdesk recordings that replay to the same digest as the originals, and gives the directory lock back', async () => {
    const out = join(dir, 'converted');
    const converted = await inProcess(['convert', ...SPOT_FILES, '--out', out]);
    expect(converted.code).toBe(0);
    const files = readdirSync(out).filter((f) => f.endsWith('.fdr.gz')).sort().map((f) => join(out, f));
    expect(readdirSync(out).sort()).toEqual(files.map((f) => f.slice(out.length + 1))); // no .flowdesk.lock left
    expect(files.length).toBe(2); // the stream crosses midnight: rotated by hour
    expect(converted.stdout.trim().split('\n')).toEqual(files);
    const result = await flowdesk(['replay', ...files, '--no-ui', '--report', 'json']);
    expect(result.code).toBe(0);
    const report = lastJson(result.stdout);
    expect(report['digest']).toBe(GOLDEN_SPOT);
    expect((report['symbols'] as { unitsFrom: string }[])[0]?.unitsFrom).toBe('inferred');
  });

  it('takes a gzip level: 1 writes larger files than 9, both replay to the same digest; 0 is refused', async () => {
    const sizes: number[] = [];
    for (const level of ['1', '9']) {
      const out = join(dir, `level-${level}`);
      expect((await inProcess(['convert', ...SPOT_FILES, '--out', out, '--gzip-level', level])).code).toBe(0);
      const files = readdirSync(out).filter((f) => f.endsWith('.fdr.gz')).sort().map((f) => join(out, f));
      sizes.push(files.reduce((sum, f) => sum + statSync(f).size, 0));
      const report = lastJson((await inProcess(['replay', ...files, '--no-ui', '--report', 'json'])).stdout);
      expect(report['digest']).toBe(GOLDEN_SPOT);
    }
    expect(sizes[0]).toBeGreaterThan((sizes[1] as number) * 1.2);
    const refused = await inProcess(['convert', ...SPOT_FILES, '--out', join(dir, 'level-0'), '--gzip-level', '0']);
    expectOneLineError(refused, 2, '--gzip-level must be an integer from 1 to 9');
  }, 60_000);
});

describe('configuration at the entry point', () => {
  it('loads .env from the working directory and fails fast naming a bad variable', async () => {
    const cwd = mkdtempSync(join(dir, 'envdir-'));
    writeFileSync(join(cwd, '.env'), 'FLOWDESK_STALE_STREAM_MS=soon\n');
    const result = await flowdesk(['replay', ...USDM_FILES, '--no-ui'], { FLOWDESK_LOG_LEVEL: '' }, cwd);
    expectOneLineError(result, 2, 'FLOWDESK_STALE_STREAM_MS');
  });

  it('lets the real environment override .env', async () => {
    const cwd = mkdtempSync(join(dir, 'envdir-'));
    writeFileSync(join(cwd, '.env'), 'FLOWDESK_STALE_STREAM_MS=soon\n');
    const result = await flowdesk(['replay', ...USDM_FILES, '--no-ui', '--report', 'json'], { FLOWDESK_STALE_STREAM_MS: '5000' }, cwd);
    expect(result.code).toBe(0);
  });

  it('stops record in one line naming FLOWDESK_PERF_EVERY_MS when it is not a number, before connecting anywhere', async () => {
    const out = join(dir, 'perf-never-written');
    const result = await flowdesk(['record', '--no-ui', '--product', 'spot', '--symbols', 'BTCUSDT', '--out', out], {
      FLOWDESK_PERF_OUT: join(dir, 'perf.jsonl'),
      FLOWDESK_PERF_EVERY_MS: 'NaN',
      BINANCE_SPOT_REST_URL: 'http://127.0.0.1:9', // never reached: the configuration stops it first
      BINANCE_SPOT_WS_URL: 'ws://127.0.0.1:9',
    });
    expectOneLineError(result, 2, 'configuration error', 'FLOWDESK_PERF_EVERY_MS', '"NaN"');
  });

  it.each([
    ['FLOWDESK_PERF_EVERY_MS', '5'],
    ['FLOWDESK_PERF_LAG', 'yes'],
  ])('refuses %s=%s for every command, like any other variable', async (name, value) => {
    const result = await inProcess(['replay', ...USDM_FILES, '--no-ui'], { [name]: value });
    expectOneLineError(result, 2, `configuration error: ${name}: expected`);
  });

  it('never prints an API key, even at trace level', async () => {
    const key = 'k3yABCDEF0123456789secretvalue';
    const result = await flowdesk(['replay', ...USDM_FILES, '--no-ui', '--report', 'json'], {
      BINANCE_API_KEY: key,
      BINANCE_API_SECRET: 's3cr3tABCDEF0123456789',
      FLOWDESK_LOG_LEVEL: 'trace',
    });
    expect(result.code).toBe(0);
    expect(result.stderr.length).toBeGreaterThan(0); // logs were written
    expect(result.stdout + result.stderr).not.toContain(key);
    expect(result.stdout + result.stderr).not.toContain('s3cr3tABCDEF0123456789');
  });
});

describe('flowdesk with no or unknown command', () => {
  it('prints help and exits 2 without a command', async () => {
    const result = await inProcess([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('usage: flowdesk <command>');
  });

  it('names an unknown command', async () => {
    const result = await inProcess(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });
});

describe('flowdesk detect', () => {
  it('counts each detector on the USD-M recording, and jsonl lists the same detections', async () => {
    const text = await inProcess(['detect', ...USDM_FILES]);
    expect(text.code).toBe(0);
    const counts = Object.fromEntries([...text.stdout.matchAll(/(wall|sweep|absorption|layering|iceberg|exhaustion) (\d+)/g)].map((m) => [m[1], Number(m[2])]));
    expect(Object.keys(counts)).toHaveLength(6);
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(0);
    const jsonl = await inProcess(['detect', ...USDM_FILES, '--report', 'jsonl']);
    const detections = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l) as { detector: string; price: string });
    for (const [kind, n] of Object.entries(counts)) expect(detections.filter((d) => d.detector === kind)).toHaveLength(n as number);
    expect(detections[0]?.price).toMatch(/^\d+\.\d$/);
  });
});

describe('flowdesk detect thresholds', () => {
  it('takes the desk preset and a JSON file of overrides, and names an unknown option', async () => {
    const desk = await inProcess(['detect', ...USDM_FILES, '--preset', 'desk']);
    const sweepsDesk = Number(/sweep (\d+)/.exec(desk.stdout)?.[1]);
    const tuned = await inProcess(['detect', ...USDM_FILES]);
    expect(sweepsDesk).toBeGreaterThan(Number(/sweep (\d+)/.exec(tuned.stdout)?.[1]));
    const file = join(dir, 'thresholds.json');
    writeFileSync(file, JSON.stringify({ wallRatio: 1000 }));
    const strict = await inProcess(['detect', ...USDM_FILES, '--thresholds', file]);
    expect(strict.stdout).toContain('wall 0');
    writeFileSync(file, JSON.stringify({ wallRatoi: 4 }));
    const bad = await inProcess(['detect', ...USDM_FILES, '--thresholds', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown option "wallRatoi"');
  });
});
