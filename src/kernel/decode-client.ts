// kernel/decode-client: the engine-thread side of the replay decode worker (decode-worker.ts). Starts it,
// hands each batch's items in order to the handlers, acknowledges the batch once the caller is ready for
// more, and ends with the worker's reader counts — or with its error, rethrown here as the same kind (an
// unreadable file stays an InputError), or early and quietly when the caller aborts.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../core/index.js';
import type { ReaderStats } from '../recording/index.js';
import { BatchDecoder, type BatchHandlers } from './decode-codec.js';
import type { DecodeWorkerData, FromDecodeWorker, ToDecodeWorker } from './decode-worker.js';

const WORKER_URL = new URL('./decode-worker.js', import.meta.url);

/**
 * Whether the worker can run here: it needs the compiled module beside this one (dist/). Run from the
 * TypeScript sources (the test runner), there is none, and a replay decodes in its own thread instead.
 */
export function decodeWorkerAvailable(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

export interface DecodeControl {
  /** Ends the run early: the worker is terminated and the run resolves (its reader counts are not added). */
  readonly signal?: AbortSignal;
  /** Called after each batch's items were handed over; the batch is acknowledged once its promise settles. */
  readonly afterBatch?: () => Promise<void> | void;
}

/** Runs the worker over `data.sources` to the end; adds its reader counts to `stats`. */
export function runDecodeWorker(data: DecodeWorkerData, handlers: BatchHandlers, stats: ReaderStats, control: DecodeControl = {}): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: data });
    const decoder = new BatchDecoder();
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(error);
    };
    const ack = (): void => {
      if (!settled) worker.postMessage({ type: 'ack' } satisfies ToDecodeWorker);
    };
    const { signal, afterBatch } = control;
    const onAbort = (): void => {
      if (settled) return;
      settled = true;
      void worker.terminate().then(() => resolve(), () => resolve()); // resolves once the thread is gone
    };
    if (signal?.aborted === true) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: FromDecodeWorker) => {
      if (settled) return;
      if (message.type === 'batch') {
        try {
          decoder.decode(message.batch, handlers);
        } catch (error) {
          fail(error as Error);
          return;
        }
        const ready = afterBatch?.();
        if (ready === undefined) ack();
        else ready.then(ack, (error: unknown) => fail(error as Error));
      } else if (message.type === 'done') {
        settled = true;
        stats.lines += message.stats.lines;
        stats.skippedLines += message.stats.skippedLines;
        void worker.terminate();
        resolve();
      } else {
        fail(message.name === 'InputError' ? new InputError(message.message, message.path) : new Error(`replay decode worker: ${message.message}`));
      }
    });
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => fail(new Error(`replay decode worker exited (code ${code}) before the end of the data`)));
  });
}
