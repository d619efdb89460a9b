// A live session of flowdesk (LiveSession + the real Binance SDK adapter) against the loopback exchange
// serving a slice of a bundled real recording. Playback is driven message by message with advance(), so
// faults land exactly where a test wants them; time and timers are the real ones (the SDK needs them).
import { Decimal } from 'decimal.js';
import { EventTimeScheduler, seededRandom } from '../../src/core/index.js';
import { systemClock, systemScheduler } from '../../src/cli/system-time.js';
import { LiveSession, Pipeline, InstrumentRegistry, type LiveSessionHooks, type ReconnectOptions, type SymbolEngine } from '../../src/kernel/index.js';
import { LoopbackExchange, loadRecordingMessages, type LoopbackInstrument } from '../../src/loopback/index.js';
import { lotsToQty, ticksToPrice, type EngineNotice, type Product, type RawMessage } from '../../src/model/index.js';
import { createBinanceVenue } from '../../src/venue/index.js';
import { SPOT_FILES, USDM_FILES } from '../support/fixtures.js';

export const INSTRUMENTS: Record<Product, LoopbackInstrument[]> = {
  spot: [{ symbol: 'BTCUSDT', tickSize: '0.01', stepSize: '0.00001', baseAssetPrecision: 8 }],
  usdm: [{ symbol: 'BTCUSDT', tickSize: '0.10', stepSize: '0.001', pricePrecision: 2, quantityPrecision: 3 }],
};
export const DEPTH: Record<Product, string> = { spot: 'depth@100ms', usdm: 'depth@0ms' };

const cache = new Map<string, RawMessage[]>();

export async function recording(product: Product, maxMessages: number): Promise<RawMessage[]> {
  const key = `${product}:${maxMessages}`;
  let messages = cache.get(key);
  if (messages === undefined) {
    messages = await loadRecordingMessages(product === 'spot' ? SPOT_FILES : USDM_FILES, product, 'BTCUSDT', { maxMessages });
    cache.set(key, messages);
  }
  return messages;
}

/** Polls `predicate` every `intervalMs` until it holds; throws naming `what` after `timeoutMs`. */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000, intervalMs = 5): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Moves injected time in steps, letting real I/O run between them, until `done` holds. The outcome is
 * the session's decision on injected time; the real waits only let sockets deliver.
 */
