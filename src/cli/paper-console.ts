// cli/paper-console: `flowdesk paper` with the console. The engine — the paper engine (cli/paper-engine)
// and the view builder (ConsoleSession with the trader as its `trading`) — runs in a worker thread
// (cli/paper-console-worker); this thread only renders, and counts SIGUSR2 in memory the worker reads. The
// operator's keys (K, R, p, F) go to the trader in the worker, which journals them and writes state.json.
// q, Ctrl+C, SIGINT, SIGTERM and SIGHUP close the console; the worker then stops the engine in order.

import { WorkerConsole } from '../tui/index.js';
import type { Config } from '../config/index.js';
import type { CommandContext } from './context.js';
import { runEngineConsole } from './live-console.js';
import type { PaperConsoleWorkerData } from './paper-console-worker.js';
import type { PaperRequest } from './paper-engine.js';

/**
 * Starts the paper console's engine in its worker and waits until it serves views. `killCount`: SIGUSR2s seen
 * (shared memory). Aborting before it is ready ends its thread.
 */
export function startPaperConsole(request: PaperRequest, killCount: Int32Array, config: Config, warn: (message: string) => void, signal?: AbortSignal): Promise<WorkerConsole> {
  const data: PaperConsoleWorkerData = { request, config, label: `${request.args.product} ${request.args.symbols.join(',')} · ${request.trade === undefined ? 'paper' : `trade ${request.trade.mode}`}`, killCount };
  return WorkerConsole.start(new URL('./paper-console-worker.js', import.meta.url), data, warn, signal);
}

/** Runs the paper console until it is quit or signalled; returns the exit code. */
export function runPaperConsole(request: PaperRequest, killCount: Int32Array, commandContext: CommandContext): Promise<number> {
  return runEngineConsole(commandContext, (context, signal) => startPaperConsole(request, killCount, context.config, (message) => context.warn(message), signal));
}
