// The live console's engine in its worker thread (cli/live-console, cli/live-console-worker), against the
// loopback exchange (the real SDK over 127.0.0.1): the worker — not this thread — receives the frames and
// builds the views this thread shows, keys reach it, its logs go to the configured log file, and closing
// the console closes its sockets. Then `flowdesk live` itself in a pseudo-terminal (tmux): the console
// fills, and q, SIGINT or SIGTERM end it with exit code 0 and every connection closed.
// A worker runs compiled code, so the console side comes from dist/ (npm test builds it first).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LoopbackExchange } from '../../src/loopback/index.js';
import { INSTRUMENTS, recording, waitFor } from '../live/harness.js';
import { PROJECT_ROOT } from '../support/fixtures.js';
import { hasTmux, tmux } from '../support/tmux.js';

const DIST = path.join(PROJECT_ROOT, 'dist/cli/live-console.js');
if (!existsSync(DIST)) throw new Error('dist/ is missing: run `npm run build` (npm test does) before this test');
const { startLiveConsole } = (await import(DIST)) as typeof import('../../src/cli/live-console.js');
const { loadConfig } = (await import(path.join(PROJECT_ROOT, 'dist/config/index.js'))) as typeof import('../../src/config/index.js');
const { computeLayout, frameSizeFor } = (await import(path.join(PROJECT_ROOT, 'dist/tui/index.js'))) as typeof import('../../src/tui/index.js');

