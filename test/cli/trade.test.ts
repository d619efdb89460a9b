// `flowdesk trade --no-ui` as an operator runs it: real child processes against the loopback exchange (its
// private side on, every venue's endpoints aimed at it, so a private request could be answered). A mode
// that must refuse does so in one line with exit 2 before any request reaches the port; PUBLIC reads no key
// and sends nothing signed, trades on the simulated exchange only once trading is enabled, and on SIGTERM
// cancels its open orders and exits 0 within 10 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LoopbackExchange } from '../../src/loopback/index.js';
import { INSTRUMENTS, recording, waitFor } from '../live/harness.js';
import { PERMISSIVE, journalLines, openOrders, playWhenSubscribed, readState, startFlowdesk, type Paper } from './paper-process.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-trade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = 'tradeKeyA1b2C3d4E5f6';
const SECRET = 'tradeSecretZ9y8X7w6V5';
const MESSAGES = 20_000;

const running: { paper: Paper | null; ex: LoopbackExchange }[] = [];
afterEach(async () => {
  for (const { paper, ex } of running.splice(0)) {
    if (paper !== null && paper.child.exitCode === null && paper.child.signalCode === null) paper.child.kill('SIGKILL');
    await ex.stop();
  }
});

/** The loopback exchange with a private account; every venue's REST, WS and WS API endpoints aimed at it. */
async function exchange(): Promise<{ ex: LoopbackExchange; env: Record<string, string> }> {
  const ex = new LoopbackExchange({
    product: 'spot',
    messages: await recording('spot', MESSAGES),
    instruments: INSTRUMENTS.spot,
    speed: 10,
    eventTimes: 'wall',
    private: { accounts: [{ apiKey: KEY, apiSecret: SECRET, balances: { USDT: '10000', BTC: '1' } }] },
  });
  const { restUrl, wsUrl } = await ex.start();
  const env = {
    BINANCE_SPOT_REST_URL: restUrl,
    BINANCE_SPOT_WS_URL: wsUrl,
    BINANCE_SPOT_WS_API_URL: wsUrl,
    BINANCE_SPOT_DEMO_REST_URL: restUrl,
    BINANCE_SPOT_DEMO_WS_API_URL: wsUrl,
    BINANCE_SPOT_TESTNET_REST_URL: restUrl,
    BINANCE_SPOT_TESTNET_WS_API_URL: wsUrl,
  };
  running.push({ paper: null, ex });
  return { ex, env };
}

const KEYS = { BINANCE_API_KEY: KEY, BINANCE_API_SECRET: SECRET, BINANCE_DEMO_API_KEY: KEY, BINANCE_DEMO_API_SECRET: SECRET, BINANCE_TESTNET_API_KEY: KEY, BINANCE_TESTNET_API_SECRET: SECRET };

function trade(state: string, env: Record<string, string>, extra: string[] = []): Paper {
  const product = extra.includes('--product') ? [] : ['--product', 'spot'];
  const paper = startFlowdesk(dir, ['trade', '--no-ui', ...product, '--symbols', 'BTCUSDT', '--state', state, '--status-every', '1', ...PERMISSIVE, ...extra], env);
  const entry = running.at(-1);
  if (entry !== undefined && entry.paper === null) entry.paper = paper;
  return paper;
}

const isOrder = (e: Record<string, unknown>): boolean => e['type'] === 'orderRequested';
describe('flowdesk trade refuses before any request', () => {
  it.each([
    ['LIVE without --live names --live', { EXECUTION_MODE: 'LIVE', ...KEYS }, [], /--live/],
    ['--live with another mode names --live', { EXECUTION_MODE: 'DEMO', ...KEYS }, ['--live'], /--live is only for EXECUTION_MODE=LIVE/],
    ['DEMO without its keys names the variables', { EXECUTION_MODE: 'DEMO', BINANCE_API_KEY: KEY, BINANCE_API_SECRET: SECRET }, [], /BINANCE_DEMO_API_KEY and BINANCE_DEMO_API_SECRET/],
    ['LIVE whose orders are larger than its cap names the cap', { EXECUTION_MODE: 'LIVE', ...KEYS }, ['--live'], /LIVE: BTCUSDT's orderNotional 100 is above FLOWDESK_LIVE_MAX_ORDER_NOTIONAL 20: --set orderNotional=20/],
    ['a LIVE cap that is not an amount names the variable', { EXECUTION_MODE: 'LIVE', FLOWDESK_LIVE_MAX_ORDER_NOTIONAL: '20 USDT', ...KEYS }, ['--live'], /FLOWDESK_LIVE_MAX_ORDER_NOTIONAL/],
    ['USD-M: not built', { EXECUTION_MODE: 'PUBLIC' }, ['--product', 'usdm'], /USD-M is not built/],
  ])('%s: one line, exit 2, nothing reaches the exchange', async (_name, modeEnv, extra, message) => {
    const { ex, env } = await exchange();
    const paper = trade(join(dir, 'refused'), { ...env, ...modeEnv }, extra);
    expect(await paper.exited).toBe(2);
    const lines = paper.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).not.toContain(SECRET);
    expect(ex.requests()).toEqual([]);
  }, 30_000);
});

