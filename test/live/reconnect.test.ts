// Reconnecting with backoff: the real `binance` SDK and LiveSession against the loopback exchange, whose
// WebSocket endpoint refuses every connection (HTTP 503) for a minute of injected time. The session's clock
// and timers are a EventTimeScheduler: time moves only when the test moves it, to the next retry the session
// scheduled, and the test waits for that attempt's real outcome before moving on — so the spacing of the
// attempts is the session's decision alone, whatever the machine's load.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RECONNECT } from '../../src/kernel/index.js';
import { LoopbackExchange } from '../../src/loopback/index.js';
import { outcomeOfBody } from '../../src/venue/binance/sdk-venue.js';
import { createBinanceVenue } from '../../src/venue/index.js';
import type { Product } from '../../src/model/index.js';
import { INSTRUMENTS, driveUntil, engineTopOf, exchangeTopOf, recording, replayRaws, startRig, waitFor, type LiveRig } from './harness.js';
import { EventTimeScheduler } from '../../src/core/index.js';

const rigs: LiveRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.stop();
});

describe.each(['spot', 'usdm'] as Product[])('%s: an endpoint that refuses connections for a minute', (product) => {
  it('is retried with exponential backoff and full jitter, within the attempt budget; the first attempt after it returns succeeds and resyncs', async () => {
    const time = new EventTimeScheduler(1_700_000_000_000_000);
    const r = await startRig({ product, time, reconnect: DEFAULT_RECONNECT });
    rigs.push(r);
    await r.play(400);
    await driveUntil(time, 'a live book', () => r.engine().sync.healthy);
    expect(r.session.connectionState()).toBe('live');
    const reconnectingLines = () => r.raws.filter((m) => m.kind === 'lifecycle' && m.payload.includes('"reconnecting"')).length;
    const connections = product === 'spot' ? 1 : 2; // USD-M: the public and market paths
    expect(r.session.connections().map((c) => c.phase)).toEqual(Array(connections).fill('live'));

    r.ex.refuseConnections(true);
    const before = r.ex.stats().connectionAttempts;
    r.ex.disconnect();
    await waitFor('the drop', () => r.session.connections().every((c) => c.phase === 'reconnecting'));
    const startUs = time.nowUs();
    expect(r.engine().sync.healthy).toBe(false); // the books of a dropped connection are rebuilt

    // Follow the retries for one minute of injected time: to each scheduled retry, then its real outcome.
    const attemptsAtMs: number[] = [];
    const statuses: string[] = [];
    for (;;) {
      statuses.push(r.session.connectionState());
      const next = Math.min(...r.session.connections().map((c) => c.retryAtUs ?? Number.POSITIVE_INFINITY));
      if (next - startUs > 60_000_000) break;
      const seen = r.ex.stats().connectionAttempts;
      const declined = reconnectingLines();
      time.advance(Math.max(0, (next - time.nowUs()) / 1000));
      await waitFor('the attempt and its refusal', () => r.ex.stats().connectionAttempts > seen && reconnectingLines() > declined);
      for (let k = seen; k < r.ex.stats().connectionAttempts; k++) attemptsAtMs.push((time.nowUs() - startUs) / 1000);
    }
    // At most 20 attempts in the minute, over every connection of the process (budget: 10, then 1 per 10 s).
    expect(attemptsAtMs.length).toBeLessThanOrEqual(20);
    expect(attemptsAtMs.length).toBeGreaterThanOrEqual(3 * connections);
    expect(r.ex.stats().connectionAttempts - before).toBe(attemptsAtMs.length);
    // Every status line from the first failure on says when and which attempt comes next.
    for (const line of statuses) expect(line).toMatch(/^reconnecting in \d+s \(attempt \d+\)$/);
    // Each recorded decision keeps the attempt and wait; the waits of one connection never exceed the
    // exponential ceiling (0.5 s doubling, capped at 30 s) unless the budget held them back.
    const decisions = r.raws
      .filter((m) => m.kind === 'lifecycle' && m.payload.includes('"reconnecting"'))
      .map((m) => JSON.parse(m.payload) as { connection: string; attempt: number; retryInMs: number });
    const waits = decisions.filter((d) => d.connection === decisions[0]?.connection).map((d) => d.retryInMs);
    expect(decisions[0]?.attempt).toBe(2);
    // The later gaps between one connection's attempts grow: at least 8 s, or 4× the first.
    const firstWait = waits[0] as number;
    const latest = Math.max(...waits.slice(1));
    expect(latest >= 8000 || latest >= 4 * firstWait).toBe(true);
    expect(waits.every((w) => w <= 30_000)).toBe(true);

    // The endpoint comes back: the very next attempt succeeds, the book resyncs and matches the exchange.
    r.ex.refuseConnections(false);
    const seen = r.ex.stats().connectionAttempts;
    const next = Math.max(...r.session.connections().map((c) => c.retryAtUs ?? 0));
    time.advance(Math.max(0, (next - time.nowUs()) / 1000));
    await waitFor('reconnected', () => r.session.connectionState() === 'live');
    expect(r.ex.stats().connectionAttempts - seen).toBe(connections);
    await waitFor('resubscription', () => r.ex.clients().reduce((n, c) => n + c.topics.length, 0) >= 3);
    await r.play(600);
    await driveUntil(time, 'a resynced book', () => r.engine().sync.healthy);
    await r.play(400);
    await waitFor('the same book as the exchange', () => r.engine().sync.book.lastUpdateId === exchangeTopOf(r.ex, 'BTCUSDT', 1).lastUpdateId);
    const truth = exchangeTopOf(r.ex, 'BTCUSDT', 50);
    expect(engineTopOf(r.engine(), 50)).toEqual({ bids: truth.bids, asks: truth.asks });
    expect(replayRaws(r.raws, r.session).finishDigest()).toBe(r.session.pipeline.finishDigest());
  });
});