const dir = mkdtempSync(path.join(tmpdir(), 'flowdesk-live-console-'));
const exchanges: LoopbackExchange[] = [];
afterEach(async () => {
  for (const ex of exchanges.splice(0)) await ex.stop();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function exchange(): Promise<{ ex: LoopbackExchange; restUrl: string; wsUrl: string }> {
  const ex = new LoopbackExchange({ product: 'spot', messages: await recording('spot', 6000), instruments: INSTRUMENTS.spot, speed: 'max' });
  exchanges.push(ex);
  const address = await ex.start();
  return { ex, ...address };
}

const subscribed = (ex: LoopbackExchange) => ex.clients().reduce((n, c) => n + c.topics.length, 0) >= 3;

describe('the live console engine', () => {
  it('runs in a worker thread: it receives the frames and builds the views; keys reach it; closing closes its sockets', async () => {
    const { ex, restUrl, wsUrl } = await exchange();
    const logFile = path.join(dir, 'live.log');
    const config = loadConfig({
      env: { BINANCE_SPOT_REST_URL: restUrl, BINANCE_SPOT_WS_URL: wsUrl, FLOWDESK_LOG_LEVEL: 'info', FLOWDESK_LOG_FILE: logFile },
      envFile: null,
      secrets: false,
    });
    const args = { product: 'spot', symbols: ['BTCUSDT'], trades: 'trade', depthStream: 'depth@100ms', snapshotLimit: 1000, statusEverySec: 10, imbalanceLevels: 10 } as const;
    const warnings: string[] = [];
    const model = await startLiveConsole(args, config, { perfOut: null, warn: (m) => warnings.push(m) });
    try {
      await waitFor('the subscription', () => subscribed(ex));
      ex.advance(1200);
      const size = frameSizeFor(computeLayout(120, 40));
      const view = () => model.view(size, 4); // the latest view, and a request for the next one
      await waitFor('a live view with trades', () => view().status.books[0]?.state === 'live' && view().tape.length > 0);
      const shown = view();
      expect(shown.status.source).toBe('live spot BTCUSDT');
      expect(shown.ladder.rows.length).toBeGreaterThan(0);

      const engine = await model.stats();
      expect(threadId).toBe(0); // this is the main thread ...
      expect(engine.threadId).toBeGreaterThan(0); // ... and the engine's is another one
      expect(engine.events).toBeGreaterThan(1000); // which received the frames

      expect(await model.input('n', {})).toBeUndefined();
      await waitFor('the replay-only message', () => view().message.includes('apply to replays'));
      expect(await model.input('q', {})).toBe('quit');
    } finally {
      await model.close();
    }
    await waitFor('every connection closed', () => ex.clients().length === 0);
    expect(model.error).toBeNull();
    expect(warnings).toEqual([]);
    const logged = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { notice?: string; symbol?: string });
    expect(logged.some((l) => l.notice === 'bookSynced' && l.symbol === 'BTCUSDT')).toBe(true);
  });

  it('opens at once against an endpoint that refuses connections and says so in fixed words, then goes live', async () => {
    const { ex, restUrl, wsUrl } = await exchange();
    ex.refuseConnections(true);
    const config = loadConfig({ env: { BINANCE_SPOT_REST_URL: restUrl, BINANCE_SPOT_WS_URL: wsUrl, FLOWDESK_LOG_LEVEL: 'silent' }, envFile: null, secrets: false });
    const args = { product: 'spot', symbols: ['BTCUSDT'], trades: 'trade', depthStream: 'depth@100ms', snapshotLimit: 1000, statusEverySec: 10, imbalanceLevels: 10 } as const;
    const model = await startLiveConsole(args, config, { perfOut: null, warn: () => undefined });
    try {
      const size = frameSizeFor(computeLayout(120, 40));
      const source = () => model.view(size, 4).status.source;
      await waitFor('the reconnecting state', () => /^reconnecting in \d+s \(attempt \d+\) spot BTCUSDT$/.test(source()), 30_000);
      ex.refuseConnections(false);
      await waitFor('the live state', () => source() === 'live spot BTCUSDT', 60_000);
    } finally {
      await model.close();
    }
  });

  it('reports a symbol the exchange refuses as the in-thread session would: a FlowdeskError that ends the console, nothing left open', async () => {
    const { ex, restUrl, wsUrl } = await exchange();
    const config = loadConfig({ env: { BINANCE_SPOT_REST_URL: restUrl, BINANCE_SPOT_WS_URL: wsUrl, FLOWDESK_LOG_LEVEL: 'silent' }, envFile: null, secrets: false });
    const args = { product: 'spot', symbols: ['NOSUCHUSDT'], trades: 'trade', depthStream: 'depth@100ms', snapshotLimit: 1000, statusEverySec: 10, imbalanceLevels: 10 } as const;
    // The console is up at once (it says what it is trying); the refusal then ends it by itself.
    const model = await startLiveConsole(args, config, { perfOut: null, warn: () => undefined });
    try {
      const size = frameSizeFor(computeLayout(120, 40));
      await waitFor('the refusal', () => model.ended?.() === true);
      expect(model.error?.message).toMatch(/^exchangeInfo for NOSUCHUSDT \(spot\) failed \(rejected 400\)/);
      expect(model.error?.name).toBe('FlowdeskError');
      expect(model.view(size, 4).message).toMatch(/^engine error: exchangeInfo for NOSUCHUSDT/);
    } finally {
      await model.close();
    }
    expect(ex.clients()).toHaveLength(0);
  });
});

describe.skipIf(!hasTmux)('flowdesk live in a terminal', () => {
  const session = `flowdesk-live-test-${process.pid}`;
  const screen = () => tmux('capture-pane', '-t', session, '-p');
  afterEach(() => {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      // already gone
    }
  });

  it('opens at once against an endpoint that does not answer, says what it tries, writes no log line over the screen, and ends with one error line', async () => {
    // Port 9 (discard) refuses at once on 127.0.0.1: exchangeInfo fails, is retried with backoff, then given up.
    // No FLOWDESK_LOG_FILE: while the console owns the terminal, logs go to the state directory's file.
    const logFile = path.join(dir, 'state', 'flowdesk', 'console.log');
    const env = `BINANCE_SPOT_REST_URL=http://127.0.0.1:9 BINANCE_SPOT_WS_URL=ws://127.0.0.1:9 FLOWDESK_LOG_LEVEL=debug XDG_STATE_HOME=${path.join(dir, 'state')}`;
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `cd ${PROJECT_ROOT} && env -u CI -u FLOWDESK_LOG_FILE ${env} node bin/flowdesk.js live --product spot --symbols BTCUSDT; echo EXIT=$?; sleep 60`);
    const screens: string[] = [];
    await waitFor('the connecting state', () => {
      screens.push(screen());
      return /connecting to http:\/\/127\.0\.0\.1:9 \(attempt \d+\)/.test(screens.at(-1) as string);
    }, 45_000);
    await waitFor('the end', () => {
      screens.push(screen());
      return (screens.at(-1) as string).includes('EXIT=');
    }, 60_000);
    const end = screens.at(-1) as string;
    expect(end).toContain('EXIT=1');
    expect(end).toMatch(/flowdesk: error: exchangeInfo for BTCUSDT \(spot\) failed/);
    for (const shown of screens) expect(shown).not.toContain('{"level"'); // logs never over the console
    expect(readFileSync(logFile, 'utf8')).toContain('"level"');
  });

  it.each(['q', 'SIGINT', 'SIGTERM'])('shows the live book and stops on %s: exit code 0, every connection closed', async (how) => {
    const { ex, restUrl, wsUrl } = await exchange();
    const env = `BINANCE_SPOT_REST_URL=${restUrl} BINANCE_SPOT_WS_URL=${wsUrl} FLOWDESK_LOG_FILE=${path.join(dir, 'tmux.log')}`;
    const command = `node bin/flowdesk.js live --product spot --symbols BTCUSDT`;
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `cd ${PROJECT_ROOT} && env -u CI ${env} ${command}; echo EXIT=$?; sleep 60`);
    await waitFor('the subscription', () => subscribed(ex), 45_000);
    ex.advance(1200);
    await waitFor('the live console', () => screen().includes('live spot BTCUSDT') && screen().includes('BTCUSDT live'), 45_000);
    if (how === 'q') tmux('send-keys', '-t', session, '-l', 'q');
    else {
      const shell = tmux('display-message', '-p', '-t', session, '#{pane_pid}').trim();
      const node = execFileSync('ps', ['-o', 'pid=', '--ppid', shell], { encoding: 'utf8' }).trim();
      process.kill(Number(node), how);
    }
    await waitFor('the exit', () => screen().includes('EXIT='), 20_000);
    expect(screen()).toContain('EXIT=0');
    await waitFor('every connection closed', () => ex.clients().length === 0);
  });
});
