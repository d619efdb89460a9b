#!/usr/bin/env node
// `npm run bench`: every benchmark in one run, each in its own process (so one does not warm up or
// pollute the next), their figures side by side in a table and in bench/results.json. docs/PERFORMANCE.md
// says how to read them. Options: --quick (fewer rounds, shorter runs), --skip name[,name] (e.g. console,
// which needs tmux and Linux), --soak (adds the 3-minute soak; the 30-minute one runs alone:
// `node bench/soak.mjs`).
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ensureBenchPackages } from './common.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const skipAt = process.argv.indexOf('--skip');
const skip = new Set(skipAt >= 0 ? (process.argv[skipAt + 1] ?? '').split(',') : []);
const withSoak = process.argv.includes('--soak');
const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;

const SUITE = [
  { name: 'replay-stages', args: ['bench/replay-stages.mjs', '--json', ...(quick ? ['--rounds', '1', '--seconds', '1'] : ['--rounds', '3', '--seconds', '2'])] },
  { name: 'backtest-cost', args: ['bench/backtest-cost.mjs', '--json', ...(quick ? ['--rounds', '1', '--seconds', '1'] : ['--rounds', '3', '--seconds', '2'])] },
  { name: 'book-peers', args: ['bench/book-peers.mjs', '--json', ...(quick ? ['--rounds', '1', '--seconds', '1'] : ['--rounds', '3', '--seconds', '2'])] },
  { name: 'depth-scaling', args: ['bench/depth-scaling.mjs', '--json', ...(quick ? ['--rounds', '3'] : ['--rounds', '5'])] },
  { name: 'console-frame', node: ['--expose-gc'], args: ['bench/console-frame.mjs', ...(quick ? ['--frames', '60'] : ['--frames', '150'])] },
  { name: 'live-latency', args: ['bench/live-latency.mjs', '--json', ...(quick ? ['--messages', '10000'] : ['--messages', '40000'])] },
  ...(withSoak ? [{ name: 'soak', args: ['bench/soak.mjs', '--json', '--quick'] }] : []),
  { name: 'console', needsTmux: true, args: ['bench/console-perf.mjs', ...(quick ? ['--seconds', '10', '--runs', '1'] : ['--seconds', '20', '--runs', '3'])] },
];

/** The last JSON object a benchmark printed on stdout (a terminal escape may follow it). */
function lastJson(text) {
  const start = text.lastIndexOf('\n{') >= 0 ? text.lastIndexOf('\n{') + 1 : text.indexOf('{');
  return JSON.parse(text.slice(start, text.lastIndexOf('}') + 1));
}

function commit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null; // not a git checkout
  }
}

// The peer books (bench/package.json) are installed before the clock starts, not inside book-peers' time.
if (!skip.has('book-peers')) ensureBenchPackages();

