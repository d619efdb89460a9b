// cli/output-lock: one writer per output directory. `record` and `convert` take DIR/.flowdesk.lock before
// they create any file in DIR, and give it back when they exit (cleanly or not). The lock file holds the
// holder's pid, start time, host and command; a lock whose process is gone (a SIGKILL, a power cut) is
// taken over with a warning, a live one refuses the second writer without touching anything in DIR.
// Lives in cli: it reads the wall clock, the pid and /proc, which engine code must not.

import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FlowdeskError, makeDirectory } from '../core/index.js';

export const LOCK_FILE = '.flowdesk.lock';

/** What the lock file holds (one JSON object). */
export interface LockOwner {
  readonly pid: number;
  /** ISO-8601 UTC, whole seconds: 2026-12-06T07:50:28Z. */
  readonly startedAt: string;
  readonly host: string;
  readonly command: string;
  /**
   * Linux: field 22 of /proc/<pid>/stat (clock ticks after boot at which the process started), so a pid
   * the system gave to another process since is not mistaken for the holder; null where /proc is absent.
   */
  readonly processStart: string | null;
}

/** DIR is (or may be) being written by another flowdesk, or its lock cannot be taken. One line. */
export class OutputLockedError extends FlowdeskError {
  override readonly name = 'OutputLockedError';
}

export function isOutputLockedError(value: unknown): value is OutputLockedError {
  return value instanceof OutputLockedError;
}

export interface OutputLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Removes the lock file if it is still this process's. Safe to call more than once. */
  release(): void;
}

export interface AcquireOptions {
  /** Recorded in the lock file, e.g. `flowdesk record --product spot ...`. */
  readonly command: string;
  /** Told once when a lock left by a process that is gone is taken over. */
  readonly warn: (message: string) => void;
}

/**
 * Creates DIR if needed and takes DIR/.flowdesk.lock (created with O_EXCL, so two processes cannot both
 * create it). Throws OutputLockedError when another live flowdesk holds it, when it was written on another
 * host (its pid cannot be checked from here), or when it is not a flowdesk lock.
 */
export function acquireOutputLock(dir: string, options: AcquireOptions): OutputLock {
  try {
    makeDirectory(dir);
  } catch (error) {
    throw new OutputLockedError(`cannot create recording directory ${dir}: ${(error as Error).message}`);
  }
  const path = join(dir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    startedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    host: hostname(),
    command: options.command,
    processStart: processStartOf(process.pid),
  };
  const text = `${JSON.stringify(owner)}\n`;
  let tookOver: string | null = null;
  // A second round only after removing a stale lock; a third only if another process took that one over.
  for (let round = 0; round < 3; round++) {
    if (create(path, text)) {
      if (tookOver !== null) options.warn(tookOver);
      return holding(path, owner, text);
    }
    const found = readLock(path);
    if (found === null) continue; // released between our attempt and the read
    const holder = parseOwner(found);
    if (holder === null) {
      throw new OutputLockedError(`${path} is not a flowdesk lock (empty or damaged); delete it if no flowdesk is writing to ${dir}`);
    }
    const said = `pid ${holder.pid}, started ${holder.startedAt}`;
    if (holder.host !== owner.host) {
      throw new OutputLockedError(
        `${dir} is being written by flowdesk on host ${holder.host} (${said}), which cannot be checked from here; stop it, or delete ${path} if it is gone`,
      );
    }
    const gone = whyGone(holder);
    if (gone === null) throw new OutputLockedError(`${dir} is being written by another flowdesk (${said}); stop it first`);
    // Remove it only if it is still the lock judged stale (not one another process has just taken over).
    const still = readLock(path);
    try {
      if (still === found) removeIfPresent(path);
    } catch (error) {
      throw new OutputLockedError(`cannot remove the stale ${path}: ${(error as Error).message}`);
    }
    tookOver = `took over ${path} from a flowdesk that is gone (${said}; ${gone})`;
  }
  throw new OutputLockedError(`cannot take ${path}: other processes keep taking it`);
}

function create(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new OutputLockedError(`cannot create ${path}: ${(error as Error).message}`);
  }
  try {
    writeSync(fd, text);
  } catch (error) {
    closeSync(fd);
    removeIfPresent(path);
    throw new OutputLockedError(`cannot write ${path}: ${(error as Error).message}`);
  }
  closeSync(fd);
  return true;
}

function holding(path: string, owner: LockOwner, text: string): OutputLock {
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    try {
      if (readOrNull(path) === text) removeIfPresent(path);
    } catch {
      // Left behind, it is taken over as stale by the next writer.
    }
  };
  // Covers exits that skip the command's own cleanup (process.exit on a closed stdout pipe).
  process.on('exit', release);
  return { path, owner, release };
}

/** null while the holder runs; otherwise why it is known to be gone. */
function whyGone(holder: LockOwner): string | null {
  if (!Number.isInteger(holder.pid) || holder.pid <= 0) return 'no valid pid';
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return 'no such process';
  }
  const stat = procStat(holder.pid);
  if (stat === null) return null; // no /proc: a live pid is taken at its word
  if (stat.state === 'Z') return 'the process has exited';
  if (holder.processStart !== null && stat.start !== holder.processStart) return 'its pid now belongs to another process';
  return null;
}

function processStartOf(pid: number): string | null {
  return procStat(pid)?.start ?? null;
}

function procStat(pid: number): { state: string; start: string } | null {
  const text = readOrNull(`/proc/${pid}/stat`);
  if (text === null) return null;
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const start = fields[19]; // field 22 of the whole line
  return state === undefined || start === undefined ? null : { state, start };
}

function parseOwner(text: string): LockOwner | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v['pid'] !== 'number' || typeof v['startedAt'] !== 'string' || typeof v['host'] !== 'string') return null;
  return {
    pid: v['pid'],
    startedAt: v['startedAt'],
    host: v['host'],
    command: typeof v['command'] === 'string' ? v['command'] : '',
    processStart: typeof v['processStart'] === 'string' ? v['processStart'] : null,
  };
}

/** The lock file's text; null when there is none. */
function readLock(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new OutputLockedError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
