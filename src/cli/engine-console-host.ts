// cli/engine-console-host: the worker side that `live` and `paper` consoles share — the console is served at
// once, saying what the engine is trying (the connection's fixed words) until the exchange has answered and
// the engine's ConsoleSession exists; q already quits. Then the engine starts; a start that fails stops it and
// ends the console with the error.

import type { MessagePort } from 'node:worker_threads';
import type { Logger } from '../log/index.js';
import { ConsoleSession, actionFor, errorMessage, placeholderView, serveConsole } from '../tui/index.js';
import { systemClock } from './system-time.js';

/** What the console shows once the engine has its pipeline: set by the engine's onPipeline hook. */
export interface EngineUi {
  session: ConsoleSession | null;
  messages: () => number | null;
}

export function engineUi(): EngineUi {
  return { session: null, messages: () => null };
}

/** Resolves once the logger has written what it holds. */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}

/** Serves the console on `port` and starts the engine; `stop` closes it (on quit, or after a failed start). */
export async function serveEngineConsole(
  port: MessagePort,
  ui: EngineUi,
  engine: { connectionState(): string; start(): Promise<void> },
  stop: () => Promise<void>,
): Promise<void> {
  serveConsole(
    port,
    {
      view: (size, fps) => ui.session?.view(size, fps) ?? placeholderView(`${engine.connectionState()} · q quits`),
      input: (text, key, wallUs) => ui.session?.input(text, key, wallUs) ?? Promise.resolve(actionFor(text, key) === 'quit' ? 'quit' : undefined),
    },
    { nowUs: systemClock.nowUs, events: () => ui.messages() ?? 0, stop },
  );
  try {
    await engine.start();
  } catch (error) {
    await stop();
    port.postMessage(errorMessage(error, true));
  }
}
