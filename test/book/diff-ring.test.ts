// DiffRing, the bounded buffer of diffs a book keeps while it waits for a snapshot: checked against a plain
// array that drops its oldest entries with splice, under random pushes, drops, drains and clears.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiffRing } from '../../src/book/diff-ring.js';
import type { DepthDiffEvent } from '../../src/model/index.js';

const diff = (id: number) => ({ kind: 'depthDiff', firstUpdateId: id, finalUpdateId: id }) as unknown as DepthDiffEvent;
const ids = (ring: DiffRing) => Array.from({ length: ring.length }, (_, i) => ring.at(i)?.finalUpdateId);

type Op = { op: 'push'; n: number } | { op: 'drop'; n: number } | { op: 'drain' } | { op: 'clear' };

describe('DiffRing', () => {
  it('keeps the newest diffs in order, exactly like an array that drops its oldest, whatever the operations (property)', () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ op: fc.constant('push' as const), n: fc.integer({ min: 1, max: 40 }) }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), n: fc.integer({ min: 0, max: 30 }) }) },
      { weight: 1, arbitrary: fc.constant({ op: 'drain' as const }) },
      { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 150 }), fc.array(op, { maxLength: 60 }), (capacity, ops) => {
        const ring = new DiffRing(capacity);
        let model: number[] = [];
        let next = 1;
        for (const o of ops) {
          if (o.op === 'push') {
            for (let k = 0; k < o.n; k++) {
              const dropped = ring.push(diff(next));
              model.push(next++);
              const over = Math.max(0, model.length - capacity);
              model.splice(0, over);
              expect(dropped).toBe(over);
            }
          } else if (o.op === 'drop') {
            ring.dropOldest(o.n);
            model.splice(0, o.n);
          } else if (o.op === 'drain') {
            expect(ring.drain().map((d) => d.finalUpdateId)).toEqual(model);
            model = [];
          } else {
            ring.clear();
            model = [];
          }
          expect(ring.length).toBe(model.length);
          expect(ids(ring)).toEqual(model);
          expect(ring.at(-1)).toBeUndefined();
          expect(ring.at(model.length)).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new DiffRing(0)).toThrow(RangeError);
    expect(() => new DiffRing(1.5)).toThrow(RangeError);
  });
});
