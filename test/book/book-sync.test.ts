import { describe, expect, it } from 'vitest';
import { BookSync, SPOT_RULES, USDM_RULES, type ResyncCause, type SyncOutcome, type SyncRules } from '../../src/book/index.js';
import type { DepthDiffEvent, Product } from '../../src/model/index.js';
import { EMPTY_BOOK, bookContents, diff, snapshot } from './book-events.js';

// Every scenario uses the same snapshot levels and the same four chained diffs, D1..D4, covering update ids
// 101..110, 111..120, 121..130 and 131..140 (USD-M: pu = U - 1). Diff k sets bid 990+k to k lots and ask
// 1001 to 100+k lots, so the book shows exactly which diffs were applied.
const SNAP_BIDS = [1000, 5, 999, 7];
const SNAP_ASKS = [1001, 6, 1002, 8];

function chain(product: Product): [DepthDiffEvent, DepthDiffEvent, DepthDiffEvent, DepthDiffEvent] {
  const d = (k: number): DepthDiffEvent =>
    diff(product, 91 + 10 * k, 100 + 10 * k, { bids: [990 + k, k], asks: [1001, 100 + k] });
  return [d(1), d(2), d(3), d(4)];
}

function newSync(rules: SyncRules, maxBufferedDiffs = 100): BookSync {
  return new BookSync({ rules, maxBufferedDiffs });
}

function snap(product: Product, lastUpdateId: number, bids = SNAP_BIDS, asks = SNAP_ASKS) {
  return snapshot(product, lastUpdateId, bids, asks);
}

function expectEmptyAndResyncing(sync: BookSync): void {
  expect(sync.state).toBe('resyncing');
  expect(sync.healthy).toBe(false);
  expect(sync.needsSnapshot).toBe(true);
  expect(bookContents(sync.book)).toEqual(EMPTY_BOOK);
  expect(sync.book.fingerprint.low).toBe(0);
  expect(sync.book.fingerprint.high).toBe(0);
}

interface Fixture {
  readonly product: Product;
  readonly rules: SyncRules;
}

const FIXTURES: readonly Fixture[] = [
  { product: 'spot', rules: SPOT_RULES },
  { product: 'usdm', rules: USDM_RULES },
];

/** A sync made live by snapshot 115 and D2 (111..120): book at 120, bids 1000/999/992, asks 1001/1002. */
function liveAt120({ product, rules }: Fixture): { sync: BookSync; diffs: ReturnType<typeof chain> } {
  const sync = newSync(rules);
  const diffs = chain(product);
  expect(sync.onSnapshot(snap(product, 115))).toEqual({ type: 'synced', lastUpdateId: 115, replayed: 0, skipped: 0 });
  expect(sync.onDiff(diffs[1])).toEqual({ type: 'applied' });
  expect(bookContents(sync.book)).toEqual({
    bids: [
      [1000, 5],
      [999, 7],
      [992, 2],
    ],
    asks: [
      [1001, 102],
      [1002, 8],
    ],
    lastUpdateId: 120,
  });
  return { sync, diffs };
}

