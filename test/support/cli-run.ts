// The flowdesk command run in this process (main() with captured streams), for CLI tests that need no
// real process: exit code, stdout and stderr. Endpoints point nowhere by default (127.0.0.1:9 refuses at
// once), so a command that got past its usage check by mistake fails offline instead of reaching Binance.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';

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
