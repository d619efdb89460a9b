// The paper console's engine in its worker thread (cli/paper-console, cli/paper-console-worker) against the
// loopback exchange: the worker trades (the gates pane has decisions, the journal has orders), a SIGUSR2
// counted by the main thread engages the kill switch there, and closing the console stops the engine in
// order: the journal's tallies, then the last snapshot. A worker runs compiled code: the console side
// comes from dist/ (npm test builds it first).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LoopbackExchange } from '../../src/loopback/index.js';
import { readTradingJournal } from '../../src/recording/index.js';
import { waitFor } from '../live/harness.js';
import { PROJECT_ROOT } from '../support/fixtures.js';
import { PERMISSIVE, journalLines, playWhenSubscribed, readState, startExchange } from './paper-process.js';

const DIST = path.join(PROJECT_ROOT, 'dist/cli/paper-console.js');
if (!existsSync(DIST)) throw new Error('dist/ is missing: run `npm run build` (npm test does) before this test');
const { startPaperConsole } = (await import(DIST)) as typeof import('../../src/cli/paper-console.js');
const { loadConfig } = (await import(path.join(PROJECT_ROOT, 'dist/config/index.js'))) as typeof import('../../src/config/index.js');
const { computeLayout, frameSizeFor } = (await import(path.join(PROJECT_ROOT, 'dist/tui/index.js'))) as typeof import('../../src/tui/index.js');
const { loadStrategyConfig } = (await import(path.join(PROJECT_ROOT, 'dist/cli/strategy-config.js'))) as typeof import('../../src/cli/strategy-config.js');

const dir = mkdtempSync(path.join(tmpdir(), 'flowdesk-paper-console-'));
const exchanges: LoopbackExchange[] = [];
afterEach(async () => {
  for (const ex of exchanges.splice(0)) await ex.stop();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the paper console engine', () => {
  it('trades in its worker; SIGUSR2 counted by the main thread kills; closing writes the tallies and the last snapshot', async () => {
    const { ex, env } = await startExchange(20_000, 10);
    exchanges.push(ex);
    const config = loadConfig({ env: { ...env, FLOWDESK_LOG_LEVEL: 'warn', FLOWDESK_LOG_FILE: path.join(dir, 'paper.log') }, envFile: null, secrets: false });
    const sets = PERMISSIVE.filter((_, i) => i % 2 === 1);
    const strategy = { config: await loadStrategyConfig(undefined, sets), models: new Map() };
    const state = path.join(dir, 'state');
    const args = { product: 'spot', symbols: ['BTCUSDT'], trades: 'trade', depthStream: 'depth@100ms', snapshotLimit: 1000, statusEverySec: 10, imbalanceLevels: 10 } as const;
    const killCount = new Int32Array(new SharedArrayBuffer(4));
    const warnings: string[] = [];
    const model = await startPaperConsole({ args, strategy, state: { dir: state, state: null, nextSession: 1 }, resetKill: false }, killCount, config, (m) => warnings.push(m));
    try {
      await playWhenSubscribed(ex);
      const size = frameSizeFor(computeLayout(120, 40));
      const view = () => model.view(size, 4);
      await waitFor('the gates pane with decisions', () => (view().gates?.evaluations ?? 0) > 0, 60_000, 20);
      expect(view().status.source).toBe('live spot BTCUSDT · paper');
      await waitFor('an order in the journal', () => journalLines(state).some((e) => e['type'] === 'orderRequested'), 60_000, 50);
      Atomics.add(killCount, 0, 1);
      await waitFor('the kill switch in state.json', () => readState(state)['trading'] !== undefined && (readState(state)['trading'] as { killReason: unknown }).killReason === 'SIGUSR2', 30_000, 50);
      expect(journalLines(state).some((e) => e['type'] === 'killSwitchEngaged' && e['reason'] === 'SIGUSR2')).toBe(true);
    } finally {
      await model.close();
    }
    expect(model.error).toBeNull();
    expect(warnings).toEqual([]);
    const journal = await readTradingJournal(path.join(state, 'sessions/0001/journal.jsonl'), (m) => expect.fail(m));
    expect(journal.events.at(-1)?.type).toBe('gateTally');
    expect(readState(state)).toMatchObject({ session: 1, journalSeq: journal.events.length, journalDigest: journal.digest });
  }, 120_000);
});

describe('the trade console engine at Binance', () => {
  it('builds its Binance route inside the worker: DEMO orders reach the demo venue, the Reconciliation pane shows its account, nothing stays open', async () => {
    const { LoopbackExchange } = await import('../../src/loopback/index.js');
    const { INSTRUMENTS, recording } = await import('../live/harness.js');
    const { ex, env } = await startExchange(20_000, 10);
    exchanges.push(ex);
    const demo = new LoopbackExchange({
      product: 'spot',
      messages: await recording('spot', 20_000),
      instruments: INSTRUMENTS.spot,
      speed: 10,
      eventTimes: 'wall',
      private: { accounts: [{ apiKey: 'demoKeyW1e2R3', apiSecret: 'demoSecretT4y5U6', balances: { USDT: '10000', BTC: '1' } }] },
    });
    exchanges.push(demo);
    const at = await demo.start();
    const keys = { EXECUTION_MODE: 'DEMO', BINANCE_DEMO_API_KEY: 'demoKeyW1e2R3', BINANCE_DEMO_API_SECRET: 'demoSecretT4y5U6', BINANCE_SPOT_DEMO_REST_URL: at.restUrl, BINANCE_SPOT_DEMO_WS_API_URL: at.wsUrl };
    const config = loadConfig({ env: { ...env, ...keys, FLOWDESK_LOG_LEVEL: 'warn', FLOWDESK_LOG_FILE: path.join(dir, 'trade.log') }, envFile: null });
    const sets = [...PERMISSIVE.filter((_, i) => i % 2 === 1), 'orderNotional=20', 'execution.makerTtlMs=600000'];
    const strategy = { config: await loadStrategyConfig(undefined, sets), models: new Map() };
    const state = path.join(dir, 'trade-state');
    const args = { product: 'spot', symbols: ['BTCUSDT'], trades: 'trade', depthStream: 'depth@100ms', snapshotLimit: 1000, statusEverySec: 10, imbalanceLevels: 10 } as const;
    const trade = { mode: 'DEMO', enableTrading: true, onStop: 'cancel', binanceVenue: 'demo' } as const;
    const model = await startPaperConsole({ args, strategy, state: { dir: state, state: null, nextSession: 1 }, resetKill: false, trade }, new Int32Array(new SharedArrayBuffer(4)), config, () => undefined);
    try {
      await playWhenSubscribed(ex);
      demo.play();
      await waitFor('an order at the demo venue', () => demo.requests().some((r) => r.mutation && r.path === '/api/v3/order'), 60_000, 50);
      const size = frameSizeFor(computeLayout(120, 40));
      await waitFor('the demo account in the Reconciliation pane', () => model.view(size, 4).trading?.reconciliation.venue === 'Binance demo', 30_000, 50);
    } finally {
      await model.close();
    }
    expect(model.error).toBeNull();
    // Nothing left open at the venue after the stop; nothing reached production's private side.
    expect(demo.privateSide().openOrders('demoKeyW1e2R3')).toEqual([]);
    expect(ex.requests().filter((r) => r.signed || r.mutation)).toEqual([]);
  }, 120_000);
});
