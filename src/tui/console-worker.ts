// tui/console-worker: the engine side of the replay console in a worker thread — replay, pipeline,
// features, detectors and the view builder — so the engine's event latency does not depend on the UI's
// rendering (a full Ink frame costs tens of ms on the main thread). It answers the render thread through
// tui/console-host; between messages it plays what the replay clock has reached.

import { parentPort, workerData } from 'node:worker_threads';
import { prepareReplay, type EngineOptions, type SourceOverrides } from '../kernel/index.js';
import { errorMessage, serveConsole } from './console-host.js';
import { ConsoleSession } from './session.js';
import { replayTrading, type ConsoleStrategy } from './strategy-status.js';

export interface ConsoleWorkerData {
  readonly files: readonly string[];
  readonly overrides: SourceOverrides;
  readonly engine: EngineOptions;
  readonly label: string;
  readonly warmUpSeconds: number;
  /** The strategy to run (replay --strategy), loaded and checked by the command; null: none. */
  readonly strategy: ConsoleStrategy | null;
  /** Measure this thread's event-loop lag (a 1 ms timer: only when measuring, see bench/console-perf.mjs). */
  readonly measureLag?: boolean;
}

const port = parentPort;
const nowUs = (): number => Math.floor((performance.timeOrigin + performance.now()) * 1000);

async function main(): Promise<void> {
  if (port === null) throw new Error('console-worker must run in a worker thread');
  const data = workerData as ConsoleWorkerData;
  const replay = await prepareReplay({
    files: data.files,
    overrides: data.overrides,
    engine: data.engine,
    warn: (message) => port.postMessage({ type: 'warn', message }),
  });
  const session = new ConsoleSession({ kind: 'replay', replay, label: data.label, ...(data.strategy === null ? {} : { trading: replayTrading(data.strategy, replay) }) });
  await session.start();
  await session.warmUp(data.warmUpSeconds);
  session.controller.resume(nowUs());
  serveConsole(port, session, { nowUs, events: () => session.controller.position, measureLag: data.measureLag === true });
  // The engine loop: play what the replay clock has reached, in small batches, yielding often.
  for (;;) {
    await session.tick(nowUs(), 500);
    // Paused or at the end: nothing to play, so look far less often (keys are handled as they arrive).
    const idle = session.controller.paused || session.controller.finished;
    await new Promise((resolve) => setTimeout(resolve, idle ? 100 : 10));
  }
}

main().catch((error: unknown) => port?.postMessage(errorMessage(error)));
