// The measuring hooks behind the benchmarks: LivePerf (receive → book / features latency of the live path)
// and the resource samples of a soak, checked on synthetic input with a hand-driven clock and timers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LivePerf } from '../../src/cli/live-perf.js';
import { startResourceSamples } from '../../src/cli/resource-samples.js';
import type { FlowEvent } from '../../src/model/index.js';
import { tempDir } from '../recording/support.js';
import { EventTimeScheduler } from '../../src/core/index.js';

const trade = (receiveTimeUs: number) => ({ kind: 'trade', receiveTimeUs }) as unknown as FlowEvent;

describe('LivePerf', () => {
  it('records receive → book and receive → features for market events, and counts the late ones', () => {
    const out = path.join(tempDir(), 'perf.json');
    let now = 0;
    const perf = new LivePerf(out, () => now);
    for (let i = 0; i < 100; i++) {
      const received = i * 1000;
      now = received + 50; // book applied 50 µs after receipt
      perf.bookApplied(trade(received));
      now = received + (i === 99 ? 9000 : 200); // features 200 µs after (one late event: 9 ms)
      perf.featuresUpdated(trade(received));
    }
    perf.bookApplied({ kind: 'notice' } as unknown as FlowEvent); // not a market event: not counted
    perf.write({ messages: 100 });
    const figures = JSON.parse(readFileSync(out, 'utf8'));
    expect(figures.events).toBe(100);
    expect(figures.receiveToBookUs.p50).toBe(50);
    expect(figures.receiveToBookUs.max).toBe(50);
    expect(figures.receiveToFeaturesUs.p50).toBe(200);
    expect(Math.abs(figures.receiveToFeaturesUs.max - 9000)).toBeLessThan(90); // HDR histogram: 3 significant figures
    expect(figures.laterThan5ms).toBe(1);
    expect(figures.messages).toBe(100);
  });
});

describe('startResourceSamples', () => {
  it('appends one JSON line of memory and CPU figures per period, with what the caller adds, until stopped', () => {
    const out = path.join(tempDir(), 'samples.jsonl');
    const time = new EventTimeScheduler(1_700_000_000_000_000);
    let n = 0;
    const stop = startResourceSamples(out, 100, () => ({ calls: ++n }), { clock: time, scheduler: time });
    time.advance(450);
    stop();
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.seconds)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(lines.map((l) => l.calls)).toEqual([1, 2, 3, 4]);
    for (const l of lines) {
      expect(l.rssMB).toBeGreaterThan(10);
      expect(l.heapUsedMB).toBeGreaterThan(1);
      expect(l.cpuPercent).toBeGreaterThanOrEqual(0);
    }
    time.advance(1000);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('takes a period under 100 ms (or not a number) as the default of 10 s', () => {
    const out = path.join(tempDir(), 'samples.jsonl');
    const time = new EventTimeScheduler(1_700_000_000_000_000);
    const stop = startResourceSamples(out, 5, () => ({}), { clock: time, scheduler: time });
    expect(time.pending()).toEqual([10_000]);
    stop();
    const stopNaN = startResourceSamples(out, Number.NaN, () => ({}), { clock: time, scheduler: time });
    expect(time.pending()).toEqual([10_000]);
    stopNaN();
  });
});