describe('the Binance adapter on a refused connection', () => {
  it('reports the connection down, logs the SDK exception, and makes no attempt of its own until told to', async () => {
    const ex = new LoopbackExchange({ product: 'spot', messages: await recording('spot', 200), instruments: INSTRUMENTS.spot, speed: 'max' });
    const address = await ex.start();
    ex.refuseConnections(true);
    const logged: unknown[][] = [];
    const venue = await createBinanceVenue({ product: 'spot', restUrl: address.restUrl, wsUrl: address.wsUrl, requestTimeoutMs: 1500, sdkLog: (level, params) => void (level === 'error' && logged.push(params)) });
    const downs: (() => void)[] = [];
    try {
      await venue.openStreams(['btcusdt@trade'], { frame: () => undefined, lifecycle: () => undefined, down: (_id, _key, retry) => downs.push(retry) });
      await waitFor('the refusal', () => downs.length >= 1 && ex.stats().connectionsRefused === 1); // (reported once or twice: one failure)
      // The SDK's exception event (it carries the connection, not the message) and the SDK's own line with the cause.
      expect(logged).toContainEqual(['websocket exception', { wsKey: 'main' }]);
      expect(logged.some((p) => String(p[0]).includes('Unexpected server response: 503'))).toBe(true);
      // The SDK's own timer (500 ms) is parked: nothing happens until the caller retries.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(ex.stats().connectionAttempts).toBe(1);
      ex.refuseConnections(false);
      downs.at(-1)?.();
      await waitFor('the subscription', () => ex.clients().some((c) => c.topics.includes('btcusdt@trade')));
      expect(ex.stats().connectionAttempts).toBe(2);
    } finally {
      await venue.close();
      await ex.stop();
    }
  });

  it('keeps REST bodies as text, and turns anything else into a recorded failure', () => {
    expect(outcomeOfBody('{"lastUpdateId":1}')).toEqual({ ok: true, body: '{"lastUpdateId":1}' });
    expect(outcomeOfBody({ lastUpdateId: 1 })).toEqual({
      ok: false,
      failure: { kind: 'rejected', status: null, retryAfterMs: null, message: 'response body was not text (object); not recorded' },
    });
    expect(outcomeOfBody(undefined)).toMatchObject({ ok: false });
  });
});
