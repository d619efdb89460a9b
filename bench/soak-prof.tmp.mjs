#!/usr/bin/env node
// Soak: a real `flowdesk record --no-ui` process on two symbols for --minutes (default 30) while loopback
// exchanges serve the bundled spot recording at --speed (default 10) times its real message rate. The
// recording is 11 minutes long, so it is served in laps: each lap is a fresh exchange on the same port,
// and between laps the recorder sees its connection close, reconnects and resynchronises, as it would
// after a Binance disconnect. The second symbol is the BTCUSDT recording renamed ETHUSDT. The recorder
// writes a resource sample every --every seconds (FLOWDESK_PERF_OUT: RSS, heap, CPU, messages, writer
// backlog). After --warmup-minutes, growth compares the median of the last fifth of the samples with the
// median of the first fifth (single samples swing with the garbage collector), and the trend is the
// least-squares slope in MB per hour. Usage:
//   node bench/soak.mjs [--minutes 30] [--speed 10] [--every 10] [--warmup-minutes 3] [--json]
//   node bench/soak.mjs --quick            (3 minutes, a sample every 5 s, 1 minute of warm-up)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT as root, SPOT_FILES, arg, median, spotInstrument, waitFor } from './common.mjs';

const { LoopbackExchange, loadRecordingMessages } = await import('../dist/loopback/index.js');

const quick = process.argv.includes('--quick');
const minutes = arg('minutes', quick ? 3 : 30);
const speed = arg('speed', 10);
const everySec = arg('every', quick ? 5 : 10);
const warmupMinutes = arg('warmup-minutes', quick ? 1 : 3);
const INSTRUMENTS = ['BTCUSDT', 'ETHUSDT'].map(spotInstrument);

// ---- two symbols: the real BTCUSDT messages and the same renamed ETHUSDT, merged by receive time ----
const btc = await loadRecordingMessages(SPOT_FILES, 'spot', 'BTCUSDT');
const rename = (text) => text.replaceAll('BTCUSDT', 'ETHUSDT').replaceAll('btcusdt', 'ethusdt');
const eth = btc.map((m) => ({ ...m, stream: rename(m.stream), payload: rename(m.payload) }));
const messages = [...btc, ...eth].sort((a, b) => a.receiveTimeUs - b.receiveTimeUs || a.seq - b.seq).map((m, seq) => ({ ...m, seq }));

const work = mkdtempSync(join(tmpdir(), 'flowdesk-soak-'));
const samplesPath = join(work, 'samples.jsonl');
let port = 0;
let exchange = new LoopbackExchange({ product: 'spot', messages, instruments: INSTRUMENTS, speed });
port = (await exchange.start()).port;
const env = {
  ...process.env,
  FLOWDESK_PERF_OUT: samplesPath,
  FLOWDESK_PERF_EVERY_MS: String(everySec * 1000),
  BINANCE_SPOT_REST_URL: `http://127.0.0.1:${port}`,
  BINANCE_SPOT_WS_URL: `ws://127.0.0.1:${port}`,
  FLOWDESK_LOG_LEVEL: 'error',
};
const recorder = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof/rec', 'bin/flowdesk.js', 'record', '--no-ui', '--product', 'spot', '--symbols', 'BTCUSDT,ETHUSDT', '--out', join(work, 'rec'), '--status-every', '3600'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
let recorderExit = null;
recorder.on('exit', (code) => (recorderExit = code));

const endAt = performance.now() + minutes * 60_000;
let laps = 0;
let framesSent = 0;
try {
  for (;;) {
    await waitFor('the recorder to subscribe', () => recorderExit !== null || exchange.clients().reduce((n, c) => n + c.topics.length, 0) >= 6, 60_000);
    if (recorderExit !== null) throw new Error(`soak: the recorder exited with ${recorderExit}`);
    exchange.play();
    await waitFor('the lap to end', () => exchange.stats().finished || performance.now() >= endAt || recorderExit !== null, minutes * 60_000 + 60_000);
    framesSent += exchange.stats().played;
    laps++;
    if (performance.now() >= endAt || recorderExit !== null) break;
    await exchange.stop();
    exchange = new LoopbackExchange({ product: 'spot', messages, instruments: INSTRUMENTS, speed, port });
    await exchange.start();
  }
} finally {
  recorder.kill('SIGTERM');
  await waitFor('the recorder to stop', () => recorderExit !== null, 30_000).catch(() => recorder.kill('SIGKILL'));
  await exchange.stop();
}

