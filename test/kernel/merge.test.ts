import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeByReceiveTime } from '../../src/kernel/merge.js';
import type { RawMessage } from '../../src/model/index.js';
import { readHftRecording, type MessageBatches } from '../../src/recording/index.js';
import { SPOT_0808, SPOT_0809, fixtureLines } from '../recording/support.js';

/** A message tagged with where it came from: source `s`, position `i` in that source. */
function msg(receiveTimeUs: number, s: number, i: number): RawMessage {
  return {
    seq: 1000 + i,
    receiveTimeUs,
    connectionId: s,
    product: 'spot',
    kind: 'ws',
    stream: `s${s}`,
    payload: `${s}:${i}`,
  };
}

/** A source yielding the given batches of receive times (fresh message objects per call). */
async function* source(s: number, batches: readonly (readonly number[])[]): MessageBatches {
  let i = 0;
  for (const times of batches) {
    const batch = times.map((t) => msg(t, s, i++));
    await Promise.resolve();
    yield batch;
  }
}

interface Delivered {
  readonly tag: string;
  readonly time: number;
  readonly seq: number;
}

async function merge(sources: readonly (readonly (readonly number[])[])[]): Promise<Delivered[]> {
  const out: Delivered[] = [];
  await mergeByReceiveTime(
    sources.map((batches, s) => source(s, batches)),
    (raw) => void out.push({ tag: raw.payload, time: raw.receiveTimeUs, seq: raw.seq }),
  );
  return out;
}

/**
 * The reference: repeatedly take the head of the source whose head has the earliest receive time,
 * the earliest-listed source on a tie. Batching must not matter.
 */
function reference(sources: readonly (readonly (readonly number[])[])[]): string[] {
  const queues = sources.map((batches) => batches.flat());
  const heads = queues.map(() => 0);
  const out: string[] = [];
  for (;;) {
    let pick = -1;
    for (let s = 0; s < queues.length; s++) {
      const queue = queues[s] as number[];
      const head = heads[s] as number;
      if (head >= queue.length) continue;
      if (pick < 0 || (queue[head] as number) < ((queues[pick] as number[])[heads[pick] as number] as number)) pick = s;
    }
    if (pick < 0) return out;
    out.push(`${pick}:${heads[pick] as number}`);
    heads[pick] = (heads[pick] as number) + 1;
  }
}

