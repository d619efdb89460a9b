// How the console ends when nobody presses q: SIGTERM to `npm start` (npm hands it to the console, which
// its script runs with exec), a dropped SSH connection (the terminal goes away, then SIGHUP), and a parent
// that dies without passing anything on (the console is then nobody's). Each must end with the terminal
// restored, exit code 0 where someone can see it, and no flowdesk process left, within 5 s. Real
// pseudo-terminals (tmux); the waits are for the processes, never a fixed time deciding an outcome.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/fixtures.js';
import { hasTmux, tmux } from '../support/tmux.js';

const FILES = 'fixtures/binance/spot/btcusdt_20240808.gz fixtures/binance/spot/btcusdt_20240809.gz';
const dir = mkdtempSync(join(tmpdir(), 'flowdesk-signals-'));
const sessions: string[] = [];

afterEach(() => {
  for (const s of sessions.splice(0)) {
    try {
      tmux('kill-session', '-t', s);
    } catch {
      // already gone
    }
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until<T>(what: string, probe: () => T | null, timeoutMs = 45_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value !== null) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every process as pid → [ppid, command line]. */
function processes(): Map<number, [number, string]> {
  const out = new Map<number, [number, string]>();
  for (const line of execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' }).split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (m !== null) out.set(Number(m[1]), [Number(m[2]), m[3] as string]);
  }
  return out;
}

/** The pid of the flowdesk console started under `root` (a descendant running bin/flowdesk.js), or null. */
function consoleUnder(root: number): number | null {
  const all = processes();
  for (const [pid, [, args]] of all) {
    if (!args.includes('bin/flowdesk.js replay')) continue;
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = all.get(p)?.[0]) if (p === root) return pid;
  }
  return null;
}

const alive = (pid: number) => processes().has(pid);

/** Starts `command` in a new 120×40 terminal; returns the terminal's shell pid and a screen reader. */
function terminal(name: string, command: string): { shell: number; screen: () => string } {
  const session = `flowdesk-${name}-${process.pid}`;
  sessions.push(session);
  tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', command);
  const shell = Number(tmux('display-message', '-p', '-t', session, '#{pane_pid}').trim());
  return { shell, screen: () => tmux('capture-pane', '-t', session, '-p') };
}

describe.skipIf(!hasTmux)('the console without q', () => {
  it('ends on SIGTERM to npm start: exit 0, no flowdesk process left within 5 s', async () => {
    const t = terminal('term', `cd ${PROJECT_ROOT} && env -u CI npm start; echo EXIT=$?; sleep 60`);
    await until('the console', () => (t.screen().includes('heatmap') ? true : null));
    const consolePid = await until('the console process', () => consoleUnder(t.shell));
    const npm = processes().get(consolePid)?.[0] as number;
    expect(processes().get(npm)?.[1]).toMatch(/^npm start/); // the console is npm's own child (exec)
    process.kill(npm, 'SIGTERM');
    await until('the console to end', () => (alive(consolePid) ? null : true), 5000);
    const end = await until('the exit line', () => /EXIT=\d+/.exec(t.screen())?.[0] ?? null, 5000);
    expect(end).toBe('EXIT=0');
  });

  it('ends on a dropped SSH connection (terminal gone, then SIGHUP) with exit code 0', async () => {
    const exitFile = join(dir, 'hup.exit');
    // The shell outlives the hang-up (it traps it) only to note the console's exit code.
    const t = terminal('hup', `bash -c "trap true HUP; cd ${PROJECT_ROOT}; env -u CI node bin/flowdesk.js replay ${FILES}; echo \\$? > ${exitFile}"`);
    await until('the console', () => (t.screen().includes('heatmap') ? true : null));
    const consolePid = await until('the console process', () => consoleUnder(t.shell));
    tmux('kill-session', '-t', sessions.pop() as string); // the terminal goes away ...
    process.kill(consolePid, 'SIGHUP'); // ... and the login shell passes the hang-up on
    await until('the console to end', () => (alive(consolePid) ? null : true), 5000);
    await until('the exit code', () => (existsSync(exitFile) ? true : null), 5000);
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
  });

  it('ends when its parent dies without passing a signal on (as npx leaves it)', async () => {
    const t = terminal('orphan', `bash -c "cd ${PROJECT_ROOT}; env -u CI node bin/flowdesk.js replay ${FILES}; true"`);
    await until('the console', () => (t.screen().includes('heatmap') ? true : null));
    const consolePid = await until('the console process', () => consoleUnder(t.shell));
    process.kill(t.shell, 'SIGKILL');
    await until('the orphaned console to end', () => (alive(consolePid) ? null : true), 5000);
  });
});
