import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookSync, OrderBook, SPOT_RULES, SortedLevels, USDM_RULES, type BookSide } from '../../src/book/index.js';
import type { DepthDiffEvent, Product, Side } from '../../src/model/index.js';
import { diff, sideLevels, snapshot } from './book-events.js';

// Property tests of the book against naive references: a Map per side sorted on demand for OrderBook /
// BookSync, a sorted array for SortedLevels. Fixed seeds keep every run identical.

const MAX_TICKS = 5000;

// ---------------------------------------------------------------------------------------------------------
// Reference book

class ReferenceBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();

  load(bids: readonly number[], asks: readonly number[]): void {
    this.bids.clear();
    this.asks.clear();
    this.apply(bids, asks);
  }

  apply(bids: readonly number[], asks: readonly number[]): void {
    setAll(this.bids, bids);
    setAll(this.asks, asks);
  }

  /** Levels best first. */
  levels(side: Side): [number, number][] {
    const map = side === 'bid' ? this.bids : this.asks;
    const sorted = [...map.entries()].sort((a, b) => a[0] - b[0]);
    return side === 'bid' ? sorted.reverse() : sorted;
  }

  best(side: Side): number | undefined {
    return this.levels(side)[0]?.[0];
  }

  crossed(): boolean {
    const bid = this.best('bid');
    const ask = this.best('ask');
    return bid !== undefined && ask !== undefined && bid >= ask;
  }

  depthTo(side: Side, limitTicks: number): { lots: number; levels: number } {
    let lots = 0;
    let levels = 0;
    for (const [ticks, qty] of side === 'bid' ? this.bids : this.asks) {
      if (side === 'bid' ? ticks >= limitTicks : ticks <= limitTicks) {
        lots += qty;
        levels++;
      }
    }
    return { lots, levels };
  }
}

function setAll(map: Map<number, number>, levels: readonly number[]): void {
  for (let i = 0; i < levels.length; i += 2) {
    const ticks = levels[i] as number;
    const lots = levels[i + 1] as number;
    if (lots === 0) map.delete(ticks);
    else map.set(ticks, lots);
  }
}

function flat(levels: readonly (readonly [number, number])[]): number[] {
  return levels.flatMap(([ticks, lots]) => [ticks, lots]);
}

/** Peeks at the private chunk layout of a side, only to prove the generators make chunks split and merge. */
function chunkCount(side: BookSide): number {
  return (side as unknown as { levels: { chunks: unknown[] } }).levels.chunks.length;
}

function expectSameTouch(book: OrderBook, ref: ReferenceBook): void {
  expect(book.bids.bestTicks()).toBe(ref.best('bid'));
  expect(book.asks.bestTicks()).toBe(ref.best('ask'));
  expect(book.bids.bestLots()).toBe(ref.bids.get(ref.best('bid') ?? NaN) ?? 0);
  expect(book.asks.bestLots()).toBe(ref.asks.get(ref.best('ask') ?? NaN) ?? 0);
  expect(book.bids.size).toBe(ref.bids.size);
  expect(book.asks.size).toBe(ref.asks.size);
}

function expectSameBook(book: OrderBook, ref: ReferenceBook, limits: readonly number[]): void {
  expectSameTouch(book, ref);
  const refBids = ref.levels('bid');
  const refAsks = ref.levels('ask');
  expect(sideLevels(book.bids)).toEqual(refBids);
  expect(sideLevels(book.asks)).toEqual(refAsks);
  for (const [ticks, lots] of refBids) expect(book.bids.get(ticks)).toBe(lots);
  for (const n of [0, 1, 2, 5, 20, 129, 400, refBids.length + 1]) {
    expect(book.bids.top(n)).toEqual(flat(refBids.slice(0, n)));
    expect(book.asks.top(n)).toEqual(flat(refAsks.slice(0, n)));
  }
  const touches = [ref.best('bid'), ref.best('ask')].filter((t): t is number => t !== undefined);
  for (const limit of [...limits, ...touches, ...touches.map((t) => t - 1), ...touches.map((t) => t + 1)]) {
    expect(book.bids.depthTo(limit)).toEqual(ref.depthTo('bid', limit));
    expect(book.asks.depthTo(limit)).toEqual(ref.depthTo('ask', limit));
  }
  // The incrementally kept fingerprint equals that of a book built from scratch from the reference's levels,
  // loaded in the reference's (insertion, not price) order.
  const fresh = new OrderBook();
  fresh.loadSnapshot(flat([...ref.bids.entries()]), flat([...ref.asks.entries()]), 0);
  expect([book.fingerprint.low, book.fingerprint.high]).toEqual([fresh.fingerprint.low, fresh.fingerprint.high]);
}

