// The recorder as a long-running service (docs/SERVICE.md): the command of docs/flowdesk-record.service,
// and `flowdesk` on PATH after `npm install -g .`, each started as a child process of its own process group
// against the loopback exchange. Once it records, one signal goes to that very PID: it must exit 0, every
// file must be complete gzip holding every frame sent and replay with its book live, and no process of its
// group may remain (what `npx flowdesk` leaves behind: npm ends, the recorder goes on as an orphan).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LoopbackExchange } from '../../src/loopback/index.js';
import { PROJECT_ROOT, replayFiles } from '../support/fixtures.js';
import { commandWords, parseUnit, unitValue } from '../support/systemd-unit.js';
import { INSTRUMENTS, recording, waitFor } from './harness.js';
import { byStream, recordedFrames, recordedLines, recordingText } from './recorded-files.js';

/** Where docs/SERVICE.md puts the checkout; the unit's paths below it are this project's files here. */
const INSTALL_DIR = '/opt/flowdesk';
const UNIT = parseUnit(readFileSync(join(PROJECT_ROOT, 'docs/flowdesk-record.service'), 'utf8'));
const [UNIT_NODE = '', UNIT_SCRIPT = '', ...RECORD_ARGS] = commandWords(unitValue(UNIT, 'Service.ExecStart'));

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-service-'));
const prefix = join(dir, 'npm-global');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Node's directory first, so `#!/usr/bin/env node` finds the node running the tests. */
const PATH = [dirname(process.execPath), process.env['PATH'] ?? ''].join(delimiter);

beforeAll(() => {
  // The documented `npm install -g .`, into a temporary prefix. --offline proves it needs no network;
  // --ignore-scripts: dist/ is already built (npm ci did it), so the link needs no build.
  const npm = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '.'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH },
  });
  if (npm.status !== 0) throw new Error(`npm install -g failed (${npm.status}): ${npm.stderr}`);
});

