// cli/system-time: the real clock and timers, wired into engines by the composition root. This is the one
// place (with the UI) allowed to read the wall clock.

import { UtcSlewedClock, type Cancel, type Scheduler } from '../core/index.js';

/**
 * Microseconds since the epoch: monotonic within the process (performance.now()), starting at UTC and
 * slewed towards it (Date.now()) at most 1 ms per second, so receive times never go back and stay near
 * UTC over weeks of recording. `nowUs` is bound: pass it around as a function.
 */
export const systemClock = new UtcSlewedClock({ monotonicMs: () => performance.now(), wallMs: () => Date.now() });

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