// ---------------------------------------------------------------------------------------------------------
// Generators. A level change is an offset from the mid on one side; the mid keeps bids strictly below and
// asks strictly above it, so the book never crosses. Offsets mix a dense band at the touch, a dense cluster
// further out and sparse prices over the whole 0..5000 range; sweeps set or delete runs of adjacent prices
// so that a side's chunks fill, split, drain and merge.

type LevelOp =
  | { readonly kind: 'point'; readonly side: Side; readonly offset: number; readonly lots: number }
  | {
      readonly kind: 'sweep';
      readonly side: Side;
      readonly offset: number;
      readonly length: number;
      readonly step: number;
      readonly lots: number;
    };

const offsetArb = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 150 }), weight: 4 },
  { arbitrary: fc.integer({ min: 800, max: 1100 }), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: MAX_TICKS }), weight: 1 },
);
const sideArb = fc.constantFrom<Side>('bid', 'ask');
const positiveLotsArb = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 1_000_000 }), weight: 5 },
  // Beyond 2^32 (the high words of the fingerprint's level hash), yet small enough that depthTo's sums over
  // a whole side stay exact integers (5000 levels × 2^40 < 2^53).
  { arbitrary: fc.integer({ min: 2 ** 32 - 5, max: 2 ** 40 }), weight: 1 },
);
const lotsArb = fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: positiveLotsArb, weight: 3 });

function levelOpArb(lots: fc.Arbitrary<number>): fc.Arbitrary<LevelOp> {
  return fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('point' as const), side: sideArb, offset: offsetArb, lots }), weight: 6 },
    {
      arbitrary: fc.record({
        kind: fc.constant('sweep' as const),
        side: sideArb,
        offset: offsetArb,
        length: fc.integer({ min: 1, max: 220 }),
        step: fc.integer({ min: 1, max: 3 }),
        lots,
      }),
      weight: 1,
    },
  );
}

/** Turns level ops into flat bid and ask lists around `mid` (bids in 0..mid-1, asks in mid+1..MAX_TICKS). */
function resolve(ops: readonly LevelOp[], mid: number): { bids: number[]; asks: number[] } {
  const bids: number[] = [];
  const asks: number[] = [];
  const put = (side: Side, offset: number, lots: number): void => {
    if (side === 'bid') bids.push(mid - 1 - (offset % mid), lots);
    else asks.push(mid + 1 + (offset % (MAX_TICKS - mid)), lots);
  };
  for (const op of ops) {
    if (op.kind === 'point') put(op.side, op.offset, op.lots);
    else for (let j = 0; j < op.length; j++) put(op.side, op.offset + j * op.step, op.lots === 0 ? 0 : op.lots + j);
  }
  return { bids, asks };
}

interface DiffSpec {
  /** USD-M only: ids skipped before U (USD-M ids are shared across symbols). */
  readonly jump: number;
  readonly width: number;
  readonly ops: readonly LevelOp[];
}

const diffSpecArb: fc.Arbitrary<DiffSpec> = fc.record({
  jump: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 })),
  width: fc.integer({ min: 1, max: 5 }),
  ops: fc.array(levelOpArb(lotsArb), { maxLength: 30 }),
});

