// tui/worker-console: the render thread's side of a console whose engine runs in a worker thread (the
// replay's tui/console-worker, or live data's cli/live-console-worker; both answer through
// tui/console-host). Implements ConsoleModel: view() returns the latest view the worker sent and asks for
// the next one (one frame behind, never blocking a render), input() forwards keys and resolves with the
// worker's answer. close() lets the engine stop (sockets closed, figures written), then ends the thread.

import { Worker } from 'node:worker_threads';
import { FlowdeskError, InputError, UsageError } from '../core/index.js';
import type { EngineStats, FromEngine, ToEngine } from './console-host.js';
import type { ConsoleWorkerData } from './console-worker.js';
import { actionFor } from './keymap.js';
import type { ConsoleModel, FrameSize, KeyFlags } from './session.js';
import { placeholderView, type ConsoleView } from './view-model.js';

/** How long close() waits for the engine to stop before ending its thread anyway. */
const STOP_TIMEOUT_MS = 5000;

/** The error the worker reported, as the class the command would have seen in-thread. */
function errorOf(message: Extract<FromEngine, { type: 'error' }>): Error {
  if (message.name === 'InputError') return new InputError(message.message);
  if (message.name === 'UsageError') return new UsageError(message.message);
  if (message.flowdesk) return new FlowdeskError(message.message);
  return new Error(message.message);
}

export class WorkerConsole implements ConsoleModel {
  private latest: ConsoleView | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, (result: 'quit' | 'help' | void) => void>();
  private statsWaiter: ((stats: EngineStats) => void) | null = null;
  private stopped: (() => void) | null = null;
  private failure: Error | null = null;
  private fatal = false;
  private exited = false;

  private constructor(private readonly worker: Worker) {}

  /** Starts the replay console's worker and waits until it has loaded and warmed up the replay. */
  static replay(data: ConsoleWorkerData, warn: (message: string) => void): Promise<WorkerConsole> {
    return WorkerConsole.start(new URL('./console-worker.js', import.meta.url), data, warn);
  }

  /**
   * Starts the worker module at `entry` with `data` and waits until it says it is ready; rejects with its
   * error, or when `signal` aborts first, the thread ended. Warnings it sends go to `warn`.
   */
  static async start(entry: URL, data: unknown, warn: (message: string) => void, signal?: AbortSignal): Promise<WorkerConsole> {
    const worker = new Worker(entry, { workerData: data });
    const console_ = new WorkerConsole(worker);
    let onAbort = (): void => undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        onAbort = () => reject(new Error('the console engine was stopped before it was ready'));
        if (signal?.aborted === true) onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        worker.on('message', (message: FromEngine) => {
          if (message.type === 'ready') resolve();
          else if (message.type === 'error') {
            reject(errorOf(message));
            console_.fail(errorOf(message), message.fatal === true);
          } else console_.receive(message, warn);
        });
        worker.on('error', (error) => {
          reject(error);
          console_.fail(error);
        });
        worker.on('exit', () => {
          console_.exited = true;
          reject(new Error('the console engine stopped before it was ready'));
          console_.stopped?.();
        });
      });
    } catch (error) {
      await worker.terminate();
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return console_;
  }

  view(size: FrameSize, fps: number): ConsoleView {
    if (!this.exited) this.post({ type: 'view', size, fps });
    const view = this.latest ?? placeholderView('loading…');
    return this.failure === null ? view : { ...view, message: `engine error: ${this.failure.message} (q quits)` };
  }

  input(text: string, key: KeyFlags): Promise<'quit' | 'help' | void> {
    if (this.exited) return Promise.resolve(actionFor(text, key) === 'quit' ? 'quit' : undefined);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.post({ type: 'input', id, text, key: { tab: key.tab, ctrl: key.ctrl, return: key.return, escape: key.escape, backspace: key.backspace, delete: key.delete } });
    });
  }

  stats(): Promise<EngineStats> {
    if (this.exited) return Promise.resolve({ lagP50Ms: null, lagP99Ms: null, lagMaxMs: null, events: 0, osThreadId: null, threadId: -1 });
    return new Promise((resolve) => {
      this.statsWaiter = resolve;
      this.post({ type: 'stats' });
    });
  }

  /** The first error the engine reported after it started (null while all is well). */
  get error(): Error | null {
    return this.failure;
  }

  /** Lets the engine stop (at most STOP_TIMEOUT_MS), then ends its thread. */
  async close(): Promise<void> {
    if (!this.exited) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, STOP_TIMEOUT_MS);
        this.stopped = () => {
          clearTimeout(timer);
          resolve();
        };
        this.post({ type: 'stop' });
      });
    }
    await this.worker.terminate();
  }

  private receive(message: Exclude<FromEngine, { type: 'ready' | 'error' }>, warn: (message: string) => void): void {
    switch (message.type) {
      case 'view':
        this.latest = message.view;
        return;
      case 'input': {
        const done = this.pending.get(message.id);
        this.pending.delete(message.id);
        done?.(message.result ?? undefined);
        return;
      }
      case 'stats': {
        const { type: _type, ...stats } = message;
        this.statsWaiter?.(stats);
        this.statsWaiter = null;
        return;
      }
      case 'warn':
        warn(message.message);
        return;
      case 'stopped':
        this.stopped?.();
        return;
    }
  }

  private fail(error: Error, fatal = false): void {
    this.failure ??= error;
    if (fatal) this.fatal = true;
  }

  /** True once the engine reported that it cannot go on (it failed to start). */
  ended(): boolean {
    return this.fatal;
  }

  private post(message: ToEngine): void {
    this.worker.postMessage(message);
  }
}
