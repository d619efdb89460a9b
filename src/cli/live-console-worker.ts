// cli/live-console-worker: the engine side of `flowdesk live`'s console, in a worker thread — the
// LiveSession (Binance SDK venue, pipeline, snapshot fetcher), the feature engines, detectors and the view
// builder (ConsoleSession) — so the render thread only renders. Wired as the headless command is: the same
// configuration, a logger to the configured file or stderr, the SDK's log and engine notices routed to it.
// With FLOWDESK_PERF_OUT the latency figures are measured here, where the events are. It answers the
// render thread through tui/console-host; on stop it closes the sockets and writes its figures.

import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/index.js';
import { ConsoleSession, errorMessage } from '../tui/index.js';
import { engineUi, flushLogger, serveEngineConsole } from './engine-console-host.js';
import { createCommandContext } from './context.js';
import { defaultIo } from './io.js';
import { LivePerf } from './live-perf.js';
import { createLiveSession, type LiveArgs } from './live-setup.js';
import { logNotices } from './notices.js';
import { systemClock } from './system-time.js';

export interface LiveConsoleWorkerData {
  readonly args: LiveArgs;
  readonly config: Config;
  /** The console's source label, e.g. "spot BTCUSDT,ETHUSDT". */
  readonly label: string;
  /** FLOWDESK_PERF_OUT: where to write the live path's latency figures on stop (bench/live-latency.mjs). */
  readonly perfOut: string | null;
}

const port = parentPort;


async function main(): Promise<void> {
  if (port === null) throw new Error('live-console-worker must run in a worker thread');
  const data = workerData as LiveConsoleWorkerData;
  const context = createCommandContext(defaultIo(), data.config);
  const perf = data.perfOut === null ? null : new LivePerf(data.perfOut, systemClock.nowUs);
  const notices = logNotices(context.logger);
  const ui = engineUi();
  const connection = { state: (): string => 'connecting (attempt 1)' };
  const live = await createLiveSession(data.args, context, {
    onEvent: (event) => {
      perf?.bookApplied(event);
      notices(event);
    },
    onPipeline: (pipeline) => {
      ui.session = new ConsoleSession({ kind: 'live', pipeline, clock: systemClock, label: data.label, connection: () => connection.state() });
      if (perf !== null) pipeline.onEvent((event) => perf.featuresUpdated(event));
      ui.messages = () => pipeline.counters.messages;
    },
  });
  connection.state = () => live.connectionState();
  const stop = async (): Promise<void> => {
    await live.stop();
    perf?.write({ headless: false, messages: ui.messages() });
    await flushLogger(context.logger);
  };
  await serveEngineConsole(port, ui, { connectionState: () => connection.state(), start: () => live.start() }, stop);
}

main().catch((error: unknown) => port?.postMessage(errorMessage(error)));
