// BinanceAccount against the loopback exchange's private side through the REAL SDK (the reader of the
// execution harness, routed as READ_ONLY_PRIVATE routes it): what a read holds, what makes it read again
// (a user-data event, the stream coming back; many asks coalesced), the kernel holdings over a baseline,
// the problem line that closes the private-state gate, and order statuses for restart recovery. Time is
// the harness's EventTimeScheduler moved by hand: no periodic read happens unless a test moves it. Waits
// are for conditions with deadlines, never sleeps.
import { afterEach, describe, expect, it } from 'vitest';
import { BinanceAccount, baselineFrom, type AccountRead } from '../../src/cli/binance-account.js';
import type { LoopbackExchange } from '../../src/loopback/index.js';
import { CREDENTIALS, closeSessions, eventually, openReader, routeFor, startExchange, type ReaderSetup } from '../venue/binance-execution-harness.js';
import { closeAll, rest } from '../loopback/private-harness.js';

const accounts: BinanceAccount[] = [];
afterEach(async () => {
  for (const a of accounts.splice(0)) await a.close();
  await closeSessions();
  await closeAll();
});

const SYMBOLS = [{ symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT' }];
const { key, secret } = CREDENTIALS.production;

interface Setup extends ReaderSetup {
  readonly ex: LoopbackExchange;
  readonly account: BinanceAccount;
  readonly reads: AccountRead[];
  /** Places an order by hand through the exchange's own API (the operator's); returns its client id. */
  place(side: 'BUY' | 'SELL', price: string, qty: string): Promise<string>;
  /** The REST reads of the account the exchange answered. */
  accountRequests(): number;
}

async function setup(options: { wsUrl?: string } = {}): Promise<Setup> {
  const { ex, addr } = await startExchange('production');
  const route = routeFor('READ_ONLY_PRIVATE', { production: { ...addr, ...(options.wsUrl === undefined ? {} : { wsUrl: options.wsUrl }) } });
  const readerSetup = await openReader(route);
  const account = new BinanceAccount(readerSetup.reader, { clock: readerSetup.time, scheduler: readerSetup.time });
  accounts.push(account);
  const reads: AccountRead[] = [];
  account.onRead((read) => reads.push(read));
  const client = rest(addr, key, secret);
  let n = 0;
  const place = async (side: 'BUY' | 'SELL', price: string, qty: string): Promise<string> => {
    const id = `x-U5D79M5Bhand${String(++n).padStart(18, '0')}`;
    await client.submitNewOrder({
      symbol: 'BTCUSDT',
      side,
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: price as unknown as number,
      quantity: qty as unknown as number,
      newClientOrderId: id,
    });
    return id;
  };
  const accountRequests = (): number => ex.requests().filter((r) => r.path === '/api/v3/account').length;
  return { ...readerSetup, ex, account, reads, place, accountRequests };
}

describe('BinanceAccount', () => {
  it('reads balances and open orders at open, then subscribes to the user stream', async () => {
    const s = await setup();
    const id = await s.place('BUY', '99.00', '0.10000');
    await s.account.open();
    const last = s.account.latest() as AccountRead;
    expect(last.openOrders.map((o) => o.clientOrderId)).toEqual([id]);
    expect(last.balances).toEqual(
      expect.arrayContaining([
        { asset: 'BTC', free: '1', locked: '0' },
        { asset: 'USDT', free: '990.1', locked: '9.9' },
      ]),
    );
    expect(last.atUs).toBe(s.time.nowUs());
    expect(s.reader.userStream().state).toBe('live');
    expect(s.account.held('USDT')).toBe('1000');
    expect(s.account.statusField(['BTC', 'USDT'])).toBe('account open orders 1 BTC 1 USDT 1000');
    expect(s.account.problem(s.time.nowUs())).toBeNull();
  });

  it('has no holdings and says so until its first read', async () => {
    const s = await setup();
    expect(s.account.problem(s.time.nowUs())).toBe('no account read yet');
    expect(s.account.statusField(['BTC'])).toBe('account not read yet');
    const venue = s.account.holdings(SYMBOLS, { BTC: '0' }, 'binance production');
    expect(venue.holdings()).toEqual({});
    expect(venue.snapshot()).toEqual({ openOrders: [], balances: [], positions: [] });
  });

  it('reads again after a user-data event, with no timer moved', async () => {
    const s = await setup();
    await s.account.open();
    await s.account.read(); // the read after the stream went live, if it was still running
    const before = s.reads.length;
    const id = await s.place('SELL', '200.00', '0.30000');
    await eventually(() => s.account.latest()?.openOrders.some((o) => o.clientOrderId === id) === true, 'a read with the new order');
    expect(s.reads.length).toBeGreaterThan(before);
    expect(s.account.held('BTC')).toBe('1'); // 0.7 free + 0.3 locked
  });

  it('coalesces the reads asked for during a read into one more, which every such ask waits for', async () => {
    const s = await setup();
    await s.account.open();
    await s.account.read();
    const before = s.accountRequests();
    const first = s.account.read();
    const second = s.account.read();
    const third = s.account.read();
    expect(second).toBe(third);
    await first;
    expect(s.accountRequests()).toBe(before + 1);
    await second;
    expect(s.accountRequests()).toBe(before + 2);
    await third;
    expect(s.accountRequests()).toBe(before + 2);
  });

  it('reads every readEveryMs of the scheduler time', async () => {
    const s = await setup();
    await s.account.open();
    await s.account.read();
    const before = s.accountRequests();
    s.time.advance(4999);
    await s.account.read(); // waits for a read the timer started, if any, then reads once
    expect(s.accountRequests()).toBe(before + 1);
    s.time.advance(1);
    await eventually(() => s.accountRequests() === before + 2, 'the periodic read');
  });

  it('holds per symbol the base asset held minus the baseline, negative as it is', async () => {
    const s = await setup();
    await s.place('SELL', '200.00', '0.30000');
    await s.account.open();
    const venue = s.account.holdings(SYMBOLS, { BTC: '0.25' }, 'binance production');
    expect(venue.name).toBe('binance production');
    expect(venue.quoteAsset()).toBe('USDT');
    expect(venue.holdings()).toEqual({ BTCUSDT: { position: '0.75', quote: 'USDT', fills: 0 } });
    expect(s.account.holdings(SYMBOLS, { BTC: '1.5' }, 'x').holdings()).toEqual({ BTCUSDT: { position: '-0.5', quote: 'USDT', fills: 0 } });
    const last = s.account.latest() as AccountRead;
    expect(venue.snapshot()).toEqual({ openOrders: last.openOrders, balances: last.balances, positions: [] });
    expect(venue.snapshot().openOrders).toHaveLength(1);
    expect(venue.orderFacts(last.openOrders[0]?.clientOrderId ?? '')).toBeNull();

    // A restart with a local position of 0.2 BTC: the baseline makes the venue agree with it.
    const baseline = baselineFrom(last, [{ baseAsset: 'BTC', qty: '0.2' }]);
    expect(baseline).toEqual({ BTC: '0.8' });
    expect(s.account.holdings(SYMBOLS, baseline, 'x').holdings()['BTCUSDT']?.position).toBe('0.2');
    expect(baselineFrom(last, [{ baseAsset: 'ETH', qty: '0' }])).toEqual({ ETH: '0' });
  });

  it('reports a user stream down for staleAfterMs, and nothing once it is back and read', async () => {
    const s = await setup();
    await s.account.open();
    await s.account.read();
    const t0 = s.time.nowUs();
    s.ex.refuseConnections(true);
    expect(s.ex.privateSide().disconnectUserStreams()).toBe(1);
    await eventually(() => s.reader.userStream().state === 'down', 'the stream down');
    expect(s.account.problem(t0 + 14_999_999)).toBeNull();
    expect(s.account.problem(t0 + 15_000_000)).toBe('user stream down for 15 s');
    expect(s.account.problem(t0 + 42_500_000)).toBe('user stream down for 42 s');
    const reads = s.reads.length;
    s.ex.refuseConnections(false);
    await eventually(() => s.reader.userStream().state === 'live' && s.reads.length > reads, 'the stream back, then a read');
    expect(s.account.problem(s.time.nowUs() + 15_000_000)).toBeNull();
    const atUs = (s.account.latest() as AccountRead).atUs;
    expect(s.account.problem(atUs + 15_000_001)).toBe('last account read 15 s old');
  });

  it('counts a stream that was live before open from when it goes down', async () => {
    const s = await setup();
    await s.reader.startUserStream(); // a venue on the same reader started it
    s.time.advance(60_000);
    await s.account.open();
    const t1 = s.time.nowUs();
    s.ex.refuseConnections(true);
    s.ex.privateSide().disconnectUserStreams();
    await eventually(() => s.reader.userStream().state === 'down', 'the stream down');
    expect(s.account.problem(t1 + 15_000_000)).toBe('user stream down for 15 s');
  });

  it('reports a failed start of the user stream, counted from the start through every retry', async () => {
    const s = await setup({ wsUrl: 'ws://127.0.0.1:9' });
    const opening = s.account.open();
    await eventually(() => s.account.latest() !== null, 'the first read');
    s.time.advance(15_000); // the subscription's deadline
    await opening;
    await s.account.read();
    expect(s.account.problem(s.time.nowUs())).toBe('user stream down for 15 s (user-data stream: no subscription within 15000 ms)');
    s.time.advance(5000); // the next period: a read, and the stream tried again
    await s.account.read();
    // tried again: connecting, or already refused again (a refused port answers at once: which one is a race)
    expect(['connecting', 'down']).toContain(s.reader.userStream().state);
    expect(s.account.problem(s.time.nowUs())).toBe('user stream down for 20 s (user-data stream: no subscription within 15000 ms)');
  });

  it('reports a failed read in one line until a read succeeds', async () => {
    const s = await setup();
    await s.account.open();
    await s.account.read();
    s.ex.privateSide().setClockOffset(-60_000); // every signed request now arrives "from the future"
    await s.account.read();
    const problem = s.account.problem(s.time.nowUs());
    expect(problem).toMatch(/^account read failed: .*-1021/);
    expect(problem).not.toContain(key);
    expect(s.account.statusField(['BTC'])).toMatch(/^account open orders 0 BTC 1 \(read failed: .*-1021/);
    s.ex.privateSide().setClockOffset(0);
    await s.account.read();
    expect(s.account.problem(s.time.nowUs())).toBeNull();
  });

  it("gives the venue's record of a known order and null for an order it never saw", async () => {
    const s = await setup();
    const id = await s.place('BUY', '99.00', '0.10000');
    const statuses = await s.account.statuses([
      { symbol: 'BTCUSDT', clientOrderId: id },
      { symbol: 'BTCUSDT', clientOrderId: 'x-U5D79M5Bnever0000000000000' },
    ]);
    expect([...statuses.keys()]).toEqual([id, 'x-U5D79M5Bnever0000000000000']);
    expect(statuses.get(id)).toMatchObject({ clientOrderId: id, symbol: 'BTCUSDT', side: 'buy', status: 'open', filledLots: 0, fills: [] });
    expect(statuses.get('x-U5D79M5Bnever0000000000000')).toBeNull();
  });

  it('reads no more once closed', async () => {
    const s = await setup();
    await s.account.open();
    await s.account.close();
    const before = s.accountRequests();
    s.time.advance(60_000);
    await s.account.read();
    expect(s.accountRequests()).toBe(before);
    expect(s.reader.userStream().state).toBe('live'); // the reader is the caller's to close
  });
});
