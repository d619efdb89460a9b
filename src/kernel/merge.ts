// kernel/merge: merges several files' message streams into one, ordered by receive time. Ties keep file
// order (the order given), and each file's own order is never changed. Consecutive files of one stream
// (e.g. _20240808 then _20240809) therefore replay as one continuous stream. Messages are numbered with
// their position in the merged input (seq). An abort signal ends the merge early, between messages.

import type { RawMessage } from '../model/index.js';
import type { MessageBatches } from '../recording/index.js';

interface Cursor {
  batch: RawMessage[];
  index: number;
  readonly source: MessageBatches;
  readonly sourceIndex: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export async function mergeByReceiveTime(
  sources: readonly MessageBatches[],
  deliver: (raw: RawMessage) => void | Promise<void>,
  /** Called once per source, with its index, when it has delivered its last message. */
  onSourceEnd: (sourceIndex: number) => void = () => undefined,
  /**
   * Ends the merge early, without an error: looked at after each delivery that returned a promise and
   * after each read, so a deliver that wants the merge to end returns one once this is aborted.
   */
  signal?: AbortSignal,
): Promise<void> {
  try {
    await mergeSources(sources, deliver, onSourceEnd, signal);
  } finally {
    // Stopped early (deliver or a source threw): let every source release its file. A no-op when done.
    for (const source of sources) await source.return(undefined).catch(() => undefined);
  }
}

async function mergeSources(
  sources: readonly MessageBatches[],
  deliver: (raw: RawMessage) => void | Promise<void>,
  onSourceEnd: (sourceIndex: number) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  let seq = 0;
  const cursors: Cursor[] = [];
  for (const [sourceIndex, source] of sources.entries()) {
    const first = await nextBatch(source);
    if (signal?.aborted === true) return;
    if (first !== null) cursors.push({ batch: first, index: 0, source, sourceIndex });
    else onSourceEnd(sourceIndex);
  }
  while (cursors.length > 0) {
    let pick = 0;
    if (cursors.length > 1) {
      let best = (cursors[0] as Cursor).batch[(cursors[0] as Cursor).index] as RawMessage;
      for (let i = 1; i < cursors.length; i++) {
        const c = cursors[i] as Cursor;
        const head = c.batch[c.index] as RawMessage;
        if (head.receiveTimeUs < best.receiveTimeUs) {
          best = head;
          pick = i;
        }
      }
    }
    const cursor = cursors[pick] as Cursor;
    // Deliver from the chosen file while it stays earliest (the common case: one file at a time).
    const limit = nextOtherHead(cursors, pick);
    const batch = cursor.batch;
    let i = cursor.index;
    do {
      const raw = batch[i] as Mutable<RawMessage>;
      raw.seq = seq++;
      const pending = deliver(raw);
      if (pending !== undefined) {
        await pending;
        if (signal?.aborted === true) return;
      }
      i++;
    } while (i < batch.length && (batch[i] as RawMessage).receiveTimeUs <= limit);
    cursor.index = i;
    if (i >= batch.length) {
      const next = await nextBatch(cursor.source);
      if (signal?.aborted === true) return;
      if (next === null) {
        cursors.splice(pick, 1);
        onSourceEnd(cursor.sourceIndex);
      } else {
        cursor.batch = next;
        cursor.index = 0;
      }
    }
  }
}

/** The source's next non-empty batch (a source may yield empty ones), or null when it is done. */
async function nextBatch(source: MessageBatches): Promise<RawMessage[] | null> {
  for (;;) {
    const next = await source.next();
    if (next.done) return null;
    if (next.value.length > 0) return next.value;
  }
}

/** Earliest head among the other cursors; ties go to the lower index, so a later file waits for "<". */
function nextOtherHead(cursors: readonly Cursor[], pick: number): number {
  let limit = Infinity;
  for (let i = 0; i < cursors.length; i++) {
    if (i === pick) continue;
    const c = cursors[i] as Cursor;
    const t = (c.batch[c.index] as RawMessage).receiveTimeUs;
    const bound = i < pick ? t - 1 : t;
    if (bound < limit) limit = bound;
  }
  return limit;
}
