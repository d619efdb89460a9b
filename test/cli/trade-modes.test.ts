// `flowdesk trade --no-ui` in each private mode as an operator runs it: a real child process, the loopback
// exchange standing in for Binance production (market data and the production account), demo mode and
// the testnet on three ports, through the real SDK. DRY_RUN_PRIVATE validates each order with
// /api/v3/order/test, journals the exact request and sends no mutation; DEMO and TESTNET write only to
// their own port; LIVE sends nothing without the enablement and, with it, writes only to production. A stop
// cancels the open orders at the venue; a restart with orders left open adopts them (queried, never resent)
// and ends reconciled with the venue. Binance's order-rate 429 rejects the order and feeds the rateLimit
// gate; fills whose executionReports were dropped still reach the journal (myTrades → the venue's queries)
// and the position equals the balance's change. No key or secret appears in any output or file.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LoopbackExchange } from '../../src/loopback/index.js';
import { INSTRUMENTS, recording, waitFor } from '../live/harness.js';
import { PERMISSIVE, journalLines, playWhenSubscribed, startFlowdesk, type Paper } from './paper-process.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-trade-modes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEYS = {
  production: { key: 'prodKeyA1s2D3f4G5h6J7', secret: 'prodSecretZ9x8C7v6B5n4' },
  demo: { key: 'demoKeyQ1w2E3r4T5y6U7', secret: 'demoSecretM9n8B7v6C5x4' },
  testnet: { key: 'testKeyP0o9I8u7Y6t5R4', secret: 'testSecretL1k2J3h4G5f6' },
} as const;
type VenueName = keyof typeof KEYS;

const running: { paper: Paper | null; exchanges: LoopbackExchange[] }[] = [];
afterEach(async () => {
  for (const { paper, exchanges } of running.splice(0)) {
    if (paper !== null && paper.child.exitCode === null && paper.child.signalCode === null) paper.child.kill('SIGKILL');
    for (const ex of exchanges) await ex.stop();
  }
});

interface Venues {
  readonly ex: Record<VenueName, LoopbackExchange>;
  /** Every endpoint variable aimed at its loopback, and every key pair set. */
  readonly env: Record<string, string>;
}

/**
 * Three loopbacks playing the bundled BTCUSDT recording (production's market feeds flowdesk; each matches its
 * own orders): 80,000 messages, about 70 s at 10×, so a slow start on a loaded machine still meets a market.
 */
async function venues(): Promise<Venues> {
  const messages = await recording('spot', 80_000);
  const ex = {} as Record<VenueName, LoopbackExchange>;
  const urls = {} as Record<VenueName, { restUrl: string; wsUrl: string }>;
  for (const name of Object.keys(KEYS) as VenueName[]) {
    ex[name] = new LoopbackExchange({
      product: 'spot',
      messages,
      instruments: INSTRUMENTS.spot,
      speed: 10,
      eventTimes: 'wall',
      private: { accounts: [{ apiKey: KEYS[name].key, apiSecret: KEYS[name].secret, balances: { USDT: '10000', BTC: '1' } }] },
    });
    urls[name] = await ex[name].start();
  }
  running.push({ paper: null, exchanges: Object.values(ex) });
  const env = {
    BINANCE_SPOT_REST_URL: urls.production.restUrl,
    BINANCE_SPOT_WS_URL: urls.production.wsUrl,
    BINANCE_SPOT_WS_API_URL: urls.production.wsUrl,
    BINANCE_SPOT_DEMO_REST_URL: urls.demo.restUrl,
    BINANCE_SPOT_DEMO_WS_API_URL: urls.demo.wsUrl,
    BINANCE_SPOT_TESTNET_REST_URL: urls.testnet.restUrl,
    BINANCE_SPOT_TESTNET_WS_API_URL: urls.testnet.wsUrl,
    BINANCE_API_KEY: KEYS.production.key,
    BINANCE_API_SECRET: KEYS.production.secret,
    BINANCE_DEMO_API_KEY: KEYS.demo.key,
    BINANCE_DEMO_API_SECRET: KEYS.demo.secret,
    BINANCE_TESTNET_API_KEY: KEYS.testnet.key,
    BINANCE_TESTNET_API_SECRET: KEYS.testnet.secret,
  };
  return { ex, env };
}

