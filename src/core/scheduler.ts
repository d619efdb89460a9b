// core/scheduler: the injected source of timers. Engine code never calls setTimeout/setInterval; the CLI
// wires real timers, tests may drive a manual one.

export type Cancel = () => void;

export interface Scheduler {
  /** Runs `task` once after `ms` milliseconds. */
  after(ms: number, task: () => void): Cancel;
  /** Runs `task` every `ms` milliseconds until cancelled. */
  every(ms: number, task: () => void): Cancel;
}
