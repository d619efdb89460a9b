// The benchmarks' shared bits: command-line numbers, a median, waiting, and the bundled spot recording
// with the loopback instrument that serves it.
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
