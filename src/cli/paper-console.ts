// cli/paper-console: `flowdesk paper` with the console. The engine — the paper engine (cli/paper-engine)
// and the view builder (ConsoleSession with the trader as its `trading`) — runs in a worker thread
// (cli/paper-console-worker); this thread only renders, and counts SIGUSR2 in memory the worker reads. The
// operator's keys (K, R, p, F) go to the trader in the worker, which journals them and writes state.json.
// q, Ctrl+C, SIGINT, SIGTERM and SIGHUP close the console; the worker then stops the engine in order.

import { WorkerConsole, preloadConsole, runConsole } from '../tui/index.js';
import { consoleContext, openConsoleLog, withLogFile } from './console-log.js';
import type { Config } from '../config/index.js';
import type { CommandContext } from './context.js';
import { untilStopSignal } from './live-setup.js';
import type { PaperConsoleWorkerData } from './paper-console-worker.js';
import type { PaperRequest } from './paper-engine.js';
import { systemClock, systemScheduler } from './system-time.js';

/**
 * Starts the paper console's engine in its worker and waits until it serves views. `killCount`: SIGUSR2s seen
 * (shared memory). Aborting before it is ready ends its thread.
 */
export function startPaperConsole(request: PaperRequest, killCount: Int32Array, config: Config, warn: (message: string) => void, signal?: AbortSignal): Promise<WorkerConsole> {
  const data: PaperConsoleWorkerData = { request, config, label: `${request.args.product} ${request.args.symbols.join(',')} · paper`, killCount };
  return WorkerConsole.start(new URL('./paper-console-worker.js', import.meta.url), data, warn, signal);
}

/** Runs the paper console until it is quit or signalled; returns the exit code. */
export async function runPaperConsole(request: PaperRequest, killCount: Int32Array, commandContext: CommandContext): Promise<number> {
  // The terminal is the console's: logs (this thread's and the engine's) go to the console's log file.
  const log = openConsoleLog(commandContext.config);
  const context = consoleContext(commandContext, log);
  const ui = preloadConsole(); // Ink loads on this thread while the engine connects on its own
  ui.catch(() => undefined); // (awaited below; this only keeps an early engine failure from leaving it unhandled)
  const stopSignal = untilStopSignal(context);
  const abort = new AbortController();
  void stopSignal.stopped.then(() => abort.abort());
  let model: WorkerConsole;
  try {
    model = await startPaperConsole(request, killCount, context.config, (message) => context.warn(message), abort.signal);
  } catch (error) {
    if (abort.signal.aborted) return 0;
    throw error;
  } finally {
    stopSignal.dispose();
  }
  try {
    await ui;
    await runConsole(withLogFile(model, log.file), { fps: 4, nowUs: systemClock.nowUs, timers: systemScheduler });
  } finally {
    await model.close();
  }
  if (model.error !== null) {
    log.logger.error({ err: model.error }, model.error.message);
    throw model.error;
  }
  return 0;
}
