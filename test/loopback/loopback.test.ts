// The loopback fake exchange, driven by the REAL `binance` SDK (MainClient, USDMClient, WebsocketClient)
// for the happy paths, and by plain `ws` clients and fetch for the faults. Everything runs on 127.0.0.1:
// every SDK client is built from the server's loopback URLs only (asserted), so no test reaches the
// internet. Playback uses slices of the bundled real recordings at speed 'max' or advance().
import { MainClient, USDMClient, WebsocketClient } from 'binance';
import { WebSocket } from 'ws';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { RawMessage } from '../../src/model/index.js';
import {
  LoopbackExchange,
  loadRecordingMessages,
  type LoopbackAddress,
  type LoopbackOptions,
} from '../../src/loopback/index.js';
import { SPOT_FILES, USDM_FILES } from '../support/fixtures.js';

const SPOT_INSTRUMENTS = [{ symbol: 'BTCUSDT', tickSize: '0.01', stepSize: '0.00001' }];
const USDM_INSTRUMENTS = [{ symbol: 'BTCUSDT', tickSize: '0.10', stepSize: '0.001' }];
const SPOT_DEPTH = 'btcusdt@depth@100ms';
const USDM_DEPTH = 'btcusdt@depth@0ms';
const SLICE = 2500;

let spotMessages: RawMessage[] = [];
let usdmMessages: RawMessage[] = [];

beforeAll(async () => {
  spotMessages = await loadRecordingMessages(SPOT_FILES, 'spot', 'BTCUSDT', { maxMessages: SLICE });
  usdmMessages = await loadRecordingMessages(USDM_FILES, 'usdm', 'btcusdt', { maxMessages: SLICE });
});

// ---------------------------------------------------------------------------------------------------------
// harness: every exchange, SDK client and plain socket is closed after each test

const exchanges: LoopbackExchange[] = [];
const sdkClients: WebsocketClient[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const client of sdkClients.splice(0)) {
    client.removeAllListeners();
    client.closeAll(true);
  }
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all(exchanges.splice(0).map((ex) => ex.stop()));
});

const LOOPBACK = /^(http|ws):\/\/127\.0\.0\.1:\d+$/;

async function startExchange(
  product: 'spot' | 'usdm',
  extra: Partial<LoopbackOptions> = {},
): Promise<{ ex: LoopbackExchange; addr: LoopbackAddress }> {
  const ex = new LoopbackExchange({
    product,
    messages: product === 'spot' ? spotMessages : usdmMessages,
    instruments: product === 'spot' ? SPOT_INSTRUMENTS : USDM_INSTRUMENTS,
    speed: 'max',
    ...extra,
  });
  exchanges.push(ex);
  const addr = await ex.start();
  expect(addr.restUrl).toMatch(LOOPBACK);
  expect(addr.wsUrl).toMatch(LOOPBACK);
  return { ex, addr };
}

/** SDK logger that keeps the SDK's info/error lines out of the test output. */
const quietLogger = { trace: () => undefined, info: () => undefined, error: () => undefined };

function spotRest(addr: LoopbackAddress): MainClient {
  expect(addr.restUrl).toMatch(LOOPBACK);
  return new MainClient({ baseUrl: addr.restUrl });
}

function usdmRest(addr: LoopbackAddress): USDMClient {
  expect(addr.restUrl).toMatch(LOOPBACK);
  return new USDMClient({ baseUrl: addr.restUrl });
}

/** A WebsocketClient on the loopback server that also keeps every raw text frame it parses. */
function sdkWs(addr: LoopbackAddress): { client: WebsocketClient; raw: string[] } {
  expect(addr.wsUrl).toMatch(LOOPBACK);
  const raw: string[] = [];
  const client = new WebsocketClient(
    {
      wsUrl: addr.wsUrl,
      beautify: false,
      customParseJSONFn: (text: string) => {
        raw.push(text);
        return JSON.parse(text) as object;
      },
    },
    quietLogger,
  );
  sdkClients.push(client);
  return { client, raw };
}

interface PlainSocket {
  readonly ws: WebSocket;
  readonly frames: string[];
  readonly closed: Promise<number>;
  send(message: unknown): void;
}

