// `flowdesk paper --no-ui` as an operator runs it: a real child process (bin/flowdesk.js → dist/) against
// the loopback exchange serving a bundled real recording, and readers of what it left in its state
// directory, for the paper tests in this folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoopbackExchange } from '../../src/loopback/index.js';
import { INSTRUMENTS, recording, waitFor } from '../live/harness.js';
import { BIN, endpointEnv } from '../live/recorder-process.js';

/**
 * A --set list under which the strategy trades the bundled BTCUSDT spot recording within seconds of wall
 * time at 10× speed: no score or margin hurdle, a short warm-up and cooldown, a wide volatility band,
 * low fees, no refill limit, and makers canceled after 1 s.
 */
export const PERMISSIVE = [
  'scoreThreshold=0',
  'safetyMarginBps=0',
  'adverseSelectionBps=0',
  'warmupSeconds=1',
  'freshness.cooldownSeconds=0',
  'baseline.zWindowSeconds=10',
  'baseline.zSampleMs=100',
  'vol.maxBps=1000',
  'fees.makerBps=0.1',
  'fees.takerBps=0.2',
  'execution.makerTtlMs=1000',
  'refill.maxRatio=1000000',
].flatMap((s) => ['--set', s]);

export interface Paper {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The periodic status lines (`HH:MM:SSZ ...`). */
  statusLines(): string[];
  /** Exit code, or the signal's name when a signal ended it. */
  readonly exited: Promise<number | string | null>;
}

/** Runs `flowdesk <args>` in `cwd` with only PATH, a quiet log level and `env` in its environment. */
export function startFlowdesk(cwd: string, args: string[], env: Record<string, string> = {}): Paper {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', FLOWDESK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, stdout: () => out, stderr: () => err, statusLines: () => err.split('\n').filter((l) => /^\d\d:\d\d:\d\dZ /.test(l)), exited };
}

/** The loopback exchange playing the bundled BTCUSDT spot recording at `speed`, its event times moved to now. */
export async function startExchange(messages: number, speed: number | 'max' = 10): Promise<{ ex: LoopbackExchange; env: Record<string, string> }> {
  const ex = new LoopbackExchange({ product: 'spot', messages: await recording('spot', messages), instruments: INSTRUMENTS.spot, speed, eventTimes: 'wall' });
  const address = await ex.start();
  return { ex, env: endpointEnv('spot', address.restUrl, address.wsUrl) };
}

/** Starts playback once a client has subscribed to the symbol's three streams. */
export async function playWhenSubscribed(ex: LoopbackExchange): Promise<void> {
  await waitFor('subscription', () => ex.clients().reduce((n, c) => n + c.topics.length, 0) >= 3, 30_000, 20);
  ex.play();
}

export function startPaper(cwd: string, state: string, env: Record<string, string>, extra: string[] = []): Paper {
  return startFlowdesk(cwd, ['paper', '--no-ui', '--product', 'spot', '--symbols', 'BTCUSDT', '--state', state, '--status-every', '1', ...PERMISSIVE, ...extra], env);
}

/** The lines of a session's journal as JSON (the header first); [] before it exists. A last line cut off is left out. */
export function journalLines(state: string, session = 1): Record<string, unknown>[] {
  const path = join(state, 'sessions', String(session).padStart(4, '0'), 'journal.jsonl');
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const whole = text.slice(0, text.lastIndexOf('\n') + 1);
  return whole
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function marketFiles(state: string, session = 1): string[] {
  const dir = join(state, 'sessions', String(session).padStart(4, '0'), 'market');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.fdr.gz'))
    .sort()
    .map((f) => join(dir, f));
}

export function readState(state: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(state, 'state.json'), 'utf8')) as Record<string, unknown>;
}

const ENDED_REPORTS = ['rejected', 'canceled', 'expired'];

/** The orders a journal's events leave open: requested, and not rejected, canceled, expired or filled in full. */
export function openOrders(events: readonly Record<string, unknown>[]): string[] {
  const lots = (qty: unknown): number => Math.round(Number(qty) * 1e8);
  const open = new Map<string, number>();
  for (const e of events) {
    const id = String(e['clientOrderId']);
    if (e['type'] === 'orderRequested') open.set(id, lots(e['qty']));
    else if (e['type'] === 'reportReceived' && ENDED_REPORTS.includes(String(e['report']))) open.delete(id);
    else if (e['type'] === 'reportReceived' && e['report'] === 'filled' && open.has(id)) {
      const left = (open.get(id) ?? 0) - lots(e['qty']);
      if (left <= 0) open.delete(id);
      else open.set(id, left);
    }
  }
  return [...open.keys()];
}