describe('BookSync snapshot alignment', () => {
  // The id arithmetic differs by product: spot drops u <= lastUpdateId and needs U <= lid+1 <= u, USD-M drops
  // u < lastUpdateId and needs U <= lid <= u. The edges (lid 100, 110, 120, 140) tell them apart.
  it.each([
    { product: 'spot', lid: 100, skipped: 0, replayed: 4, applied: [1, 2, 3, 4] },
    { product: 'spot', lid: 110, skipped: 1, replayed: 3, applied: [2, 3, 4] },
    { product: 'usdm', lid: 110, skipped: 0, replayed: 4, applied: [1, 2, 3, 4] },
    { product: 'spot', lid: 115, skipped: 1, replayed: 3, applied: [2, 3, 4] },
    { product: 'usdm', lid: 115, skipped: 1, replayed: 3, applied: [2, 3, 4] },
    { product: 'spot', lid: 120, skipped: 2, replayed: 2, applied: [3, 4] },
    { product: 'usdm', lid: 120, skipped: 1, replayed: 3, applied: [2, 3, 4] },
    { product: 'spot', lid: 139, skipped: 3, replayed: 1, applied: [4] },
    { product: 'usdm', lid: 139, skipped: 3, replayed: 1, applied: [4] },
    { product: 'spot', lid: 140, skipped: 4, replayed: 0, applied: [] },
    { product: 'usdm', lid: 140, skipped: 3, replayed: 1, applied: [4] },
  ] as const)(
    'a $product snapshot at $lid skips $skipped buffered diffs and replays $replayed',
    ({ product, lid, skipped, replayed, applied }) => {
      const sync = newSync(product === 'spot' ? SPOT_RULES : USDM_RULES);
      for (const d of chain(product)) expect(sync.onDiff(d)).toEqual({ type: 'buffered', droppedOldest: 0 });
      expect(sync.state).toBe('awaitingSnapshot');
      expect(sync.needsSnapshot).toBe(true);
      expect(sync.bufferedDiffs).toBe(4);
      expect(bookContents(sync.book)).toEqual(EMPTY_BOOK);

      expect(sync.onSnapshot(snap(product, lid))).toEqual({ type: 'synced', lastUpdateId: lid, replayed, skipped });
      expect(sync.state).toBe('live');
      expect(sync.healthy).toBe(true);
      expect(sync.needsSnapshot).toBe(false);
      expect(sync.bufferedDiffs).toBe(0);
      const last = applied.at(-1);
      expect(bookContents(sync.book)).toEqual({
        bids: [[1000, 5], [999, 7], ...[...applied].reverse().map((k) => [990 + k, k])],
        asks: [
          [1001, last === undefined ? 6 : 100 + last],
          [1002, 8],
        ],
        lastUpdateId: last === undefined ? lid : 100 + 10 * last,
      });
    },
  );

  it.each([
    { product: 'spot', lid: 99, first: 'U=101 u=110' },
    { product: 'spot', lid: 50, first: 'U=101 u=110' },
    { product: 'usdm', lid: 100, first: 'U=101 u=110 pu=100' },
    { product: 'usdm', lid: 50, first: 'U=101 u=110 pu=100' },
  ] as const)(
    'rejects a $product snapshot at $lid that is older than the first buffered diff, then syncs a newer one',
    ({ product, lid, first }) => {
      const sync = newSync(product === 'spot' ? SPOT_RULES : USDM_RULES);
      for (const d of chain(product)) sync.onDiff(d);

      expect(sync.onSnapshot(snap(product, lid))).toEqual({
        type: 'snapshotRejected',
        detail: `snapshot lastUpdateId=${lid} is older than the first buffered diff (${first})`,
      });
      expect(sync.state).toBe('awaitingSnapshot');
      expect(sync.needsSnapshot).toBe(true);
      expect(sync.bufferedDiffs).toBe(4);
      expect(bookContents(sync.book)).toEqual(EMPTY_BOOK);

      expect(sync.onSnapshot(snap(product, 115))).toEqual({ type: 'synced', lastUpdateId: 115, replayed: 3, skipped: 1 });
      expect(sync.healthy).toBe(true);
      expect(sync.book.lastUpdateId).toBe(140);
    },
  );

  it.each([
    { product: 'spot', first: 'U=121 u=130' },
    { product: 'usdm', first: 'U=121 u=130 pu=120' },
  ] as const)(
    'drops the buffered diffs older than a $product snapshot that falls in a gap of the buffer',
    ({ product, first }) => {
      const sync = newSync(product === 'spot' ? SPOT_RULES : USDM_RULES);
      const [d1, , d3, d4] = chain(product);
      sync.onDiff(d1);
      sync.onDiff(d3);
      sync.onDiff(d4);
      expect(sync.onSnapshot(snap(product, 115))).toEqual({
        type: 'snapshotRejected',
        detail: `snapshot lastUpdateId=115 is older than the first buffered diff (${first})`,
      });
      expect(sync.bufferedDiffs).toBe(2);
      expect(sync.onSnapshot(snap(product, 125))).toEqual({ type: 'synced', lastUpdateId: 125, replayed: 2, skipped: 0 });
      expect(sync.book.lastUpdateId).toBe(140);
    },
  );

  // With nothing buffered the snapshot goes live at once, and the first diff after it must span it.
  it.each([
    { product: 'spot', U: 101, u: 110, outcome: { type: 'droppedOld', detail: 'U=101 u=110 is older than the snapshot 120' } },
    { product: 'spot', U: 111, u: 120, outcome: { type: 'droppedOld', detail: 'U=111 u=120 is older than the snapshot 120' } },
    { product: 'spot', U: 115, u: 125, outcome: { type: 'applied' } },
    { product: 'spot', U: 121, u: 130, outcome: { type: 'applied' } },
    {
      product: 'spot',
      U: 122,
      u: 130,
      outcome: { type: 'resyncNeeded', cause: 'gap', detail: 'first diff after snapshot 120 does not span it (U=122 u=130)' },
    },
    {
      product: 'usdm',
      U: 101,
      u: 110,
      outcome: { type: 'droppedOld', detail: 'U=101 u=110 pu=100 is older than the snapshot 120' },
    },
    {
      product: 'usdm',
      U: 101,
      u: 119,
      outcome: { type: 'droppedOld', detail: 'U=101 u=119 pu=100 is older than the snapshot 120' },
    },
    { product: 'usdm', U: 111, u: 120, outcome: { type: 'applied' } },
    { product: 'usdm', U: 115, u: 125, outcome: { type: 'applied' } },
    {
      product: 'usdm',
      U: 121,
      u: 130,
      outcome: {
        type: 'resyncNeeded',
        cause: 'gap',
        detail: 'first diff after snapshot 120 does not span it (U=121 u=130 pu=120)',
      },
    },
  ] as const)(
    'after a $product snapshot at 120 with nothing buffered, diff U=$U u=$u is $outcome.type',
    ({ product, U, u, outcome }) => {
      const sync = newSync(product === 'spot' ? SPOT_RULES : USDM_RULES);
      expect(sync.onSnapshot(snap(product, 120))).toEqual({ type: 'synced', lastUpdateId: 120, replayed: 0, skipped: 0 });
      expect(sync.state).toBe('live');
      expect(bookContents(sync.book)).toEqual({
        bids: [
          [1000, 5],
          [999, 7],
        ],
        asks: [
          [1001, 6],
          [1002, 8],
        ],
        lastUpdateId: 120,
      });

      expect(sync.onDiff(diff(product, U, u, { bids: [998, 3] }))).toEqual(outcome);
      switch (outcome.type) {
        case 'applied':
          expect(sync.state).toBe('live');
          expect(bookContents(sync.book)).toEqual({
            bids: [
              [1000, 5],
              [999, 7],
              [998, 3],
            ],
            asks: [
              [1001, 6],
              [1002, 8],
            ],
            lastUpdateId: u,
          });
          break;
        case 'droppedOld':
          expect(sync.state).toBe('live');
          expect(bookContents(sync.book)).toEqual({
            bids: [
              [1000, 5],
              [999, 7],
            ],
            asks: [
              [1001, 6],
              [1002, 8],
            ],
            lastUpdateId: 120,
          });
          break;
        case 'resyncNeeded':
          expectEmptyAndResyncing(sync);
          // The diff that broke the chain is kept: a newer snapshot may line up with it.
          expect(sync.bufferedDiffs).toBe(1);
          break;
      }
    },
  );
});

