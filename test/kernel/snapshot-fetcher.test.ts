// SnapshotFetcher's timing rules, driven by a manual clock: backoff with jitter, Retry-After on 429, a
// full stop until the ban expires on 418, one request in flight per symbol, nothing before diffs are
// buffered. The venue here is a scripted implementation of the MarketDataVenue port (the real SDK path is
// covered against the loopback exchange in test/live).
import { describe, expect, it } from 'vitest';
import { EventTimeScheduler, seededRandom } from '../../src/core/index.js';
import { SnapshotFetcher } from '../../src/kernel/index.js';
import type { MarketDataVenue, RestOutcome } from '../../src/model/index.js';

function scriptedVenue(outcomes: RestOutcome[]) {
  const calls: number[] = [];
  const resolvers: ((o: RestOutcome) => void)[] = [];
  const venue: MarketDataVenue = {
    product: 'spot',
    fetchExchangeInfo: async () => ({ ok: true, body: '{}' }),
    fetchDepthSnapshot: () => {
      calls.push(calls.length);
      const next = outcomes.shift();
      if (next !== undefined) return Promise.resolve(next);
      return new Promise((resolve) => resolvers.push(resolve));
    },
    openStreams: async () => undefined,
    close: async () => undefined,
  };
  return { venue, calls, resolvers };
}

const fail = (kind: 'rateLimited' | 'banned' | 'serverError', retryAfterMs: number | null = null): RestOutcome => ({
  ok: false,
  failure: { kind, status: kind === 'rateLimited' ? 429 : kind === 'banned' ? 418 : 503, retryAfterMs, message: kind },
});

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

function setup(outcomes: RestOutcome[], wants = () => true, weight = { perRequest: 50, perMinute: 1200 }) {
  const time = new EventTimeScheduler(1_700_000_000_000_000);
  const script = scriptedVenue(outcomes);
  const delivered: RestOutcome[] = [];
  const fetcher = new SnapshotFetcher({
    venue: script.venue,
    clock: time,
    scheduler: time,
    random: seededRandom(7),
    limit: 1000,
    backoff: { initialMs: 500, maxMs: 4000, banDefaultMs: 60_000 },
    weight,
    wants,
    deliver: (_symbol, outcome) => delivered.push(outcome),
  });
  return { time, fetcher, delivered, ...script };
}

describe('SnapshotFetcher', () => {
  it('asks nothing while the book does not want a snapshot (e.g. no diff buffered yet)', async () => {
    const s = setup([], () => false);
    s.fetcher.poke('BTCUSDT');
    await settle();
    expect(s.calls).toHaveLength(0);
  });

  it('keeps one request in flight per symbol however often it is poked', async () => {
    const s = setup([]);
    s.fetcher.poke('BTCUSDT');
    s.fetcher.poke('BTCUSDT');
    s.fetcher.poke('BTCUSDT');
    await settle();
    expect(s.calls).toHaveLength(1);
  });

  it('backs off exponentially with full jitter after server errors, capped at the maximum', async () => {
    const s = setup([fail('serverError'), fail('serverError'), fail('serverError'), fail('serverError'), fail('serverError')]);
    s.fetcher.poke('BTCUSDT');
    await settle();
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [wait] = s.time.pending();
      waits.push(wait as number);
      s.time.advance(wait as number);
      await settle();
    }
    expect(s.calls).toHaveLength(5);
    const ceilings = [500, 1000, 2000, 4000];
    waits.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(0);
      expect(w).toBeLessThanOrEqual(ceilings[i] as number);
    });
    expect(s.fetcher.stats).toMatchObject({ requests: 5, failures: 5 });
  });

  it('waits at least Retry-After on 429', async () => {
    const s = setup([fail('rateLimited', 7000)]);
    s.fetcher.poke('BTCUSDT');
    await settle();
    expect(s.time.pending()[0]).toBe(7000);
    s.time.advance(6999);
    await settle();
    expect(s.calls).toHaveLength(1);
    s.time.advance(1);
    await settle();
    expect(s.calls).toHaveLength(2);
  });

  it('stops every symbol until the ban expires on 418', async () => {
    const s = setup([fail('banned', 120_000)]);
    s.fetcher.poke('BTCUSDT');
    await settle();
    s.fetcher.poke('ETHUSDT');
    await settle();
    expect(s.calls).toHaveLength(1);
    expect(s.fetcher.stats.bannedUntilUs).toBe(s.time.nowUs() + 120_000_000);
    s.time.advance(119_000);
    await settle();
    expect(s.calls).toHaveLength(1);
    s.time.advance(1000);
    await settle();
    expect(s.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('hands every outcome, failures included, to deliver (so they are recorded)', async () => {
    const s = setup([fail('serverError'), { ok: true, body: '{"lastUpdateId":1,"bids":[],"asks":[]}' }], () => true);
    s.fetcher.poke('BTCUSDT');
    await settle();
    s.time.advance(s.time.pending()[0] as number);
    await settle();
    expect(s.delivered.map((o) => o.ok)).toEqual([false, true]);
  });

  it('keeps snapshot requests within the weight budget of a rolling minute', async () => {
    const ok: RestOutcome = { ok: true, body: '{"lastUpdateId":1,"bids":[],"asks":[]}' };
    const s = setup(Array.from({ length: 10 }, () => ok), () => true, { perRequest: 250, perMinute: 1000 });
    s.fetcher.poke('BTCUSDT');
    for (let i = 0; i < 40; i++) {
      await settle();
      s.time.advance(1000);
    }
    await settle();
    expect(s.calls).toHaveLength(4); // 4 × 250 = the whole budget in the first 40 s
    s.time.advance(25_000);
    await settle();
    expect(s.calls.length).toBeGreaterThan(4); // the first request left the window
  });

  it('treats a venue call that throws as a failed request: recorded, backed off, and retried', async () => {
    const time = new EventTimeScheduler(1_700_000_000_000_000);
    const delivered: RestOutcome[] = [];
    let calls = 0;
    const venue: MarketDataVenue = {
      product: 'spot',
      fetchExchangeInfo: async () => ({ ok: true, body: '{}' }),
      fetchDepthSnapshot: () => {
        calls++;
        return calls === 1 ? Promise.reject(new Error('socket hang up')) : Promise.resolve({ ok: true, body: '{"lastUpdateId":1,"bids":[],"asks":[]}' });
      },
      openStreams: async () => undefined,
      close: async () => undefined,
    };
    const fetcher = new SnapshotFetcher({
      venue,
      clock: time,
      scheduler: time,
      random: seededRandom(7),
      limit: 1000,
      backoff: { initialMs: 500, maxMs: 4000, banDefaultMs: 60_000 },
      weight: { perRequest: 50, perMinute: 1200 },
      wants: () => delivered.every((o) => !o.ok),
      deliver: (_symbol, outcome) => delivered.push(outcome),
    });
    fetcher.poke('BTCUSDT');
    await settle();
    expect(delivered).toEqual([{ ok: false, failure: { kind: 'network', status: null, retryAfterMs: null, message: 'snapshot request failed: socket hang up' } }]);
    expect(fetcher.stats).toMatchObject({ requests: 1, failures: 1 });
    time.advance(time.pending()[0] as number);
    await settle();
    expect(calls).toBe(2);
    expect(delivered.map((o) => o.ok)).toEqual([false, true]);
  });

  it('does nothing more after stop()', async () => {
    const s = setup([fail('serverError')]);
    s.fetcher.poke('BTCUSDT');
    await settle();
    s.fetcher.stop();
    s.time.advance(60_000);
    await settle();
    expect(s.calls).toHaveLength(1);
  });
});
