// The replay decode worker (kernel/decode-worker, decode-client) against an in-thread replay of the same
// files: the same digest, counters, notices, detections, warnings and reader counts, and the same error.
// A worker runs compiled code, so both sides come from dist/ (npm test builds it first).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE_OPTIONS, PROJECT_ROOT, SPOT_FILES, USDM_FILES, fixtureLines } from '../support/fixtures.js';

const DIST = path.join(PROJECT_ROOT, 'dist/kernel/index.js');
if (!existsSync(DIST)) throw new Error('dist/ is missing: run `npm run build` (npm test does) before this test');
type Kernel = typeof import('../../src/kernel/index.js');
const kernel = (await import(DIST)) as Kernel;
const { decodeWorkerAvailable } = (await import(path.join(PROJECT_ROOT, 'dist/kernel/decode-client.js'))) as typeof import('../../src/kernel/decode-client.js');

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'flowdesk-decode-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Driver = ReturnType<Awaited<ReturnType<Kernel['prepareReplay']>>['driver']>;

interface Outcome {
  digest: string;
  counters: unknown;
  totals: unknown;
  events: string[];
  warnings: string[];
  stats: unknown;
}

/** Drives a replay with `drive` (default: to the end); what it produced. */
async function replay(
  files: readonly string[],
  decodeInWorker: boolean,
  drive: (driver: Driver) => Promise<unknown> = (driver) => driver.runToEnd(),
  readAhead?: number,
): Promise<Outcome> {
  const events: string[] = [];
  const warnings: string[] = [];
  const prepared = await kernel.prepareReplay({ files, overrides: {}, engine: ENGINE_OPTIONS, warn: (m) => warnings.push(m), decodeInWorker }, (event) => {
    if (event.kind === 'notice' || event.kind === 'connection') events.push(JSON.stringify(event));
  });
  kernel.attachFeatureEngines(prepared.pipeline);
  kernel.attachDetectors(prepared.pipeline, (d) => events.push(JSON.stringify(d)));
  await drive(prepared.driver({ readAhead }));
  return {
    digest: prepared.pipeline.finishDigest(),
    counters: { ...prepared.pipeline.counters },
    totals: prepared.pipeline.totals(),
    events,
    warnings,
    stats: { ...prepared.readerStats },
  };
}

async function expectSame(files: readonly string[]): Promise<Outcome> {
  const inThread = await replay(files, false);
  const inWorker = await replay(files, true);
  expect(inWorker).toEqual(inThread);
  return inWorker;
}

describe('replay with the decode worker', () => {
  it('is available from the build', () => {
    expect(decodeWorkerAvailable()).toBe(true);
  });

  it('replays both spot days (two files merged) exactly like the in-thread replay', async () => {
    const outcome = await expectSame(SPOT_FILES);
    expect(outcome.events.length).toBeGreaterThan(100); // detections and notices were compared, not nothing
    expect(outcome.stats).toEqual({ lines: 99_574, skippedLines: 0 });
  }, 60_000);

  it('replays the USD-M day exactly like the in-thread replay', async () => {
    await expectSame(USDM_FILES);
  }, 60_000);

  it('replays flowdesk-format recordings (a header per file, rotated parts) exactly like the in-thread replay', async () => {
    const out = path.join(dir, 'converted');
    await run(process.execPath, [path.join(PROJECT_ROOT, 'bin/flowdesk.js'), 'convert', ...USDM_FILES, '--out', out, '--max-file-mb', '1']);
    const parts = readdirSync(out).filter((f) => f.endsWith('.fdr.gz')).map((f) => path.join(out, f)).sort();
    expect(parts.length).toBeGreaterThan(1);
    const outcome = await expectSame(parts);
    expect(outcome.digest).toBe((await replay(USDM_FILES, true)).digest);
  }, 120_000);

  it('gives the same warnings, skips and results for a damaged file: malformed lines, a cut-off gzip', async () => {
    const lines = fixtureLines(SPOT_FILES[0] as string).slice(0, 30_000);
    lines.splice(5_000, 0, 'not a line');
    lines.splice(9_000, 0, '17231612x4036059768 {"stream":"btcusdt@trade","data":{}}');
    lines.splice(12_000, 0, '1723161254036059768 {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":2,"b":[["x","1"]],"a":[]}}');
    const gz = gzipSync(`${lines.join('\n')}\n`);
    const file = path.join(dir, 'damaged.gz');
    writeFileSync(file, gz.subarray(0, Math.floor(gz.length * 0.8)));
    const outcome = await expectSame([file]);
    expect(outcome.warnings.some((w) => w.includes('truncated'))).toBe(true);
    expect((outcome.stats as { skippedLines: number }).skippedLines).toBe(2);
    expect(outcome.events.some((e) => e.includes('messageMalformed'))).toBe(true);
  }, 60_000);

  it('runs until times, steps and finishes a spot + USD-M replay exactly like the in-thread replay', async () => {
    const start = Number((fixtureLines(SPOT_FILES[0] as string)[0] as string).slice(0, 16));
    const positions: number[][] = [[], []];
    const drive = (side: number) => async (driver: Driver) => {
      for (let t = start; !driver.finished; t += 20_000_000) {
        await driver.runUntil(t);
        await driver.stepEvents(333);
        await driver.stepTime(100);
        (positions[side] as number[]).push(driver.position);
      }
    };
    // A short read-ahead: the worker is held back (its batches acknowledged late) between the steps.
    const inThread = await replay([...SPOT_FILES, ...USDM_FILES], false, drive(0), 500);
    const inWorker = await replay([...SPOT_FILES, ...USDM_FILES], true, drive(1), 500);
    expect(inWorker).toEqual(inThread);
    expect(positions[1]).toEqual(positions[0]);
    expect((positions[0] as number[]).length).toBeGreaterThan(30);
    expect((inThread.totals as { stale: number }).stale).toBe(0);
  }, 60_000);

  it('stops early without an error, applying nothing after the stop', async () => {
    const prepared = await kernel.prepareReplay({ files: SPOT_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined, decodeInWorker: true });
    const driver = prepared.driver();
    await driver.stepEvents(30_000);
    await driver.stop();
    expect(driver.finished).toBe(true);
    expect(await driver.runToEnd()).toBe(0);
    expect(prepared.pipeline.counters.messages).toBe(30_000);
  });

  it('fails with the same InputError when a file is gone by the time the replay runs', async () => {
    const file = path.join(dir, 'gone.gz');
    const failures: unknown[] = [];
    for (const decodeInWorker of [false, true]) {
      writeFileSync(file, gzipSync(`${fixtureLines(SPOT_FILES[0] as string).slice(0, 2_000).join('\n')}\n`));
      const prepared = await kernel.prepareReplay({ files: [file], overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined, decodeInWorker });
      rmSync(file);
      failures.push(await prepared.run().then(() => null, (error: Error) => ({ name: error.name, message: error.message, path: (error as { path?: unknown }).path })));
    }
    expect(failures[0]).toMatchObject({ name: 'InputError', path: file });
    expect(failures[1]).toEqual(failures[0]);
  });
});
