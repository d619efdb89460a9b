// The event-time scheduler: one virtual time, moved only by advanceTo/advance; timers run in (due time,
// insertion) order, a timer due at t runs when time reaches t (before the message received at t, in the
// pipeline), repeating timers keep their period, cancelled ones never run, time never goes back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventTimeScheduler } from '../../src/core/index.js';

describe('EventTimeScheduler', () => {
  it('runs timers in due-time order, ties in the order they were set, with the time at each due time', () => {
    const time = new EventTimeScheduler(1_000_000);
    const ran: string[] = [];
    const note = (name: string) => () => ran.push(`${name}@${time.nowUs()}`);
    time.after(5, note('c'));
    time.after(1, note('a'));
    time.after(5, note('d'));
    time.at(1_001_000, note('b'));
    time.advanceTo(1_004_999);
    expect(ran).toEqual(['a@1001000', 'b@1001000']);
    expect(time.nowUs()).toBe(1_004_999);
    time.advanceTo(1_005_000); // due exactly now: runs
    expect(ran).toEqual(['a@1001000', 'b@1001000', 'c@1005000', 'd@1005000']);
  });

  it('runs a timer set while timers run in the same advance when it falls due within it', () => {
    const time = new EventTimeScheduler(0);
    const ran: number[] = [];
    time.after(1, () => {
      ran.push(time.nowUs());
      time.after(2, () => ran.push(time.nowUs()));
      time.after(0, () => ran.push(time.nowUs()));
    });
    time.advanceTo(10_000);
    expect(ran).toEqual([1000, 1000, 3000]);
  });

  it('repeats every period from its first due time, and stops when cancelled', () => {
    const time = new EventTimeScheduler(0);
    const ran: number[] = [];
    const cancel = time.every(250, () => ran.push(time.nowUs() / 1000));
    time.advance(1000);
    expect(ran).toEqual([250, 500, 750, 1000]);
    cancel();
    time.advance(1000);
    expect(ran).toHaveLength(4);
    expect(time.pending()).toEqual([]);
  });

  it('never runs a cancelled timer, and never moves time back', () => {
    const time = new EventTimeScheduler(5_000);
    let ran = false;
    time.after(1, () => (ran = true))();
    time.advanceTo(1_000); // earlier: nothing moves
    expect(time.nowUs()).toBe(5_000);
    time.advanceTo(10_000);
    expect(ran).toBe(false);
    expect(time.nextDueUs()).toBeNull();
  });

  it('refuses negative or non-finite delays and a repeat period of 0', () => {
    const time = new EventTimeScheduler(0);
    expect(() => time.after(-1, () => undefined)).toThrow(RangeError);
    expect(() => time.after(Number.NaN, () => undefined)).toThrow(RangeError);
    expect(() => time.every(0, () => undefined)).toThrow(RangeError);
  });

  it('runs every timer exactly once, in (due, insertion) order, however the advances are cut (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 12_000_000 }), { maxLength: 20 }),
        (delaysMs, cuts) => {
          const time = new EventTimeScheduler(0);
          const ran: number[] = [];
          delaysMs.forEach((ms, i) => time.after(ms, () => ran.push(i)));
          for (const cut of [...cuts].sort((a, b) => a - b)) time.advanceTo(cut);
          time.advanceTo(10_000_000);
          const expected = delaysMs.map((ms, i) => ({ ms, i })).sort((a, b) => a.ms - b.ms || a.i - b.i).map((x) => x.i);
          expect(ran).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('EventTimeScheduler without a start', () => {
  it('counts the timers set before its start from the start (a run\'s first message)', () => {
    const time = new EventTimeScheduler();
    const ran: number[] = [];
    time.every(700, () => ran.push(time.nowUs()));
    expect(time.started).toBe(false);
    time.startAt(1_700_000_000_000_000);
    time.startAt(5); // once started, a start changes nothing
    time.advanceTo(1_700_000_001_500_000);
    expect(ran).toEqual([1_700_000_000_700_000, 1_700_000_001_400_000]);
  });
});
