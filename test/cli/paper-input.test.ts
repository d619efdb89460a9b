// `flowdesk paper` refuses what it cannot run before it writes anything: a state directory holding something
// else, a damaged or other-version state.json, USD-M, a bad --set. One line on stderr, exit 2, the directory
// as it was. These refusals come before any connection (no exchange is needed to see them).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFlowdesk } from './paper-process.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-paper-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `flowdesk paper --no-ui ...` against an endpoint nothing listens on (it must not get that far). */
async function refused(args: string[], product = 'spot'): Promise<{ code: number | string | null; stderr: string; stdout: string }> {
  const run = startFlowdesk(dir, ['paper', '--no-ui', '--product', product, '--symbols', 'BTCUSDT', ...args], {
    BINANCE_SPOT_REST_URL: 'http://127.0.0.1:9',
    BINANCE_SPOT_WS_URL: 'ws://127.0.0.1:9',
  });
  const code = await run.exited;
  return { code, stderr: run.stderr(), stdout: run.stdout() };
}

/** Every file under `path` with its bytes: what "nothing was written" is checked against. */
function snapshot(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out[join(entry.parentPath, entry.name)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

function stateDir(name: string, files: Record<string, string>): string {
  const state = join(dir, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(state, file, '..'), { recursive: true });
    writeFileSync(join(state, file), text);
  }
  return state;
}

describe('flowdesk paper refuses, in one line with exit 2 and nothing written,', () => {
  it('a state directory that holds a file a paper state does not have', async () => {
    const state = stateDir('foreign', { 'notes.txt': 'mine\n' });
    const before = snapshot(state);
    const { code, stderr } = await refused(['--state', state]);
    expect(code).toBe(2);
    expect(stderr).toBe(`flowdesk: paper: ${state} is not a flowdesk paper state (it holds notes.txt); choose another --state, or an empty or new directory\n`);
    expect(snapshot(state)).toEqual(before);
    expect(readdirSync(state)).toEqual(['notes.txt']); // not even a lock
  });

  it('a state.json that is not JSON', async () => {
    const state = stateDir('corrupt', { 'state.json': '{"format":"flowdesk-paper-state","vers', 'sessions/0001/journal.jsonl': '' });
    const before = snapshot(state);
    const { code, stderr } = await refused(['--state', state]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^flowdesk: paper: ${join(state, 'state.json')} is not a flowdesk paper state \\(not JSON: .+\\); nothing was changed\\n$`));
    expect(snapshot(state)).toEqual(before);
  });

  it('a state.json of another format or version', async () => {
    const other = stateDir('other-format', { 'state.json': '{"format":"something-else"}' });
    const a = await refused(['--state', other]);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe(`flowdesk: paper: ${join(other, 'state.json')} is not a flowdesk paper state (no "format":"flowdesk-paper-state"); nothing was changed\n`);
    const newer = stateDir('newer', { 'state.json': '{"format":"flowdesk-paper-state","version":2}' });
    const b = await refused(['--state', newer]);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(`flowdesk: paper: ${join(newer, 'state.json')} is version 2 of the paper state; this flowdesk reads version 1; nothing was changed\n`);
    expect(readdirSync(newer)).toEqual(['state.json']);
  });

  it('sessions without a state.json', async () => {
    const state = stateDir('no-state', { 'sessions/0001/journal.jsonl': '' });
    const { code, stderr } = await refused(['--state', state]);
    expect(code).toBe(2);
    expect(stderr).toBe(`flowdesk: paper: ${state} is not a flowdesk paper state (it has sessions but no state.json); choose another --state, or an empty or new directory\n`);
  });

  it('USD-M, which the strategy does not trade yet', async () => {
    const state = join(dir, 'usdm');
    const { code, stderr } = await refused(['--state', state], 'usdm');
    expect(code).toBe(2);
    expect(stderr).toBe('flowdesk: paper: the strategy does not trade USD-M yet (its long/short position model is not built); use --product spot\n');
    expect(() => readdirSync(state)).toThrow(/ENOENT/);
  });

  it('a --set the strategy does not have', async () => {
    const state = join(dir, 'bad-set');
    const { code, stderr } = await refused(['--state', state, '--set', 'scoreThreshhold=0']);
    expect(code).toBe(2);
    expect(stderr.split('\n')).toHaveLength(2);
    expect(stderr).toMatch(/^flowdesk: .*scoreThreshhold/);
    expect(() => readdirSync(state)).toThrow(/ENOENT/);
  });
});
