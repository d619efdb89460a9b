// The flowdesk command for CLI tests, in this process (main() with captured streams) or as a real process:
// exit code, stdout and stderr. Endpoints point nowhere by default (127.0.0.1:9 refuses at
// once), so a command that got past its usage check by mistake fails offline instead of reaching Binance.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main.js';
import { PROJECT_ROOT } from './fixtures.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const OFFLINE_ENDPOINTS: Readonly<Record<string, string>> = {
  BINANCE_SPOT_REST_URL: 'http://127.0.0.1:9',
  BINANCE_SPOT_WS_URL: 'ws://127.0.0.1:9',
  BINANCE_USDM_REST_URL: 'http://127.0.0.1:9',
  BINANCE_USDM_WS_URL: 'ws://127.0.0.1:9',
};

export async function runInProcess(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await main(args, { stdout, stderr }, { FLOWDESK_LOG_LEVEL: 'silent', ...OFFLINE_ENDPOINTS, ...env });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

/**
 * The flowdesk command as a user runs it: a real process of bin/flowdesk.js (which runs dist/), endpoints
 * pointing nowhere unless `env` says otherwise. A process that never exits fails its test (50 s) instead of
 * hanging the suite.
 */
export async function runProcess(args: readonly string[], env: Record<string, string> = {}, cwd = PROJECT_ROOT): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'bin/flowdesk.js'), ...args], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', FLOWDESK_LOG_LEVEL: 'warn', ...OFFLINE_ENDPOINTS, ...env },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 50_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