export async function driveUntil(time: EventTimeScheduler, what: string, done: () => boolean, stepMs = 100, maxSteps = 600): Promise<void> {
  for (let i = 0; i < maxSteps && !done(); i++) {
    time.advance(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  if (!done()) throw new Error(`${what}: not reached after ${maxSteps} steps of ${stepMs} ms of injected time`);
}

export interface LiveRig {
  readonly ex: LoopbackExchange;
  readonly session: LiveSession;
  readonly raws: RawMessage[];
  readonly notices: EngineNotice[];
  engine(): SymbolEngine;
  /** Market-data frames the session has received. */
  framesReceived(): number;
  /** Plays `count` messages and waits until every frame sent has arrived. */
  play(count: number): Promise<void>;
  /** Waits for the book to be live (healthy). */
  healthy(): Promise<void>;
  stop(): Promise<void>;
}

export interface RigOptions {
  readonly product?: Product;
  readonly maxMessages?: number;
  readonly staleStreamMs?: number;
  /** The session's clock and timers (default: the real ones). The SDK's sockets stay real. */
  readonly time?: EventTimeScheduler;
  /** WebSocket reconnect policy (default: fast, for real-time tests). */
  readonly reconnect?: ReconnectOptions;
  /** The session's hooks beyond the rig's own (an engine error handler, a pipeline listener). */
  readonly hooks?: Pick<LiveSessionHooks, 'onEngineError' | 'onPipeline'>;
}

/** Reconnects within 50–400 ms: tests on real time must not wait for the production backoff. */
export const FAST_RECONNECT: ReconnectOptions = {
  backoff: { initialMs: 50, maxMs: 400 },
  healthyAfterMs: 60_000,
  budget: { burst: 20, everyMs: 100 },
};

export async function startRig(options: RigOptions = {}): Promise<LiveRig> {
  const product = options.product ?? 'spot';
  const ex = new LoopbackExchange({ product, messages: await recording(product, options.maxMessages ?? 6000), instruments: INSTRUMENTS[product], speed: 'max' });
  const address = await ex.start();
  if (!address.restUrl.startsWith('http://127.0.0.1:') || !address.wsUrl.startsWith('ws://127.0.0.1:')) throw new Error('not loopback');
  const venue = await createBinanceVenue({ product, restUrl: address.restUrl, wsUrl: address.wsUrl, requestTimeoutMs: 1500 });
  const raws: RawMessage[] = [];
  const notices: EngineNotice[] = [];
  const session = new LiveSession(
    {
      product,
      symbols: ['BTCUSDT'],
      depthStream: DEPTH[product],
      tradeStream: 'trade',
      snapshotLimit: 1000,
      engine: { staleStreamMs: options.staleStreamMs ?? 5000, maxBufferedDiffs: 10_000 },
      staleCheckMs: 50,
      backoff: { initialMs: 50, maxMs: 400, banDefaultMs: 1000 },
      reconnect: options.reconnect ?? FAST_RECONNECT,
    },
    { venue, clock: options.time ?? systemClock, scheduler: options.time ?? systemScheduler, random: seededRandom(42) },
    {
      onRaw: (raw) => raws.push(raw),
      onEvent: (event) => {
        if (event.kind === 'notice') notices.push(event);
      },
      ...options.hooks,
    },
  );
  await session.start();
  // Market-data frames and serverShutdown notices (what the exchange counts as sent), not request replies.
  const framesReceived = () => raws.filter((r) => r.kind === 'ws' && !/^\{"(result|error|id)"/.test(r.payload)).length;
  await waitFor('subscription', () => ex.clients().reduce((n, c) => n + c.topics.length, 0) >= 3);
  const engine = () => session.pipeline.allEngines()[0] as SymbolEngine;
  return {
    ex,
    session,
    raws,
    notices,
    engine,
    framesReceived,
    async play(count) {
      ex.advance(count);
      await waitFor('frames to arrive', () => framesReceived() >= ex.sent().frames);
    },
    healthy: () => waitFor('a healthy book', () => engine().sync.healthy),
    async stop() {
      await session.stop();
      await ex.stop();
    },
  };
}

/** The engine's best `n` levels per side as normalized decimal strings. */
export function engineTopOf(engine: SymbolEngine, n: number): { bids: string[][]; asks: string[][] } {
  const side = (name: 'bids' | 'asks') => {
    const flat = engine.sync.book[name].top(n);
    const out: string[][] = [];
    for (let i = 0; i < flat.length; i += 2) {
      out.push([
        new Decimal(ticksToPrice(engine.instrument, flat[i] as number)).toFixed(),
        new Decimal(lotsToQty(engine.instrument, flat[i + 1] as number)).toFixed(),
      ]);
    }
    return out;
  };
  return { bids: side('bids'), asks: side('asks') };
}

/** The loopback exchange's own book (its truth), best `n` levels, normalized. */
export function exchangeTopOf(ex: LoopbackExchange, symbol: string, n: number): { lastUpdateId: number; bids: string[][]; asks: string[][] } {
  const depth = ex.depth(symbol, n);
  if (depth === null) throw new Error('no depth');
  const norm = (levels: readonly (readonly string[])[]) => levels.map(([p, q]) => [new Decimal(p as string).toFixed(), new Decimal(q as string).toFixed()]);
  return { lastUpdateId: depth.lastUpdateId, bids: norm(depth.bids), asks: norm(depth.asks) };
}

/** Replays raw messages (what the recorder got) through a fresh pipeline; returns it. */
export function replayRaws(raws: readonly RawMessage[], session: LiveSession, staleStreamMs = 5000): Pipeline {
  const registry = new InstrumentRegistry();
  for (const spec of session.instruments) registry.add(spec);
  const pipeline = new Pipeline(registry, { staleStreamMs, maxBufferedDiffs: 10_000 });
  for (const spec of session.instruments) pipeline.engine(spec.product, spec.symbol);
  for (const raw of raws) pipeline.ingest(raw);
  return pipeline;
}
