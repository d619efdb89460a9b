// Shared helpers of the recording tests: temp directories, the bundled fixtures, and reading files back.
// Every damaged or unusual input is derived from the real fixtures at test time (fixtures/SOURCES.md).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterEach } from 'vitest';
import type { RawMessage } from '../../src/model/index.js';
import { decodeHftLine, readLineBatches, type LineBatch } from '../../src/recording/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const SPOT_0808 = path.join(ROOT, 'fixtures/binance/spot/btcusdt_20240808.gz');
export const SPOT_0809 = path.join(ROOT, 'fixtures/binance/spot/btcusdt_20240809.gz');

const textCache = new Map<string, string>();

/** The whole decompressed text of a fixture. */
export function fixtureText(fixture: string): string {
  let text = textCache.get(fixture);
  if (text === undefined) {
    text = gunzipSync(readFileSync(fixture)).toString('utf8');
    textCache.set(fixture, text);
  }
  return text;
}

/** The lines of a fixture (it ends with a newline, so the empty string after the last one is dropped). */
export function fixtureLines(fixture: string): string[] {
  const lines = fixtureText(fixture).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** A fixture's lines as raw messages (spot, the one snapshot named BTCUSDT), numbered 0, 1, 2, ... */
export function fixtureMessages(fixture: string, count = Infinity): RawMessage[] {
  const out: RawMessage[] = [];
  for (const line of fixtureLines(fixture)) {
    if (out.length >= count) break;
    const raw = decodeHftLine(line, { product: 'spot', snapshotSymbol: 'BTCUSDT' });
    if (typeof raw === 'string') throw new Error(`fixture line does not decode: ${raw}`);
    out.push({ ...raw, seq: out.length });
  }
  return out;
}

/** A fresh temp directory, removed after the test. */
const tempDirs: string[] = [];
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowdesk-recording-'));
  tempDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export interface ReadBack {
  readonly batches: LineBatch[];
  readonly lines: string[];
  readonly warnings: string[];
}

/** Reads a file with readLineBatches, collecting batches, lines and warnings. */
export async function readBack(file: string): Promise<ReadBack> {
  const batches: LineBatch[] = [];
  const lines: string[] = [];
  const warnings: string[] = [];
  for await (const batch of readLineBatches(file, (message) => warnings.push(message))) {
    batches.push({ lines: [...batch.lines], endsWithoutNewline: batch.endsWithoutNewline });
    lines.push(...batch.lines);
  }
  return { batches, lines, warnings };
}

/** Drains an async generator of message batches into one array. */
export async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of batches) out.push(...batch);
  return out;
}
