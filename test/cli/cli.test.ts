// The flowdesk command as a user runs it: real process (bin/flowdesk.js → dist/), real files, exit codes,
// one-line errors and no stack traces; plus in-process runs of main() for the quicker cases.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { exchangeInfoBody } from '../../src/loopback/exchange-info.js';
import { parseExchangeInfo } from '../../src/venue/index.js';
import { runInProcess, runProcess as flowdesk } from '../support/cli-run.js';
import { SPOT_FILES, USDM_FILES, fixtureLines } from '../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


const GOLDEN_SPOT = 'f3915a83cb12c512decd1af11b0f9559a9669d804bc69a9ac90915b1a831739d';
const GOLDEN_USDM = '85282673ff30957cccb29ea9c09f7c36c2d74c3366878477f6655fba2b03c94b';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

const inProcess = (args: string[], env: Record<string, string> = {}): Promise<Result> => runInProcess(args, env);



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
    // hftbacktest files hold no exchangeInfo: no order rules in the headers.
    for (const file of files) expect(JSON.parse(gunzipSync(readFileSync(file)).toString('utf8').split('\n')[0] as string)).not.toHaveProperty('rules');
  });

  it('keeps the order rules of the flowdesk recordings it converts; a replay refuses a file whose rules are malformed', async () => {
    const first = join(dir, 'rules-in');
    expect((await inProcess(['convert', ...SPOT_FILES, '--out', first])).code).toBe(0);
    const rules = [...parseExchangeInfo(JSON.stringify(exchangeInfoBody('spot', [{ symbol: 'BTCUSDT', tickSize: '0.01', stepSize: '0.00001' }], 1)), 'spot').values()];
    const withHeader = (file: string, edit: (header: Record<string, unknown>) => void): void => {
      const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
      const header = JSON.parse(lines[0] as string) as Record<string, unknown>;
      edit(header);
      writeFileSync(file, gzipSync([JSON.stringify(header), ...lines.slice(1)].join('\n')));
    };
    const inputs = readdirSync(first).filter((f) => f.endsWith('.fdr.gz')).sort().map((f) => join(first, f));
    for (const file of inputs) withHeader(file, (header) => (header['rules'] = rules));
    const second = join(dir, 'rules-out');
    expect((await inProcess(['convert', ...inputs, '--out', second])).code).toBe(0);
    const outputs = readdirSync(second).filter((f) => f.endsWith('.fdr.gz')).sort().map((f) => join(second, f));
    for (const file of outputs) expect(JSON.parse(gunzipSync(readFileSync(file)).toString('utf8').split('\n')[0] as string).rules).toEqual(rules);
    expect(lastJson((await inProcess(['replay', ...outputs, '--no-ui', '--report', 'json'])).stdout)['digest']).toBe(GOLDEN_SPOT);

    withHeader(outputs[0] as string, (header) => (header['rules'] = [{ ...rules[0], lotSize: { minQty: '0.00001000', maxQty: 9000, stepSize: '0.00001000' } }]));
    const refused = await flowdesk(['replay', ...outputs, '--no-ui']);
    expectOneLineError(refused, 1, outputs[0] as string, 'header has malformed rules: rules[0] (BTCUSDT): lotSize: field "maxQty" must be a decimal string, got 9000');
  }, 60_000);

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

describe('usage errors from the real binary', () => {
  const AT = '2024-08-09T00:01:00Z';
  const cases: [string[], string][] = [
    [['record', '--no-ui', '--product', 'spot', '--out', 'rec', '--status-every', '0.001'], '--status-every must be a number of seconds from 1 to 86400, got "0.001"'],
    [['record', '--no-ui', '--product', 'spot', '--out', 'rec', '--max-file-mb', '0.0001'], '--max-file-mb must be a number of MB ≥ 1, got "0.0001"'],
    [['record', '--no-ui', '--product', 'spot', '--out', 'rec', '--stauts-every', '3'], 'unknown option --stauts-every (did you mean --status-every?)'],
    [['live', '--no-ui', '--product', 'spot', '--depth', 'foo'], '--depth must be depth@100ms, depth, depth@500ms or depth@0ms, got "foo"'],
    [['live', '--no-ui', '--product', 'spot', '--depth', 'depth@500ms'], '--depth depth@500ms is a USD-M stream'],
    [['live', '--no-ui', '--product', 'usdm', '--snapshot-limit', '300'], '--snapshot-limit must be one of 5, 10, 20, 50, 100, 500, 1000 for usdm'],
    [['live', '--no-ui', '--product', 'spot', '--imbalance-levels', '1.5'], '--imbalance-levels must be an integer number of levels from 1 to 100, got "1.5"'],
    [['live', '--no-ui', '--product', 'spot', '--status-every', '5', '--status-every', '6'], '--status-every is given more than once'],
    [['replay', ...USDM_FILES, '--fps', 'abc'], '--fps must be an integer from 1 to 10, got "abc"'],
    [['replay', ...USDM_FILES, '--no-ui', '--tick-size', 'abc'], '--tick-size must be a positive decimal number such as 0.01, got "abc"'],
    [['impact', ...SPOT_FILES, '--side', 'sell', '--qty', '-1', '--at', AT], '--qty must be a positive decimal number such as 0.25, got "-1"'],
  ];
  it.each(cases)('flowdesk %j exits 2 with one line', async (args, message) => {
    expectOneLineError(await flowdesk(args), 2, message);
  });
});

