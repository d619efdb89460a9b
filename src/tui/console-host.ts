// tui/console-host: the engine side of a console whose engine runs in a worker thread (a replay in
// tui/console-worker, live data in cli/live-console-worker). It answers the render thread's messages from
// a ConsoleSession: a view per frame (plain data, structured-cloned as it is, so a new view-model field
// needs nothing here), keys, engine stats, and stop. The render thread's side is WorkerConsole.

import { readlinkSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { threadId, type MessagePort } from 'node:worker_threads';
import { FlowdeskError } from '../core/index.js';
import type { ConsoleModel, FrameSize, KeyFlags } from './session.js';
import type { ConsoleView } from './view-model.js';

/** Render thread → engine thread. */
export type ToEngine =
  | { readonly type: 'view'; readonly size: FrameSize; readonly fps: number }
  | { readonly type: 'input'; readonly id: number; readonly text: string; readonly key: KeyFlags }
  | { readonly type: 'stats' }
  | { readonly type: 'stop' };

export interface EngineStats {
  /** Event-loop lag of the engine thread, ms (null unless measuring). */
  readonly lagP50Ms: number | null;
  readonly lagP99Ms: number | null;
  readonly lagMaxMs: number | null;
  /** Events played (a replay) or messages received (live data). */
  readonly events: number;
  /** The engine thread's OS thread id (Linux), for per-thread CPU accounting. */
  readonly osThreadId: number | null;
  /** The engine thread's Node thread id (0 is the main thread). */
  readonly threadId: number;
}

/** Engine thread → render thread. An error names its class, so the command reports it as it would in-thread. */
export type FromEngine =
  | { readonly type: 'ready' }
  | { readonly type: 'view'; readonly view: ConsoleView }
  | { readonly type: 'input'; readonly id: number; readonly result: 'quit' | 'help' | null }
  | ({ readonly type: 'stats' } & EngineStats)
  | { readonly type: 'warn'; readonly message: string }
  /** fatal: the engine cannot go on (it failed to start); the console ends by itself. */
  | { readonly type: 'error'; readonly name: string; readonly flowdesk: boolean; readonly message: string; readonly fatal?: boolean }
  | { readonly type: 'stopped' };

export interface HostOptions {
  readonly nowUs: () => number;
  readonly events: () => number;
  /** Measure this thread's event-loop lag (a 1 ms timer: only when measuring, see bench/console-perf.mjs). */
  readonly measureLag?: boolean;
  /** Stops the engine (closes its sockets, writes its figures) before the render thread ends this thread. */
  readonly stop?: () => Promise<void>;
}

/** This thread's OS thread id where /proc says it (Linux), for per-thread CPU accounting; else null. */
function osThreadId(): number | null {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) ? id : null;
  } catch {
    return null;
  }
}

/** A percentile of a lag histogram in ms; null when it recorded nothing (not measuring). */
function lagMs(lag: IntervalHistogram, percentile: number): number | null {
  if (lag.count === 0) return null;
  return (percentile === 100 ? lag.max : lag.percentile(percentile)) / 1e6;
}

/** The message that reports `error` to the render thread; `fatal` when the engine cannot go on. */
export function errorMessage(error: unknown, fatal = false): FromEngine {
  if (error instanceof Error) return { type: 'error', name: error.name, flowdesk: error instanceof FlowdeskError, message: error.message, fatal };
  return { type: 'error', name: 'Error', flowdesk: false, message: String(error), fatal };
}

/** Answers the render thread on `port` from `session`, then says it is ready. */
export function serveConsole(port: MessagePort, session: Pick<ConsoleModel, 'view' | 'input'>, options: HostOptions): void {
  const lag = monitorEventLoopDelay({ resolution: 1 });
  if (options.measureLag === true) lag.enable();
  const send = (message: FromEngine): void => port.postMessage(message);
  port.on('message', (message: ToEngine) => {
    switch (message.type) {
      case 'view':
        send({ type: 'view', view: session.view(message.size, message.fps) });
        return;
      case 'stats':
        send({ type: 'stats', lagP50Ms: lagMs(lag, 50), lagP99Ms: lagMs(lag, 99), lagMaxMs: lagMs(lag, 100), events: options.events(), osThreadId: osThreadId(), threadId });
        return;
      case 'input':
        session.input(message.text, message.key, options.nowUs()).then(
          (result) => send({ type: 'input', id: message.id, result: result ?? null }),
          (error: unknown) => {
            send(errorMessage(error));
            send({ type: 'input', id: message.id, result: null });
          },
        );
        return;
      case 'stop':
        lag.disable();
        (options.stop?.() ?? Promise.resolve()).then(
          () => send({ type: 'stopped' }),
          (error: unknown) => {
            send(errorMessage(error));
            send({ type: 'stopped' });
          },
        );
        return;
    }
  });
  send({ type: 'ready' });
}
