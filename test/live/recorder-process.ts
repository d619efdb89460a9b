// `flowdesk record` and `flowdesk replay` as real child processes (bin/flowdesk.js → dist/), and readers of
// what the recorder wrote, for the CLI tests in this folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../support/fixtures.js';

export const BIN = join(PROJECT_ROOT, 'bin/flowdesk.js');

export interface Recorder {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Exit code, or the signal's name when a signal ended it. */
  readonly exited: Promise<number | string | null>;
}

export function startRecorder(cwd: string, args: string[], env: Record<string, string>): Recorder {
  const child = spawn(process.execPath, [BIN, 'record', '--no-ui', ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', FLOWDESK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

export function endpointEnv(product: 'spot' | 'usdm', restUrl: string, wsUrl: string): Record<string, string> {
  return product === 'spot'
    ? { BINANCE_SPOT_REST_URL: restUrl, BINANCE_SPOT_WS_URL: wsUrl }
    : { BINANCE_USDM_REST_URL: restUrl, BINANCE_USDM_WS_URL: wsUrl };
}

export interface ReplayOutcome {
  readonly code: number | null;
  readonly report: Record<string, unknown>;
  readonly stderr: string;
}

export function replay(cwd: string, files: string[]): Promise<ReplayOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'replay', ...files, '--no-ui', '--report', 'json'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => {
      const lines = out.trim().split('\n');
      resolve({ code, report: code === 0 ? (JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>) : {}, stderr: err });
    });
  });
}

/**
 * The whole lines of a recording file, header first. `cutOff`: the file may still be being written, or
 * have been cut off by a crash or a full disk: give the lines decodable so far (not the cut-off last one).
 * Otherwise the file must be complete gzip.
 */
export function wholeLines(file: string, cutOff = false): string[] {
  const bytes = readFileSync(file);
  const text = (cutOff ? gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }) : gunzipSync(bytes)).toString('utf8');
  const lines = text.split('\n');
  lines.pop(); // '' after the last newline, or a line cut off
  return lines;
}

/** Market-data frames in recorded files (not request replies, not REST or lifecycle lines). */
export function recordedFrames(files: string[], cutOff = false): string[] {
  const frames: string[] = [];
  for (const file of files) {
    for (const line of wholeLines(file, cutOff).slice(1)) {
      const fields = line.split('\t');
      if (fields[3] === 'ws' && !/^\{"(result|error|id)"/.test(fields[5] ?? '')) frames.push(fields.slice(5).join('\t'));
    }
  }
  return frames;
}

export function byStream(frames: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const frame of frames) {
    const stream = /^\{"stream":"([^"]+)"/.exec(frame)?.[1] ?? '';
    (out[stream] ??= []).push(frame);
  }
  return out;
}