describe.each(FIXTURES)('$product BookSync', (fixture) => {
  const { product, rules } = fixture;
  const describeId = (d: DepthDiffEvent): string =>
    `U=${d.firstUpdateId} u=${d.finalUpdateId}${product === 'usdm' ? ` pu=${d.prevFinalUpdateId}` : ''}`;
  const expectation = (prevFinal: number): string => (product === 'spot' ? `U == ${prevFinal + 1}` : `pu == ${prevFinal}`);

  it('buffers diffs that arrive before any snapshot and leaves the book empty', () => {
    const sync = newSync(rules);
    expect(sync.state).toBe('awaitingSnapshot');
    expect(sync.needsSnapshot).toBe(true);
    for (const d of chain(product)) expect(sync.onDiff(d)).toEqual({ type: 'buffered', droppedOldest: 0 });
    expect(sync.state).toBe('awaitingSnapshot');
    expect(sync.needsSnapshot).toBe(true);
    expect(sync.healthy).toBe(false);
    expect(sync.bufferedDiffs).toBe(4);
    expect(bookContents(sync.book)).toEqual(EMPTY_BOOK);
  });

  it('drops a duplicate diff as old and leaves the book unchanged', () => {
    const { sync, diffs } = liveAt120(fixture);
    expect(sync.onDiff(diffs[2])).toEqual({ type: 'applied' });
    const before = bookContents(sync.book);
    const fingerprint = [sync.book.fingerprint.low, sync.book.fingerprint.high];

    expect(sync.onDiff(diffs[2])).toEqual({
      type: 'droppedOld',
      detail: `${describeId(diffs[2])} is already applied (book at 130)`,
    });
    expect(sync.onDiff(diffs[1])).toEqual({
      type: 'droppedOld',
      detail: `${describeId(diffs[1])} is already applied (book at 130)`,
    });
    expect(sync.state).toBe('live');
    expect(bookContents(sync.book)).toEqual(before);
    expect([sync.book.fingerprint.low, sync.book.fingerprint.high]).toEqual(fingerprint);
    expect(sync.onDiff(diffs[3])).toEqual({ type: 'applied' });
  });

  it('treats a later diff arriving before an earlier one as a gap and buffers the late one quietly', () => {
    const { sync, diffs } = liveAt120(fixture);
    const outcome = sync.onDiff(diffs[3]);
    expect(outcome).toEqual({
      type: 'resyncNeeded',
      cause: 'gap',
      detail: `expected ${expectation(120)}, got ${describeId(diffs[3])}`,
    });
    expectEmptyAndResyncing(sync);
    expect(sync.bufferedDiffs).toBe(1);

    expect(sync.onDiff(diffs[2])).toEqual({ type: 'buffered', droppedOldest: 0 });
    expect(sync.state).toBe('resyncing');
    expect(sync.bufferedDiffs).toBe(2);

    // A snapshot inside D4 lines up with it; the late D3 behind it is dropped as old while replaying.
    expect(sync.onSnapshot(snap(product, 135))).toEqual({ type: 'synced', lastUpdateId: 135, replayed: 1, skipped: 1 });
    expect(bookContents(sync.book)).toEqual({
      bids: [
        [1000, 5],
        [999, 7],
        [994, 4],
      ],
      asks: [
        [1001, 104],
        [1002, 8],
      ],
      lastUpdateId: 140,
    });
  });

  it('reports a mid-stream gap naming the expected and received ids, and a fresh snapshot makes the book right again', () => {
    const { sync, diffs } = liveAt120(fixture);
    expect(sync.onDiff(diffs[2])).toEqual({ type: 'applied' });
    // D4 (131..140) is lost.
    const d5 = diff(product, 141, 150, { bids: [995, 5], asks: [1002, 0] });
    const d6 = diff(product, 151, 160, { bids: [1000, 0], asks: [1003, 9] });
    expect(sync.onDiff(d5)).toEqual({
      type: 'resyncNeeded',
      cause: 'gap',
      detail: `expected ${expectation(130)}, got ${describeId(d5)}`,
    });
    expectEmptyAndResyncing(sync);
    // The diff that broke the chain stays buffered; a duplicate of it is buffered too and dropped as old on replay.
    expect(sync.onDiff(d5).type).toBe('buffered');
    expect(sync.bufferedDiffs).toBe(2);
    expect(sync.onDiff(d6)).toEqual({ type: 'buffered', droppedOldest: 0 });

    const fresh = snapshot(product, 145, [1000, 4, 996, 1], [1001, 2, 1002, 3]);
    expect(sync.onSnapshot(fresh)).toEqual({ type: 'synced', lastUpdateId: 145, replayed: 2, skipped: 1 });
    expect(sync.state).toBe('live');
    expect(sync.healthy).toBe(true);
    expect(bookContents(sync.book)).toEqual({
      bids: [
        [996, 1],
        [995, 5],
      ],
      asks: [
        [1001, 2],
        [1003, 9],
      ],
      lastUpdateId: 160,
    });
  });

  it('reports a gap inside the buffered diffs while replaying them and keeps the diffs after the gap', () => {
    const sync = newSync(rules);
    const [d1, d2, d3, d4] = chain(product);
    const d5 = diff(product, 141, 150, { bids: [995, 5] });
    for (const d of [d1, d2, d4, d5]) sync.onDiff(d);

    expect(sync.onSnapshot(snap(product, 115))).toEqual({
      type: 'resyncNeeded',
      cause: 'gap',
      detail: `expected ${expectation(120)}, got ${describeId(d4)}`,
    });
    expectEmptyAndResyncing(sync);
    expect(sync.bufferedDiffs).toBe(2);

    expect(sync.onSnapshot(snap(product, 135))).toEqual({ type: 'synced', lastUpdateId: 135, replayed: 2, skipped: 0 });
    expect(bookContents(sync.book)).toEqual({
      bids: [
        [1000, 5],
        [999, 7],
        [995, 5],
        [994, 4],
      ],
      asks: [
        [1001, 104],
        [1002, 8],
      ],
      lastUpdateId: 150,
    });
    expect(sync.onDiff(d3).type).toBe('droppedOld');
  });

  it('drops the oldest buffered diffs beyond maxBufferedDiffs and reports how many', () => {
    const sync = newSync(rules, 3);
    const diffs = chain(product);
    expect(sync.onDiff(diffs[0])).toEqual({ type: 'buffered', droppedOldest: 0 });
    expect(sync.onDiff(diffs[1])).toEqual({ type: 'buffered', droppedOldest: 0 });
    expect(sync.onDiff(diffs[2])).toEqual({ type: 'buffered', droppedOldest: 0 });
    expect(sync.onDiff(diffs[3])).toEqual({ type: 'buffered', droppedOldest: 1 });
    expect(sync.bufferedDiffs).toBe(3);

    // D1 is gone: a snapshot only D1 spans is now older than the first buffered diff (D2).
    expect(sync.onSnapshot(snap(product, 105))).toEqual({
      type: 'snapshotRejected',
      detail: `snapshot lastUpdateId=105 is older than the first buffered diff (${describeId(diffs[1])})`,
    });
    expect(sync.onSnapshot(snap(product, 115))).toEqual({ type: 'synced', lastUpdateId: 115, replayed: 3, skipped: 0 });
    expect(sync.book.lastUpdateId).toBe(140);
  });

  it.each([
    { name: 'a bid at the best ask (locked)', levels: { bids: [1001, 1] }, bid: 1001, ask: 1001 },
    { name: 'an ask below the best bid', levels: { asks: [999, 4] }, bid: 1000, ask: 999 },
    { name: 'a bid through several asks', levels: { bids: [1005, 1] }, bid: 1005, ask: 1001 },
  ])('clears the book and needs a resync when a diff crosses it with $name', ({ levels, bid, ask }) => {
    const { sync, diffs } = liveAt120(fixture);
    const crossing = diff(product, 121, 130, levels);
    expect(sync.onDiff(crossing)).toEqual({
      type: 'resyncNeeded',
      cause: 'crossed',
      detail: `book crossed after ${describeId(crossing)}: bid ${bid} >= ask ${ask} (ticks)`,
    });
    expectEmptyAndResyncing(sync);
    expect(sync.bufferedDiffs).toBe(0);

    expect(sync.onDiff(diffs[3]).type).toBe('buffered');
    expect(sync.onSnapshot(snap(product, 135))).toEqual({ type: 'synced', lastUpdateId: 135, replayed: 1, skipped: 0 });
    expect(sync.healthy).toBe(true);
  });

  it('judges crossing on the whole diff: a bid taking the place of a removed best ask is not crossed', () => {
    const { sync } = liveAt120(fixture);
    expect(sync.onDiff(diff(product, 121, 130, { bids: [1001, 3], asks: [1001, 0] }))).toEqual({ type: 'applied' });
    expect(bookContents(sync.book)).toEqual({
      bids: [
        [1001, 3],
        [1000, 5],
        [999, 7],
        [992, 2],
      ],
      asks: [[1002, 8]],
      lastUpdateId: 130,
    });
  });

  it('rejects a crossed snapshot, keeps the buffer and syncs on a sound one', () => {
    const sync = newSync(rules);
    for (const d of chain(product)) sync.onDiff(d);
    expect(sync.onSnapshot(snap(product, 115, [1002, 1, 1000, 5], SNAP_ASKS))).toEqual({
      type: 'snapshotRejected',
      detail: 'snapshot lastUpdateId=115 is crossed',
    });
    expect(sync.state).toBe('awaitingSnapshot');
    expect(sync.needsSnapshot).toBe(true);
    expect(bookContents(sync.book)).toEqual(EMPTY_BOOK);
    expect(sync.book.fingerprint.low).toBe(0);
    expect(sync.bufferedDiffs).toBe(4);

    expect(sync.onSnapshot(snap(product, 115))).toEqual({ type: 'synced', lastUpdateId: 115, replayed: 3, skipped: 1 });
  });

  it('ignores the removal of a level that does not exist', () => {
    const { sync } = liveAt120(fixture);
    const before = bookContents(sync.book);
    const fingerprint = [sync.book.fingerprint.low, sync.book.fingerprint.high];
    expect(sync.onDiff(diff(product, 121, 130, { bids: [950, 0, 1003, 0], asks: [1500, 0, 990, 0] }))).toEqual({
      type: 'applied',
    });
    expect(sync.state).toBe('live');
    expect(bookContents(sync.book)).toEqual({ ...before, lastUpdateId: 130 });
    expect([sync.book.fingerprint.low, sync.book.fingerprint.high]).toEqual(fingerprint);
  });

  it('removes an existing level when its quantity is 0', () => {
    const { sync } = liveAt120(fixture);
    expect(sync.onDiff(diff(product, 121, 130, { bids: [1000, 0], asks: [1002, 0] }))).toEqual({ type: 'applied' });
    expect(bookContents(sync.book)).toEqual({
      bids: [
        [999, 7],
        [992, 2],
      ],
      asks: [[1001, 102]],
      lastUpdateId: 130,
    });
    expect(sync.book.bids.get(1000)).toBe(0);
    expect(sync.book.bids.size).toBe(2);
    expect(sync.book.bids.bestTicks()).toBe(999);
  });

  it('takes quantities as absolute: a later update replaces the level, it does not add to it', () => {
    const { sync } = liveAt120(fixture);
    expect(sync.onDiff(diff(product, 121, 130, { bids: [999, 3] }))).toEqual({ type: 'applied' });
    expect(sync.book.bids.get(999)).toBe(3);
    expect(sync.onDiff(diff(product, 131, 140, { bids: [999, 4] }))).toEqual({ type: 'applied' });
    expect(sync.book.bids.get(999)).toBe(4);
    // Within one diff the last entry for a price wins, including a delete followed by a re-add.
    expect(sync.onDiff(diff(product, 141, 150, { bids: [999, 9, 999, 2], asks: [1002, 0, 1002, 11] }))).toEqual({
      type: 'applied',
    });
    expect(bookContents(sync.book)).toEqual({
      bids: [
        [1000, 5],
        [999, 2],
        [992, 2],
      ],
      asks: [
        [1001, 102],
        [1002, 11],
      ],
      lastUpdateId: 150,
    });
  });

  it.each(['stale', 'reconnect', 'bboMismatch', 'manual', 'gap', 'crossed'] as const satisfies readonly ResyncCause[])(
    'requestResync(%s) from live clears the book and needs a fresh snapshot',
    (cause) => {
      const { sync, diffs } = liveAt120(fixture);
      expect(sync.requestResync(cause, `because ${cause}`)).toEqual({
        type: 'resyncNeeded',
        cause,
        detail: `because ${cause}`,
      });
      expectEmptyAndResyncing(sync);
      expect(sync.bufferedDiffs).toBe(0);
      // The next diffs are buffered, not applied to the cleared book.
      expect(sync.onDiff(diffs[2]).type).toBe('buffered');
      expect(sync.onSnapshot(snap(product, 125))).toEqual({ type: 'synced', lastUpdateId: 125, replayed: 1, skipped: 0 });
    },
  );

  it('requestResync drops diffs buffered while awaiting or resyncing', () => {
    const sync = newSync(rules);
    const diffs = chain(product);
    sync.onDiff(diffs[0]);
    sync.onDiff(diffs[1]);
    expect(sync.requestResync('reconnect', 'socket reconnected').type).toBe('resyncNeeded');
    expect(sync.state).toBe('awaitingSnapshot');
    expect(sync.bufferedDiffs).toBe(0);

    // Those diffs are gone: a snapshot they would have lined up with has nothing to replay.
    expect(sync.onSnapshot(snap(product, 105))).toEqual({ type: 'synced', lastUpdateId: 105, replayed: 0, skipped: 0 });
    expect(sync.onDiff(diffs[3]).type).toBe('resyncNeeded');
    expect(sync.bufferedDiffs).toBe(1);
    expect(sync.requestResync('stale', 'no messages').type).toBe('resyncNeeded');
    expect(sync.state).toBe('resyncing');
    expect(sync.bufferedDiffs).toBe(0);
  });

  it('ignores a snapshot while live', () => {
    const { sync } = liveAt120(fixture);
    const before = bookContents(sync.book);
    expect(sync.onSnapshot(snapshot(product, 200, [900, 1], [1100, 1]))).toEqual({
      type: 'snapshotIgnored',
      detail: 'book already live at 120',
    });
    expect(sync.state).toBe('live');
    expect(bookContents(sync.book)).toEqual(before);
  });

  it('ignores everything after fault() until reset(), which starts over from awaiting a snapshot', () => {
    const { sync, diffs } = liveAt120(fixture);
    sync.fault();
    expect(sync.state).toBe('faulted');
    expect(sync.healthy).toBe(false);
    expect(sync.needsSnapshot).toBe(false);
    expect(bookContents(sync.book)).toEqual(EMPTY_BOOK);
    const ignored: SyncOutcome = { type: 'ignoredWhileFaulted' };
    expect(sync.onDiff(diffs[2])).toEqual(ignored);
    expect(sync.onSnapshot(snap(product, 125))).toEqual(ignored);
    expect(sync.requestResync('manual', 'retry')).toEqual(ignored);
    expect(sync.onDiff(diffs[3])).toEqual(ignored);
    expect(sync.state).toBe('faulted');
    expect(sync.bufferedDiffs).toBe(0);
    expect(bookContents(sync.book)).toEqual(EMPTY_BOOK);

    sync.reset();
    expect(sync.state).toBe('awaitingSnapshot');
    expect(sync.needsSnapshot).toBe(true);
    expect(sync.onDiff(diffs[3])).toEqual({ type: 'buffered', droppedOldest: 0 });
    expect(sync.onSnapshot(snap(product, 135))).toEqual({ type: 'synced', lastUpdateId: 135, replayed: 1, skipped: 0 });
    expect(sync.book.lastUpdateId).toBe(140);
  });

  it('reset() discards the book and the buffered diffs', () => {
    const { sync, diffs } = liveAt120(fixture);
    sync.reset();
    expect(sync.state).toBe('awaitingSnapshot');
    expect(bookContents(sync.book)).toEqual(EMPTY_BOOK);
    sync.onDiff(diffs[2]);
    sync.onDiff(diffs[3]);
    sync.reset();
    expect(sync.bufferedDiffs).toBe(0);
    // Nothing to replay, so the snapshot waits for a first diff that spans it.
    expect(sync.onSnapshot(snap(product, 125))).toEqual({ type: 'synced', lastUpdateId: 125, replayed: 0, skipped: 0 });
    expect(sync.onDiff(diffs[3]).type).toBe('resyncNeeded');
  });
});

