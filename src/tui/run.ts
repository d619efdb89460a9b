// tui/run: starts the console on a terminal. Refuses, in one line, when there is no interactive terminal
// (Ink's raw mode needs a TTY on stdin; `isRawModeSupported` may be undefined rather than false), and
// shuts down in order on q, Ctrl+C (a key in raw mode), SIGINT, SIGTERM or SIGHUP, a terminal that went
// away, or a parent that died (the console is then nobody's).

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

/** Installed for good once the console is ending; see runConsole. */
const ignoreLateSignal = (): void => undefined;

export async function runConsole(session: ConsoleModel, options: ConsoleOptions): Promise<void> {
  const problem = terminalProblem(process.stdin, process.stdout);
  if (problem !== null) throw new NoTerminalError(`the console needs a terminal (${problem}); add --no-ui for a headless run`);
  const app = render(createElement(App, { session, fps: options.fps, nowUs: options.nowUs, timers: options.timers }), {
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    // From here on the command shuts down (closes its engine, its sockets, its files): a second signal (a
    // hang-up brings several) must not kill it half way.
    for (const signal of signals) if (!process.listeners(signal).includes(ignoreLateSignal)) process.on(signal, ignoreLateSignal);
    app.unmount();
  };
  for (const signal of signals) process.on(signal, end);
  // A terminal that went away (EIO on read) or a parent that died (npx, a shell killed with its terminal)
  // leaves nobody to press q: the console ends as on SIGHUP.
  process.stdin.on('error', end);
  process.stdin.on('end', end);
  const parent = process.ppid;
  const orphaned = options.timers.every(1000, () => {
    if (process.ppid !== parent) end();
  });
  try {
    await app.waitUntilExit();
  } finally {
    orphaned();
    process.stdin.off('error', end);
    process.stdin.off('end', end);
    for (const signal of signals) process.off(signal, end);
  }
}
