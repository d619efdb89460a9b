// What `flowdesk record` leaves in its output directory when things go wrong, as real child processes
// against the loopback exchange: a second writer into the same directory is refused without touching it,
// a lock left by a process that is gone is taken over, a full disk (a real 256 KiB tmpfs) stops the
// recorder with one line and everything written before replays, and a recorder killed with SIGKILL leaves
// a file that replays up to the damage, which the replay names.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LoopbackExchange } from '../../src/loopback/index.js';
import { SPOT_FILES } from '../support/fixtures.js';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk.js';
import { DEPTH, INSTRUMENTS, recording, waitFor } from './harness.js';
import { BIN, byStream, endpointEnv, recordedFrames, replay, startRecorder, wholeLines, type Recorder } from './recorder-process.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-record-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const running: { child: ChildProcess; ex: LoopbackExchange }[] = [];
afterEach(async () => {
  for (const { child, ex } of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await ex.stop();
  }
});

const LOCK = '.flowdesk.lock';

async function spotExchange(messages: number, keepSentFrames = false): Promise<{ ex: LoopbackExchange; env: Record<string, string> }> {
  const ex = new LoopbackExchange({ product: 'spot', messages: await recording('spot', messages), instruments: INSTRUMENTS.spot, speed: 'max', keepSentFrames });
  const address = await ex.start();
  return { ex, env: endpointEnv('spot', address.restUrl, address.wsUrl) };
}

function record(ex: LoopbackExchange, out: string, env: Record<string, string>, extra: string[] = []): Recorder {
  const rec = startRecorder(dir, ['--product', 'spot', '--symbols', 'BTCUSDT', '--out', out, '--depth', DEPTH.spot, '--status-every', '3600', ...extra], env);
  running.push({ child: rec.child, ex });
  return rec;
}

const subscribed = (ex: LoopbackExchange) => waitFor('subscription', () => ex.clients().reduce((n, c) => n + c.topics.length, 0) >= 3, 20_000);

const recordingFiles = (out: string) => readdirSync(out).filter((f) => f.endsWith('.fdr.gz')).sort().map((f) => join(out, f));

/** Each stream's recorded frames are the first frames the exchange sent on that stream, byte for byte. */
function expectPrefixOfSent(recorded: string[], sent: string[]): void {
  const sentByStream = byStream(sent);
  for (const [stream, frames] of Object.entries(byStream(recorded))) expect(frames).toEqual((sentByStream[stream] ?? []).slice(0, frames.length));
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout: out, stderr: err }));
  });
}

describe('one writer per output directory', () => {
  it('refuses a second recorder (and a convert) into a directory being recorded: exit 1, one line naming the first, nothing touched', async () => {
    const { ex, env } = await spotExchange(4000);
    const out = join(dir, 'one-writer');
    const first = record(ex, out, env);
    await subscribed(ex);
    ex.advance(200);
    await waitFor('the first file and the snapshot request', () => recordingFiles(out).length > 0 && (ex.stats().requests['/api/v3/depth'] ?? 0) > 0);
    const lockText = readFileSync(join(out, LOCK), 'utf8');
    const holder = JSON.parse(lockText) as { pid: number; startedAt: string };
    expect(holder.pid).toBe(first.child.pid);
    const names = readdirSync(out).sort();
    const connections = ex.stats().connectionsTotal;

    const second = record(ex, out, env);
    expect(await second.exited).toBe(1);
    const converted = await run(['convert', SPOT_FILES[0] as string, '--out', out]);

    const refusal = `flowdesk: ${out} is being written by another flowdesk (pid ${holder.pid}, started ${holder.startedAt}); stop it first\n`;
    expect(holder.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(second.stderr()).toBe(refusal);
    expect(second.stdout()).toBe('');
    expect(converted).toEqual({ code: 1, stdout: '', stderr: refusal });
    expect(readdirSync(out).sort()).toEqual(names);
    expect(readFileSync(join(out, LOCK), 'utf8')).toBe(lockText);
    expect(ex.stats().requests['/api/v3/exchangeInfo']).toBe(1); // the second one did not even connect
    expect(ex.stats().connectionsTotal).toBe(connections);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(join(out, LOCK))).toBe(false);
  });

  it('takes over a lock left by a process that is gone, with one warning line, and releases it on SIGTERM', async () => {
    const { ex, env } = await spotExchange(4000);
    const out = join(dir, 'stale-lock');
    mkdirSync(out, { recursive: true });
    const gone = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    writeFileSync(join(out, LOCK), `${JSON.stringify({ pid: gone, startedAt: '2026-01-02T03:04:05Z', host: hostname(), command: 'flowdesk record', processStart: null })}\n`);

    const rec = record(ex, out, env);
    await subscribed(ex);

    expect(rec.said()).toBe(`flowdesk: warning: took over ${join(out, LOCK)} from a flowdesk that is gone (pid ${gone}, started 2026-01-02T03:04:05Z; no such process)\n`);
    expect(JSON.parse(readFileSync(join(out, LOCK), 'utf8'))).toMatchObject({ pid: rec.child.pid, host: hostname() });
    rec.child.kill('SIGTERM');
    expect(await rec.exited).toBe(0);
    expect(existsSync(join(out, LOCK))).toBe(false);
  });
});

