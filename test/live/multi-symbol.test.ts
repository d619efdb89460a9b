// Two symbols on one connection, for both products, with the aggTrade stream: real multi-symbol captures
// (cryptofeed samples) served by the loopback exchange to a LiveSession through the real SDK. Each book
// must sync on its own snapshot and end equal to the exchange's book; replay of what was received must
// give the live digest.
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/index.js';
import { systemClock, systemScheduler } from '../../src/cli/system-time.js';
import { LiveSession, type SymbolEngine } from '../../src/kernel/index.js';
import { LoopbackExchange, type LoopbackInstrument } from '../../src/loopback/index.js';
import type { Product, RawMessage } from '../../src/model/index.js';
import { createBinanceVenue } from '../../src/venue/index.js';
import { cryptofeedMessages } from '../support/cryptofeed.js';
import { engineTopOf, exchangeTopOf, replayRaws, waitFor } from './harness.js';

const CASES: { product: Product; symbols: [string, string]; instruments: LoopbackInstrument[] }[] = [
  {
    product: 'spot',
    symbols: ['NKNUSDT', 'LRCBTC'],
    instruments: [
      { symbol: 'NKNUSDT', tickSize: '0.00001', stepSize: '0.1', baseAssetPrecision: 8 },
      { symbol: 'LRCBTC', tickSize: '0.00000001', stepSize: '1', baseAssetPrecision: 8 },
    ],
  },
  {
    product: 'usdm',
    symbols: ['SUSHIUSDT', 'CTKUSDT'],
    instruments: [
      { symbol: 'SUSHIUSDT', tickSize: '0.001', stepSize: '1', pricePrecision: 3, quantityPrecision: 0 },
      { symbol: 'CTKUSDT', tickSize: '0.00001', stepSize: '1', pricePrecision: 5, quantityPrecision: 0 },
    ],
  },
];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe.each(CASES)('$product with $symbols on one session', ({ product, symbols, instruments }) => {
  it('keeps both books in sync, each equal to the exchange, aggTrades included', async () => {
    const ex = new LoopbackExchange({ product, messages: cryptofeedMessages(product, symbols), instruments, speed: 'max' });
    const address = await ex.start();
    // The SDK's own error log: market frames skip its parse (sdk-venue), and it must not call them unrecognised.
    const sdkErrors: unknown[] = [];
    const sdkLog = (level: string, params: unknown[]): void => void (level === 'error' && sdkErrors.push(params));
    const venue = await createBinanceVenue({ product, restUrl: address.restUrl, wsUrl: address.wsUrl, requestTimeoutMs: 1500, sdkLog });
    const raws: RawMessage[] = [];
    const session = new LiveSession(
      {
        product,
        symbols,
        depthStream: 'depth@100ms',
        tradeStream: 'aggTrade',
        snapshotLimit: 1000,
        engine: { staleStreamMs: 60_000, maxBufferedDiffs: 10_000 },
        staleCheckMs: 50,
        backoff: { initialMs: 50, maxMs: 400, banDefaultMs: 1000 },
      },
      { venue, clock: systemClock, scheduler: systemScheduler, random: seededRandom(3) },
      { onRaw: (raw) => raws.push(raw) },
    );
    cleanups.push(async () => {
      await session.stop();
      await ex.stop();
    });
    await session.start();
    await waitFor('subscriptions', () => ex.clients().reduce((n, c) => n + c.topics.length, 0) >= 6);
    const received = () => raws.filter((r) => r.kind === 'ws' && !/^\{"(result|error|id)"/.test(r.payload)).length;
    // Play in small steps so each symbol buffers diffs, fetches its snapshot and syncs along the way.
    while (ex.advance(20) > 0) {
      await waitFor('frames', () => received() >= ex.sent().frames);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const engines = session.pipeline.allEngines() as SymbolEngine[];
    await waitFor('both books live', () => engines.every((e) => e.sync.healthy));
    for (const engine of engines) {
      const truth = exchangeTopOf(ex, engine.instrument.symbol, 20);
      expect(engine.sync.book.lastUpdateId).toBe(truth.lastUpdateId);
      expect(engineTopOf(engine, 20)).toEqual({ bids: truth.bids, asks: truth.asks });
      expect(engine.counters).toMatchObject({ gaps: 0, crossed: 0, bboMismatches: 0 });
    }
    expect(engines.reduce((n, e) => n + e.counters.aggTrades, 0)).toBeGreaterThan(0);
    expect(replayRaws(raws, session, 60_000).finishDigest()).toBe(session.pipeline.finishDigest());
    expect(sdkErrors).toEqual([]);
  });
});
