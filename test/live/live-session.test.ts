// flowdesk's live path — the real `binance` SDK, LiveSession, the sync machine — against the loopback
// exchange serving real BTCUSDT data, with every fault the venue can throw at it. After each fault the
// book must be healthy again and equal to the exchange's own book, every fault must be visible as a
// notice, and replaying what was received must give the live pipeline's digest exactly.
import { afterEach, describe, expect, it } from 'vitest';
import type { Product } from '../../src/model/index.js';
import { driveUntil, engineTopOf, exchangeTopOf, replayRaws, startRig, waitFor, type LiveRig } from './harness.js';
import { EventTimeScheduler } from '../../src/core/index.js';

const rigs: LiveRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.stop();
});

async function rig(options: Parameters<typeof startRig>[0] = {}): Promise<LiveRig> {
  const r = await startRig(options);
  rigs.push(r);
  return r;
}

/** The book equals the exchange's book, and a replay of the received messages gives the same digest. */
async function expectInSyncAndReplayable(r: LiveRig, staleStreamMs = 5000): Promise<void> {
  await r.healthy();
  const engine = r.engine();
  const truth = exchangeTopOf(r.ex, 'BTCUSDT', 50);
  expect(engine.sync.book.lastUpdateId).toBe(truth.lastUpdateId);
  expect(engineTopOf(engine, 50)).toEqual({ bids: truth.bids, asks: truth.asks });
  const replayed = replayRaws(r.raws, r.session, staleStreamMs);
  expect(replayed.finishDigest()).toBe(r.session.pipeline.finishDigest());
}

const noticeCount = (r: LiveRig, notice: string) => r.notices.filter((n) => n.notice === notice).length;

