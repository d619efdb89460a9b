// tui/run: starts the console on a terminal. Refuses, in one line, when there is no interactive terminal
// (Ink's raw mode needs a TTY on stdin; `isRawModeSupported` may be undefined rather than false), and
// shuts down in order on q, Ctrl+C (a key in raw mode), SIGINT, SIGTERM or SIGHUP.

import { render } from 'ink';
import { createElement } from 'react';
import type { Scheduler } from '../core/index.js';
import { App } from './app.js';
import type { ConsoleModel } from './session.js';
import { NoTerminalError, terminalProblem } from './terminal.js';

/** How the console draws: frames per second, the wall clock (µs) and the timers of its frame clock. */
export interface ConsoleOptions {
  readonly fps: number;
  readonly nowUs: () => number;
  readonly timers: Scheduler;
}

export async function runConsole(session: ConsoleModel, options: ConsoleOptions): Promise<void> {
  const problem = terminalProblem(process.stdin, process.stdout);
  if (problem !== null) throw new NoTerminalError(`the console needs a terminal (${problem}); add --no-ui for a headless run`);
  const app = render(createElement(App, { session, fps: options.fps, nowUs: options.nowUs, timers: options.timers }), {
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const onSignal = (): void => app.unmount();
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.once(signal, onSignal);
  try {
    await app.waitUntilExit();
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
  }
}
