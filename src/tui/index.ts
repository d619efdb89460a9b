// tui: the Ink console — view model, panes, keymap, session and app. Panes render view-model data only.
// This front door does not load Ink (~0.5 s): runConsole and preloadConsole bring it in when a console is
// really shown, so headless commands, the console's engine worker and the CLI's start never pay for it.
import type { ConsoleOptions } from './run.js';
import type { ConsoleModel } from './session.js';

export { ConsoleSession, type ConsoleModel, type ConsoleSource, type FrameSize, type KeyFlags } from './session.js';
export { WorkerConsole } from './worker-console.js';
export { StrategyStatus, replayTrading, type ConsoleStrategy, type ConsoleTrading } from './strategy-status.js';
export { errorMessage, serveConsole, type EngineStats, type HostOptions } from './console-host.js';
export { KEYMAP, actionFor, type Action, type KeyBinding } from './keymap.js';
export { computeLayout, frameSizeFor } from './layout.js';
export { NoTerminalError, terminalProblem } from './terminal.js';
export { placeholderView, type ConsoleView } from './view-model.js';
export type { ConsoleOptions } from './run.js';

/** Starts loading Ink and the app, so it can overlap other start-up work (the engine's warm-up). */
export async function preloadConsole(): Promise<void> {
  await import('./run.js');
}

/** Runs the console on this terminal until it is quit (see tui/run). */
export async function runConsole(session: ConsoleModel, options: ConsoleOptions): Promise<void> {
  const run = await import('./run.js');
  await run.runConsole(session, options);
}
