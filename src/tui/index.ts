// tui: the Ink console — view model, panes, keymap, session and app. Panes render view-model data only.
export { App, frameSizeFor, type AppProps } from './app.js';
export { ConsoleSession, type ConsoleModel, type ConsoleSource, type FrameSize, type KeyFlags } from './session.js';
export { WorkerConsole, type EngineStats } from './worker-console.js';
export { KEYMAP, actionFor, type Action, type KeyBinding } from './keymap.js';
export { NoTerminalError, runConsole, terminalProblem } from './run.js';
export type { ConsoleView } from './view-model.js';