const results = {
  when: new Date().toISOString(),
  commit: commit(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  quick,
  benchmarks: {},
};
for (const b of SUITE) {
  if (skip.has(b.name)) continue;
  if (b.needsTmux && (!hasTmux || process.platform !== 'linux')) {
    results.benchmarks[b.name] = { skipped: 'needs tmux on Linux' };
    continue;
  }
  process.stderr.write(`bench: ${b.name} ...\n`);
  const started = performance.now();
  const out = execFileSync(process.execPath, [...(b.node ?? []), ...b.args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 });
  results.benchmarks[b.name] = { seconds: Math.round((performance.now() - started) / 100) / 10, ...lastJson(out) };
}
results.benchmarks.soak ??= { notRun: 'run `npm run bench -- --soak` (3 minutes) or `node bench/soak.mjs` (30 minutes)' };
writeFileSync(`${root}bench/results.json`, `${JSON.stringify(results, null, 2)}\n`);

// ---- the table ----
const rows = [];
const add = (what, value, target = '') => rows.push([what, value, target]);
const r = results.benchmarks;
const range = (x, unit = '') => `${x.median}${unit} [${x.min}–${x.max}]`;
for (const product of ['spot', 'usdm']) {
  const stages = r['replay-stages']?.[product];
  if (stages === undefined) continue;
  for (const [id, s] of Object.entries(stages)) add(`replay ${product} (${id}) ${s.label}`, `${range(s.eventsPerSecond)} ev/s = ${s.ratioOfA}× (a)`, id === 'e' || id === 'w' ? '(e) ≥ 0.6× (a)' : '');
}
const bt = r['backtest-cost'];
if (bt?.spot !== undefined) {
  for (const id of ['d', 't']) add(`backtest spot (${id}) ${bt.spot[id].label}`, `${range(bt.spot[id].eventsPerSecond)} ev/s`);
  add('backtest spot: (t) / (d)', `${bt.spot.ratio}× (${bt.spot.orders} orders; peak RSS ${bt.peakRssMB} MB)`, `≥ ${bt.target}×`);
}
if (r['book-peers']?.engines !== undefined) {
  for (const [name, e] of Object.entries(r['book-peers'].engines)) add(`book: ${name}`, `${range(e.diffsPerSecond)} diffs/s`);
  add('book: flowdesk / fastest peer', `${r['book-peers'].flowdeskOverFastestPeer}× (same final top 20: ${r['book-peers'].sameTop20})`, '≥ 3×');
}
if (r['depth-scaling']?.['1k'] !== undefined) {
  for (const d of ['1k', '5k', '20k']) add(`book apply at ${d} levels`, `${range(r['depth-scaling'][d].nsPerUpdate, ' ns')} = ${r['depth-scaling'][d].ratioTo1k}× 1k`, d === '20k' ? `≤ ${r['depth-scaling'].logBoundAt20k}× (log)` : '');
}
if (r['console-frame']?.cpuMsPerFrame !== undefined) add('console frame 120×40 (in memory)', `${range(r['console-frame'].cpuMsPerFrame, ' ms')}, heap ${r['console-frame'].heapGrowthKBPerThousandFrames} kB / 1k frames`);
if (r.console?.processCpuPercent !== undefined) {
  add('console 16× 4 fps: whole process CPU', `${range(r.console.processCpuPercent, ' %')}`, '≤ 25 %');
  add('console: render / engine / other threads', `${r.console.renderThreadCpuPercent.median} / ${r.console.engineThreadCpuPercent.median} / ${r.console.otherThreadsCpuPercent.median} %`);
  add('console: engine event-loop lag p99', `${r.console.engineLagP99Ms?.toFixed(2)} ms`, '≤ 5 ms');
  add('console: launch to every pane filled', `${range(r.console.firstFullFrameSeconds, ' s')}`, '≤ 2 s (npm start adds ~0.4 s)');
} else if (r.console?.skipped) add('console', r.console.skipped);
const ms = (x) => (x === null || x === undefined ? '-' : `p50 ${(x.p50 / 1000).toFixed(3)} / p99 ${(x.p99 / 1000).toFixed(3)} / max ${(x.max / 1000).toFixed(1)} ms`);
for (const [label, run] of [['headless', r['live-latency']?.headless], ['with UI', r['live-latency']?.withUi]]) {
  if (run === undefined || run.skipped !== undefined) continue;
  add(`live ${r['live-latency'].speed}×, ${label}: receive→book`, ms(run.receiveToBookUs));
  add(`live ${r['live-latency'].speed}×, ${label}: receive→features`, ms(run.receiveToFeaturesUs), label === 'headless' ? 'p99 ≤ 1 ms' : 'p99 ≤ 5 ms');
  add(`live ${r['live-latency'].speed}×, ${label}: lag p99, late, dropped`, `${run.eventLoopLagP99Ms?.toFixed(2)} ms, ${run.laterThan5ms} later than 5 ms, ${run.framesDropped} of ${run.framesSent} frames dropped`);
}
const soak = r.soak;
if (soak?.rssMB !== undefined) {
  add(`soak ${soak.minutes} min ${soak.speed}×, 2 symbols, recorder: RSS`, `${soak.rssMB.afterWarmup} → ${soak.rssMB.end} MB (${soak.growthPercent.rss} %, ${soak.trendMBPerHour.rss} MB/h), max ${soak.rssMB.max} MB`, 'growth < 5 %, < 250 MB');
  add('soak: heap used', `${soak.heapUsedMB.afterWarmup} → ${soak.heapUsedMB.end} MB (${soak.growthPercent.heapUsed} %, ${soak.trendMBPerHour.heapUsed} MB/h)`, 'growth < 5 %');
  add('soak: recorder CPU, backlog', `median ${soak.recorderCpuPercent.median} %, max ${soak.recorderCpuPercent.max} %; held ≤ ${soak.backlog.maxHeldMessages}, buffered ≤ ${soak.backlog.maxBufferedKB} kB`, '< 10 %, no backlog');
} else add('soak', 'not run (--soak: 3 min; node bench/soak.mjs: 30 min)', 'growth < 5 %, RSS < 250 MB');
const width = [Math.max(...rows.map((x) => x[0].length)), Math.max(...rows.map((x) => x[1].length))];
console.log(`\nflowdesk benchmarks — ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}${quick ? ' (quick)' : ''}\n`);
for (const [what, value, target] of rows) console.log(`${what.padEnd(width[0])}  ${value.padEnd(width[1])}  ${target}`);
console.log('\nbench/results.json written');
