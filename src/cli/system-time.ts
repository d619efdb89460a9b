// cli/system-time: the real clock and timers, wired into engines by the composition root. This is the one
// place (with the UI) allowed to read the wall clock.

import type { Cancel, Clock, Scheduler } from '../core/index.js';

/** Microseconds since the epoch, monotonic within the process (performance.timeOrigin + now()). */
export const systemClock: Clock = {
  nowUs: () => Math.floor((performance.timeOrigin + performance.now()) * 1000),
};

export const systemScheduler: Scheduler = {
  after(ms, task): Cancel {
    const handle = setTimeout(task, ms);
    return () => clearTimeout(handle);
  },
  every(ms, task): Cancel {
    const handle = setInterval(task, ms);
    return () => clearInterval(handle);
  },
};
