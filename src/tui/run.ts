// tui/run: starts the console on a terminal. Refuses, in one line, when there is no interactive terminal
// (Ink's raw mode needs a TTY on stdin; `isRawModeSupported` may be undefined rather than false), and
// shuts down in order on q, Ctrl+C or SIGTERM.

import { render } from 'ink';
import { createElement } from 'react';
import { App } from './app.js';
import type { ConsoleModel } from './session.js';
import { NoTerminalError, terminalProblem } from './terminal.js';


export async function runConsole(session: ConsoleModel, options: { fps: number; nowUs: () => number }): Promise<void> {
  const problem = terminalProblem(process.stdin, process.stdout);
  if (problem !== null) throw new NoTerminalError(`the console needs a terminal (${problem}); add --no-ui for a headless run`);
  const app = render(createElement(App, { session, fps: options.fps, nowUs: options.nowUs }), {
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const onSignal = (): void => app.unmount();
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await app.waitUntilExit();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
}