async function plainWs(url: string): Promise<PlainSocket> {
  expect(url.startsWith('ws://127.0.0.1:')).toBe(true);
  const ws = new WebSocket(url);
  sockets.push(ws);
  const frames: string[] = [];
  ws.on('message', (data, isBinary) => {
    if (!isBinary) frames.push(String(data));
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, closed, send: (message) => ws.send(JSON.stringify(message)) };
}

/** A plain socket subscribed (and acknowledged) to `topics`. */
async function subscribed(url: string, topics: string[]): Promise<PlainSocket> {
  const socket = await plainWs(url);
  socket.send({ method: 'SUBSCRIBE', params: topics, id: 1 });
  await waitFor(() => socket.frames.includes('{"result":null,"id":1}'));
  socket.frames.length = 0;
  return socket;
}

async function waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface DiffIds {
  U: number;
  u: number;
}

function diffIds(frames: readonly string[]): DiffIds[] {
  return frames
    .map((text) => JSON.parse(text) as { data?: { e?: string; U?: number; u?: number } })
    .filter((frame) => frame.data?.e === 'depthUpdate')
    .map((frame) => ({ U: frame.data?.U as number, u: frame.data?.u as number }));
}

/** The recorded payloads of one stream, in playback order. */
function payloadsOf(ex: LoopbackExchange, stream: string): string[] {
  return ex.playbackPayloads(stream);
}

/** Plays messages until `count` more depth diffs have been played. */
function advanceDiffs(ex: LoopbackExchange, count: number): void {
  let diffs = 0;
  const total = ex.stats().total;
  while (diffs < count && ex.stats().played < total) {
    const played = ex.stats().played;
    ex.advance(1);
    if (diffIndex(ex).has(played)) diffs++;
  }
}

const diffIndexCache = new WeakMap<LoopbackExchange, Set<number>>();
function diffIndex(ex: LoopbackExchange): Set<number> {
  let set = diffIndexCache.get(ex);
  if (set === undefined) {
    const all = ex.playbackPayloads();
    set = new Set(all.flatMap((payload, i) => (payload.includes('"e":"depthUpdate"') ? [i] : [])));
    diffIndexCache.set(ex, set);
  }
  return set;
}

// ---------------------------------------------------------------------------------------------------------

describe('REST with the real SDK', () => {
  it('spot: MainClient reads exchangeInfo, depth snapshots, time and ping from the loopback server', async () => {
    const { ex, addr } = await startExchange('spot');
    const client = spotRest(addr);

    const info = await client.getExchangeInfo({ symbol: 'BTCUSDT' });
    expect(info.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT']);
    const btc = info.symbols[0];
    expect(btc?.status).toBe('TRADING');
    expect(btc?.baseAsset).toBe('BTC');
    expect(btc?.quoteAsset).toBe('USDT');
    expect(btc?.baseAssetPrecision).toBe(8);
    expect(btc?.quotePrecision).toBe(8);
    const filters = Object.fromEntries((btc?.filters ?? []).map((f) => [f.filterType, f as unknown as Record<string, unknown>]));
    expect(filters['PRICE_FILTER']).toMatchObject({ tickSize: '0.01000000', minPrice: '0.01000000' });
    expect(filters['LOT_SIZE']).toMatchObject({ stepSize: '0.00001000', minQty: '0.00001000' });
    expect(filters['MARKET_LOT_SIZE']).toBeDefined();
    expect((await client.getExchangeInfo({ symbols: ['BTCUSDT'] })).symbols).toHaveLength(1);
    expect((await client.getExchangeInfo()).symbols).toHaveLength(1);

    // Before play: the recording's snapshot.
    const recorded = ex.recordedSnapshot('BTCUSDT');
    expect(recorded).not.toBeNull();
    const first = await client.getOrderBook({ symbol: 'BTCUSDT', limit: 5 });
    expect(first.lastUpdateId).toBe(recorded?.lastUpdateId);
    expect(first.bids).toHaveLength(5);
    expect(first.asks).toHaveLength(5);
    const original = JSON.parse(recorded?.payload ?? '{}') as { bids: string[][]; asks: string[][] };
    expect(first.bids).toEqual(original.bids.slice(0, 5)); // decimal strings exactly as recorded
    expect(first.asks).toEqual(original.asks.slice(0, 5));

    // After some diffs: lastUpdateId is the u of the last diff played, levels sorted best first.
    advanceDiffs(ex, 20);
    const later = await client.getOrderBook({ symbol: 'BTCUSDT', limit: 100 });
    const lastSent = diffIds(ex.playbackPayloads(SPOT_DEPTH).slice(0, 20));
    expect(later.lastUpdateId).toBe(lastSent[lastSent.length - 1]?.u);
    const bidPrices = later.bids.map((level) => Number(level[0]));
    const askPrices = later.asks.map((level) => Number(level[0]));
    expect(bidPrices).toEqual([...bidPrices].sort((a, b) => b - a));
    expect(askPrices).toEqual([...askPrices].sort((a, b) => a - b));
    expect(bidPrices[0]).toBeLessThan(askPrices[0] as number);
    expect(later.bids).toHaveLength(100);

    const time = (await client.get('api/v3/time')) as { serverTime: number };
    expect(time.serverTime).toBeGreaterThan(1_700_000_000_000);
    expect(await client.testConnectivity()).toEqual({});

    // Weight headers as Binance sends them; the SDK tracks them.
    expect(client.getRateLimitStates()['x-mbx-used-weight-1m']).toBeGreaterThan(0);
    const res = await fetch(`${addr.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=5000`);
    expect(Number(res.headers.get('x-mbx-used-weight-1m'))).toBeGreaterThanOrEqual(250);
    const deep = (await res.json()) as { bids: unknown[]; asks: unknown[] };
    expect(deep.bids.length).toBe(ex.depth('BTCUSDT', 5000)?.bids.length); // every level the fake knows
    expect(deep.bids.length).toBeGreaterThan(900);

    const unknown = await fetch(`${addr.restUrl}/api/v3/klines?symbol=BTCUSDT`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: number }).code).toBe(-1);
    const badSymbol = await fetch(`${addr.restUrl}/api/v3/depth?symbol=ETHUSDT`);
    expect(badSymbol.status).toBe(400);
    expect(await badSymbol.json()).toEqual({ code: -1121, msg: 'Invalid symbol.' });

    expect(ex.stats().requests).toMatchObject({
      '/api/v3/exchangeInfo': 3,
      '/api/v3/depth': 4,
      '/api/v3/time': 1,
      '/api/v3/ping': 1,
      unknown: 1,
    });
  });

  it('USD-M: USDMClient reads exchangeInfo, depth (with E and T), time and ping', async () => {
    const { ex, addr } = await startExchange('usdm');
    const client = usdmRest(addr);

    const info = await client.getExchangeInfo();
    const btc = info.symbols.find((s) => s.symbol === 'BTCUSDT');
    expect(btc).toMatchObject({ status: 'TRADING', pricePrecision: 1, quantityPrecision: 3, contractType: 'PERPETUAL' });
    const priceFilter = btc?.filters.find((f) => f.filterType === 'PRICE_FILTER') as unknown as Record<string, unknown>;
    expect(priceFilter['tickSize']).toBe('0.10'); // as given, trailing zero kept, like Binance

    const recorded = JSON.parse(ex.recordedSnapshot('BTCUSDT')?.payload ?? '{}') as { lastUpdateId: number; E: number; T: number };
    const first = await client.getOrderBook({ symbol: 'BTCUSDT', limit: 5 });
    expect(first).toMatchObject({ lastUpdateId: recorded.lastUpdateId, E: recorded.E, T: recorded.T });

    ex.advance(200);
    const later = (await client.getOrderBook({ symbol: 'BTCUSDT', limit: 10 })) as unknown as {
      lastUpdateId: number;
      E: number;
      T: number;
      bids: string[][];
    };
    expect(later.lastUpdateId).toBeGreaterThan(recorded.lastUpdateId);
    expect(later.E).toBeGreaterThan(recorded.E);
    expect(later.bids[0]?.[0]).toMatch(/^\d+\.\d{2}$/); // the recording's own strings

    expect(await client.getServerTime()).toBeGreaterThan(1_700_000_000_000); // USD-M honours baseUrl
    expect(await client.testConnectivity()).toEqual({});

    const badLimit = await fetch(`${addr.restUrl}/fapi/v1/depth?symbol=BTCUSDT&limit=5000`);
    expect(badLimit.status).toBe(400);
    const spotPath = await fetch(`${addr.restUrl}/api/v3/depth?symbol=BTCUSDT`);
    expect(spotPath.status).toBe(404);
    expect(ex.stats().requests['/fapi/v1/depth']).toBe(3);
  });
});