describe('flowdesk trade in PUBLIC mode', () => {
  it('reads no key, sends nothing signed, and sends no order until trading is enabled', async () => {
    const { ex, env } = await exchange();
    const state = join(dir, 'not-enabled');
    const paper = trade(state, { ...env, ...KEYS });
    await playWhenSubscribed(ex);
    // The strategy decides (decisions in the journal) while the enablement gate holds every intent.
    await waitFor('decisions held by the enablement gate', () => journalLines(state).filter((e) => e['type'] === 'decision').length >= 20, 60_000, 100);
    await waitFor('a status line', () => paper.statusLines().length > 0, 30_000, 50);
    paper.child.kill('SIGTERM');
    expect(await paper.exited).toBe(0);
    expect(journalLines(state).filter(isOrder)).toEqual([]);
    expect(paper.statusLines().at(-1)).toMatch(/^\d\d:\d\d:\d\dZ PUBLIC \(orders to the simulated exchange, none to Binance\) .* TRADING NOT ENABLED$/);
    expect(ex.requests().length).toBeGreaterThan(0);
    expect(ex.requests().filter((r) => r.signed || r.mutation || r.apiKey !== null)).toEqual([]);
  }, 120_000);

  it('with --enable-trading trades on the simulated exchange; SIGTERM cancels the open orders and exits 0 within 10 s', async () => {
    const { ex, env } = await exchange();
    const state = join(dir, 'enabled');
    const paper = trade(state, env, ['--enable-trading', '--set', 'execution.makerTtlMs=60000']);
    await playWhenSubscribed(ex);
    const enabled = (): Record<string, unknown>[] => journalLines(state).filter((e) => e['type'] === 'gateChanged' && e['gate'] === 'operatorEnabled');
    await waitFor('an open order', () => openOrders(journalLines(state)).length > 0, 60_000, 50);
    expect(enabled()).toEqual([expect.objectContaining({ open: true, reason: 'trading enabled at the start (--enable-trading)' })]);
    const started = process.hrtime.bigint();
    paper.child.kill('SIGTERM');
    expect(await paper.exited).toBe(0);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(10_000);
    const events = journalLines(state);
    expect(events.some((e) => e['type'] === 'cancelRequested' && e['reason'] === 'session stopped (--on-stop cancel)')).toBe(true);
    expect(openOrders(events)).toEqual([]);
    expect(readState(state)['journalSeq']).toBe(events.length - 1);
    expect(ex.requests().filter((r) => r.signed || r.mutation)).toEqual([]);
  }, 120_000);

  it('a restart waits for a new enablement: the saved gate does not carry over', async () => {
    const state = join(dir, 'restarted');
    const first = await exchange();
    const enabled = trade(state, first.env, ['--enable-trading']);
    await playWhenSubscribed(first.ex);
    await waitFor('an order in session 1', () => journalLines(state, 1).some(isOrder), 60_000, 50);
    enabled.child.kill('SIGTERM');
    expect(await enabled.exited).toBe(0);
    const second = await exchange();
    const restarted = trade(state, second.env);
    await playWhenSubscribed(second.ex);
    await waitFor('decisions in session 2', () => journalLines(state, 2).filter((e) => e['type'] === 'decision').length >= 20, 60_000, 100);
    await waitFor('a status line of session 2', () => restarted.statusLines().some((l) => l.endsWith('TRADING NOT ENABLED')), 30_000, 50);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    expect(journalLines(state, 2).filter(isOrder)).toEqual([]);
  }, 180_000);
});
