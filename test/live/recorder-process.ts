// `flowdesk record` and `flowdesk replay` as real child processes (bin/flowdesk.js → dist/), and readers of
// what the recorder wrote, for the CLI tests in this folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../support/fixtures.js';

export const BIN = join(PROJECT_ROOT, 'bin/flowdesk.js');

export interface Recorder {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** stderr without the periodic status lines (`HH:MM:SSZ ...`): what the recorder said. */
  said(): string;
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
  const said = () => err.split('\n').filter((line) => !/^\d\d:\d\d:\d\dZ /.test(line)).join('\n');
  return { child, stdout: () => out, stderr: () => err, said, exited };
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

// The readers of what a recorder wrote live in recorded-files.ts.
export { byStream, recordedFrames, wholeLines } from './recorded-files.js';