describe('WebSocket with the real SDK', () => {
  it('spot: subscribe(topics, "main") connects to /stream and receives the recording byte for byte', async () => {
    const { ex, addr } = await startExchange('spot');
    const { client, raw } = sdkWs(addr);
    const opened: { wsKey: string; wsUrl: string }[] = [];
    client.on('open', (event) => opened.push({ wsKey: event.wsKey, wsUrl: event.wsUrl as string }));
    const responses: unknown[] = [];
    client.on('response', (event) => responses.push(event));
    let messages = 0;
    client.on('message', () => messages++);

    await client.subscribe([SPOT_DEPTH, 'btcusdt@trade', 'btcusdt@bookTicker'], 'main');
    await waitFor(() => responses.length === 1, 5000, 'the SUBSCRIBE reply');
    expect(opened).toEqual([{ wsKey: 'main', wsUrl: `${addr.wsUrl}/stream` }]);
    expect(ex.clients()).toEqual([
      { id: 1, kind: 'spot', combined: true, topics: [SPOT_DEPTH, 'btcusdt@trade', 'btcusdt@bookTicker'] },
    ]);

    ex.play();
    await ex.finished();
    const expected = ex.playbackPayloads();
    await waitFor(() => messages === expected.length, 5000, 'every frame');
    const frames = raw.filter((text) => text.startsWith('{"stream":'));
    expect(frames).toEqual(expected); // byte for byte, in recorded order
    expect(ex.stats()).toMatchObject({ played: expected.length, finished: true });
    expect(ex.sent().frames).toBe(expected.length);
  });

  it('USD-M: subscribe(topics, "usdm") splits into /public/stream and /market/stream', async () => {
    const { ex, addr } = await startExchange('usdm');
    const { client, raw } = sdkWs(addr);
    const opened = new Map<string, string>();
    client.on('open', (event) => opened.set(event.wsKey, event.wsUrl as string));
    const byKey = new Map<string, number>();
    client.on('message', (event) => {
      const key = String((event as { wsKey?: string }).wsKey);
      byKey.set(key, (byKey.get(key) ?? 0) + 1);
    });

    await client.subscribe([USDM_DEPTH, 'btcusdt@trade', 'btcusdt@bookTicker'], 'usdm');
    await waitFor(() => ex.clients().every((c) => c.topics.length > 0) && ex.clients().length === 2, 5000, 'both subscriptions');
    expect(Object.fromEntries(opened)).toEqual({
      usdmPublic: `${addr.wsUrl}/public/stream`,
      usdmMarket: `${addr.wsUrl}/market/stream`,
    });
    const clients = ex.clients().sort((a, b) => a.kind.localeCompare(b.kind));
    expect(clients.map((c) => [c.kind, [...c.topics].sort()])).toEqual([
      ['market', ['btcusdt@trade']],
      ['public', ['btcusdt@bookTicker', USDM_DEPTH]],
    ]);

    ex.play();
    await ex.finished();
    const publicFrames = ex.playbackPayloads().filter((p) => !p.startsWith('{"stream":"btcusdt@trade"'));
    const marketFrames = ex.playbackPayloads('btcusdt@trade');
    await waitFor(() => raw.filter((t) => t.startsWith('{"stream":')).length === publicFrames.length + marketFrames.length);
    expect(byKey.get('usdmPublic')).toBe(publicFrames.length);
    expect(byKey.get('usdmMarket')).toBe(marketFrames.length);
    const received = raw.filter((t) => t.startsWith('{"stream":'));
    expect(received.filter((t) => !t.startsWith('{"stream":"btcusdt@trade"'))).toEqual(publicFrames);
    expect(received.filter((t) => t.startsWith('{"stream":"btcusdt@trade"'))).toEqual(marketFrames);
  });

  it('disconnect(): the SDK emits reconnecting and reconnected, re-subscribes, and frames resume', async () => {
    const { ex, addr } = await startExchange('spot');
    const { client, raw } = sdkWs(addr);
    const events: string[] = [];
    client.on('reconnecting', (e) => events.push(`reconnecting ${e.wsKey}`));
    client.on('reconnected', (e) => events.push(`reconnected ${e.wsKey}`));
    await client.subscribe([SPOT_DEPTH], 'main');
    await waitFor(() => ex.clients()[0]?.topics.length === 1, 5000, 'the subscription');

    advanceDiffs(ex, 5);
    await waitFor(() => raw.filter((t) => t.includes('depthUpdate')).length === 5);

    ex.disconnect('spot');
    await waitFor(() => events.includes('reconnected main'), 10_000, 'the SDK to reconnect');
    expect(events).toEqual(['reconnecting main', 'reconnected main']);
    await waitFor(() => ex.clients()[0]?.topics.includes(SPOT_DEPTH) === true, 5000, 'the re-subscription');
    expect(ex.stats().connectionsTotal).toBe(2);

    advanceDiffs(ex, 5);
    await waitFor(() => raw.filter((t) => t.includes('depthUpdate')).length === 10, 5000, 'frames after the reconnect');
  });
});