describe('USD-M chaining', () => {
  const fixture: Fixture = { product: 'usdm', rules: USDM_RULES };

  it('applies a diff whose pu is the previous u even when U is far ahead (ids are shared across symbols)', () => {
    const { sync } = liveAt120(fixture);
    expect(sync.onDiff(diff('usdm', 5001, 5010, { pu: 120, bids: [998, 1] }))).toEqual({ type: 'applied' });
    expect(sync.onDiff(diff('usdm', 9001, 9050, { pu: 5010, asks: [1003, 2] }))).toEqual({ type: 'applied' });
    expect(sync.book.lastUpdateId).toBe(9050);
    expect(sync.book.bids.get(998)).toBe(1);
    expect(sync.book.asks.get(1003)).toBe(2);
  });

  it('treats a diff with U == prev u + 1 but the wrong pu as a gap', () => {
    const { sync } = liveAt120(fixture);
    expect(sync.onDiff(diff('usdm', 121, 130, { pu: 119 }))).toEqual({
      type: 'resyncNeeded',
      cause: 'gap',
      detail: 'expected pu == 120, got U=121 u=130 pu=119',
    });
    expectEmptyAndResyncing(sync);
  });

  it('treats a diff without pu as a gap', () => {
    const { sync } = liveAt120(fixture);
    expect(sync.onDiff(diff('usdm', 121, 130, { pu: null }))).toEqual({
      type: 'resyncNeeded',
      cause: 'gap',
      detail: 'expected pu == 120, got U=121 u=130',
    });
  });

  it('lines the first diff up with a snapshot inside a wide shared-id range', () => {
    const sync = newSync(USDM_RULES);
    sync.onDiff(diff('usdm', 3001, 4000, { pu: 2000 }));
    sync.onDiff(diff('usdm', 7001, 8000, { pu: 4000, bids: [998, 8] }));
    sync.onDiff(diff('usdm', 9001, 9002, { pu: 8000 }));
    expect(sync.onSnapshot(snap('usdm', 7500))).toEqual({ type: 'synced', lastUpdateId: 7500, replayed: 2, skipped: 1 });
    expect(sync.book.lastUpdateId).toBe(9002);
    expect(sync.book.bids.get(998)).toBe(8);
  });
});

