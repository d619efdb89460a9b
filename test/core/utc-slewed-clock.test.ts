// UtcSlewedClock with hand-driven time sources: starts at UTC, stays near UTC while the monotonic clock
// drifts, slews a step of the wall clock (either way) at its bounded rate, and never goes back.
import { describe, expect, it } from 'vitest';
import { UtcSlewedClock } from '../../src/core/index.js';

const START_MS = 1_723_161_255_000; // 2024-08-08T23:54:15Z

/** A monotonic and a wall clock moved by hand. */
class FakeSources {
  monotonic = 5_000.25; // process uptime, ms
  wall = START_MS;
  readonly monotonicMs = (): number => this.monotonic;
  readonly wallMs = (): number => this.wall;
  /** Real time passes: the wall clock by `ms`, the monotonic clock by `ms × (1 + rate)`. */
  pass(ms: number, rate = 0): void {
    this.monotonic += ms * (1 + rate);
    this.wall += ms;
  }
}

const utcUs = (sources: FakeSources): number => sources.wall * 1000;

describe('UtcSlewedClock', () => {
  it('starts at UTC and then runs on the monotonic clock', () => {
    const sources = new FakeSources();
    const clock = new UtcSlewedClock(sources);
    expect(clock.nowUs()).toBe(utcUs(sources));
    sources.pass(0.123);
    expect(clock.nowUs()).toBe(utcUs(sources));
    expect(Number.isSafeInteger(clock.nowUs())).toBe(true);
  });

  it('stays within a millisecond of UTC for a week while the monotonic clock runs 100 ppm slow', () => {
    const sources = new FakeSources();
    const clock = new UtcSlewedClock(sources);
    let worstUs = 0;
    for (let second = 0; second < 7 * 86_400; second++) {
      sources.pass(1000, -100e-6);
      worstUs = Math.max(worstUs, Math.abs(clock.nowUs() - utcUs(sources)));
    }
    expect(worstUs).toBeLessThan(1000);
    // The same week without slewing (the monotonic clock alone, as timeOrigin + performance.now() was): 60 s off.
    const unslewed = new FakeSources();
    const plain = new UtcSlewedClock(unslewed, { maxSlewUsPerSecond: 0 });
    for (let second = 0; second < 7 * 86_400; second++) unslewed.pass(1000, -100e-6);
    expect(utcUs(unslewed) - plain.nowUs()).toBeCloseTo(60_480_000, -3);
  });

  it('slews a wall-clock step forward at no more than 1 ms per second, never jumping to it', () => {
    const sources = new FakeSources();
    const clock = new UtcSlewedClock(sources);
    sources.pass(5000);
    clock.nowUs();
    sources.wall += 10_000; // NTP steps the wall clock 10 s forward
    let previous = clock.nowUs();
    const advances: number[] = [];
    for (let second = 0; second < 10_100; second++) {
      sources.pass(1000);
      const now = clock.nowUs();
      advances.push(now - previous);
      previous = now;
    }
    expect(Math.max(...advances)).toBeLessThanOrEqual(1_001_000);
    expect(Math.min(...advances)).toBeGreaterThanOrEqual(1_000_000);
    expect(Math.abs(clock.nowUs() - utcUs(sources))).toBeLessThan(1000); // caught up after ~10,000 s
  });

  it('slews a wall-clock step back without ever reading less than before', () => {
    const sources = new FakeSources();
    const clock = new UtcSlewedClock(sources);
    sources.pass(5000);
    let previous = clock.nowUs();
    sources.wall -= 10_000; // the wall clock is set 10 s back
    let smallestUs = Number.POSITIVE_INFINITY;
    // Readings every 0.25 ms for the first minute (a busy stream), then every second.
    for (let i = 0; i < 240_000; i++) {
      sources.pass(0.25);
      const now = clock.nowUs();
      smallestUs = Math.min(smallestUs, now - previous);
      previous = now;
    }
    expect(smallestUs).toBeGreaterThanOrEqual(249); // 250 µs of time less at most 1 ms/s of slew
    for (let second = 0; second < 10_000; second++) {
      sources.pass(1000);
      const now = clock.nowUs();
      expect(now - previous).toBeGreaterThanOrEqual(999_000);
      previous = now;
    }
    expect(Math.abs(clock.nowUs() - utcUs(sources))).toBeLessThan(1000);
  });

  it('never goes back between readings closer than a microsecond (equal readings are allowed)', () => {
    const sources = new FakeSources();
    const clock = new UtcSlewedClock(sources, { sampleEveryMs: 0 });
    sources.wall -= 3; // a correction to slew away, read at every call
    let previous = clock.nowUs();
    let smallestStep = Number.POSITIVE_INFINITY;
    let equal = 0;
    for (let i = 0; i < 100_000; i++) {
      sources.pass(0.0003);
      const now = clock.nowUs();
      smallestStep = Math.min(smallestStep, now - previous);
      if (now === previous) equal++;
      previous = now;
    }
    expect(smallestStep).toBe(0);
    expect(equal).toBeGreaterThan(50_000); // 0.3 µs apart: most readings repeat the previous microsecond
    expect(previous - utcUs(sources)).toBeGreaterThan(2900); // still slewing: 30 ms passed, ≤ 30 µs corrected
  });

  it('reports its offset to UTC and how it is kept, for a recording header', () => {
    const sources = new FakeSources();
    const clock = new UtcSlewedClock(sources);
    expect(clock.anchor()).toEqual({ source: 'monotonic clock slewed to the system UTC clock at <= 1000 us/s', utcOffsetUs: 0 });
    sources.pass(1000);
    clock.nowUs(); // the clock sees the wall clock
    sources.wall += 5000; // 5 s step forward
    sources.pass(1000);
    clock.nowUs();
    expect(clock.anchor().utcOffsetUs).toBe(5_000_000);
    for (let second = 0; second < 1000; second++) {
      sources.pass(1000);
      clock.nowUs();
    }
    expect(clock.anchor().utcOffsetUs).toBe(4_000_000); // 1000 s of slewing at 1 ms/s
  });

  it('refuses a slew rate that could make it go back', () => {
    expect(() => new UtcSlewedClock(new FakeSources(), { maxSlewUsPerSecond: 1_000_000 })).toThrow(RangeError);
  });
});
