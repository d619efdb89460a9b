// tui/console-worker: the engine side of the console in a worker thread — replay, pipeline, features,
// detectors and the view builder — so the engine's event latency does not depend on the UI's rendering
// (a full Ink frame costs tens of ms on the main thread). The main thread sends sizes and keys, and gets
// a ConsoleView back per frame.

import { readlinkSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { prepareReplay, type EngineOptions, type SourceOverrides } from '../kernel/index.js';
import { ConsoleSession, type FrameSize, type KeyFlags } from './session.js';

export interface ConsoleWorkerData {
  readonly files: readonly string[];
  readonly overrides: SourceOverrides;
  readonly engine: EngineOptions;
  readonly label: string;
  readonly warmUpSeconds: number;
  /** Measure this thread's event-loop lag (a 1 ms timer: only when measuring, see bench/console-perf.mjs). */
  readonly measureLag?: boolean;
}

export type ToWorker =
  | { readonly type: 'view'; readonly size: FrameSize; readonly fps: number }
  | { readonly type: 'input'; readonly id: number; readonly text: string; readonly key: KeyFlags }
  | { readonly type: 'stats' };

const port = parentPort;

/** This thread's OS thread id where /proc says it (Linux), for per-thread CPU accounting; else null. */
function osThreadId(): number | null {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) ? id : null;
  } catch {
    return null;
  }
}
const nowUs = (): number => Math.floor((performance.timeOrigin + performance.now()) * 1000);

/** A percentile of a lag histogram in ms; null when it recorded nothing (not measuring). */
function lagMs(lag: IntervalHistogram, percentile: number): number | null {
  if (lag.count === 0) return null;
  return (percentile === 100 ? lag.max : lag.percentile(percentile)) / 1e6;
}

async function main(): Promise<void> {
  if (port === null) throw new Error('console-worker must run in a worker thread');
  const data = workerData as ConsoleWorkerData;
  const lag = monitorEventLoopDelay({ resolution: 1 });
  if (data.measureLag === true) lag.enable();
  const replay = await prepareReplay({
    files: data.files,
    overrides: data.overrides,
    engine: data.engine,
    warn: (message) => port.postMessage({ type: 'warn', message }),
  });
  const session = new ConsoleSession({ kind: 'replay', replay, label: data.label });
  await session.start();
  await session.warmUp(data.warmUpSeconds);
  session.controller.resume(nowUs());
  lag.reset();
  port.on('message', (message: ToWorker) => {
    if (message.type === 'view') port.postMessage({ type: 'view', view: session.view(message.size, message.fps) });
    else if (message.type === 'stats') {
      port.postMessage({ type: 'stats', lagP50Ms: lagMs(lag, 50), lagP99Ms: lagMs(lag, 99), lagMaxMs: lagMs(lag, 100), events: session.controller.position, osThreadId: osThreadId() });
    } else {
      void session.input(message.text, message.key, nowUs()).then(
        (result) => port.postMessage({ type: 'input', id: message.id, result: result ?? null }),
        (error: unknown) => port.postMessage({ type: 'error', message: (error as Error).message }),
      );
    }
  });
  port.postMessage({ type: 'ready' });
  // The engine loop: play what the replay clock has reached, in small batches, yielding often.
  for (;;) {
    await session.tick(nowUs(), 500);
    // Paused or at the end: nothing to play, so look far less often (keys are handled as they arrive).
    const idle = session.controller.paused || session.controller.finished;
    await new Promise((resolve) => setTimeout(resolve, idle ? 100 : 10));
  }
}

main().catch((error: unknown) => {
  port?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
});