const running: { child: ChildProcess; ex: LoopbackExchange }[] = [];
afterEach(async () => {
  for (const { child, ex } of running.splice(0)) {
    if (child.pid !== undefined && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
    await ex.stop();
  }
});

/** Whether any process of the process group `pgid` is still there. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

function option(args: readonly string[], name: string): string {
  const at = args.indexOf(name);
  if (at < 0 || at + 1 >= args.length) throw new Error(`${name} missing from ${args.join(' ')}`);
  return args[at + 1] as string;
}

describe('docs/flowdesk-record.service', () => {
  it('runs node on the checkout\'s bin/flowdesk.js: record --no-ui, writing below its working directory', () => {
    expect(basename(UNIT_NODE)).toBe('node');
    expect(UNIT_SCRIPT).toBe(`${INSTALL_DIR}/bin/flowdesk.js`);
    expect(RECORD_ARGS.slice(0, 2)).toEqual(['record', '--no-ui']);
    expect(isAbsolute(option(RECORD_ARGS, '--out'))).toBe(false);
    expect(isAbsolute(unitValue(UNIT, 'Service.WorkingDirectory'))).toBe(true);
    expect(unitValue(UNIT, 'Service.User')).not.toBe('root');
  });

  it('stops with SIGTERM within a timeout, restarts on failure but not on a usage error, and appends its output to a log file', () => {
    expect(unitValue(UNIT, 'Service.KillSignal')).toBe('SIGTERM');
    expect(Number(unitValue(UNIT, 'Service.TimeoutStopSec'))).toBeGreaterThanOrEqual(10);
    expect(unitValue(UNIT, 'Service.Restart')).toBe('on-failure');
    expect(unitValue(UNIT, 'Service.RestartPreventExitStatus')).toBe('2');
    const log = unitValue(UNIT, 'Service.StandardOutput');
    expect(log).toMatch(/^append:\/.+\.log$/);
    expect(unitValue(UNIT, 'Service.StandardError')).toBe(log);
  });

  const analyze = spawnSync('systemd-analyze', ['--version'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!analyze)('is accepted by systemd-analyze verify with no unknown or invalid setting', () => {
    const verify = spawnSync('systemd-analyze', ['verify', join(PROJECT_ROOT, 'docs/flowdesk-record.service')], { encoding: 'utf8' });
    // Lines about this machine (no such user, node elsewhere) are not about the file.
    expect(verify.stderr.split('\n').filter((line) => /unknown (key|section)|failed to parse|invalid|ignoring/i.test(line))).toEqual([]);
  });
});

describe('npm install -g .', () => {
  it('links an executable flowdesk to this checkout that runs', () => {
    const bin = join(prefix, 'bin', 'flowdesk');
    expect(lstatSync(bin).isSymbolicLink()).toBe(true);
    expect(realpathSync(bin)).toBe(realpathSync(join(PROJECT_ROOT, 'bin', 'flowdesk.js')));
    const help = spawnSync(bin, ['--help'], { encoding: 'utf8', env: { PATH } });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: flowdesk <command>');
  });
});

interface Form {
  readonly form: string;
  readonly signal: 'SIGTERM' | 'SIGINT';
  readonly command: () => [string, string[]];
}

const FORMS: Form[] = [
  {
    form: 'the unit\'s ExecStart (node bin/flowdesk.js)',
    signal: 'SIGTERM',
    command: () => [process.execPath, [join(PROJECT_ROOT, relative(INSTALL_DIR, UNIT_SCRIPT)), ...RECORD_ARGS]],
  },
  { form: 'flowdesk on PATH from npm install -g', signal: 'SIGTERM', command: () => [join(prefix, 'bin', 'flowdesk'), RECORD_ARGS] },
  { form: 'flowdesk on PATH from npm install -g', signal: 'SIGINT', command: () => [join(prefix, 'bin', 'flowdesk'), RECORD_ARGS] },
];

describe.each(FORMS)('$form, stopped with $signal', ({ form, signal, command }) => {
  it('flushes and closes every file, prints them, exits 0 and leaves no process of its group', async () => {
    const product = option(RECORD_ARGS, '--product');
    expect(product, 'the loopback serves the bundled spot BTCUSDT recording').toBe('spot');
    const ex = new LoopbackExchange({ product: 'spot', messages: await recording('spot', 4000), instruments: INSTRUMENTS.spot, speed: 'max', keepSentFrames: true });
    const address = await ex.start();
    const workDir = mkdtempSync(join(dir, `${signal}-`)); // plays the unit's WorkingDirectory
    const out = resolve(workDir, option(RECORD_ARGS, '--out'));
    const [file, args] = command();
    const child = spawn(file, args, {
      cwd: workDir,
      env: { PATH, BINANCE_SPOT_REST_URL: address.restUrl, BINANCE_SPOT_WS_URL: address.wsUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: whatever it starts is found by the group id
    });
    running.push({ child, ex });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((done) => child.once('exit', (code, sig) => done([code, sig])));
    const pid = child.pid as number;

    const files = (): string[] => (existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.fdr.gz')).sort().map((f) => join(out, f)) : []);
    /** Every frame sent so far is on disk (flushed every second), and `more` holds too. */
    const onDisk = (more: (lines: string[][]) => boolean) => (): boolean => {
      const lines = recordedLines(files(), true);
      const frames = lines.filter((f) => f[3] === 'ws' && f[5]?.startsWith('{"stream"')).length;
      return frames >= ex.sentFrames().length && more(lines);
    };
    await waitFor(`${form} to subscribe (stderr: ${stderr})`, () => ex.clients().reduce((n, c) => n + c.topics.length, 0) >= 3, 20_000, 20);
    ex.advance(300);
    const snapshotRecorded = (lines: string[][]): boolean => lines.some((f) => f[3] === 'rest' && f[4] === 'btcusdt@rest.depth' && f[5]?.startsWith('{"lastUpdateId"') === true);
    await waitFor('the REST snapshot and every frame sent, on disk', onDisk(snapshotRecorded), 30_000, 100);
    ex.advance(300); // diffs after the snapshot: the book goes live
    await waitFor('the frames after the snapshot, on disk', onDisk(() => true), 30_000, 100);

    process.kill(pid, signal);
    const [code, bySignal] = await exited;
    expect({ code, bySignal, processesLeft: groupAlive(pid), stderr }).toMatchObject({ code: 0, bySignal: null, processesLeft: false });

    const written = files();
    expect(written.length).toBeGreaterThan(0);
    expect(stdout.trim().split('\n').map((f) => resolve(workDir, f))).toEqual(written);
    for (const f of written) expect(() => recordingText(f)).not.toThrow(); // complete gzip streams
    expect(byStream(recordedFrames(written))).toEqual(byStream(ex.sentFrames()));
    const { report } = await replayFiles(written);
    expect(report).toMatchObject({ gaps: 0, crossed: 0, malformed: 0, skippedLines: 0 });
    expect(report.symbols[0]).toMatchObject({ symbol: 'BTCUSDT', state: 'live', unitsFrom: 'exchangeInfo' });
  });
});