/** Chains diff specs into events with ids following the product's rules, starting after `startId`. */
function buildDiffs(product: Product, startId: number, specs: readonly DiffSpec[], mid: number): DepthDiffEvent[] {
  let prev = startId;
  return specs.map((spec) => {
    const U = prev + 1 + (product === 'usdm' ? spec.jump : 0);
    const u = U + spec.width - 1;
    const { bids, asks } = resolve(spec.ops, mid);
    const event = diff(product, U, u, { bids, asks, pu: product === 'usdm' ? prev : null });
    prev = u;
    return event;
  });
}

// ---------------------------------------------------------------------------------------------------------

describe('BookSync against a reference book', () => {
  it('applies random valid diff streams exactly like a naive reference book', () => {
    let maxChunks = 0;
    let sawMerge = false;
    const scenarioArb = fc.record({
      product: fc.constantFrom<Product>('spot', 'usdm'),
      mid: fc.integer({ min: 1000, max: 4000 }),
      startId: fc.integer({ min: 1, max: 1_000_000 }),
      snapshotOps: fc.array(levelOpArb(positiveLotsArb), { maxLength: 40 }),
      diffs: fc.array(diffSpecArb, { minLength: 1, maxLength: 25 }),
      /** Which diff spans the snapshot, where in it the snapshot falls, and how many diffs come before it. */
      anchor: fc.nat(),
      lidPick: fc.nat(),
      buffered: fc.nat(),
      limits: fc.array(fc.integer({ min: -10, max: MAX_TICKS + 10 }), { maxLength: 6 }),
    });

    fc.assert(
      fc.property(scenarioArb, (s) => {
        const product = s.product;
        const sync = new BookSync({ rules: product === 'spot' ? SPOT_RULES : USDM_RULES, maxBufferedDiffs: 1000 });
        const diffs = buildDiffs(product, s.startId, s.diffs, s.mid);
        const n = diffs.length;
        const k = s.anchor % n;
        const m = s.buffered % (n + 1);
        const anchor = diffs[k] as DepthDiffEvent;
        // spot: U <= lid+1 <= u; USD-M: U <= lid <= u.
        const lo = product === 'spot' ? anchor.firstUpdateId - 1 : anchor.firstUpdateId;
        const hi = product === 'spot' ? anchor.finalUpdateId - 1 : anchor.finalUpdateId;
        const lid = lo + (s.lidPick % (hi - lo + 1));
        const snap = resolve(s.snapshotOps, s.mid);

        for (let i = 0; i < m; i++) {
          expect(sync.onDiff(diffs[i] as DepthDiffEvent)).toEqual({ type: 'buffered', droppedOldest: 0 });
        }
        const skipped = Math.min(m, k);
        expect(sync.onSnapshot(snapshot(product, lid, snap.bids, snap.asks))).toEqual({
          type: 'synced',
          lastUpdateId: lid,
          replayed: m - skipped,
          skipped,
        });

        const ref = new ReferenceBook();
        ref.load(snap.bids, snap.asks);
        for (let i = k; i < m; i++) {
          const d = diffs[i] as DepthDiffEvent;
          ref.apply(d.bids, d.asks);
        }
        expectSameTouch(sync.book, ref);

        for (let i = m; i < n; i++) {
          const d = diffs[i] as DepthDiffEvent;
          const outcome = sync.onDiff(d);
          if (i < k) {
            expect(outcome.type).toBe('droppedOld');
            continue;
          }
          expect(outcome).toEqual({ type: 'applied' });
          // Apply level by level to the reference, noting each level's size just before it is set: the book
          // must report the same in previousLots (bids, then asks, in the diff's order).
          const previous: number[] = [];
          for (const [map, levels] of [[ref.bids, d.bids], [ref.asks, d.asks]] as const) {
            for (let j = 0; j < levels.length; j += 2) {
              previous.push(map.get(levels[j] as number) ?? 0);
              setAll(map, levels.slice(j, j + 2));
            }
          }
          expect(sync.book.previousLots).toEqual(previous);
          expectSameTouch(sync.book, ref);
          const chunks = chunkCount(sync.book.bids) + chunkCount(sync.book.asks);
          if (chunks < maxChunks && sync.book.bids.size + sync.book.asks.size > 0) sawMerge = true;
          maxChunks = Math.max(maxChunks, chunks);
        }

        expect(sync.state).toBe('live');
        const last = diffs[n - 1] as DepthDiffEvent;
        expect(sync.book.lastUpdateId).toBe(last.finalUpdateId);
        expectSameBook(sync.book, ref, s.limits);
      }),
      { seed: 42, numRuns: 150 },
    );
    // The generators must reach multi-chunk sides and shrink them again, or the property proves little.
    expect(maxChunks).toBeGreaterThanOrEqual(4);
    expect(sawMerge).toBe(true);
  });

  it('reports a crossed book exactly when the reference book crosses', () => {
    const MID = 2500;
    const nearMid = fc.integer({ min: MID - 15, max: MID + 15 });
    const changeArb = fc.record({ side: sideArb, ticks: nearMid, lots: lotsArb });
    let crossings = 0;
    fc.assert(
      fc.property(
        fc.constantFrom<Product>('spot', 'usdm'),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.array(changeArb, { maxLength: 6 }), { minLength: 1, maxLength: 30 }),
        (product, bidDistances, askDistances, changes) => {
          const sync = new BookSync({ rules: product === 'spot' ? SPOT_RULES : USDM_RULES, maxBufferedDiffs: 10 });
          const bids = bidDistances.flatMap((d, i) => [MID - d, i + 1]);
          const asks = askDistances.flatMap((d, i) => [MID + d, i + 1]);
          expect(sync.onSnapshot(snapshot(product, 100, bids, asks)).type).toBe('synced');
          const ref = new ReferenceBook();
          ref.load(bids, asks);
          let prev = product === 'spot' ? 100 : 99;
          for (const diffChanges of changes) {
            const dBids = diffChanges.filter((c) => c.side === 'bid').flatMap((c) => [c.ticks, c.lots]);
            const dAsks = diffChanges.filter((c) => c.side === 'ask').flatMap((c) => [c.ticks, c.lots]);
            // USD-M: the first diff spans the snapshot (U <= 100 <= u); spot: it starts right after it.
            const d = diff(product, prev + 1, prev + 2, { bids: dBids, asks: dAsks, pu: product === 'usdm' ? prev : null });
            prev += 2;
            ref.apply(dBids, dAsks);
            const outcome = sync.onDiff(d);
            if (ref.crossed()) {
              crossings++;
              expect(outcome.type === 'resyncNeeded' && outcome.cause).toBe('crossed');
              expect(sync.state).toBe('resyncing');
              expect(sync.book.bids.size + sync.book.asks.size).toBe(0);
              return;
            }
            expect(outcome).toEqual({ type: 'applied' });
            expect(sideLevels(sync.book.bids)).toEqual(ref.levels('bid'));
            expect(sideLevels(sync.book.asks)).toEqual(ref.levels('ask'));
          }
          expect(sync.healthy).toBe(true);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
    expect(crossings).toBeGreaterThan(30);
  });
});

// ---------------------------------------------------------------------------------------------------------
// SortedLevels against a sorted array

type KeyOp =
  | { readonly kind: 'insert' | 'delete'; readonly key: number }
  | { readonly kind: 'insertRun' | 'deleteRun'; readonly key: number; readonly length: number };

function lowerBound(array: readonly number[], key: number): number {
  let i = 0;
  while (i < array.length && (array[i] as number) < key) i++;
  return i;
}

describe('BookSide depth against a brute-force sum', () => {
  it('answers depthTo exactly under random level changes, drifting limits and more limits than trackers', () => {
    type Op = { kind: 'set'; ticks: number; lots: number } | { kind: 'depth'; limit: number };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('set' as const), ticks: fc.integer({ min: 1, max: 600 }), lots: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 })) }), weight: 6 },
      { arbitrary: fc.record({ kind: fc.constant('depth' as const), limit: fc.integer({ min: -5, max: 605 }) }), weight: 3 },
    );
    fc.assert(
      fc.property(fc.constantFrom<Side>('bid', 'ask'), fc.array(opArb, { minLength: 50, maxLength: 600, size: 'max' }), fc.integer({ min: 0, max: 40 }), (side, ops, drift) => {
        const book = new OrderBook();
        const bookSide = side === 'bid' ? book.bids : book.asks;
        const ref = new Map<number, number>();
        const brute = (limit: number) => {
          let lots = 0;
          let levels = 0;
          for (const [t, q] of ref) {
            if (side === 'bid' ? t >= limit : t <= limit) {
              lots += q;
              levels++;
            }
          }
          return { lots, levels };
        };
        let moving = 300;
        for (const [i, op] of ops.entries()) {
          if (op.kind === 'set') {
            bookSide.set(op.ticks, op.lots);
            if (op.lots === 0) ref.delete(op.ticks);
            else ref.set(op.ticks, op.lots);
          } else {
            expect(bookSide.depthTo(op.limit)).toEqual(brute(op.limit));
          }
          moving += (i % 7) - 3 + (drift % 5) - 2; // a limit that drifts like a band edge following the mid
          expect(bookSide.depthTo(moving)).toEqual(brute(moving));
          if (i === 300) {
            book.clear();
            ref.clear();
          }
        }
        for (let limit = -5; limit <= 605; limit += 19) expect(bookSide.depthTo(limit)).toEqual(brute(limit)); // > 16 limits
      }),
      { seed: 7, numRuns: 120 },
    );
  });
});

