#!/usr/bin/env node
// Live path latency: the loopback exchange (src/loopback) serves the bundled spot BTCUSDT recording at
// --speed times its real message rate (default 10) to a real `flowdesk live` process — through the real
// binance SDK, over 127.0.0.1 — headless (--no-ui) and with the console in a pseudo-terminal (tmux). The
// live process measures (FLOWDESK_PERF_OUT, src/cli/live-perf.ts) receive → book applied and receive →
// features updated for every market event, its event-loop lag, and the events later than 5 ms; the
// exchange counts the frames it sent, so dropped frames = sent − received. Usage:
//   node bench/live-latency.mjs [--speed 10] [--messages 60000] [--json] [--no-ui-only]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT as root, SPOT_FILES, arg, sleep, spotInstrument, waitFor } from './common.mjs';

const { LoopbackExchange, loadRecordingMessages } = await import('../dist/loopback/index.js');

const speed = arg('speed', 10);
const maxMessages = arg('messages', 60_000);
const INSTRUMENTS = [spotInstrument('BTCUSDT')];
const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
const messages = await loadRecordingMessages(SPOT_FILES, 'spot', 'BTCUSDT', { maxMessages });

/** One run: exchange up, `flowdesk live` connected, the recording played at `speed`, the process stopped. */
async function run(withUi) {
  const ex = new LoopbackExchange({ product: 'spot', messages, instruments: INSTRUMENTS, speed });
  const address = await ex.start();
  const out = join(tmpdir(), `flowdesk-live-perf-${process.pid}-${withUi ? 'ui' : 'headless'}.json`);
  rmSync(out, { force: true });
  const env = { FLOWDESK_PERF_OUT: out, BINANCE_SPOT_REST_URL: address.restUrl, BINANCE_SPOT_WS_URL: address.wsUrl, FLOWDESK_LOG_LEVEL: 'error' };
  const args = ['bin/flowdesk.js', 'live', '--product', 'spot', '--symbols', 'BTCUSDT', '--snapshot-limit', '1000', '--status-every', '3600'];
  const session = `flowdesk-live-perf-${process.pid}`;
  let child = null;
  try {
    if (withUi) {
      const envText = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
      execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '40', `cd ${root} && exec env -u CI ${envText} node ${args.join(' ')}`]);
    } else {
      child = spawn(process.execPath, [...args, '--no-ui'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    }
    await waitFor('the subscription', () => ex.clients().reduce((n, c) => n + c.topics.length, 0) >= 3);
    ex.play();
    await waitFor('the end of the recording', () => ex.stats().finished, 600_000);
    await sleep(1000);
    const sent = ex.stats().played;
    if (withUi) execFileSync('tmux', ['send-keys', '-t', session, '-l', 'q']);
    else child.kill('SIGTERM');
    await waitFor('the live process to write its figures', () => existsSync(out), 20_000);
    await sleep(200);
    const figures = JSON.parse(readFileSync(out, 'utf8'));
    return { ...figures, framesSent: sent, framesDropped: Math.max(0, sent - (figures.messages ?? 0)) };
  } finally {
    if (withUi) spawnSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
    child?.kill('SIGKILL');
    await ex.stop();
    rmSync(out, { force: true });
  }
}

const result = { speed, messages: messages.length, headless: await run(false) };
if (!process.argv.includes('--no-ui-only')) result.withUi = hasTmux ? await run(true) : { skipped: 'needs tmux' };

if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`\nlive path latency: loopback serving ${messages.length} real messages at ${speed}× through the binance SDK`);
  for (const [name, r] of Object.entries({ headless: result.headless, 'with UI': result.withUi })) {
    if (r === undefined || r.skipped) continue;
    const f = (x) => (x === null ? '-' : `p50 ${(x.p50 / 1000).toFixed(3)} / p99 ${(x.p99 / 1000).toFixed(3)} / max ${(x.max / 1000).toFixed(1)} ms`);
    console.log(`  ${name.padEnd(9)} receive→book ${f(r.receiveToBookUs)}   receive→features ${f(r.receiveToFeaturesUs)}`);
    console.log(`  ${''.padEnd(9)} event-loop lag p99 ${r.eventLoopLagP99Ms?.toFixed(2)} ms, later than 5 ms: ${r.laterThan5ms}, frames sent ${r.framesSent}, dropped ${r.framesDropped}, CPU ${r.processCpuPercent.toFixed(1)} %`);
  }
}
