// ReplayController: stepping processes exactly what it says, pausing stops the clock, playing follows wall
// time at the chosen speed, and the final state equals a headless replay of the same files.
import { describe, expect, it } from 'vitest';
import { ReplayController, buildReport, prepareReplay } from '../../src/kernel/index.js';
import type { Pipeline } from '../../src/kernel/index.js';
import { ENGINE_OPTIONS, SPOT_FILES, USDM_FILES, fixtureLines, replayFiles } from '../support/fixtures.js';

async function controller(files: readonly string[] = USDM_FILES): Promise<ReplayController> {
  const replay = await prepareReplay({ files, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  const c = new ReplayController(replay);
  await c.start();
  return c;
}

const times = fixtureLines(USDM_FILES[0] as string).map((l) => Number(l.slice(0, l.indexOf(' ') - 3)));

describe('ReplayController', () => {
  it('steps exactly one event per stepEvents(1)', async () => {
    const c = await controller();
    expect(c.position).toBe(0);
    await c.stepEvents(1);
    expect(c.position).toBe(1);
    await c.stepEvents(10);
    expect(c.position).toBe(11);
    expect(c.nowUs).toBe(times[10]);
  });

  it('steps exactly the messages of the next 100 ms of receive time', async () => {
    const c = await controller();
    await c.stepEvents(500);
    const from = c.nowUs as number;
    await c.stepTime(100);
    const expected = times.filter((t) => t <= from + 100_000).length;
    expect(c.position).toBe(expected);
    expect(c.nowUs).toBe(from + 100_000);
  });

  it('does not move while paused, and follows wall time × speed while playing', async () => {
    const c = await controller();
    await c.stepEvents(100);
    const at = c.position;
    expect(await c.play(5_000_000, 1_000_000)).toBe(0);
    expect(c.position).toBe(at);
    const replayStart = c.nowUs as number;
    c.setSpeed(4, 0);
    c.resume(0);
    await c.play(250_000, 1_000_000); // 0.25 s of wall time at 4× = 1 s of replay
    expect(c.nowUs).toBe(replayStart + 1_000_000);
    expect(c.position).toBe(times.filter((t) => t <= replayStart + 1_000_000).length);
    c.pause();
    expect(await c.play(10_000_000, 1_000_000)).toBe(0);
  });

  it('ends in the same state as a headless replay', async () => {
    const c = await controller();
    c.setSpeed('max', 0);
    c.resume(0);
    while (!c.finished) await c.play(0, 5000);
    const headless = await replayFiles(USDM_FILES);
    expect(c.position).toBe(headless.report.events);
    expect(buildReport(c.pipeline, 0, 1).digest).toBe(headless.report.digest);
  });

  it('ends spot and USD-M files that end at different times in the same state as a headless replay', async () => {
    // The USD-M file ends ~5 minutes before the spot files: its book's data is over, not stale.
    const files = [...SPOT_FILES, ...USDM_FILES];
    const c = await controller(files);
    await c.stepEvents(1000);
    await c.stepTime(100);
    c.setSpeed(16, 0);
    c.resume(0);
    await c.play(60_000_000, 1_000_000); // one wall minute at 16×
    c.setSpeed('max', 0);
    while (!c.finished) await c.play(0, 5000);
    const headless = await replayFiles(files);
    expect(headless.report.stale).toBe(0);
    expect(c.position).toBe(headless.report.events);
    expect(finalState(c.pipeline)).toEqual(finalState(headless.replay.pipeline));
  });
});

/** Digest, counters and every book's full depth at the end of a run. */
function finalState(pipeline: Pipeline) {
  const report = buildReport(pipeline, 0, 1);
  return {
    digest: report.digest,
    counters: { ...pipeline.counters },
    totals: pipeline.totals(),
    books: pipeline.allEngines().map((e) => ({
      symbol: `${e.instrument.product}:${e.instrument.symbol}`,
      state: e.sync.state,
      lastUpdateId: e.sync.book.lastUpdateId,
      bids: e.sync.book.bids.top(1_000_000),
      asks: e.sync.book.asks.top(1_000_000),
    })),
  };
}