describe('a FLOWDESK_LOG_FILE that cannot be written', () => {
  const cases: [string, () => string][] = [
    ['a directory', () => dir],
    ['a path under a file', () => {
      const file = join(dir, 'plain-file');
      writeFileSync(file, '');
      return join(file, 'flowdesk.log');
    }],
    ...(process.platform === 'linux' ? ([['a path under /proc', () => '/proc/self/flowdesk/flowdesk.log']] as [string, () => string][]) : []),
  ];
  it.each(cases)('%s: one line naming the variable, exit 2, before any work', async (_name, path) => {
    const result = await flowdesk(['replay', ...USDM_FILES, '--no-ui', '--report', 'json'], { FLOWDESK_LOG_FILE: path() });
    expectOneLineError(result, 2, 'configuration error: FLOWDESK_LOG_FILE:', 'cannot be opened for appending');
    expect(result.stdout).toBe(''); // nothing was replayed
  });
});

describe('flowdesk features --out', () => {
  it('into a directory that does not exist: one line, exit 1, before any work, nothing written', async () => {
    const out = join(dir, 'no-such-dir', 'features.csv');
    const result = await flowdesk(['features', ...USDM_FILES, '--out', out]);
    expectOneLineError(result, 1, `cannot write ${out}: no such directory`);
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
  });
});

describe('a .gz recording with garbage appended', () => {
  it('replays every event of the intact file, to the same digest, with one warning saying where the damage is', async () => {
    const intact = readFileSync(SPOT_FILES[0] as string);
    const damaged = join(dir, 'garbage-appended.gz');
    const garbage = Buffer.from('\x00\x01 not gzip at all '.repeat(200));
    writeFileSync(damaged, Buffer.concat([intact, garbage]));
    const [good, bad] = await Promise.all([
      inProcess(['replay', SPOT_FILES[0] as string, '--no-ui', '--report', 'json']),
      flowdesk(['replay', damaged, '--no-ui', '--report', 'json']),
    ]);
    expect(bad.code).toBe(0);
    expect(lastJson(bad.stdout)['events']).toBe(41_249);
    expect(lastJson(bad.stdout)['events']).toBe(lastJson(good.stdout)['events']);
    expect(lastJson(bad.stdout)['digest']).toBe(lastJson(good.stdout)['digest']);
    expect(bad.stderr.trim().split('\n')).toEqual([
      `flowdesk: warning: ${damaged}: gzip stream is corrupt after line 41249 (${garbage.length} bytes from byte ${intact.length} are not a gzip member, after the last complete one); replayed up to the last whole line`,
    ]);
  });
});

describe('units from flags that do not fit the data', () => {
  it('a --tick-size the prices are not on is a usage error naming the flag and a price, before the replay', async () => {
    const result = await flowdesk(['replay', ...SPOT_FILES, '--no-ui', '--tick-size', '0.1']);
    expectOneLineError(result, 2, '--tick-size 0.1 does not fit', 'BTCUSDT: price "', "the data's own prices fit --tick-size 0.01");
    expect(result.stdout).toBe('');
  });

  it('so is a --lot-size the quantities are not on; a finer tick than the data needs is accepted', async () => {
    expectOneLineError(await flowdesk(['replay', ...USDM_FILES, '--no-ui', '--lot-size', '0.01']), 2, '--lot-size 0.01 does not fit', 'quantity "');
    const finer = await inProcess(['replay', ...USDM_FILES, '--no-ui', '--report', 'json', '--tick-size', '0.01']);
    expect(finer.code).toBe(0);
    expect(lastJson(finer.stdout)).toMatchObject({ malformed: 0, gaps: 0 });
  });
});

describe('the same input twice', () => {
  it('refuses a file given twice, under any name, with one line and exit 2', async () => {
    const file = USDM_FILES[0] as string;
    const link = join(dir, 'usdm-link.gz');
    if (!existsSync(link)) symlinkSync(file, link);
    expectOneLineError(await inProcess(['replay', file, file, '--no-ui']), 2, `${file} is given twice`);
    expectOneLineError(await inProcess(['features', file, relative(process.cwd(), file), '--out', join(dir, 'twice.csv')]), 2, 'are the same file');
    expectOneLineError(await inProcess(['detect', link, file]), 2, `${link} and ${file} are the same file`);
    expect(existsSync(join(dir, 'twice.csv'))).toBe(false);
  });

  it('refuses a symbol named twice in --symbols', async () => {
    const result = await inProcess(['live', '--no-ui', '--product', 'spot', '--symbols', 'BTCUSDT,btcusdt']);
    expectOneLineError(result, 2, '--symbols must be comma-separated symbols such as BTCUSDT,ETHUSDT, each once, got "BTCUSDT,btcusdt" (BTCUSDT is named twice)');
  });
});