const samples = existsSync(samplesPath)
  ? readFileSync(samplesPath, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l))
  : [];
rmSync(work, { recursive: true, force: true });
if (samples.length < 6) throw new Error(`soak: only ${samples.length} samples`);
const afterWarmup = samples.filter((x) => x.seconds >= warmupMinutes * 60);
const steady = afterWarmup.length >= 10 ? afterWarmup : samples;
const fifth = Math.max(1, Math.floor(steady.length / 5));
const base = steady.slice(0, fifth);
const end = steady.slice(-fifth);
const growth = (key) => +((median(end.map((x) => x[key])) / median(base.map((x) => x[key])) - 1) * 100).toFixed(1);
/** Least-squares slope of `key` against time, MB per hour. */
function slope(key) {
  const n = steady.length;
  const mt = steady.reduce((a, x) => a + x.seconds, 0) / n;
  const mv = steady.reduce((a, x) => a + x[key], 0) / n;
  let num = 0;
  let den = 0;
  for (const x of steady) {
    num += (x.seconds - mt) * (x[key] - mv);
    den += (x.seconds - mt) ** 2;
  }
  return den === 0 ? 0 : +((num / den) * 3600).toFixed(1);
}
const result = {
  minutes,
  speed,
  laps,
  framesSent,
  messagesRecorded: samples.at(-1).messages,
  samples: samples.length,
  recorderExitCode: recorderExit,
  rssMB: { afterWarmup: median(base.map((s) => s.rssMB)), end: median(end.map((s) => s.rssMB)), max: Math.max(...samples.map((s) => s.rssMB)) },
  heapUsedMB: { afterWarmup: median(base.map((s) => s.heapUsedMB)), end: median(end.map((s) => s.heapUsedMB)), max: Math.max(...samples.map((s) => s.heapUsedMB)) },
  growthPercent: { rss: growth('rssMB'), heapUsed: growth('heapUsedMB') },
  trendMBPerHour: { rss: slope('rssMB'), heapUsed: slope('heapUsedMB') },
  recorderCpuPercent: { median: median(samples.map((s) => s.cpuPercent)), max: Math.max(...samples.map((s) => s.cpuPercent)) },
  backlog: { maxHeldMessages: Math.max(...samples.map((s) => s.heldMessages)), maxBufferedKB: Math.round(Math.max(...samples.map((s) => s.bufferedBytes)) / 1024) },
  series: samples.map((s) => [s.seconds, s.rssMB, s.heapUsedMB, s.cpuPercent]),
};

if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`\nsoak: ${minutes} min, ${laps} laps at ${speed}×, two symbols, recorder on; ${result.messagesRecorded} messages recorded (${framesSent} frames sent)`);
  console.log(`  RSS      ${result.rssMB.afterWarmup} MB after warm-up → ${result.rssMB.end} MB at the end (${result.growthPercent.rss} %, trend ${result.trendMBPerHour.rss} MB/h), max ${result.rssMB.max} MB`);
  console.log(`  heap     ${result.heapUsedMB.afterWarmup} MB → ${result.heapUsedMB.end} MB (${result.growthPercent.heapUsed} %, trend ${result.trendMBPerHour.heapUsed} MB/h), max ${result.heapUsedMB.max} MB`);
  console.log(`  CPU      median ${result.recorderCpuPercent.median} %, max ${result.recorderCpuPercent.max} % of one core`);
  console.log(`  backlog  at most ${result.backlog.maxHeldMessages} held messages, ${result.backlog.maxBufferedKB} kB buffered`);
}
