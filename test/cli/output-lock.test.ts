// The output-directory lock on its own, with real processes: a live holder refuses, a dead one (a process
// that has exited, a pid now used by another process) is taken over with a warning, a lock from another
// host or one that is not a lock is refused without being touched. The CLI tests (test/live/record-cli)
// run it inside `flowdesk record`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, OutputLockedError, acquireOutputLock, type LockOwner, type OutputLock } from '../../src/cli/output-lock.js';
import { PROJECT_ROOT } from '../support/fixtures.js';

const dirs: string[] = [];
const held: OutputLock[] = [];
afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-lock-'));
  dirs.push(dir);
  return join(dir, 'out');
}

function acquire(dir: string, warnings: string[] = []): OutputLock {
  const lock = acquireOutputLock(dir, { command: 'flowdesk record --out x', warn: (m) => warnings.push(m) });
  held.push(lock);
  return lock;
}

function refusal(action: () => unknown): OutputLockedError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(OutputLockedError);
    return error as OutputLockedError;
  }
  throw new Error('expected the lock to be refused');
}

function writeLock(dir: string, owner: Partial<LockOwner>): string {
  const text = `${JSON.stringify({ pid: 1, startedAt: '2026-01-02T03:04:05Z', host: hostname(), command: 'flowdesk record', processStart: null, ...owner })}\n`;
  spawnSync('mkdir', ['-p', dir]);
  writeFileSync(join(dir, LOCK_FILE), text);
  return text;
}

/** The pid of a process that has run and exited (and been reaped). */
function pidOfExitedProcess(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function processStart(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] as string;
}

describe('acquireOutputLock', () => {
  it('creates the directory and a lock file holding pid, start time (UTC), host, command and process start', () => {
    const dir = freshDir();

    const lock = acquire(dir);

    expect(lock.path).toBe(join(dir, LOCK_FILE));
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    const written = JSON.parse(readFileSync(lock.path, 'utf8')) as LockOwner;
    expect(written).toEqual(lock.owner);
    expect(written.pid).toBe(process.pid);
    expect(written.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(written.host).toBe(hostname());
    expect(written.command).toBe('flowdesk record --out x');
    if (process.platform === 'linux') expect(written.processStart).toBe(processStart(process.pid));
  });

  it('removes the lock file on release, and a second release does nothing', () => {
    const dir = freshDir();
    const lock = acquire(dir);

    lock.release();
    lock.release();

    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a second writer while the first holds the lock, naming its pid and start time, and touches nothing', () => {
    const dir = freshDir();
    const first = acquire(dir);
    const before = readFileSync(first.path, 'utf8');

    const error = refusal(() => acquire(dir));

    expect(error.message).toBe(`${dir} is being written by another flowdesk (pid ${process.pid}, started ${first.owner.startedAt}); stop it first`);
    expect(readFileSync(first.path, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
  });

  it('refuses while another live process holds the lock', async () => {
    const dir = freshDir();
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      const pid = child.pid as number;
      const text = writeLock(dir, { pid, processStart: process.platform === 'linux' ? processStart(pid) : null });

      const error = refusal(() => acquire(dir));

      expect(error.message).toBe(`${dir} is being written by another flowdesk (pid ${pid}, started 2026-01-02T03:04:05Z); stop it first`);
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(text);
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  it('takes over a lock whose process has exited, with one warning naming it', () => {
    const dir = freshDir();
    const pid = pidOfExitedProcess();
    writeLock(dir, { pid });
    const warnings: string[] = [];

    const lock = acquire(dir, warnings);

    expect(warnings).toEqual([`took over ${join(dir, LOCK_FILE)} from a flowdesk that is gone (pid ${pid}, started 2026-01-02T03:04:05Z; no such process)`]);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toEqual(lock.owner);
  });

  it.skipIf(process.platform !== 'linux')('takes over a lock whose pid now belongs to another process (its start time differs)', () => {
    const dir = freshDir();
    // This very process is alive, but it is not the process that wrote the lock.
    writeLock(dir, { pid: process.pid, processStart: String(Number(processStart(process.pid)) - 1) });
    const warnings: string[] = [];

    const lock = acquire(dir, warnings);

    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`(pid ${process.pid}, started 2026-01-02T03:04:05Z; its pid now belongs to another process)`);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toEqual(lock.owner);
  });

  it('refuses a lock written on another host (its pid cannot be checked) and leaves it alone', () => {
    const dir = freshDir();
    const text = writeLock(dir, { host: 'other-vps', pid: pidOfExitedProcess() });

    const error = refusal(() => acquire(dir));

    expect(error.message).toContain(`${dir} is being written by flowdesk on host other-vps (pid `);
    expect(error.message).toContain(`delete ${join(dir, LOCK_FILE)} if it is gone`);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(text);
  });

  it.each([
    ['empty', ''],
    ['not JSON', 'hello\n'],
    ['JSON without a pid', '{"startedAt":"2026-01-02T03:04:05Z"}\n'],
  ])('refuses a lock file that is not a flowdesk lock (%s), telling to delete it', (_name, text) => {
    const dir = freshDir();
    spawnSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, LOCK_FILE), text);

    const error = refusal(() => acquire(dir));

    expect(error.message).toBe(`${join(dir, LOCK_FILE)} is not a flowdesk lock (empty or damaged); delete it if no flowdesk is writing to ${dir}`);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(text);
  });

  it('says it cannot create the directory when a regular file is in the way', () => {
    const parent = freshDir();
    spawnSync('mkdir', ['-p', join(parent, '..')]);
    writeFileSync(parent, 'a file');

    const error = refusal(() => acquire(join(parent, 'sub')));

    expect(error.message).toMatch(new RegExp(`^cannot create recording directory ${join(parent, 'sub')}: ENOTDIR`));
  });

  it('is released when the process exits without releasing it (process.exit)', () => {
    // The child runs the compiled module: bin/flowdesk.js brings dist/ up to date first, as for a user.
    expect(spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin/flowdesk.js'), '--version']).status).toBe(0);
    const dir = freshDir();
    const module = join(PROJECT_ROOT, 'dist/cli/output-lock.js');
    const script = `import { acquireOutputLock } from ${JSON.stringify(module)};
acquireOutputLock(${JSON.stringify(dir)}, { command: 'test', warn: () => {} });
process.stdout.write('held');
process.exit(0);`;

    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });

    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('held');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