/** Starts trade in `mode`; production and the venue that trades play their recordings once flowdesk subscribed. */
async function trade(v: Venues, mode: string, state: string, extra: string[]): Promise<Paper> {
  const paper = startFlowdesk(dir, ['trade', '--no-ui', '--product', 'spot', '--symbols', 'BTCUSDT', '--state', state, '--status-every', '1', ...PERMISSIVE, '--set', 'orderNotional=20', ...extra], {
    ...v.env,
    EXECUTION_MODE: mode,
  });
  const entry = running.at(-1);
  if (entry !== undefined) entry.paper = paper;
  await playWhenSubscribed(v.ex.production);
  for (const name of ['demo', 'testnet'] as const) v.ex[name].play();
  return paper;
}

const mutations = (ex: LoopbackExchange): string[] => ex.requests().filter((r) => r.mutation).map((r) => `${r.method} ${r.path}`);
const signedPaths = (ex: LoopbackExchange): Set<string> => new Set(ex.requests().filter((r) => r.signed || r.apiKey !== null).map((r) => `${r.method} ${r.path}`));
const ofType = (state: string, type: string, session = 1): Record<string, unknown>[] => journalLines(state, session).filter((e) => e['type'] === type);

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** No key or secret of any venue in the process's output or any file of the state directory but the market recording. */
function expectNoSecrets(paper: Paper, state: string): void {
  const outputs = [paper.stdout(), paper.stderr(), ...filesUnder(state).filter((f) => !f.includes('market')).map((f) => readFileSync(f, 'utf8'))];
  for (const text of outputs) {
    for (const { key, secret } of Object.values(KEYS)) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/signature/i);
  }
}