describe('flowdesk record on a full disk (a 256 KiB tmpfs)', () => {
  let disk: SmallDisk | { readonly skipReason: string };
  beforeAll(() => {
    disk = mountSmallDisk(256);
    if ('skipReason' in disk) console.log(`flowdesk record full-disk test skipped: ${disk.skipReason}`);
  });
  afterAll(() => {
    if ('unmount' in disk) disk.unmount();
  });

  it('stops with one line and exit 1, lists its files, releases the lock, and what it wrote replays as a prefix of what was sent', async (ctx) => {
    if ('skipReason' in disk) return ctx.skip(disk.skipReason);
    const { ex, env } = await spotExchange(30_000, true);
    const out = join(disk.dir, 'rec');
    const rec = record(ex, out, env);
    await subscribed(ex);
    ex.play(); // as fast as it can: ~3 MB of gzip for a 256 KiB disk

    expect(await rec.exited).toBe(1);

    const files = recordingFiles(out);
    expect(files).toHaveLength(1);
    const file = files[0] as string;
    expect(rec.said()).toBe(`flowdesk: recording stopped: cannot write ${file}: ENOSPC: no space left on device, write\n`);
    expect(rec.stdout()).toBe(`${file}\n`);
    expect(readdirSync(out)).toEqual([file.slice(out.length + 1)]); // the lock is gone
    const lines = wholeLines(file, true);
    const frames = recordedFrames(files, true);
    expect(frames.length).toBeGreaterThan(1000);
    expect(frames.length).toBeLessThan(ex.sentFrames().length); // the disk did fill
    expectPrefixOfSent(frames, ex.sentFrames());

    const replayed = await replay(dir, files);
    expect(replayed.code).toBe(0);
    expect(replayed.stderr).toContain(`${file}: gzip stream is `);
    expect(replayed.stderr).toMatch(new RegExp(` after line ${lines.length} \\(.+\\); replayed up to the last whole line`));
    expect(replayed.report).toMatchObject({ events: lines.length - 1, malformed: 0, skippedLines: 0, gaps: 0 });
  });
});

describe('flowdesk record killed with SIGKILL', () => {
  it('leaves a file that replays up to its last flush, the replay naming the file and the line where the damage is', async () => {
    const { ex, env } = await spotExchange(4000, true);
    const out = join(dir, 'killed');
    const rec = record(ex, out, env, ['--flush-every', '0.2']);
    await subscribed(ex);
    // What a flush (every 0.2 s) has put on disk: frames, and frames after the REST snapshot.
    const onDisk = (): { frames: number; snapshot: boolean; afterSnapshot: number } => {
      const files = recordingFiles(out);
      const streams = files.length === 0 ? [] : wholeLines(files[0] as string, true).slice(1).map((line) => line.split('\t').slice(3, 5).join(' '));
      const snapshotAt = streams.indexOf('rest btcusdt@rest.depth');
      const frames = (from: number) => streams.slice(from).filter((stream) => stream.startsWith('ws btcusdt@')).length;
      return { frames: frames(0), snapshot: snapshotAt >= 0, afterSnapshot: snapshotAt < 0 ? 0 : frames(snapshotAt) };
    };
    ex.advance(1000);
    await waitFor('the snapshot on disk', () => onDisk().snapshot, 20_000);
    ex.advance(1000);
    await waitFor('frames after the snapshot on disk', () => onDisk().afterSnapshot >= 500, 20_000);
    const flushed = onDisk().frames;

    rec.child.kill('SIGKILL');
    expect(await rec.exited).toBe('SIGKILL');

    const files = recordingFiles(out);
    expect(files).toHaveLength(1);
    const file = files[0] as string;
    const lines = wholeLines(file, true);
    const frames = recordedFrames(files, true);
    expect(frames.length).toBeGreaterThanOrEqual(flushed);
    expectPrefixOfSent(frames, ex.sentFrames());
    // The lock stays behind with the dead pid: the next writer takes it over (tested above).
    expect(JSON.parse(readFileSync(join(out, LOCK), 'utf8'))).toMatchObject({ pid: rec.child.pid });

    const replayed = await replay(dir, files);
    expect(replayed.code).toBe(0);
    expect(replayed.stderr).toContain(`flowdesk: warning: ${file}: gzip stream is truncated after line ${lines.length} (`);
    expect(replayed.report).toMatchObject({ events: lines.length - 1, malformed: 0, skippedLines: 0, gaps: 0, crossed: 0 });
    expect((replayed.report['symbols'] as { state: string }[])[0]).toMatchObject({ state: 'live' });
  });
});
