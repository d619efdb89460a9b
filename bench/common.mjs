// The benchmarks' shared bits: command-line numbers, a median, waiting, the bundled spot recording with
// the loopback instrument that serves it, and the bench-only install of the peer books (bench/package.json).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The bundled spot BTCUSDT recording (absolute paths). */
export const SPOT_FILES = ['fixtures/binance/spot/btcusdt_20240808.gz', 'fixtures/binance/spot/btcusdt_20240809.gz'].map((f) => join(ROOT, f));

/** The loopback exchange's instrument for a spot symbol with BTCUSDT's units. */
export function spotInstrument(symbol) {
  return { symbol, tickSize: '0.01', stepSize: '0.00001', baseAssetPrecision: 8 };
}

/** A numeric --name value from the command line. */
export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

export function median(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `predicate` until it holds; throws naming `what` after `timeoutMs`. */
export async function waitFor(what, predicate, timeoutMs = 30_000) {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * Installs bench/package.json's dependencies (the peer books of book-peers.mjs: ccxt, tardis-dev) into
 * bench/node_modules from bench/package-lock.json when one is missing or not the pinned version. They are
 * not dependencies of flowdesk: `npm install` and CI never fetch them.
 */
export function ensureBenchPackages() {
  const benchDir = join(ROOT, 'bench');
  const wanted = JSON.parse(readFileSync(join(benchDir, 'package.json'), 'utf8')).dependencies;
  const installed = (name) => {
    const file = join(benchDir, 'node_modules', name, 'package.json');
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : null;
  };
  const missing = Object.entries(wanted).filter(([name, version]) => installed(name) !== version);
  if (missing.length === 0) return;
  process.stderr.write(`bench: installing ${missing.map(([n, v]) => `${n}@${v}`).join(', ')} into bench/node_modules (npm --prefix bench ci --ignore-scripts) ...\n`);
  // Under `npm run`, npm_execpath is the npm that runs us; npm's own output goes to stderr (stdout carries results).
  const npm = process.env.npm_execpath;
  const [command, args] = npm?.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  const result = spawnSync(command, [...args, '--prefix', benchDir, 'ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write('bench: `npm --prefix bench ci` failed (see above); it needs the npm registry once\n');
    process.exit(1);
  }
}