describe('spot chaining', () => {
  const fixture: Fixture = { product: 'spot', rules: SPOT_RULES };

  it('applies a diff with U == prev u + 1 whatever else it carries', () => {
    const { sync } = liveAt120(fixture);
    expect(sync.onDiff(diff('spot', 121, 9000, { pu: 7, bids: [998, 1] }))).toEqual({ type: 'applied' });
    expect(sync.book.lastUpdateId).toBe(9000);
    expect(sync.onDiff(diff('spot', 9001, 9001, { pu: 12345 }))).toEqual({ type: 'applied' });
    expect(sync.book.lastUpdateId).toBe(9001);
  });

  it('treats a diff overlapping the applied range as a gap', () => {
    const { sync } = liveAt120(fixture);
    expect(sync.onDiff(diff('spot', 118, 130))).toEqual({
      type: 'resyncNeeded',
      cause: 'gap',
      detail: 'expected U == 121, got U=118 u=130',
    });
    expectEmptyAndResyncing(sync);
  });

  it('treats a diff chained by pu but not by U as a gap', () => {
    const { sync } = liveAt120(fixture);
    expect(sync.onDiff(diff('spot', 125, 130, { pu: 120 }))).toEqual({
      type: 'resyncNeeded',
      cause: 'gap',
      detail: 'expected U == 121, got U=125 u=130 pu=120',
    });
  });
});
