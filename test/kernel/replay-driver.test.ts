// The replay driver: runs until a time, steps by events and by time, applies each file's end at its place,
// shows each raw message to a hook first, and stops early without an error — and however it is driven, a
// replay passes through the same states as a run to the end.
import { describe, expect, it } from 'vitest';
import { prepareReplay, type Pipeline, type PreparedReplay, type SymbolEngine } from '../../src/kernel/index.js';
import { ENGINE_OPTIONS, SPOT_FILES, USDM_FILES, fixtureLines, replayFiles } from '../support/fixtures.js';

const BOTH = [...SPOT_FILES, ...USDM_FILES];
const receiveUs = (line: string): number => Number(line.slice(0, line.indexOf(' ') - 3));
const spotTimes = SPOT_FILES.flatMap((f) => fixtureLines(f)).map(receiveUs);
const usdmTimes = fixtureLines(USDM_FILES[0] as string).map(receiveUs);
const lastUsdmUs = usdmTimes[usdmTimes.length - 1] as number;

function prepare(files: readonly string[]): Promise<PreparedReplay> {
  return prepareReplay({ files, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
}

function usdmEngine(pipeline: Pipeline): SymbolEngine {
  return pipeline.allEngines().find((e) => e.instrument.product === 'usdm') as SymbolEngine;
}

/** Digest, counters and every book's full depth. */
function finalState(pipeline: Pipeline) {
  return {
    digest: pipeline.finishDigest(),
    counters: { ...pipeline.counters },
    totals: pipeline.totals(),
    books: pipeline.allEngines().map((e) => ({
      state: e.sync.state,
      lastUpdateId: e.sync.book.lastUpdateId,
      bids: e.sync.book.bids.top(1_000_000),
      asks: e.sync.book.asks.top(1_000_000),
    })),
  };
}

describe('ReplayDriver', () => {
  it('applies exactly the messages received up to a time, and its clock then reads that time', async () => {
    const driver = (await prepare(SPOT_FILES)).driver();
    const first = spotTimes[0] as number;
    expect(await driver.nextTimeUs()).toBe(first);
    const target = first + 30_000_000;
    const expected = spotTimes.filter((t) => t <= target).length;
    expect(await driver.runUntil(target)).toBe(expected);
    expect(driver.position).toBe(expected);
    expect(driver.lastMessageUs).toBe(spotTimes[expected - 1]);
    expect(driver.nowUs).toBe(target);
    expect(await driver.nextTimeUs()).toBe(spotTimes[expected]);
    expect(await driver.stepEvents(3)).toBe(3);
    expect(driver.nowUs).toBe(spotTimes[expected + 2]);
    await driver.stepTime(250);
    expect(driver.position).toBe(spotTimes.filter((t) => t <= (spotTimes[expected + 2] as number) + 250_000).length);
    expect(driver.finished).toBe(false);
    const left = spotTimes.length - driver.position;
    expect(await driver.runToEnd()).toBe(left);
    expect(driver.finished).toBe(true);
    expect(await driver.nextTimeUs()).toBeNull();
  });

  it('tells a book its data is over right after the last message of its last file, not before', async () => {
    const replay = await prepare(BOTH);
    const driver = replay.driver();
    const usdm = usdmEngine(replay.pipeline);
    await driver.runUntil(lastUsdmUs - 1);
    expect(usdm.sync.healthy).toBe(true);
    expect(usdm.dataEnded).toBe(false); // its data is not over yet: a bookTicker left ahead would be staleness
    await driver.runUntil(lastUsdmUs);
    expect(usdm.dataEnded).toBe(true);
    expect(usdm.isStaleAt(lastUsdmUs + 60_000_000)).toBe(false);
    await driver.runToEnd();
    expect(replay.pipeline.totals().stale).toBe(0);
  });

  it.each([
    ['reading far ahead', undefined],
    ['with a full read-ahead queue at every step', 64],
  ])('passes through the same states however it is driven: steps, time steps, runs until times, to the end (%s)', async (_, readAhead) => {
    const replay = await prepare(BOTH);
    const driver = replay.driver({ readAhead });
    await driver.stepEvents(1);
    await driver.stepEvents(777);
    await driver.stepTime(100);
    await driver.runUntil(lastUsdmUs - 2_000_000, 5000);
    for (let i = 0; i < 50; i++) await driver.stepTime(97);
    await driver.runUntil(lastUsdmUs + 30_000_000);
    for (let i = 0; i < 20; i++) await driver.stepEvents(1 + i * 13);
    await driver.runToEnd();
    expect(driver.finished).toBe(true);
    const headless = await replayFiles(BOTH);
    expect(headless.report.stale).toBe(0);
    expect(finalState(replay.pipeline)).toEqual(finalState(headless.replay.pipeline));
  });

  it('shows each raw message to the hook just before the pipeline, and waits for the promise it returns', async () => {
    const replay = await prepare(SPOT_FILES);
    let seen = 0;
    let misplaced = 0;
    let overtaken = 0;
    let settled = true;
    const driver = replay.driver({
      onRaw: (raw) => {
        if (raw.seq !== seen || replay.pipeline.counters.messages !== seen) misplaced++;
        if (!settled) overtaken++;
        seen++;
        if (seen % 1000 !== 0) return undefined;
        settled = false;
        return Promise.resolve()
          .then(() => undefined)
          .then(() => {
            settled = true;
          });
      },
    });
    await driver.runUntil((spotTimes[0] as number) + 60_000_000); // the producer applies these directly
    await driver.stepEvents(2500); // these come from the read-ahead queue
    await driver.runToEnd();
    expect(seen).toBe(spotTimes.length);
    expect(misplaced).toBe(0);
    expect(overtaken).toBe(0);
  });

  it('stops early without an error: reading ends, the files are closed, and nothing more is applied', async () => {
    const replay = await prepare(BOTH);
    const driver = replay.driver();
    await driver.runUntil((spotTimes[0] as number) + 10_000_000);
    const at = driver.position;
    await driver.stop();
    expect(driver.finished).toBe(true);
    expect(await driver.stepEvents(10)).toBe(0);
    expect(await driver.runToEnd()).toBe(0);
    expect(driver.position).toBe(at);
    for (const source of replay.sources) expect(await source.batches.next()).toEqual({ done: true, value: undefined });
  });

  it('stops on an error of the hook: the run fails with it and the files are closed', async () => {
    const replay = await prepare(SPOT_FILES);
    const driver = replay.driver({
      onRaw: (raw) => {
        if (raw.seq === 5000) throw new Error('disk full');
      },
    });
    await expect(driver.runToEnd()).rejects.toThrow('disk full');
    expect(driver.position).toBe(5000);
    for (const source of replay.sources) expect(await source.batches.next()).toEqual({ done: true, value: undefined });
  });

  it('is one per replay: the files are read once', async () => {
    const replay = await prepare(USDM_FILES);
    replay.driver();
    expect(() => replay.driver()).toThrow(/one driver/);
  });
});
