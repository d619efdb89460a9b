// tui/worker-console: the main-thread side of the console worker. Implements ConsoleModel: view() returns
// the latest view the worker sent and asks for the next one (one frame behind, never blocking a render),
// input() forwards keys and resolves with the worker's answer.

import { Worker } from 'node:worker_threads';
import { InputError } from '../core/index.js';
import type { ConsoleWorkerData, ToWorker } from './console-worker.js';
import type { ConsoleModel, FrameSize, KeyFlags } from './session.js';
import type { ConsoleView } from './view-model.js';

type FromWorker =
  | { type: 'ready' }
  | { type: 'view'; view: ConsoleView }
  | { type: 'input'; id: number; result: 'quit' | 'help' | null }
  | { type: 'stats'; lagP50Ms: number | null; lagP99Ms: number | null; lagMaxMs: number | null; events: number; osThreadId: number | null }
  | { type: 'warn'; message: string }
  | { type: 'error'; message: string };

export interface EngineStats {
  /** Event-loop lag of the engine thread, ms (null unless started with measureLag). */
  readonly lagP50Ms: number | null;
  readonly lagP99Ms: number | null;
  readonly lagMaxMs: number | null;
  readonly events: number;
  /** The engine thread's OS thread id (Linux), for per-thread CPU accounting. */
  readonly osThreadId: number | null;
}

export class WorkerConsole implements ConsoleModel {
  private latest: ConsoleView | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, (result: 'quit' | 'help' | void) => void>();
  private statsWaiter: ((stats: EngineStats) => void) | null = null;

  private constructor(private readonly worker: Worker) {}

  /** Starts the worker and waits until it has loaded and warmed up the replay. */
  static async start(data: ConsoleWorkerData, warn: (message: string) => void): Promise<WorkerConsole> {
    const worker = new Worker(new URL('./console-worker.js', import.meta.url), { workerData: data });
    const console_ = new WorkerConsole(worker);
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            resolve();
            return;
          case 'view':
            console_.latest = message.view;
            return;
          case 'input': {
            const done = console_.pending.get(message.id);
            console_.pending.delete(message.id);
            done?.(message.result ?? undefined);
            return;
          }
          case 'stats':
            console_.statsWaiter?.(message);
            console_.statsWaiter = null;
            return;
          case 'warn':
            warn(message.message);
            return;
          case 'error':
            reject(new InputError(message.message));
            return;
        }
      });
      worker.once('error', reject);
    });
    return console_;
  }

  /** A placeholder until the worker's first view arrives. */
  private static empty(message: string): ConsoleView {
    return {
      ladder: { rows: [], aggregation: 1, maxQty: 0 },
      tape: [],
      gauges: { window: '1s', gauges: [] },
      heatmap: { prices: [], columns: [], trades: [], columnSpan: '1s' },
      depth: { bids: [], asks: [], maxQty: 0 },
      status: { symbol: '', product: '', source: '', paused: false, speed: '', books: [], lastGap: '-', lastResync: '-', latencyMs: null, msgRate: 0, alerts: [], fps: 0, clock: '' },
      message,
    };
  }

  view(size: FrameSize, fps: number): ConsoleView {
    this.post({ type: 'view', size, fps });
    return this.latest ?? WorkerConsole.empty('loading…');
  }

  input(text: string, key: KeyFlags): Promise<'quit' | 'help' | void> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.post({ type: 'input', id, text, key: { tab: key.tab, ctrl: key.ctrl, return: key.return, escape: key.escape, backspace: key.backspace, delete: key.delete } });
    });
  }

  stats(): Promise<EngineStats> {
    return new Promise((resolve) => {
      this.statsWaiter = resolve;
      this.post({ type: 'stats' });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }
}