describe('a fixed port', () => {
  it('listens on the port it is given, so a new exchange can take over where the last one stopped', async () => {
    const first = await startExchange('spot');
    const port = first.addr.port;
    await first.ex.stop();
    const second = await startExchange('spot', { port });
    expect(second.addr.port).toBe(port);
    const res = await fetch(`${second.addr.restUrl}/api/v3/ping`);
    expect(res.status).toBe(200);
  });
});

describe('plain WebSocket protocol', () => {
  it('combined URLs, raw /ws frames, LIST_SUBSCRIPTIONS, UNSUBSCRIBE and stream aliases', async () => {
    const { ex, addr } = await startExchange('spot', { streamAliases: { 'btcusdt@depth': SPOT_DEPTH } });
    const combined = await plainWs(`${addr.wsUrl}/stream?streams=${SPOT_DEPTH}/btcusdt@trade`);
    const raw = await subscribed(`${addr.wsUrl}/ws`, ['btcusdt@trade']);
    const aliased = await subscribed(`${addr.wsUrl}/stream`, ['btcusdt@depth']);

    raw.send({ method: 'LIST_SUBSCRIPTIONS', id: 7 });
    await waitFor(() => raw.frames.length === 1);
    expect(raw.frames.shift()).toBe('{"result":["btcusdt@trade"],"id":7}');

    ex.play();
    await ex.finished();
    const depth = payloadsOf(ex, SPOT_DEPTH);
    const trades = payloadsOf(ex, 'btcusdt@trade');
    await waitFor(() => combined.frames.length === depth.length + trades.length && raw.frames.length === trades.length);
    expect(combined.frames.filter((f) => f.startsWith(`{"stream":"${SPOT_DEPTH}"`))).toEqual(depth);
    expect(combined.frames.filter((f) => f.startsWith('{"stream":"btcusdt@trade"'))).toEqual(trades);
    // /ws connections get the data only: the exact bytes inside the recorded envelope.
    expect(raw.frames).toEqual(trades.map((p) => p.slice('{"stream":"btcusdt@trade","data":'.length, -1)));
    // An alias gets the recorded data under the subscribed name.
    await waitFor(() => aliased.frames.length === depth.length);
    expect(aliased.frames).toEqual(depth.map((p) => p.replace(`{"stream":"${SPOT_DEPTH}"`, '{"stream":"btcusdt@depth"')));

    raw.send({ method: 'UNSUBSCRIBE', params: ['btcusdt@trade'], id: 8 });
    raw.send({ method: 'LIST_SUBSCRIPTIONS', id: 9 });
    await waitFor(() => raw.frames.includes('{"result":[],"id":9}'));
    raw.send({ method: 'NOPE', id: 10 });
    raw.ws.send('not json');
    await waitFor(() => raw.frames.some((f) => f.includes('"id":10')) && raw.frames.some((f) => f.includes('"code":3')));
  });

  it('USD-M routes by path: depth/bookTicker only on /public, trades only on /market', async () => {
    const { ex, addr } = await startExchange('usdm');
    const publicWs = await plainWs(`${addr.wsUrl}/public/stream`);
    publicWs.send({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 });
    publicWs.send({ method: 'SUBSCRIBE', params: [USDM_DEPTH, 'btcusdt@bookTicker'], id: 2 });
    const marketWs = await plainWs(`${addr.wsUrl}/market/stream`);
    marketWs.send({ method: 'SUBSCRIBE', params: [USDM_DEPTH], id: 3 });
    marketWs.send({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 4 });
    await waitFor(() => publicWs.frames.length === 2 && marketWs.frames.length === 2);
    expect(publicWs.frames).toEqual(['{"error":{"code":2,"msg":"Invalid request"},"id":1}', '{"result":null,"id":2}']);
    expect(marketWs.frames).toEqual(['{"error":{"code":2,"msg":"Invalid request"},"id":3}', '{"result":null,"id":4}']);

    // A combined URL naming a stream of the other path is refused at the upgrade.
    await expect(plainWs(`${addr.wsUrl}/market/stream?streams=${USDM_DEPTH}`)).rejects.toThrow(/400/);
    await expect(plainWs(`${addr.wsUrl}/private/stream`)).rejects.toThrow(/404/);

    ex.disconnect('public');
    expect(await publicWs.closed).toBe(1006);
    expect(marketWs.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('faults', () => {
  const depthSocket = (addr: LoopbackAddress): Promise<PlainSocket> => subscribed(`${addr.wsUrl}/stream`, [SPOT_DEPTH]);

  function chainBreaks(ids: DiffIds[]): number[] {
    const breaks: number[] = [];
    for (let i = 1; i < ids.length; i++) if ((ids[i] as DiffIds).U !== (ids[i - 1] as DiffIds).u + 1) breaks.push(i);
    return breaks;
  }

  it('dropNextDiff: a real gap in the update ids, while the fake book still advances', async () => {
    const { ex, addr } = await startExchange('spot');
    const socket = await depthSocket(addr);
    advanceDiffs(ex, 3);
    ex.dropNextDiff('BTCUSDT');
    advanceDiffs(ex, 4);
    await waitFor(() => socket.frames.length === 6);
    const ids = diffIds(socket.frames);
    const recorded = diffIds(payloadsOf(ex, SPOT_DEPTH)).slice(0, 7);
    expect(ids).toEqual([...recorded.slice(0, 3), ...recorded.slice(4)]);
    expect(chainBreaks(ids)).toEqual([3]);
    expect(ex.depth('BTCUSDT')?.lastUpdateId).toBe(recorded[6]?.u);
    expect(ex.stats().withheldDiffs).toBe(1);
  });

  it('duplicateNextDiff and reorderNextDiffs show in the received sequence', async () => {
    const { ex, addr } = await startExchange('spot');
    const socket = await depthSocket(addr);
    const recorded = diffIds(payloadsOf(ex, SPOT_DEPTH));
    ex.duplicateNextDiff();
    advanceDiffs(ex, 2);
    ex.reorderNextDiffs('btcusdt');
    advanceDiffs(ex, 3);
    await waitFor(() => socket.frames.length === 6);
    const ids = diffIds(socket.frames);
    expect(ids).toEqual([recorded[0], recorded[0], recorded[1], recorded[3], recorded[2], recorded[4]]);
    expect(socket.frames[0]).toBe(socket.frames[1]);
  });

  it('failNextSnapshots: 429/418 with Retry-After, 5xx bodies, and timeouts held until stop()', async () => {
    const { ex, addr } = await startExchange('spot');
    const url = `${addr.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=10`;

    ex.failNextSnapshots(2, { status: 429, retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.headers.get('x-mbx-used-weight-1m')).not.toBeNull();
      const body = (await res.json()) as { code: number; msg: string };
      expect(body.code).toBe(-1003);
      expect(body.msg).toMatch(/^Too many requests; /);
    }
    expect((await fetch(url)).status).toBe(200);

    ex.failNextSnapshots(1, { status: 418, retryAfterSeconds: 120 });
    const banned = await fetch(url);
    expect([banned.status, banned.headers.get('retry-after')]).toEqual([418, '120']);
    expect(((await banned.json()) as { code: number }).code).toBe(-1003);

    for (const status of [500, 502, 503] as const) {
      ex.failNextSnapshots(1, { status });
      const res = await fetch(url);
      expect(res.status).toBe(status);
      expect((await res.text()).length).toBeGreaterThan(0);
    }

    // The SDK surfaces the 429 as a rejected promise carrying Binance's code.
    ex.failNextSnapshots(1, { status: 429 });
    await expect(spotRest(addr).getOrderBook({ symbol: 'BTCUSDT', limit: 5 })).rejects.toMatchObject({ code: -1003 });

    ex.failNextSnapshots(1, { status: 'timeout' });
    await expect(fetch(url, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect((await fetch(url)).status).toBe(200);
    ex.failNextSnapshots(1, { status: 'timeout' });
    const hanging = fetch(url).then(
      () => 'answered',
      () => 'dropped',
    );
    await sleep(100);
    await ex.stop(); // must not wait for the held request
    expect(await hanging).toBe('dropped');
    expect(ex.stats().failedSnapshots).toBe(9);
  });

  it('staleNextSnapshot: the next depth response is the original snapshot', async () => {
    const { ex, addr } = await startExchange('spot');
    const original = ex.recordedSnapshot('BTCUSDT')?.lastUpdateId;
    advanceDiffs(ex, 10);
    const current = ex.depth('BTCUSDT')?.lastUpdateId as number;
    expect(current).toBeGreaterThan(original as number);
    ex.staleNextSnapshot();
    const url = `${addr.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=5`;
    expect(((await (await fetch(url)).json()) as { lastUpdateId: number }).lastUpdateId).toBe(original);
    expect(((await (await fetch(url)).json()) as { lastUpdateId: number }).lastUpdateId).toBe(current);
  });

  it('sendMalformedFrame: a broken frame before the next diff, which still arrives unless dropped', async () => {
    const { ex, addr } = await startExchange('spot');
    const socket = await depthSocket(addr);
    const recorded = payloadsOf(ex, SPOT_DEPTH);
    ex.sendMalformedFrame();
    advanceDiffs(ex, 1);
    ex.sendMalformedFrame(SPOT_DEPTH, { kind: 'badField' });
    advanceDiffs(ex, 1);
    ex.sendMalformedFrame(undefined, { text: '{"stream":', dropFrame: true });
    advanceDiffs(ex, 2);
    await waitFor(() => socket.frames.length === 6);
    const first = recorded[0] as string;
    expect(socket.frames).toEqual([
      first.slice(0, Math.floor(first.length / 2)),
      first,
      `{"stream":"${SPOT_DEPTH}","data":{"e":"depthUpdate","U":"x"}}`,
      recorded[1],
      '{"stream":',
      recorded[3],
    ]);
    expect(() => JSON.parse(socket.frames[0] as string)).toThrow();
  });

  it('serverShutdown: the notice on every connection, then the connections close', async () => {
    const { ex, addr } = await startExchange('spot');
    const a = await depthSocket(addr);
    const b = await plainWs(`${addr.wsUrl}/ws`);
    ex.serverShutdown(50);
    await waitFor(() => a.frames.length === 1 && b.frames.length === 1);
    const notice = JSON.parse(a.frames[0] as string) as { e: string; E: number };
    expect(notice.e).toBe('serverShutdown');
    expect(notice.E).toBeGreaterThan(1_700_000_000_000);
    expect(b.frames[0]).toBe(a.frames[0]);
    expect(await a.closed).toBe(1001);
    expect(await b.closed).toBe(1001);
    expect(ex.sent().byStream['serverShutdown']).toBe(2);
  });

  it('stall without dropFrames: pure silence, then playback resumes with nothing lost', async () => {
    const { ex, addr } = await startExchange('spot', { keepSentFrames: true });
    const socket = await subscribed(`${addr.wsUrl}/stream`, [SPOT_DEPTH, 'btcusdt@trade', 'btcusdt@bookTicker']);
    const startedAt = performance.now();
    ex.stall(800, { dropFrames: false });
    ex.play();
    await sleep(200);
    expect(socket.frames).toHaveLength(0);
    expect(ex.stats().played).toBe(0);
    await ex.finished();
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(790);
    const expected = ex.playbackPayloads();
    await waitFor(() => socket.frames.length === expected.length);
    expect(socket.frames).toEqual(expected);
    expect(ex.sentFrames()).toEqual(expected);
  });

  it('stall with dropFrames: the clock keeps playing, depth frames of the stall are lost, other streams go on', async () => {
    const { ex, addr } = await startExchange('spot');
    const socket = await subscribed(`${addr.wsUrl}/stream`, [SPOT_DEPTH, 'btcusdt@trade']);
    advanceDiffs(ex, 2);
    ex.stall(60_000, { dropFrames: true });
    ex.play();
    await ex.finished();
    const depth = payloadsOf(ex, SPOT_DEPTH);
    const trades = payloadsOf(ex, 'btcusdt@trade');
    await waitFor(() => socket.frames.filter((f) => f.includes('@trade')).length === trades.length);
    expect(diffIds(socket.frames)).toEqual(diffIds(depth.slice(0, 2)));
    expect(ex.stats().withheldDiffs).toBe(depth.length - 2);
    expect(ex.depth('BTCUSDT')?.lastUpdateId).toBe(diffIds(depth).at(-1)?.u);
  });
});

describe('market clock and book', () => {
  it('speed multiplies the recorded gaps; pause() holds playback', async () => {
    const { ex } = await startExchange('spot', { speed: 40 });
    const payloads = ex.playbackPayloads();
    expect(payloads.length).toBeGreaterThan(2000);
    const times = spotMessages.filter((m) => m.kind === 'ws').map((m) => m.receiveTimeUs);
    const spanMs = ((times.at(-1) as number) - (times[0] as number)) / 1000;
    const started = performance.now();
    ex.play();
    await sleep(100);
    ex.pause();
    const pausedAt = ex.stats().played;
    expect(pausedAt).toBeGreaterThan(0);
    expect(pausedAt).toBeLessThan(payloads.length);
    await sleep(150);
    expect(ex.stats().played).toBe(pausedAt);
    ex.play();
    await ex.finished();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual((spanMs / 40) * 0.8);
    expect(ex.stats().finished).toBe(true);
  });

  it("the fake's book agrees with the recorded bookTickers that line up with a diff", async () => {
    const ex = new LoopbackExchange({ product: 'spot', messages: spotMessages, instruments: SPOT_INSTRUMENTS });
    exchanges.push(ex);
    const payloads = ex.playbackPayloads();
    const tickers = new Map<number, { b: string; B: string; a: string; A: string }>();
    for (const payload of payloads) {
      const { data } = JSON.parse(payload) as { data: { e?: string; u: number; b: string; B: string; a: string; A: string } };
      if (data.e === undefined) tickers.set(data.u, data);
    }
    let checks = 0;
    for (let i = 0; i < payloads.length; i++) {
      ex.advance(1);
      const { data } = JSON.parse(payloads[i] as string) as { data: { e?: string; u: number } };
      const ticker = data.e === 'depthUpdate' ? tickers.get(data.u) : undefined;
      if (ticker === undefined) continue;
      const top = ex.depth('BTCUSDT', 1);
      expect([top?.bids[0], top?.asks[0]]).toEqual([
        [ticker.b, ticker.B],
        [ticker.a, ticker.A],
      ]);
      checks++;
    }
    expect(checks).toBeGreaterThan(10);
  });

  it('refuses recordings it cannot serve consistently', () => {
    const withoutSnapshot = spotMessages.filter((m) => m.kind !== 'rest');
    expect(
      () => new LoopbackExchange({ product: 'spot', messages: withoutSnapshot, instruments: SPOT_INSTRUMENTS }),
    ).toThrow(/no REST depth snapshot/);
    expect(
      () => new LoopbackExchange({ product: 'usdm', messages: spotMessages, instruments: SPOT_INSTRUMENTS }),
    ).toThrow(/spot message/);
  });
});
