#!/usr/bin/env node
// Measures the console: runs `flowdesk replay` on the bundled spot recording in a real terminal (tmux,
// 120×40), switches to 16×, lets it play for --seconds (default 30), quits, and prints what the app
// measured (FLOWDESK_PERF_OUT): process CPU, UI-thread and engine-thread event-loop lag, events played.
// Usage: node bench/console-perf.mjs [--seconds 30] [--fps 4]   (needs tmux and a built dist/)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg('seconds', 30);
const fps = arg('fps', 4);
const out = join(tmpdir(), `flowdesk-perf-${process.pid}.json`);
const session = `flowdesk-perf-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', args, { encoding: 'utf8' });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

rmSync(out, { force: true });
const files = ['fixtures/binance/spot/btcusdt_20240808.gz', 'fixtures/binance/spot/btcusdt_20240809.gz'];
tmux('new-session', '-d', '-s', session, '-x', String(arg('columns', 120)), '-y', String(arg('rows', 40)), `cd ${root} && env -u CI FLOWDESK_PERF_OUT=${out} node bin/flowdesk.js replay ${files.join(' ')} --fps ${fps}; sleep 5`);
try {
  for (let i = 0; i < 100 && !tmux('capture-pane', '-t', session, '-p').includes('BTCUSDT live'); i++) await sleep(100);
  tmux('send-keys', '-t', session, '-l', '+');
  await sleep(200);
  tmux('send-keys', '-t', session, '-l', '+');
  await sleep(seconds * 1000);
  const screen = tmux('capture-pane', '-t', session, '-p');
  tmux('send-keys', '-t', session, '-l', 'q');
  for (let i = 0; i < 50 && !existsSync(out); i++) await sleep(100);
  const result = JSON.parse(readFileSync(out, 'utf8'));
  console.log(screen.split('\n').slice(0, 2).join('\n'));
  console.log(JSON.stringify({ speed: '16x', ...result }, null, 2));
} finally {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    // gone
  }
  rmSync(out, { force: true });
}