describe('SortedLevels against a sorted array', () => {
  /** The value stored for a key in these tests (any positive integer would do; this one varies). */
  const valueOf = (key: number, salt: number): number => 1 + ((Math.abs(key) * 31 + salt) % 9973);

  it('keeps the same keys and values in the same order under random inserts, updates and deletes', () => {
    const keyArb = fc.oneof(
      { arbitrary: fc.integer({ min: -200, max: 200 }), weight: 4 },
      { arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }), weight: 1 },
    );
    const opArb: fc.Arbitrary<KeyOp> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constantFrom('insert' as const, 'delete' as const), key: keyArb }), weight: 8 },
      {
        arbitrary: fc.record({
          kind: fc.constantFrom('insertRun' as const, 'deleteRun' as const),
          key: keyArb,
          length: fc.integer({ min: 1, max: 300 }),
        }),
        weight: 1,
      },
    );
    let maxChunks = 0;
    let sawMerge = false;
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), fc.array(fc.nat({ max: 600 }), { maxLength: 4 }), (ops, ns) => {
        const levels = new SortedLevels();
        const ref: number[] = [];
        const refValues = new Map<number, number>();
        const chunks = (): number => (levels as unknown as { chunks: unknown[] }).chunks.length;
        let salt = 0;
        const one = (kind: 'insert' | 'delete', key: number): void => {
          const i = lowerBound(ref, key);
          const present = ref[i] === key;
          if (kind === 'insert') {
            const value = valueOf(key, salt++);
            expect(levels.set(key, value)).toBe(present ? refValues.get(key) : 0); // an update when present
            if (!present) ref.splice(i, 0, key);
            refValues.set(key, value);
          } else {
            expect(levels.set(key, 0)).toBe(present ? refValues.get(key) : 0);
            if (present) ref.splice(i, 1);
            refValues.delete(key);
          }
        };
        for (const op of ops) {
          const before = chunks();
          if ('length' in op) {
            for (let j = 0; j < op.length; j++) one(op.kind === 'insertRun' ? 'insert' : 'delete', op.key + j);
          } else {
            one(op.kind, op.key);
          }
          expect(levels.size).toBe(ref.length);
          expect(levels.firstKey()).toBe(ref[0]);
          expect(levels.firstValue()).toBe(ref[0] === undefined ? 0 : refValues.get(ref[0]));
          if (chunks() < before && levels.size > 0) sawMerge = true;
          maxChunks = Math.max(maxChunks, chunks());
        }
        const pairs = (keys: readonly number[]) => keys.flatMap((k) => [k, refValues.get(k) as number]);
        const visited: number[] = [];
        levels.forEach((key, value) => {
          visited.push(key, value);
        });
        expect(visited).toEqual(pairs(ref));
        for (const key of [...ref.slice(0, 5), 1_000_001, -1_000_001]) expect(levels.get(key)).toBe(refValues.get(key) ?? 0);
        for (const n of [0, 1, 64, 129, ref.length, ref.length + 1, ...ns]) {
          expect(levels.firstN(n)).toEqual(pairs(ref.slice(0, n)));
        }
        // forEach stops at the first `false`.
        const stopAfter = ns[0] ?? 3;
        const early: number[] = [];
        levels.forEach((key) => {
          early.push(key);
          return early.length < stopAfter;
        });
        expect(early).toEqual(ref.slice(0, Math.max(1, stopAfter)));
        // forEachInRange visits exactly the keys in (after, upTo], with their values.
        for (const [after, upTo] of [[ref[3] ?? 0, ref[200] ?? 10], [-300, 300], [ref[0] ?? 0, ref[0] ?? 0], [5, -5], [ns[0] ?? 0, (ns[0] ?? 0) + (ns[1] ?? 50)]] as const) {
          const inRange: number[] = [];
          levels.forEachInRange(after, upTo, (key, value) => inRange.push(key, value));
          expect(inRange).toEqual(pairs(ref.filter((k) => k > after && k <= upTo)));
        }
      }),
      { seed: 42, numRuns: 200 },
    );
    expect(maxChunks).toBeGreaterThanOrEqual(4);
    expect(sawMerge).toBe(true);
  });

  it('treats 0 as absent: setting 0 on a missing key changes nothing, clear empties', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -5000, max: 5000 }), { minLength: 1, maxLength: 400 }), (unique) => {
        const levels = new SortedLevels();
        for (const key of unique) expect(levels.set(key, 7)).toBe(0);
        for (const key of unique) expect(levels.set(key, 9)).toBe(7);
        expect(levels.set(5001, 0)).toBe(0);
        expect(levels.size).toBe(unique.length);
        expect(levels.firstN(unique.length)).toEqual([...unique].sort((a, b) => a - b).flatMap((k) => [k, 9]));
        levels.clear();
        expect(levels.size).toBe(0);
        expect(levels.firstKey()).toBeUndefined();
        expect(levels.set(unique[0] as number, 0)).toBe(0);
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Fingerprint sensitivity: the property above shows the fingerprint is history-independent; this one shows
// it still tells books apart, including quantities that differ only above 2^32 and a level moved across sides.

describe('OrderBook fingerprint', () => {
  it('changes when one level changes its quantity, price or side', () => {
    const levelArb = fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 2 ** 40 }));
    const changeArb = fc.oneof(
      fc.record({ kind: fc.constant('lots' as const), delta: fc.integer({ min: 1, max: 1000 }) }),
      fc.record({ kind: fc.constant('lotsHigh' as const), delta: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('price' as const), delta: fc.integer({ min: 1, max: 1000 }) }),
      fc.record({ kind: fc.constant('side' as const), delta: fc.constant(0) }),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(levelArb, { minLength: 1, maxLength: 50, selector: (l) => l[0] }),
        changeArb,
        (levels, change) => {
          const [ticks, lots] = levels[0] as [number, number];
          const rest = flat(levels.slice(1));
          const original = new OrderBook();
          original.loadSnapshot([ticks, lots, ...rest], [], 1);
          const changed = new OrderBook();
          switch (change.kind) {
            case 'lots':
              changed.loadSnapshot([ticks, lots + change.delta, ...rest], [], 1);
              break;
            case 'lotsHigh':
              changed.loadSnapshot([ticks, lots + change.delta * 2 ** 32, ...rest], [], 1);
              break;
            case 'price':
              fc.pre(!levels.some((l) => l[0] === ticks + change.delta));
              changed.loadSnapshot([ticks + change.delta, lots, ...rest], [], 1);
              break;
            case 'side':
              changed.loadSnapshot(rest, [ticks, lots], 1);
              break;
          }
          expect([changed.fingerprint.low, changed.fingerprint.high]).not.toEqual([
            original.fingerprint.low,
            original.fingerprint.high,
          ]);
        },
      ),
      { seed: 42, numRuns: 400 },
    );
  });
});
