// core/event-time: the one virtual time of a run, and its timers. It moves only when told to: the kernel
// advances it to each message's receive time before the message is handled, and a replay's end or step
// target advances it too. So everything that runs on timers (markouts, strategies, gates) runs at the same
// points of the same input in a backtest, a replay and live (where the kernel drives it from the real
// clock through recorded clock marks). Tests drive it by hand.
//
// Rule for ties: a timer due at time t runs before the message received at t is handled (advanceTo(t)
// runs it); timers due at the same time run in the order they were set. A timer set while timers run, due
// at or before the time being reached, runs in the same advance, in order.

import type { Clock } from './clock.js';
import type { Cancel, Scheduler } from './scheduler.js';

interface Timer {
  dueUs: number;
  /** Insertion order, the tie-breaker among equal due times. */
  order: number;
  /** Repeat period in µs, or 0 for a one-shot timer. */
  everyUs: number;
  /** Set for an absolute time (at()): a start does not move it. */
  absolute: boolean;
  run: () => void;
  cancelled: boolean;
}

export class EventTimeScheduler implements Clock, Scheduler {
  private now: number;
  private readonly heap: Timer[] = [];
  private nextOrder = 0;
  private startedValue: boolean;

  /** `startUs`: the time it starts at; without it, the time starts at the first startAt() (a run's first message). */
  constructor(startUs?: number) {
    this.now = startUs ?? 0;
    this.startedValue = startUs !== undefined;
  }

  /** False until the time has a start (given to the constructor, or by startAt). */
  get started(): boolean {
    return this.startedValue;
  }

  /**
   * Gives the time its start (a run's first message): timers set before it count from it, as if set then.
   * Once started, this does nothing.
   */
  startAt(timeUs: number): void {
    if (this.startedValue) return;
    this.startedValue = true;
    const shift = timeUs - this.now;
    for (const timer of this.heap) if (!timer.absolute) timer.dueUs += shift;
    this.heap.sort(byDue);
    this.now = timeUs;
  }

  /** The current virtual time, µs. */
  nowUs(): number {
    return this.now;
  }

  /** Runs `task` once, `ms` milliseconds of virtual time from now (rounded to the µs). */
  after(ms: number, task: () => void): Cancel {
    return this.add(this.now + toUs(ms), 0, task);
  }

  /** Runs `task` every `ms` milliseconds of virtual time, the first time `ms` from now. */
  every(ms: number, task: () => void): Cancel {
    const everyUs = toUs(ms);
    if (everyUs <= 0) throw new RangeError(`a repeating timer needs a period above 0 ms, got ${ms}`);
    return this.add(this.now + everyUs, everyUs, task);
  }

  /** Runs `task` at the virtual time `timeUs` (now, if that has passed). */
  at(timeUs: number, task: () => void): Cancel {
    return this.add(this.startedValue ? Math.max(this.now, timeUs) : timeUs, 0, task, true);
  }

  /**
   * Runs every timer due at or before `timeUs`, in (due time, insertion) order, the time standing at each
   * timer's due time while it runs (and `afterEachTimer` after each); then the time is `timeUs`. An earlier
   * `timeUs` changes nothing: time never moves back.
   */
  advanceTo(timeUs: number, afterEachTimer?: () => void): void {
    for (;;) {
      const next = this.peek();
      if (next === null || next.dueUs > timeUs) break;
      this.pop();
      if (next.dueUs > this.now) this.now = next.dueUs;
      if (next.everyUs > 0) {
        next.dueUs += next.everyUs;
        next.order = this.nextOrder++;
        this.push(next);
      }
      next.run();
      afterEachTimer?.();
    }
    if (timeUs > this.now) this.now = timeUs;
  }

  /** advanceTo(now + ms). */
  advance(ms: number): void {
    this.advanceTo(this.now + toUs(ms));
  }

  /** The due time (µs) of the next timer, or null when none waits. */
  nextDueUs(): number | null {
    return this.peek()?.dueUs ?? null;
  }

  /** The delays (ms from now) of the timers waiting, soonest first. */
  pending(): number[] {
    return this.heap
      .filter((t) => !t.cancelled)
      .map((t) => (t.dueUs - this.now) / 1000)
      .sort((a, b) => a - b);
  }

  private add(dueUs: number, everyUs: number, run: () => void, absolute = false): Cancel {
    const timer: Timer = { dueUs, order: this.nextOrder++, everyUs, run, cancelled: false, absolute };
    this.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** The earliest live timer, dropping cancelled ones from the top. */
  private peek(): Timer | null {
    while (this.heap.length > 0) {
      const top = this.heap[0] as Timer;
      if (!top.cancelled) return top;
      this.pop();
    }
    return null;
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(timer, heap[parent] as Timer)) break;
      heap[i] = heap[parent] as Timer;
      i = parent;
    }
    heap[i] = timer;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop() as Timer;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as Timer, heap[left] as Timer) ? right : left;
      if (!before(heap[child] as Timer, last)) break;
      heap[i] = heap[child] as Timer;
      i = child;
    }
    heap[i] = last;
  }
}

/** A sorted array is a valid heap: the order after a start moved some timers. */
function byDue(a: Timer, b: Timer): number {
  return a.dueUs - b.dueUs || a.order - b.order;
}

function before(a: Timer, b: Timer): boolean {
  return a.dueUs < b.dueUs || (a.dueUs === b.dueUs && a.order < b.order);
}

function toUs(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`a timer delay must be a finite number of ms ≥ 0, got ${ms}`);
  return Math.round(ms * 1000);
}
