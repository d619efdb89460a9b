// `flowdesk trade --no-ui` with EXECUTION_MODE=READ_ONLY_PRIVATE as an operator runs it: a real child process
// against the loopback exchange with its private side on, the account holding balances and one open order
// placed through the loopback's own REST API before the start. The status line shows the account's open
// orders and balances; the port sees only signed reads and the user-data subscription, never a mutation;
// SIGTERM exits 0; the key and secret appear in no output and no file of the state directory.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MainClient } from 'binance';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LoopbackExchange } from '../../src/loopback/index.js';
import { INSTRUMENTS, recording, waitFor } from '../live/harness.js';
import { PERMISSIVE, journalLines, playWhenSubscribed, startFlowdesk, type Paper } from './paper-process.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-trade-ro-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = 'roKeyQ1w2E3r4T5y6U7';
const SECRET = 'roSecretM9n8B7v6C5x4';

const running: { paper: Paper | null; ex: LoopbackExchange }[] = [];
afterEach(async () => {
  for (const { paper, ex } of running.splice(0)) {
    if (paper !== null && paper.child.exitCode === null && paper.child.signalCode === null) paper.child.kill('SIGKILL');
    await ex.stop();
  }
});

/** Every file under `root`, recursively. */
function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('flowdesk trade with EXECUTION_MODE=READ_ONLY_PRIVATE', () => {
  it('shows the account read from Binance, sends only signed reads and the user-data subscription, and exits 0 on SIGTERM', async () => {
    const ex = new LoopbackExchange({
      product: 'spot',
      messages: await recording('spot', 20_000),
      instruments: INSTRUMENTS.spot,
      speed: 10,
      eventTimes: 'wall',
      private: { accounts: [{ apiKey: KEY, apiSecret: SECRET, balances: { USDT: '10000', BTC: '1' } }] },
    });
    const { restUrl, wsUrl } = await ex.start();
    running.push({ paper: null, ex });
    // The operator's order, placed before flowdesk starts (by hand, through the exchange's own API).
    const client = new MainClient({ baseUrl: restUrl, api_key: KEY, api_secret: SECRET });
    await client.submitNewOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '20000.00' as unknown as number,
      quantity: '0.00100' as unknown as number,
      newClientOrderId: client.generateNewOrderId(),
    });
    expect(ex.privateSide().openOrders(KEY)).toHaveLength(1);
    const before = ex.requests().length;

    const state = join(dir, 'read-only');
    const env = { EXECUTION_MODE: 'READ_ONLY_PRIVATE', BINANCE_API_KEY: KEY, BINANCE_API_SECRET: SECRET, BINANCE_SPOT_REST_URL: restUrl, BINANCE_SPOT_WS_URL: wsUrl, BINANCE_SPOT_WS_API_URL: wsUrl };
    const paper = startFlowdesk(dir, ['trade', '--no-ui', '--product', 'spot', '--symbols', 'BTCUSDT', '--state', state, '--status-every', '1', ...PERMISSIVE], env);
    running[0] = { paper, ex };
    await playWhenSubscribed(ex);
    await waitFor('decisions in the journal', () => journalLines(state).filter((e) => e['type'] === 'decision').length >= 20, 60_000, 100);
    const shown = /^\d\d:\d\d:\d\dZ READ_ONLY_PRIVATE \(reads the Binance account, sends no order\) account open orders 1 BTC 1 USDT 10000 /;
    await waitFor('the account in the status line', () => paper.statusLines().some((l) => shown.test(l)), 30_000, 50);
    await waitFor('the user-data subscription', () => ex.privateSide().userStreams().length > 0, 30_000, 50);
    paper.child.kill('SIGTERM');
    expect(await paper.exited).toBe(0);

    expect(journalLines(state).filter((e) => e['type'] === 'orderRequested')).toEqual([]);
    expect(ex.privateSide().openOrders(KEY)).toHaveLength(1);
    const requests = ex.requests().slice(before);
    expect(requests.filter((r) => r.mutation)).toEqual([]);
    const signed = requests.filter((r) => r.signed || r.apiKey !== null);
    expect(new Set(signed.map((r) => `${r.transport} ${r.method} ${r.path}`))).toEqual(
      new Set(['rest GET /api/v3/account', 'rest GET /api/v3/openOrders', 'ws-api userDataStream.subscribe.signature /ws-api/v3']),
    );

    const outputs = [paper.stdout(), paper.stderr(), ...filesUnder(state).filter((f) => !f.includes('market')).map((f) => readFileSync(f, 'utf8'))];
    for (const text of outputs) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(SECRET);
    }
  }, 120_000);
});