describe.each(['spot', 'usdm'] as Product[])('%s live session against the loopback exchange', (product) => {
  it('starts clean: streams first, then a snapshot, then a live book equal to the exchange', async () => {
    const r = await rig({ product });
    await r.play(400);
    await r.healthy();
    await r.play(2000);
    await expectInSyncAndReplayable(r);
    expect(r.engine().counters).toMatchObject({ gaps: 0, resyncs: 0, crossed: 0, bboMismatches: 0 });
    expect(r.engine().counters.bboChecks).toBeGreaterThan(0);
    expect(r.raws.filter((m) => m.kind === 'rest' && m.stream === 'btcusdt@rest.depth')).toHaveLength(1);
    // The order rules exchangeInfo gave, next to the units.
    expect(r.session.rules).toMatchObject([{ product, symbol: 'BTCUSDT', status: 'TRADING', lotSize: { stepSize: product === 'spot' ? '0.00001000' : '0.001' } }]);
  });

  it('detects a dropped diff as one gap and recovers from a fresh snapshot', async () => {
    const r = await rig({ product });
    await r.play(400);
    await r.healthy();
    r.ex.dropNextDiff();
    await r.play(300);
    await waitFor('the gap', () => noticeCount(r, 'gapDetected') === 1);
    await r.play(1500);
    await expectInSyncAndReplayable(r);
    expect(r.engine().counters.gaps).toBe(1);
    expect(r.engine().counters.syncs).toBe(2);
  });

  it('drops a duplicated diff without a gap', async () => {
    const r = await rig({ product });
    await r.play(400);
    await r.healthy();
    r.ex.duplicateNextDiff();
    await r.play(1000);
    await expectInSyncAndReplayable(r);
    expect(r.engine().counters).toMatchObject({ gaps: 0, resyncs: 0, diffsDroppedOld: 1 });
  });

  it('treats reordered diffs as a gap and recovers', async () => {
    const r = await rig({ product });
    await r.play(400);
    await r.healthy();
    r.ex.reorderNextDiffs();
    await r.play(1500);
    await expectInSyncAndReplayable(r);
    expect(r.engine().counters.gaps).toBe(1);
  });

  it('resyncs after a disconnect once the SDK has reconnected', async () => {
    const r = await rig({ product });
    await r.play(400);
    await r.healthy();
    r.ex.disconnect('all');
    await waitFor('reconnect', () => r.raws.some((m) => m.kind === 'lifecycle' && m.payload.includes('"reconnected"')));
    await waitFor('resubscription', () => r.ex.clients().reduce((n, c) => n + c.topics.length, 0) >= 3);
    await r.play(1500);
    await expectInSyncAndReplayable(r);
    expect(noticeCount(r, 'connectionReset')).toBeGreaterThanOrEqual(1);
    expect(r.engine().counters.reconnects).toBeGreaterThanOrEqual(1);
  });

  it('recovers after snapshots fail with 429 (Retry-After) and 5xx, each failure recorded', async () => {
    const r = await rig({ product });
    r.ex.failNextSnapshots(1, { status: 429, retryAfterSeconds: 0 });
    await r.play(200);
    await waitFor('the 429', () => noticeCount(r, 'snapshotFetchFailed') === 1);
    r.ex.failNextSnapshots(1, { status: 503 });
    await r.play(200);
    await waitFor('the 503', () => noticeCount(r, 'snapshotFetchFailed') === 2);
    await r.play(200);
    await r.healthy();
    await r.play(1000);
    await expectInSyncAndReplayable(r);
    const failures = r.raws.filter((m) => m.kind === 'rest' && m.payload.startsWith('{"error"'));
    expect(failures.map((m) => JSON.parse(m.payload).error.kind)).toEqual(['rateLimited', 'serverError']);
  });

  it('refetches when the snapshot is older than the buffered diffs', async () => {
    const r = await rig({ product });
    await r.play(600);
    await r.healthy();
    r.ex.staleNextSnapshot(); // the recording's first snapshot: long older than anything buffered now
    r.ex.dropNextDiff(); // break the book so that it needs a new snapshot
    await r.play(300);
    await waitFor('a rejected snapshot', () => noticeCount(r, 'snapshotRejected') >= 1);
    await r.play(300);
    await r.healthy();
    await r.play(800);
    await expectInSyncAndReplayable(r);
  });

  it('counts a malformed frame without losing the book', async () => {
    const r = await rig({ product });
    await r.play(400);
    await r.healthy();
    r.ex.sendMalformedFrame();
    await r.play(1000);
    await expectInSyncAndReplayable(r);
    expect(r.session.pipeline.counters.malformed).toBe(1);
    expect(r.engine().counters.gaps).toBe(0);
  });

  it('keeps the book through a minute of silence on every stream (a quiet market): no suspicion, no resync', async () => {
    const time = new EventTimeScheduler(1_700_000_000_000_000);
    const r = await rig({ product, time, staleStreamMs: 300 });
    await r.play(400);
    await driveUntil(time, 'a live book', () => r.engine().sync.healthy);
    // Stop where the depth stream has caught up with every bookTicker, as a quiet market does.
    while (r.engine().bbo.pendingCount > 0) await r.play(1);
    time.advance(60_000);
    await r.play(0);
    expect(noticeCount(r, 'staleDetected')).toBe(0);
    expect(r.engine().sync.healthy).toBe(true);
    await r.play(400);
    await expectInSyncAndReplayable(r, 300);
    expect(r.engine().counters).toMatchObject({ resyncs: 0, stale: 0, gaps: 0 });
  });

  it('suspects the book while bookTickers run ahead of a depth stream that lost frames, and rebuilds it at the gap', async () => {
    const time = new EventTimeScheduler(1_700_000_000_000_000);
    const r = await rig({ product, time, staleStreamMs: 300 });
    await r.play(400);
    await driveUntil(time, 'a live book', () => r.engine().sync.healthy);
    const withheld = r.ex.stats().withheldDiffs;
    for (let i = 0; i < 8; i++) r.ex.dropNextDiff();
    // Trades and tickers arrive; the next eight depth frames are lost.
    while (r.ex.stats().withheldDiffs < withheld + 8) await r.play(1);
    expect(r.engine().bbo.pendingCount).toBeGreaterThan(0);
    time.advance(400); // the stale check runs every 50 ms of injected time
    await waitFor('the suspicion', () => noticeCount(r, 'staleDetected') === 1);
    expect(r.engine().sync.healthy).toBe(true); // suspected, kept until a diff proves it wrong
    expect(r.engine().stale).toBe(true);
    expect(r.raws.some((m) => m.kind === 'lifecycle' && m.payload === '{"event":"clock"}')).toBe(true);
    await r.play(300); // the depth stream resumes: its next diff does not chain
    await waitFor('the gap', () => noticeCount(r, 'gapDetected') === 1);
    await driveUntil(time, 'a rebuilt book', () => r.engine().sync.healthy);
    await r.play(400);
    await expectInSyncAndReplayable(r, 300);
    expect(r.engine().counters.syncs).toBeGreaterThanOrEqual(2);
    expect(r.engine().stale).toBe(false);
  });

  it('handles serverShutdown: resync, reconnect, recover', async () => {
    const r = await rig({ product });
    await r.play(400);
    await r.healthy();
    r.ex.serverShutdown(20);
    await waitFor('reconnect', () => r.raws.some((m) => m.kind === 'lifecycle' && m.payload.includes('"reconnected"')));
    await waitFor('resubscription', () => r.ex.clients().reduce((n, c) => n + c.topics.length, 0) >= 3);
    await r.play(1500);
    await expectInSyncAndReplayable(r);
    expect(r.raws.some((m) => m.payload.includes('serverShutdown'))).toBe(true);
  });
});

describe('a 418 ban', () => {
  it('stops snapshot requests until Retry-After has passed, then recovers', async () => {
    const r = await rig({ product: 'spot' });
    r.ex.failNextSnapshots(1, { status: 418, retryAfterSeconds: 1 });
    await r.play(400);
    await waitFor('the ban', () => noticeCount(r, 'snapshotFetchFailed') === 1);
    const bannedAt = Date.now();
    const requestsAtBan = r.ex.stats().requests['/api/v3/depth'];
    await r.play(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(r.ex.stats().requests['/api/v3/depth']).toBe(requestsAtBan); // no hammering while banned
    await r.healthy();
    expect(Date.now() - bannedAt).toBeGreaterThanOrEqual(900);
    await r.play(500);
    await expectInSyncAndReplayable(r);
  });
});