describe('flowdesk trade with EXECUTION_MODE=DRY_RUN_PRIVATE', () => {
  it('builds the exact orders, has Binance validate them, journals them, and sends no mutation anywhere', async () => {
    const v = await venues();
    const state = join(dir, 'dry-run');
    const paper = await trade(v, 'DRY_RUN_PRIVATE', state, ['--enable-trading']);
    await waitFor('validated requests in the journal', () => ofType(state, 'venueRequest').length >= 3, 90_000, 100);
    paper.child.kill('SIGTERM');
    expect(await paper.exited, paper.stderr()).toBe(0);

    const requests = ofType(state, 'venueRequest');
    expect(requests.every((r) => r['request'] === 'testOrder' && r['venue'] === 'production')).toBe(true);
    const first = requests[0] as { params: Record<string, string>; clientOrderId: string };
    expect(first.params).toMatchObject({ symbol: 'BTCUSDT', newClientOrderId: first.clientOrderId });
    expect(first.params['price']).toMatch(/^\d+\.\d+$/);
    expect(first.params['quantity']).toMatch(/^\d+\.\d+$/);
    expect(first.clientOrderId).toMatch(/^x-U5D79M5B[A-Za-z0-9_-]{22}$/);
    // Each order ends validated and not sent; none is open anywhere.
    const reports = ofType(state, 'reportReceived');
    expect(reports.length).toBeGreaterThanOrEqual(requests.length);
    // (an order still being validated at the stop may also see its cancel answered)
    expect(reports.filter((r) => r['report'] === 'accepted' || r['report'] === 'filled')).toEqual([]);
    expect(reports.filter((r) => r['report'] === 'rejected').every((r) => String(r['reason']).startsWith('dry run: '))).toBe(true);
    expect(reports.some((r) => String(r['reason']).startsWith('dry run: validated by Binance, not sent: '))).toBe(true);
    // Validated orders do not count as the venue refusing them: the strategy kept sending.
    expect(ofType(state, 'orderRequested').length).toBeGreaterThanOrEqual(3);
    for (const ex of Object.values(v.ex)) expect(mutations(ex)).toEqual([]);
    expect(signedPaths(v.ex.production)).toContain('POST /api/v3/order/test');
    expect(v.ex.demo.requests()).toEqual([]);
    expect(v.ex.testnet.requests()).toEqual([]);
    // The registry names each order's decision.
    const registry = readFileSync(join(state, 'orders.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(registry[0]).toMatchObject({ clientOrderId: first.clientOrderId, mode: 'DRY_RUN_PRIVATE', venue: 'production', symbol: 'BTCUSDT' });
    expectNoSecrets(paper, state);
  }, 150_000);
});

describe('flowdesk trade writes only to its own venue', () => {
  for (const [mode, venue] of [
    ['DEMO', 'demo'],
    ['TESTNET', 'testnet'],
  ] as const) {
    it(`${mode}: orders reach only the ${venue} port; SIGTERM cancels them there and exits 0`, async () => {
      const v = await venues();
      const state = join(dir, mode.toLowerCase());
      const paper = await trade(v, mode, state, ['--enable-trading', '--set', 'execution.makerTtlMs=600000']);
      await waitFor(`an order open at the ${venue} venue`, () => v.ex[venue].privateSide().openOrders(KEYS[venue].key).length > 0, 90_000, 100);
      paper.child.kill('SIGTERM');
      expect(await paper.exited, paper.stderr()).toBe(0);
      expect(v.ex[venue].privateSide().openOrders(KEYS[venue].key)).toEqual([]);
      expect(mutations(v.ex[venue])).toContain('POST /api/v3/order');
      for (const other of Object.keys(KEYS) as VenueName[]) if (other !== venue) expect(mutations(v.ex[other])).toEqual([]);
      expect([...signedPaths(v.ex.production)]).toEqual([]);
      const sent = ofType(state, 'venueRequest');
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.every((r) => r['venue'] === venue)).toBe(true);
      expectNoSecrets(paper, state);
    }, 150_000);
  }
});

describe("flowdesk trade meets Binance's order rate limit", () => {
  it('DEMO: a 429 rejects the order as rate limited and the rateLimit gate counts it in the next decisions', async () => {
    const v = await venues();
    v.ex.demo.privateSide().rateLimitNextOrders({ count: 3 });
    const state = join(dir, 'rate-limited');
    const paper = await trade(v, 'DEMO', state, ['--enable-trading']);
    const limited = () => ofType(state, 'reportReceived').find((r) => r['report'] === 'rejected');
    const rateLimitGate = (d: Record<string, unknown>) => (d['gates'] as { gate: string; value: unknown }[]).find((g) => g.gate === 'rateLimit');
    // A decision journaled after the refusal that weighed an order: its rateLimit gate counts the warning.
    const counted = () => ofType(state, 'decision').filter((d) => Number(d['seq']) > Number(limited()?.['seq']) && rateLimitGate(d) !== undefined);
    await waitFor('a rejected order in the journal', () => limited() !== undefined, 90_000, 100);
    await waitFor('a later decision with the rateLimit gate', () => counted().length > 0, 60_000, 100);
    paper.child.kill('SIGTERM');
    expect(await paper.exited, paper.stderr()).toBe(0);

    expect(limited()?.['reason']).toMatch(/^rate limited by Binance \(HTTP 429 /);
    expect(v.ex.demo.requests().some((r) => r.method === 'POST' && r.path === '/api/v3/order' && r.status === 429)).toBe(true);
    const gate = rateLimitGate(counted()[0] as Record<string, unknown>);
    expect(gate).toMatchObject({ pass: false, limit: 0 });
    expect(Number(gate?.value)).toBeGreaterThanOrEqual(1);
    // Held by the gate (no warning allowed in its window), no order went out after the refusal.
    expect(v.ex.demo.privateSide().openOrders(KEYS.demo.key)).toEqual([]);
    expectNoSecrets(paper, state);
  }, 150_000);
});

describe('flowdesk trade finds fills whose user events were lost', () => {
  it("DEMO: with every executionReport dropped, each fill still reaches the journal once and the position is the balance's change", async () => {
    const v = await venues();
    const state = join(dir, 'dropped-fills');
    // Every executionReport is dropped from the start: acks and fills come only from the REST answers, the
    // queries and myTrades. Orders keep coming (makers canceled after 1 s, IOCs), so fills come whatever the
    // market does; a fill is not left to one resting order the price may never reach.
    const demo = v.ex.demo.privateSide();
    demo.dropNextUserEvent({ type: 'executionReport', count: 1_000_000 });
    const paper = await trade(v, 'DEMO', state, ['--enable-trading']);
    const droppedTrades = () => demo.userEvents().filter((e) => e.type === 'executionReport' && e.copies === 0 && e.event['x'] === 'TRADE');
    const journaledFills = () => ofType(state, 'reportReceived').filter((r) => r['report'] === 'filled');
    await waitFor('a fill whose executionReport was dropped', () => droppedTrades().length > 0, 90_000, 100);
    const lost = String(droppedTrades()[0]?.event['t']);
    await waitFor('the lost fill in the journal', () => journaledFills().some((r) => String(r['tradeId']) === lost), 60_000, 100);
    paper.child.kill('SIGTERM');
    expect(await paper.exited, paper.stderr()).toBe(0);

    // Every trade of the account's orders reached the journal, each once; nothing is open at the venue.
    const venueTrades = demo.userEvents().filter((e) => e.type === 'executionReport' && e.event['x'] === 'TRADE').map((e) => String(e.event['t']));
    const fills = journaledFills().map((r) => String(r['tradeId']));
    expect([...fills].sort()).toEqual([...venueTrades].sort());
    expect(demo.openOrders(KEYS.demo.key)).toEqual([]);
    // The strategy's position is what the venue's balance moved by.
    const saved = JSON.parse(readFileSync(join(state, 'state.json'), 'utf8')) as { positions: { qty: string }[]; execution: { baseline: Record<string, string> } };
    const btc = demo.balances(KEYS.demo.key)['BTC'];
    const held = Number(btc?.free ?? 0) + Number(btc?.locked ?? 0);
    expect(held - Number(saved.execution.baseline['BTC'])).toBeCloseTo(Number(saved.positions[0]?.qty ?? 0), 8);
    expect(held).not.toBe(Number(saved.execution.baseline['BTC'])); // the fills moved it
  }, 150_000);
});

describe('flowdesk trade with EXECUTION_MODE=LIVE', () => {
  it('with --live but not enabled: decides, reads the account, and sends no order', async () => {
    const v = await venues();
    const state = join(dir, 'live-held');
    const paper = await trade(v, 'LIVE', state, ['--live']);
    await waitFor('decisions held by the enablement gate', () => ofType(state, 'decision').length >= 20, 90_000, 100);
    await waitFor('an account read', () => signedPaths(v.ex.production).has('GET /api/v3/account'), 30_000, 50);
    paper.child.kill('SIGTERM');
    expect(await paper.exited, paper.stderr()).toBe(0);
    expect(ofType(state, 'orderRequested')).toEqual([]);
    for (const ex of Object.values(v.ex)) expect(mutations(ex)).toEqual([]);
    expect(paper.statusLines().at(-1)).toMatch(/LIVE \(real orders to Binance production\) .*TRADING NOT ENABLED$/);
    expectNoSecrets(paper, state);
  }, 150_000);

  it('with --live and the enablement: orders reach only the production port', async () => {
    const v = await venues();
    const state = join(dir, 'live');
    const paper = await trade(v, 'LIVE', state, ['--live', '--enable-trading', '--set', 'execution.makerTtlMs=600000']);
    await waitFor('an order open in production', () => v.ex.production.privateSide().openOrders(KEYS.production.key).length > 0, 90_000, 100);
    paper.child.kill('SIGTERM');
    expect(await paper.exited, paper.stderr()).toBe(0);
    expect(mutations(v.ex.production)).toContain('POST /api/v3/order');
    expect(mutations(v.ex.demo)).toEqual([]);
    expect(mutations(v.ex.testnet)).toEqual([]);
    expect(v.ex.production.privateSide().openOrders(KEYS.production.key)).toEqual([]);
    expectNoSecrets(paper, state);
  }, 150_000);
});

describe('a restart of a DEMO session with orders open at the venue', () => {
  it('adopts them without resending, ends reconciled with the venue, and a state of another mode is refused', async () => {
    const v = await venues();
    const state = join(dir, 'restart');
    const first = await trade(v, 'DEMO', state, ['--enable-trading', '--on-stop', 'leave', '--set', 'execution.makerTtlMs=600000']);
    const openAtDemo = () => v.ex.demo.privateSide().openOrders(KEYS.demo.key);
    // The demo market stops the moment an order rests there (the loopback runs in this process: nothing fills
    // it in between), so the first session surely leaves one open; it plays again while no session runs.
    await waitFor('an order open at the demo venue', () => openAtDemo().length > 0 && (v.ex.demo.pause(), true), 90_000, 100);
    first.child.kill('SIGTERM');
    expect(await first.exited, first.stderr()).toBe(0);
    const left = openAtDemo().map((o) => o.clientOrderId);
    expect(left.length).toBeGreaterThan(0);
    const placed = mutations(v.ex.demo).filter((m) => m === 'POST /api/v3/order').length;
    v.ex.demo.play();

    // Another mode cannot take this state over.
    const refused = startFlowdesk(dir, ['trade', '--no-ui', '--product', 'spot', '--symbols', 'BTCUSDT', '--state', state], { ...v.env, EXECUTION_MODE: 'TESTNET' });
    expect(await refused.exited).toBe(2);
    expect(refused.stderr()).toMatch(/holds the state of orders sent to EXECUTION_MODE=DEMO \(Binance demo\); this run sends them to EXECUTION_MODE=TESTNET \(Binance testnet\): choose another --state/);

    const second = startFlowdesk(dir, ['trade', '--no-ui', '--product', 'spot', '--symbols', 'BTCUSDT', '--state', state, '--status-every', '1', ...PERMISSIVE, '--set', 'orderNotional=20', '--set', 'execution.makerTtlMs=600000'], {
      ...v.env,
      EXECUTION_MODE: 'DEMO',
    });
    (running.at(-1) as { paper: Paper | null }).paper = second;
    // Not enabled: nothing new goes out; the adopted orders are queried and the account read agrees.
    await waitFor('a reconciled status line', () => second.statusLines().some((l) => /open orders \d+/.test(l) && !l.includes('orders held')), 60_000, 100);
    await waitFor('the adopted orders queried', () => v.ex.demo.requests().some((r) => r.method === 'GET' && r.path === '/api/v3/order'), 30_000, 50);
    second.child.kill('SIGTERM');
    expect(await second.exited, second.stderr()).toBe(0);
    // Nothing was resent; the stop canceled what the first session left open.
    expect(mutations(v.ex.demo).filter((m) => m === 'POST /api/v3/order').length).toBe(placed);
    expect(openAtDemo()).toEqual([]);
    // Each order left open was tracked by the second session: it ended there, canceled by its stop or filled
    // at the venue while no session ran (the query brought the fills).
    const ended = ofType(state, 'reportReceived', 2).filter((e) => e['report'] === 'canceled' || (e['report'] === 'filled' && ofType(state, 'cancelRequested', 2).every((c) => c['clientOrderId'] !== e['clientOrderId'])));
    for (const id of left) expect(ended.map((e) => e['clientOrderId'])).toContain(id);
    // The strategy's position is what the venue's balance moved by.
    const saved = JSON.parse(readFileSync(join(state, 'state.json'), 'utf8')) as { positions: { qty: string }[]; execution: { baseline: Record<string, string> } };
    const btc = v.ex.demo.privateSide().balances(KEYS.demo.key)['BTC'];
    const held = Number(btc?.free ?? 0) + Number(btc?.locked ?? 0);
    expect(held - Number(saved.execution.baseline['BTC'])).toBeCloseTo(Number(saved.positions[0]?.qty ?? 0), 8);
    expectNoSecrets(second, state);

    // A state whose components do not fit is refused in one line before anything is written.
    const broken = JSON.parse(readFileSync(join(state, 'state.json'), 'utf8')) as { symbols: Record<string, { risk: unknown }> };
    (broken.symbols['BTCUSDT'] as { risk: unknown }).risk = { broken: true };
    writeFileSync(join(state, 'state.json'), JSON.stringify(broken));
    const third = startFlowdesk(dir, ['trade', '--no-ui', '--product', 'spot', '--symbols', 'BTCUSDT', '--state', state], { ...v.env, EXECUTION_MODE: 'DEMO' });
    expect(await third.exited).toBe(2);
    expect(third.stderr()).toMatch(/trade: .*state\.json cannot be resumed: .*; nothing was changed/);
    expect(readdirSync(join(state, 'sessions'))).toEqual(['0001', '0002']);
  }, 240_000);
});
