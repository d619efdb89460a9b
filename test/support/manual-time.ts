// A clock and scheduler that move only when a test says so: the same ports the live session uses, driven
// by hand, so timing logic (backoff, stale checks) is tested exactly and instantly.
import type { Cancel, Clock, Scheduler } from '../../src/core/index.js';

interface Task {
  atUs: number;
  everyMs: number | null;
  run: () => void;
  cancelled: boolean;
}

export class ManualTime implements Clock, Scheduler {
  private now: number;
  private readonly tasks: Task[] = [];

  constructor(startUs = 1_700_000_000_000_000) {
    this.now = startUs;
  }

  nowUs(): number {
    return this.now;
  }

  after(ms: number, run: () => void): Cancel {
    return this.add({ atUs: this.now + ms * 1000, everyMs: null, run, cancelled: false });
  }

  every(ms: number, run: () => void): Cancel {
    return this.add({ atUs: this.now + ms * 1000, everyMs: ms, run, cancelled: false });
  }

  /** Timers due, soonest first, as [delay ms from now]. */
  pending(): number[] {
    return this.tasks.filter((t) => !t.cancelled).map((t) => (t.atUs - this.now) / 1000).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.now + ms * 1000;
    for (;;) {
      const due = this.tasks.filter((t) => !t.cancelled && t.atUs <= end).sort((a, b) => a.atUs - b.atUs)[0];
      if (due === undefined) break;
      this.now = Math.max(this.now, due.atUs);
      if (due.everyMs === null) due.cancelled = true;
      else due.atUs += due.everyMs * 1000;
      due.run();
    }
    this.now = end;
  }

  private add(task: Task): Cancel {
    this.tasks.push(task);
    return () => {
      task.cancelled = true;
    };
  }
}
