#!/usr/bin/env node
// Paper soak: a real `flowdesk paper --no-ui` process for --minutes of wall time (default 6: one hour of
// market time at the default --speed 10) while a loopback exchange serves the bundled BTCUSDT spot
// recording at --speed times its real message rate, its event times moved to the sending time. The
// recording is 11 minutes long, so it is served in laps: a fresh exchange on the same port each lap, and the
// paper process reconnects and resynchronises in between, as after a Binance disconnect. The strategy runs
// with a permissive --set list so that it trades. At the end the process is stopped (SIGTERM) and the
// positions it saved (state.json, what the console's Positions pane shows) are compared with the position,
// fees and turnover recomputed from its journal's fills, exactly (decimal.js): the drift must be zero.
// Usage:
//   node bench/paper-soak.mjs [--minutes 6] [--speed 10] [--json]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { ROOT as root, SPOT_FILES, arg, spotInstrument, waitFor } from './common.mjs';

const { LoopbackExchange, loadRecordingMessages } = await import('../dist/loopback/index.js');

const minutes = arg('minutes', 6);
const speed = arg('speed', 10);
const SETS = [
  'scoreThreshold=0',
  'safetyMarginBps=0',
  'adverseSelectionBps=0',
  'warmupSeconds=1',
  'freshness.cooldownSeconds=0',
  'baseline.zWindowSeconds=10',
  'baseline.zSampleMs=100',
  'vol.maxBps=1000',
  'fees.makerBps=0.1',
  'fees.takerBps=0.2',
  'execution.makerTtlMs=1000',
  'refill.maxRatio=1000000',
].flatMap((s) => ['--set', s]);

const messages = await loadRecordingMessages(SPOT_FILES, 'spot', 'BTCUSDT');
const instruments = [spotInstrument('BTCUSDT')];
const work = mkdtempSync(join(tmpdir(), 'flowdesk-paper-soak-'));
const state = join(work, 'state');
const newExchange = (port) => new LoopbackExchange({ product: 'spot', messages, instruments, speed, eventTimes: 'wall', ...(port === undefined ? {} : { port }) });
let exchange = newExchange();
const port = (await exchange.start()).port;
const env = {
  ...process.env,
  BINANCE_SPOT_REST_URL: `http://127.0.0.1:${port}`,
  BINANCE_SPOT_WS_URL: `ws://127.0.0.1:${port}`,
  FLOWDESK_LOG_LEVEL: 'error',
};
const args = ['bin/flowdesk.js', 'paper', '--no-ui', '--product', 'spot', '--symbols', 'BTCUSDT', '--state', state, '--status-every', '60', ...SETS];
const paper = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
paper.stderr.on('data', (c) => (stderr += c.toString()));
let exitCode = null;
paper.on('exit', (code, signal) => (exitCode = code ?? signal));

const startedAt = performance.now();
const endAt = startedAt + minutes * 60_000;
let laps = 0;
let framesSent = 0;
try {
  for (;;) {
    await waitFor('the paper process to subscribe', () => exitCode !== null || exchange.clients().reduce((n, c) => n + c.topics.length, 0) >= 3, 60_000);
    if (exitCode !== null) throw new Error(`paper-soak: flowdesk paper exited with ${exitCode}:\n${stderr}`);
    exchange.play();
    await waitFor('the lap to end', () => exchange.stats().finished || performance.now() >= endAt || exitCode !== null, minutes * 60_000 + 60_000);
    framesSent += exchange.stats().played;
    laps++;
    if (performance.now() >= endAt || exitCode !== null) break;
    await exchange.stop();
    exchange = newExchange(port);
    await exchange.start();
  }
} finally {
  paper.kill('SIGTERM');
  await waitFor('flowdesk paper to stop', () => exitCode !== null, 60_000).catch(() => paper.kill('SIGKILL'));
  await exchange.stop();
}
const wallSeconds = (performance.now() - startedAt) / 1000;

// ---- what the journal says, recomputed exactly ----
const sessions = readdirSync(join(state, 'sessions')).sort();
const journalLines = sessions.flatMap((s) => {
  const file = join(state, 'sessions', s, 'journal.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').slice(1).map((l) => JSON.parse(l)) : [];
});
const sideOf = new Map();
let position = new Decimal(0);
let fees = new Decimal(0);
let turnover = new Decimal(0);
let fills = 0;
let orders = 0;
let decisions = 0;
for (const e of journalLines) {
  if (e.type === 'decision') decisions++;
  if (e.type === 'orderRequested') {
    orders++;
    sideOf.set(e.clientOrderId, e.side);
  }
  if (e.type === 'reportReceived' && e.report === 'filled') {
    fills++;
    const qty = new Decimal(e.qty);
    position = sideOf.get(e.clientOrderId) === 'buy' ? position.plus(qty) : position.minus(qty);
    fees = fees.plus(e.fee);
    turnover = turnover.plus(qty.times(e.price));
  }
}
const saved = JSON.parse(readFileSync(join(state, 'state.json'), 'utf8'));
const pane = saved.positions.find((s) => s.symbol === 'BTCUSDT');
const drift = {
  position: new Decimal(pane.qty).minus(position).toString(),
  fees: new Decimal(pane.fees).minus(fees).toString(),
};
const result = {
  minutes,
  speed,
  marketHours: +((wallSeconds * speed) / 3600).toFixed(2),
  laps,
  framesSent,
  exitCode,
  decisionsJournaled: decisions,
  orders,
  fills,
  journalEvents: journalLines.length,
  position: pane.qty,
  netPnl: pane.netPnl,
  fees: pane.fees,
  turnover: turnover.toString(),
  drift,
  noDrift: drift.position === '0' && drift.fees === '0',
};
rmSync(work, { recursive: true, force: true });
if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`\npaper soak: ${minutes} min at ${speed}× (${result.marketHours} h of market time, ${laps} laps), exit ${exitCode}`);
  console.log(`  journal  ${result.journalEvents} events: ${decisions} decisions, ${orders} orders, ${fills} fills`);
  console.log(`  position ${pane.qty} BTC, fees ${pane.fees} USDT, net ${pane.netPnl} USDT, turnover ${result.turnover} USDT`);
  console.log(`  drift    position ${drift.position}, fees ${drift.fees} (state.json's positions − the journal's fills)`);
}
if (!result.noDrift || exitCode !== 0) process.exitCode = 1;
