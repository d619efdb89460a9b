#!/usr/bin/env node
// Measures what one console frame costs on the render thread: builds real views from the bundled spot
// recording (a ConsoleSession stepping 0.5 s of market time between frames: every frame differs), then
// renders them with Ink into an in-memory terminal, in 5 runs of --frames each, and reports CPU per frame
// (median, min–max of the runs)
// and how much of the heap the frames left behind (Ink 6 caches text measurements without eviction; the
// console keeps its text out of that cache). Usage:
//   node --expose-gc bench/console-frame.mjs [--frames 200] [--columns 120 --rows 40]
import { arg } from './common.mjs';
process.env.NODE_ENV = 'production';
const { Writable } = await import('node:stream');
const { render } = await import('ink');
const { createElement } = await import('react');
const { prepareReplay } = await import('../dist/kernel/index.js');
const { ConsoleSession, computeLayout, frameSizeFor, KEYMAP } = await import('../dist/tui/index.js');
const { ConsoleScreen } = await import('../dist/tui/panes/index.js');

const frames = arg('frames', 200);
const columns = arg('columns', 120);
const rows = arg('rows', 40);

const replay = await prepareReplay({
  files: ['fixtures/binance/spot/btcusdt_20240808.gz', 'fixtures/binance/spot/btcusdt_20240809.gz'],
  overrides: {},
  engine: { staleStreamMs: 5000, maxBufferedDiffs: 10000 },
  warn: () => {},
});
const session = new ConsoleSession({ kind: 'replay', replay, label: 'bench' });
await session.start();
await session.warmUp(10);
const size = frameSizeFor(computeLayout(columns, rows));
const views = [];
for (let i = 0; i < frames * 5; i++) {
  await session.controller.stepTime(500);
  views.push(session.view(size, 4));
}

class Terminal extends Writable {
  columns = columns;
  rows = rows;
  isTTY = true;
  bytes = 0;
  _write(chunk, _encoding, done) {
    this.bytes += chunk.length;
    done();
  }
}
const keys = KEYMAP.map((k) => ({ key: k.key, action: k.description }));
const stdout = new Terminal();
const element = (view) => createElement(ConsoleScreen, { view, columns, rows, showHelp: false, keys });
const settle = () => new Promise((resolve) => setTimeout(resolve, 2));
const heap = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};
const app = render(element(views[0]), { stdout, patchConsole: false, exitOnCtrlC: false, maxFps: 1000 });
await settle();
const perRun = [];
let heapBefore = 0;
for (let run = 0; run < 5; run++) {
  if (run === 1) heapBefore = heap(); // after the first pass has warmed everything up
  const start = process.cpuUsage();
  for (const view of views.slice(run * frames, (run + 1) * frames)) {
    app.rerender(element(view));
    await settle(); // Ink renders on its own throttle; let it
  }
  const used = process.cpuUsage(start);
  perRun.push((used.user + used.system) / 1000 / frames);
}
const heapAfter = heap();
app.unmount();
perRun.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    columns,
    rows,
    frames,
    cpuMsPerFrame: { median: +perRun[2].toFixed(1), min: +perRun[0].toFixed(1), max: +perRun[4].toFixed(1) },
    bytesPerFrame: Math.round(stdout.bytes / views.length),
    heapGrowthKBPerThousandFrames: globalThis.gc === undefined ? 'run with --expose-gc' : Math.round((heapAfter - heapBefore) / 1024 / ((4 * frames) / 1000)),
  }),
);
process.exit(0);