describe('mergeByReceiveTime', () => {
  it('delivers the messages of several sources ordered by receive time', async () => {
    const out = await merge([
      [[1, 4, 9], [12, 20]],
      [[2, 3], [5, 6, 30]],
      [[0], [7, 8, 10, 11]],
    ]);

    expect(out.map((d) => d.time)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 30]);
  });

  it('puts the earlier source first on equal receive times, also across batch boundaries', async () => {
    const out = await merge([
      [[5], [5, 7]],
      [[5, 5], [7]],
      [[1, 5], [], [7, 7]],
    ]);

    expect(out.map((d) => d.tag)).toEqual(['2:0', '0:0', '0:1', '1:0', '1:1', '2:1', '0:2', '1:2', '2:2', '2:3']);
  });

  it('keeps each source in its own order even when its receive times go backwards', async () => {
    const out = await merge([
      [[10, 5, 20]],
      [[7, 12], [3]],
    ]);

    expect(out.map((d) => d.tag)).toEqual(['1:0', '0:0', '0:1', '1:1', '1:2', '0:2']);
    expect(out.map((d) => d.time)).toEqual([7, 10, 5, 12, 3, 20]);
  });

  it('renumbers seq 0..n-1 in delivery order', async () => {
    const out = await merge([
      [[3, 4], [8]],
      [[1, 9]],
    ]);

    expect(out.map((d) => d.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(out.map((d) => d.time)).toEqual([1, 3, 4, 8, 9]);
  });

  it('delivers nothing for no sources or only empty ones, and ignores empty sources among others', async () => {
    expect(await merge([])).toEqual([]);
    expect(await merge([[], [], []])).toEqual([]);
    const out = await merge([[], [[2, 3]], [], [[1]], []]);
    expect(out.map((d) => d.tag)).toEqual(['3:0', '1:0', '1:1']);
    expect(out.map((d) => d.seq)).toEqual([0, 1, 2]);
  });

  it('skips empty batches anywhere in a source', async () => {
    const out = await merge([
      [[], [1, 4], [], [], [6]],
      [[], [2], []],
      [[]],
    ]);

    expect(out.map((d) => d.tag)).toEqual(['0:0', '1:0', '0:1', '0:2']);
  });

  it('waits for a promise returned by deliver before delivering the next message', async () => {
    const events: string[] = [];
    let inFlight = 0;
    const seen: number[] = [];

    await mergeByReceiveTime([source(0, [[1, 3, 5], [7]]), source(1, [[2, 4], [6, 8]])], async (raw) => {
      inFlight++;
      events.push(`start ${raw.seq}`);
      expect(inFlight).toBe(1);
      seen.push(raw.receiveTimeUs);
      await new Promise((resolve) => setTimeout(resolve, raw.seq % 2 === 0 ? 2 : 0));
      events.push(`end ${raw.seq}`);
      inFlight--;
    });

    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(events).toEqual(seen.flatMap((_t, i) => [`start ${i}`, `end ${i}`]));
  });

  it('rejects with the error of a deliver that rejects, delivering nothing after it', async () => {
    const seen: number[] = [];
    const failing = mergeByReceiveTime([source(0, [[1, 2, 3]]), source(1, [[1.5]])], async (raw) => {
      seen.push(raw.receiveTimeUs);
      if (raw.receiveTimeUs === 1.5) throw new Error('engine stopped');
    });

    await expect(failing).rejects.toThrow('engine stopped');
    expect(seen).toEqual([1, 1.5]);
  });

  it('matches a head-by-head reference merge for any sources and batching', async () => {
    const times = fc.array(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 5 }), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(fc.array(times, { maxLength: 5 }), async (sources) => {
        const out = await merge(sources);
        expect(out.map((d) => d.tag)).toEqual(reference(sources));
        expect(out.map((d) => d.seq)).toEqual(out.map((_d, i) => i));
      }),
      { numRuns: 400 },
    );
  });

  it('delivers sources that are each in time order in overall time order, each source keeping its order', async () => {
    const sorted = fc
      .array(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 6 }), { maxLength: 4 })
      .map((batches) => {
        const all = batches.flat().sort((a, b) => a - b);
        let at = 0;
        return batches.map((b) => all.slice(at, (at += b.length)));
      });
    await fc.assert(
      fc.asyncProperty(fc.array(sorted, { maxLength: 5 }), async (sources) => {
        const out = await merge(sources);
        const times = out.map((d) => d.time);
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(out).toHaveLength(sources.flat(2).length);
        sources.forEach((_batches, s) => {
          const own = out.filter((d) => d.tag.startsWith(`${s}:`)).map((d) => Number(d.tag.split(':')[1]));
          expect(own).toEqual(own.map((_p, i) => i));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('replays the two spot fixture files, split at midnight, as one continuous stream', async () => {
    const stats = { lines: 0, skippedLines: 0 };
    const options = { product: 'spot', snapshotSymbol: 'BTCUSDT' } as const;
    const payloads: string[] = [];
    let previous = -Infinity;
    let ordered = true;

    await mergeByReceiveTime(
      [readHftRecording(SPOT_0808, options, () => undefined, stats), readHftRecording(SPOT_0809, options, () => undefined, stats)],
      (raw) => {
        if (raw.receiveTimeUs < previous || raw.seq !== payloads.length) ordered = false;
        previous = raw.receiveTimeUs;
        payloads.push(raw.payload);
      },
    );

    expect(stats).toEqual({ lines: 41_249 + 58_325, skippedLines: 0 });
    expect(payloads).toHaveLength(41_249 + 58_325);
    expect(ordered).toBe(true);
    // Midnight: the last message of the 8th is followed by the first of the 9th.
    expect(payloads[41_248]).toBe(payloadOf(fixtureLines(SPOT_0808).at(-1)));
    expect(payloads[41_249]).toBe(payloadOf(fixtureLines(SPOT_0809)[0]));
  });
});

function payloadOf(line: string | undefined): string {
  return (line as string).slice((line as string).indexOf(' ') + 1);
}

describe('mergeByReceiveTime when it stops early', () => {
  /** A source that records when it is finalised (its finally block runs, as a file reader's does). */
  function tracked(s: number, batches: readonly (readonly number[])[], closed: number[], failAfter = Infinity): MessageBatches {
    return (async function* () {
      try {
        let i = 0;
        for (const times of batches) {
          if (i >= failAfter) throw new Error(`source ${s} is unreadable`);
          const batch = times.map((t) => msg(t, s, i++));
          yield batch;
        }
      } finally {
        closed.push(s);
      }
    })();
  }

  it('finalises every source when deliver throws', async () => {
    const closed: number[] = [];
    const sources = [tracked(0, [[1, 2], [9]], closed), tracked(1, [[3], [4]], closed), tracked(2, [[5]], closed)];

    await expect(
      mergeByReceiveTime(sources, (raw) => {
        if (raw.receiveTimeUs === 3) throw new Error('engine stopped');
      }),
    ).rejects.toThrow('engine stopped');

    expect([...closed].sort()).toEqual([0, 1, 2]);
  });

  it('finalises the other sources when one source throws', async () => {
    const closed: number[] = [];
    const sources = [tracked(0, [[1], [2], [8]], closed), tracked(1, [[3], [4]], closed, 1)];

    await expect(mergeByReceiveTime(sources, () => undefined)).rejects.toThrow('source 1 is unreadable');

    expect([...closed].sort()).toEqual([0, 1]);
  });

  it('ends without an error, and finalises every source, when its signal is aborted', async () => {
    const closed: number[] = [];
    const seen: number[] = [];
    const stop = new AbortController();
    const sources = [tracked(0, [[1, 2], [5, 9]], closed), tracked(1, [[3], [4, 8]], closed)];

    await mergeByReceiveTime(
      sources,
      (raw) => {
        seen.push(raw.receiveTimeUs);
        if (raw.receiveTimeUs !== 3) return undefined;
        stop.abort();
        return Promise.resolve(); // the merge looks at the signal once a returned promise settles
      },
      () => undefined,
      stop.signal,
    );

    expect(seen).toEqual([1, 2, 3]);
    expect([...closed].sort()).toEqual([0, 1]);
  });

  it('finalises each source exactly once on a normal run', async () => {
    const closed: number[] = [];
    const seen: number[] = [];

    await mergeByReceiveTime([tracked(0, [[1, 4]], closed), tracked(1, [[2], [3]], closed)], (raw) => void seen.push(raw.receiveTimeUs));

    expect(seen).toEqual([1, 2, 3, 4]);
    expect([...closed].sort()).toEqual([0, 1]);
  });
});

describe('mergeByReceiveTime end-of-source callback', () => {
  it('reports each source once, when its last message has been delivered', async () => {
    async function* source(times: number[]): AsyncGenerator<RawMessage[]> {
      yield times.map((t) => ({ seq: 0, receiveTimeUs: t, connectionId: 0, product: 'spot' as const, kind: 'ws' as const, stream: '', payload: String(t) }));
    }
    const log: string[] = [];
    await mergeByReceiveTime(
      [source([1, 5]), source([2, 3]), source([])],
      (raw) => {
        log.push(`msg ${raw.payload}`);
      },
      (index) => log.push(`end ${index}`),
    );
    expect(log).toEqual(['end 2', 'msg 1', 'msg 2', 'msg 3', 'end 1', 'msg 5', 'end 0']);
  });
});
