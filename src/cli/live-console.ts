// cli/live-console: `flowdesk live` with the console. The engine — the live session and the view builder —
// runs in a worker thread (cli/live-console-worker); this thread only renders. SIGINT or SIGTERM while
// it connects ends it there (exit 0); once the console is up, q, Ctrl+C, SIGINT, SIGTERM and SIGHUP close
// the console, then the worker closes its sockets and writes its figures before its thread ends.

import type { Config } from '../config/index.js';
import { WorkerConsole, preloadConsole, runConsole } from '../tui/index.js';
import { consoleContext, openConsoleLog, withLogFile } from './console-log.js';
import type { CommandContext } from './context.js';
import type { LiveConsoleWorkerData } from './live-console-worker.js';
import { untilStopSignal, type LiveArgs } from './live-setup.js';
import { systemClock, systemScheduler } from './system-time.js';

export interface LiveConsoleOptions {
  /** Where the worker writes the live path's latency figures on stop (FLOWDESK_PERF_OUT), or null. */
  readonly perfOut: string | null;
  readonly warn: (message: string) => void;
  /** Aborting before the engine is ready ends its thread (the start rejects). */
  readonly signal?: AbortSignal;
}

/** Starts the live console's engine in its worker and waits until its streams are open. */
export function startLiveConsole(args: LiveArgs, config: Config, options: LiveConsoleOptions): Promise<WorkerConsole> {
  const data: LiveConsoleWorkerData = { args, config, label: `${args.product} ${args.symbols.join(',')}`, perfOut: options.perfOut };
  return WorkerConsole.start(new URL('./live-console-worker.js', import.meta.url), data, options.warn, options.signal);
}

/** Runs the live console until it is quit or signalled; returns the exit code. */
export function runLiveConsole(args: LiveArgs, commandContext: CommandContext): Promise<number> {
  return runEngineConsole(commandContext, (context, signal) =>
    startLiveConsole(args, context.config, { perfOut: context.config.perf.out, warn: (message) => context.warn(message), signal }),
  );
}

/**
 * Runs a console whose engine connects in a worker (`live`, `paper`) until it is quit or signalled; returns
 * the exit code. Logs go to the console's log file (the terminal is the console's); SIGINT or SIGTERM while
 * the engine starts ends it there (exit 0).
 */
export async function runEngineConsole(
  commandContext: CommandContext,
  start: (context: CommandContext, signal: AbortSignal) => Promise<WorkerConsole>,
): Promise<number> {
  const log = openConsoleLog(commandContext.config);
  const context = consoleContext(commandContext, log);
  const ui = preloadConsole(); // Ink loads on this thread while the engine connects on its own
  ui.catch(() => undefined); // (awaited below; this only keeps an early engine failure from leaving it unhandled)
  const stopSignal = untilStopSignal(context);
  const abort = new AbortController();
  void stopSignal.stopped.then(() => abort.abort());
  let model: WorkerConsole;
  try {
    model = await start(context, abort.signal);
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
