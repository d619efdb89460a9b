// cli/paper-console-worker: the engine side of `flowdesk paper`'s console, in a worker thread — the paper
// engine (cli/paper-engine: live session, market recording, trader, journal, state.json, kill file) and the
// view builder (ConsoleSession, the trader as its `trading`), answering the render thread through
// tui/console-host. SIGUSR2 arrives on the main thread, which counts it in `killCount`. Warnings go to the
// render thread (the console's log file), never to the terminal. On stop the engine closes its files.

import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/index.js';
import { ConsoleSession, errorMessage } from '../tui/index.js';
import { engineUi, flushLogger, serveEngineConsole } from './engine-console-host.js';
import { createCommandContext } from './context.js';
import { defaultIo } from './io.js';
import { logNotices } from './notices.js';
import { PaperEngine, type PaperRequest } from './paper-engine.js';
import { systemClock } from './system-time.js';

export interface PaperConsoleWorkerData {
  readonly request: PaperRequest;
  readonly config: Config;
  /** The console's source label, e.g. "spot BTCUSDT · paper". */
  readonly label: string;
  /** SIGUSR2s received by the main thread (shared memory). */
  readonly killCount: Int32Array;
}

const port = parentPort;


async function main(): Promise<void> {
  if (port === null) throw new Error('paper-console-worker must run in a worker thread');
  const data = workerData as PaperConsoleWorkerData;
  const base = createCommandContext(defaultIo(), data.config);
  const context = { ...base, warn: (message: string) => port.postMessage({ type: 'warn', message }) };
  const ui = engineUi();
  const engine = new PaperEngine(
    context,
    { ...data.request, killSignals: () => Atomics.load(data.killCount, 0) },
    {
      onPipeline: (pipeline, trading) => {
        ui.session = new ConsoleSession({ kind: 'live', pipeline, clock: systemClock, label: data.label, connection: () => engine.connectionState(), trading });
        ui.messages = () => pipeline.counters.messages;
      },
      onEvent: logNotices(context.logger),
      onFatal: (error) => {
        context.logger.error({ err: error }, 'paper trading stopped');
        port.postMessage(errorMessage(error, true));
      },
    },
  );
  const stop = async (): Promise<void> => {
    try {
      await engine.stop();
    } catch (error) {
      port.postMessage(errorMessage(error));
    }
    await flushLogger(context.logger);
  };
  await serveEngineConsole(port, ui, engine, stop);
}

main().catch((error: unknown) => port?.postMessage(errorMessage(error)));
