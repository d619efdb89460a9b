// The loopback's WS API user-data stream, driven by the REAL `binance` WebsocketAPIClient (wsUrl on
// 127.0.0.1, which appends /ws-api/v3): the signed subscription, executionReports for NEW, TRADE (partial
// then full) and CANCELED as the hand-made market plays, account positions and balance updates, and the
// subscription's signature and timestamp checks. Frames are read raw, as the SDK received them.
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackExchange, loadRecordingMessages } from '../../src/loopback/index.js';
import { SPOT_FILES } from '../support/fixtures.js';
import {
  INSTRUMENTS,
  KEY,
  OTHER_KEY,
  OTHER_SECRET,
  SECRET,
  closeAll,
  limitBuy,
  reportsOf,
  rest,
  startPrivate,
  track,
  userStream,
} from './private-harness.js';

afterEach(closeAll);

interface WsApiRejection {
  readonly status?: number;
  readonly error?: { code: number; msg: string };
}

async function wsError(promise: Promise<unknown>): Promise<WsApiRejection> {
  try {
    await promise;
  } catch (error) {
    return error as WsApiRejection;
  }
  throw new Error('expected the WS API request to fail');
}

describe('loopback WS API: the user-data subscription', () => {
  it('answers the SDK\'s signed userDataStream.subscribe.signature with a subscription id', async () => {
    const { ex, addr } = await startPrivate();
    const stream = userStream(addr);
    const answer = (await stream.api.subscribeUserDataStream('mainWSAPI')) as unknown as Record<string, unknown>;
    expect(answer).toMatchObject({ id: 1, status: 200, result: { subscriptionId: 0 } });
    expect(stream.responses.items[0]).toMatchObject({ rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', limit: 6000 }] });
    expect(ex.privateSide().userStreams()).toEqual([{ connectionId: 1, subscriptionId: 0, apiKey: KEY }]);
    const record = ex.requests().find((r) => r.transport === 'ws-api');
    expect(record).toMatchObject({ method: 'userDataStream.subscribe.signature', path: '/ws-api/v3', signed: true, mutation: false, apiKey: KEY, status: 200 });
  });

  it('pushes executionReports for NEW, TRADE partial then full, and CANCELED, each followed by the account position', async () => {
    const { ex, addr } = await startPrivate();
    const stream = userStream(addr);
    await stream.api.subscribeUserDataStream('mainWSAPI');
    const client = rest(addr);
    const placed = (await limitBuy(client, '99.99', '1.00000')) as { orderId: number; clientOrderId: string };
    await stream.frames.until((f) => f.length >= 2, 'NEW and its position');
    const first = stream.frames.items[0];
    expect(first?.text.startsWith('{"subscriptionId":0,"event":{"e":"executionReport",')).toBe(true);
    expect(first?.event).toMatchObject({
      s: 'BTCUSDT',
      c: placed.clientOrderId,
      S: 'BUY',
      o: 'LIMIT',
      f: 'GTC',
      q: '1.00000000',
      p: '99.99000000',
      x: 'NEW',
      X: 'NEW',
      i: placed.orderId,
      l: '0.00000000',
      z: '0.00000000',
      t: -1,
    });
    expect(stream.frames.items[1]?.event).toMatchObject({
      e: 'outboundAccountPosition',
      B: [{ a: 'USDT', f: '900.01000000', l: '99.99000000' }],
    });

    ex.advance(1); // trade 99.99 × 0.3: a partial fill at our price
    await stream.frames.until((f) => reportsOf(f, 'TRADE').length >= 1, 'the partial fill');
    expect(reportsOf(stream.frames.items, 'TRADE')[0]).toMatchObject({
      x: 'TRADE',
      X: 'PARTIALLY_FILLED',
      l: '0.30000000',
      z: '0.30000000',
      L: '99.99000000',
      n: '0.00030000',
      N: 'BTC',
      m: true,
      t: 1,
      Z: '29.99700000',
    });
    ex.advance(1); // trade 99.98 × 1.0: the rest, 0.7
    await stream.frames.until((f) => reportsOf(f, 'TRADE').length >= 2, 'the full fill');
    expect(reportsOf(stream.frames.items, 'TRADE')[1]).toMatchObject({ X: 'FILLED', l: '0.70000000', z: '1.00000000', L: '99.99000000' });
    const position = stream.frames.items.at(-1)?.event;
    expect(position).toMatchObject({
      e: 'outboundAccountPosition',
      B: [
        { a: 'BTC', f: '1.99900000', l: '0.00000000' },
        { a: 'USDT', f: '900.01000000', l: '0.00000000' },
      ],
    });

    const resting = (await limitBuy(client, '99.00', '0.10000')) as { clientOrderId: string };
    const cancelId = client.generateNewOrderId();
    const params = { symbol: 'BTCUSDT', origClientOrderId: resting.clientOrderId, newClientOrderId: cancelId };
    await client.cancelOrder(params);
    await stream.frames.until((f) => reportsOf(f, 'CANCELED').length === 1, 'the cancel');
    expect(reportsOf(stream.frames.items, 'CANCELED')[0]).toMatchObject({ x: 'CANCELED', X: 'CANCELED', c: cancelId, C: resting.clientOrderId });
    expect(reportsOf(stream.frames.items).map((r) => r['x'])).toEqual(['NEW', 'TRADE', 'TRADE', 'NEW', 'CANCELED']);
  });

  it('fills a resting buy in full at its price when the book crosses it', async () => {
    const { ex, addr } = await startPrivate();
    const stream = userStream(addr);
    await stream.api.subscribeUserDataStream('mainWSAPI');
    await limitBuy(rest(addr), '99.95', '0.50000');
    ex.advance(3); // trades at 99.99 and 99.98 do not reach 99.95; then the ask drops to 99.90
    await stream.frames.until((f) => reportsOf(f, 'TRADE').length === 1, 'the crossing fill');
    expect(reportsOf(stream.frames.items, 'TRADE')[0]).toMatchObject({ X: 'FILLED', l: '0.50000000', L: '99.95000000', m: true });
  });

  it('sends an account only its own events', async () => {
    const { addr } = await startPrivate();
    const mine = userStream(addr);
    const theirs = userStream(addr, OTHER_KEY, OTHER_SECRET);
    await mine.api.subscribeUserDataStream('mainWSAPI');
    await theirs.api.subscribeUserDataStream('mainWSAPI');
    await limitBuy(rest(addr, OTHER_KEY, OTHER_SECRET), '99.00', '0.10000');
    await theirs.frames.until((f) => f.length === 2, 'their NEW and position');
    await limitBuy(rest(addr), '99.00', '0.10000');
    await mine.frames.until((f) => f.length === 2, 'my NEW and position');
    expect(theirs.frames.items.length).toBe(2);
  });

  it('pushes balanceUpdate then the position for a deposit outside trading', async () => {
    const { ex, addr } = await startPrivate();
    const stream = userStream(addr);
    await stream.api.subscribeUserDataStream('mainWSAPI');
    ex.privateSide().adjustBalance(KEY, 'USDT', '-12.5');
    await stream.frames.until((f) => f.length === 2, 'the balance events');
    expect(stream.frames.items.map((f) => f.event)).toMatchObject([
      { e: 'balanceUpdate', a: 'USDT', d: '-12.50000000' },
      { e: 'outboundAccountPosition', B: [{ a: 'USDT', f: '987.50000000', l: '0.00000000' }] },
    ]);
  });

  it('stops pushing after userDataStream.unsubscribe', async () => {
    const { ex, addr } = await startPrivate();
    const stream = userStream(addr);
    await stream.api.subscribeUserDataStream('mainWSAPI');
    await stream.api.unsubscribeUserDataStream('mainWSAPI');
    expect(ex.privateSide().userStreams()).toEqual([]);
    await limitBuy(rest(addr), '99.00', '0.10000');
    expect(ex.privateSide().userEvents().length).toBe(2);
    const pong = await stream.api.getWSClient().sendWSAPIRequest('mainWSAPI', 'ping', undefined, { authIsOptional: true });
    expect(pong).toMatchObject({ status: 200, result: {} });
    expect(stream.frames.items).toEqual([]);
  });

  it('refuses a subscription signed with the wrong secret (-1022), an unknown key (-2015) and an old timestamp (-1021)', async () => {
    const { ex, addr } = await startPrivate();
    const badSecret = await wsError(userStream(addr, KEY, 'wrong').api.subscribeUserDataStream('mainWSAPI'));
    expect(badSecret).toMatchObject({ status: 400, error: { code: -1022, msg: 'Signature for this request is not valid.' } });
    const unknown = await wsError(userStream(addr, 'nobody', SECRET).api.subscribeUserDataStream('mainWSAPI'));
    expect(unknown).toMatchObject({ status: 401, error: { code: -2015 } });
    ex.privateSide().setClockOffset(6000); // the SDK signs the subscription with Date.now(), ignoring its time offset
    const old = await wsError(userStream(addr).api.subscribeUserDataStream('mainWSAPI'));
    expect(old).toMatchObject({ status: 400, error: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' } });
    expect(ex.privateSide().userStreams()).toEqual([]);
  });
});

describe('loopback private side on a real recording', () => {
  it('fills a buy resting at the best bid as the recorded trades print', async () => {
    const messages = await loadRecordingMessages(SPOT_FILES, 'spot', 'BTCUSDT', { maxMessages: 2500 });
    const ex = track(
      new LoopbackExchange({ product: 'spot', messages, instruments: INSTRUMENTS, speed: 'max', private: { accounts: [{ apiKey: KEY, apiSecret: SECRET, balances: { USDT: '1000' } }] } }),
    );
    const addr = await ex.start();
    ex.advance(1);
    const bestBid = ex.depth('BTCUSDT', 1)?.bids[0]?.[0] as string;
    const stream = userStream(addr);
    await stream.api.subscribeUserDataStream('mainWSAPI');
    const placed = (await limitBuy(rest(addr), bestBid, '0.00100')) as { status: string; price: string };
    expect(placed).toMatchObject({ status: 'NEW', price: bestBid });
    ex.play();
    await ex.finished();
    await stream.frames.until((f) => reportsOf(f, 'TRADE').some((r) => r['X'] === 'FILLED'), 'the fill');
    const trades = reportsOf(stream.frames.items, 'TRADE');
    expect(trades.every((r) => r['L'] === bestBid && r['m'] === true)).toBe(true);
    expect(ex.privateSide().balances(KEY)['BTC']).toEqual({ free: '0.000999', locked: '0' });
  });
});
