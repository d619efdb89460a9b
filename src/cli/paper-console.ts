// cli/paper-console: `flowdesk paper` with the console. The engine — the paper engine (cli/paper-engine)
// and the view builder (ConsoleSession with the trader as its `trading`) — runs in a worker thread
// (cli/paper-console-worker); this thread only renders, and counts SIGUSR2 in memory the worker reads. The
// operator's keys (K, R, p, F) go to the trader in the worker, which journals them and writes state.json.
// q, Ctrl+C, SIGINT, SIGTERM and SIGHUP close the console; the worker then stops the engine in order.

import { WorkerConsole, preloadConsole, runConsole } from '../tui/index.js';
import { consoleContext, openConsoleLog, withLogFile } from './console-log.js';
import type { CommandContext } from './context.js';
import { untilStopSignal } from './live-setup.js';
import type { PaperConsoleWorkerData } from './paper-console-worker.js';
import type { PaperRequest } from './paper-engine.js';
import { systemClock, systemScheduler } from './system-time.js';

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
  const data: PaperConsoleWorkerData = {
    request,
    config: context.config,
    label: `paper ${request.args.product} ${request.args.symbols.join(',')}`,
    killCount,
  };
  let model: WorkerConsole;
  try {
    model = await WorkerConsole.start(new URL('./paper-console-worker.js', import.meta.url), data, (message) => context.warn(message), abort.signal);
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
