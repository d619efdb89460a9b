#!/usr/bin/env node
// Measures the console in a real terminal: runs `flowdesk replay` on the bundled spot recording in tmux
// (120×40 unless told), switches to 16×, lets it settle, then measures for --seconds (default 30): CPU of
// the whole process and of each thread (from /proc: the render thread, the engine worker thread, and the
// rest — V8's GC and compiler helpers and libuv), event-loop lag of both threads (from the app), events
// played and bytes written to the terminal. Repeats --runs times (default 3) and prints median and
// min–max of each figure. Linux only (/proc); needs tmux and a built dist/.
//
//   node bench/console-perf.mjs [--seconds 30] [--runs 3] [--fps 4] [--columns 120 --rows 40]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg } from './common.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const seconds = arg('seconds', 30);
const runs = arg('runs', 3);
const fps = arg('fps', 4);
const columns = arg('columns', 120);
const rows = arg('rows', 40);
const settleSeconds = 3;
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const tmux = (...args) => execFileSync('tmux', args, { encoding: 'utf8' });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU ticks (user + system) per thread of `pid`, and the bytes it has written. */
function sample(pid) {
  const threads = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads.set(Number(tid), Number(fields[11]) + Number(fields[12]));
    } catch {
      // the thread ended between listing and reading
    }
  }
  const io = readFileSync(`/proc/${pid}/io`, 'utf8').match(/^wchar: (\d+)$/m);
  return { at: performance.now(), threads, written: io === null ? 0 : Number(io[1]) };
}

async function once(run, lag) {
  const out = join(tmpdir(), `flowdesk-perf-${process.pid}-${run}.json`);
  const session = `flowdesk-perf-${process.pid}-${run}`;
  rmSync(out, { force: true });
  const files = ['fixtures/binance/spot/btcusdt_20240808.gz', 'fixtures/binance/spot/btcusdt_20240809.gz'];
  const command = `cd ${root} && exec env -u CI FLOWDESK_PERF_OUT=${out} FLOWDESK_PERF_LAG=${lag ? 1 : 0} node bin/flowdesk.js replay ${files.join(' ')} --fps ${fps}`;
  const launched = performance.now();
  tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), command);
  try {
    const pid = Number(tmux('list-panes', '-t', session, '-F', '#{pane_pid}').trim());
    // Every pane filled: the book live, the heatmap drawn and trades on the tape.
    const filled = (text) => text.includes(' live') && text.includes('heatmap') && /\d+\.\d+ +[0-9.<]+ [BS]/.test(text);
    for (let i = 0; i < 400 && !filled(tmux('capture-pane', '-t', session, '-p')); i++) await sleep(25);
    const firstFullFrameSeconds = (performance.now() - launched) / 1000;
    tmux('send-keys', '-t', session, '-l', '+');
    await sleep(200);
    tmux('send-keys', '-t', session, '-l', '+');
    await sleep(settleSeconds * 1000);
    const a = sample(pid);
    await sleep(seconds * 1000);
    const b = sample(pid);
    const screen = tmux('capture-pane', '-t', session, '-p');
    tmux('send-keys', '-t', session, '-l', 'q');
    for (let i = 0; i < 50 && !existsSync(out); i++) await sleep(100);
    const app = JSON.parse(readFileSync(out, 'utf8'));
    const wall = (b.at - a.at) / 1000;
    const percent = (ticks) => (ticks / ticksPerSecond / wall) * 100;
    let main = 0;
    let engine = 0;
    let other = 0;
    for (const [tid, t1] of b.threads) {
      const used = t1 - (a.threads.get(tid) ?? 0);
      if (tid === pid) main += used;
      else if (tid === app.engineThreadId) engine += used;
      else other += used;
    }
    return {
      screen: screen.split('\n').slice(0, 2).join('\n'),
      figures: {
        processCpuPercent: percent(main + engine + other),
        renderThreadCpuPercent: percent(main),
        engineThreadCpuPercent: percent(engine),
        otherThreadsCpuPercent: percent(other),
        engineLagP99Ms: app.engineLagP99Ms,
        engineLagMaxMs: app.engineLagMaxMs,
        renderLagP99Ms: app.uiLagP99Ms,
        kBWrittenPerSecond: (b.written - a.written) / 1024 / wall,
        firstFullFrameSeconds,
        eventsPerSecond: null, // filled below from the whole run
        appSeconds: app.seconds,
        events: app.events,
      },
    };
  } finally {
    try {
      execFileSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
    } catch {
      // gone
    }
    rmSync(out, { force: true });
  }
}

const results = [];
for (let run = 0; run < runs; run++) {
  const r = await once(run, false);
  if (run === 0) console.log(r.screen);
  results.push(r.figures);
  console.error(`run ${run + 1}/${runs}: process ${r.figures.processCpuPercent.toFixed(1)} % (render ${r.figures.renderThreadCpuPercent.toFixed(1)}, engine ${r.figures.engineThreadCpuPercent.toFixed(1)}, other ${r.figures.otherThreadsCpuPercent.toFixed(1)})`);
}
const lagRun = (await once(runs, true)).figures;
console.error(`lag run: engine p99 ${lagRun.engineLagP99Ms} ms, render p99 ${lagRun.renderLagP99Ms} ms`);
const keys = ['processCpuPercent', 'renderThreadCpuPercent', 'engineThreadCpuPercent', 'otherThreadsCpuPercent', 'kBWrittenPerSecond', 'firstFullFrameSeconds'];
const summary = {};
for (const k of keys) {
  const v = results.map((r) => r[k]).sort((x, y) => x - y);
  summary[k] = { median: +v[Math.floor(v.length / 2)].toFixed(2), min: +v[0].toFixed(2), max: +v.at(-1).toFixed(2) };
}
const lagFigures = { engineLagP99Ms: lagRun.engineLagP99Ms, engineLagMaxMs: lagRun.engineLagMaxMs, renderLagP99Ms: lagRun.renderLagP99Ms, processCpuPercentWithLagMonitors: +lagRun.processCpuPercent.toFixed(2) };
console.log(JSON.stringify({ speed: '16x', fps, columns, rows, seconds, runs, ...summary, ...lagFigures }, null, 2));
