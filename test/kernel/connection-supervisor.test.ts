// ConnectionSupervisor's decisions, on injected time: when each retry is made, what it records, what the
// status words say, and when the backoff starts over. The real SDK path is in test/live/reconnect.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventTimeScheduler, seededRandom } from '../../src/core/index.js';
import { ConnectionSupervisor, DEFAULT_RECONNECT } from '../../src/kernel/index.js';

function setup(seed = 1) {
  const time = new EventTimeScheduler(0);
  const recorded: { connectionId: number; key: string; payload: Record<string, unknown> }[] = [];
  const supervisor = new ConnectionSupervisor({
    clock: time,
    scheduler: time,
    random: seededRandom(seed),
    options: DEFAULT_RECONNECT,
    record: (connectionId, key, payload) => recorded.push({ connectionId, key, payload: JSON.parse(payload) }),
  });
  return { time, supervisor, recorded };
}

/** A dead endpoint: every retry fails at once. Returns the times (ms) of the attempts made within `ms`. */
function deadFor(s: ReturnType<typeof setup>, keys: string[], ms: number): number[] {
  const attempts: number[] = [];
  const fail = (id: number, key: string): void =>
    s.supervisor.down(id, key, () => {
      attempts.push(s.time.nowUs() / 1000);
      fail(id, key);
    });
  keys.forEach((key, i) => fail(i + 1, key));
  s.time.advance(ms);
  return attempts;
}

describe('ConnectionSupervisor', () => {
  it('says connecting before anything is known, then live, then when and which attempt comes next', () => {
    const s = setup();
    expect(s.supervisor.describe(0)).toBe('connecting (attempt 1)');
    s.supervisor.opened(1, 'main');
    expect(s.supervisor.describe(0)).toBe('live');
    s.supervisor.down(1, 'main', () => undefined);
    const wait = s.recorded[0]?.payload['retryInMs'] as number;
    expect(s.recorded).toEqual([{ connectionId: 1, key: 'main', payload: { event: 'reconnecting', connection: 'main', attempt: 2, retryInMs: wait } }]);
    expect(s.supervisor.describe(0)).toBe(`reconnecting in ${Math.ceil(wait / 1000)}s (attempt 2)`);
    s.time.advance(wait);
    expect(s.supervisor.describe(s.time.nowUs())).toBe('connecting (attempt 2)');
  });

  it('takes a failure reported twice before its retry as one failure', () => {
    const s = setup();
    let retries = 0;
    s.supervisor.down(1, 'main', () => retries++);
    s.supervisor.down(1, 'main', () => retries++);
    expect(s.recorded).toHaveLength(1);
    s.time.advance(60_000);
    expect(retries).toBe(1);
  });

  it('makes at most 20 attempts in a minute against a dead endpoint, with later gaps of 8 s or more (property over seeds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const s = setup(seed);
        const attempts = deadFor(s, ['main'], 60_000);
        expect(attempts.length).toBeLessThanOrEqual(20);
        const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] as number));
        expect(Math.max(...gaps.slice(-3))).toBeGreaterThanOrEqual(Math.min(8000, 4 * (attempts[0] as number)));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps several connections of one process within one budget: at most 40 attempts in 5 minutes', () => {
    const s = setup(9);
    const attempts = deadFor(s, ['usdmPublic', 'usdmMarket', 'third'], 300_000);
    expect(attempts.length).toBeLessThanOrEqual(40);
  });

  it('starts the backoff over only after a connection stayed open for a minute', () => {
    const s = setup(5);
    const failOnce = () => s.supervisor.down(1, 'main', () => undefined);
    for (let i = 0; i < 4; i++) {
      failOnce();
      s.time.advance(40_000);
      s.supervisor.opened(1, 'main');
      s.time.advance(10_000); // open 10 s only: not yet healthy
    }
    failOnce();
    expect(s.recorded.map((r) => r.payload['attempt'])).toEqual([2, 3, 4, 5, 6]);
    s.time.advance(40_000);
    s.supervisor.opened(1, 'main');
    s.time.advance(60_000); // a healthy minute
    failOnce();
    expect(s.recorded.at(-1)?.payload['attempt']).toBe(2);
  });

  it('retries nothing after stop()', () => {
    const s = setup();
    let retries = 0;
    s.supervisor.down(1, 'main', () => retries++);
    s.supervisor.stop();
    s.time.advance(600_000);
    expect(retries).toBe(0);
  });
});
