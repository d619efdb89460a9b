// A scripted terminal session: `npm start` in a real pseudo-terminal (tmux, 120×40), as a user would run
// it; the console fills, space pauses, s steps, q quits with exit code 0. Then `replay --strategy` on the
// bundled recording with settings that trade: the Gates and Positions panes from the start, an order after a
// jump past the strategy's warm-up, K shows KILLED and `open orders: 0`, p shows TRADING PAUSED. Needs tmux (.ci/run installs it).
// CI is unset for the child: Ink draws only a final frame when it detects a CI environment.
// Every byte the console writes is captured (tmux pipe-pane) to check how frames are drawn: never a
// screen clear, and every redraw inside a synchronized-update bracket (DEC mode 2026), so a terminal that
// supports it shows each frame whole — no flicker, no half-drawn frame.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/fixtures.js';
import { hasTmux, tmux } from '../support/tmux.js';

const SESSION = `flowdesk-test-${process.pid}`;
const NARROWING = `flowdesk-narrow-${process.pid}`;
const TRADING = `flowdesk-trading-${process.pid}`;
const screen = (session = SESSION) => tmux('capture-pane', '-t', session, '-p');

async function waitForScreen(what: string, predicate: (text: string) => boolean, timeoutMs = 45_000, session = SESSION): Promise<string> {
  const start = Date.now();
  for (;;) {
    const text = screen(session);
    if (predicate(text)) return text;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const captureDir = mkdtempSync(join(tmpdir(), 'flowdesk-tty-'));
const capture = join(captureDir, 'pane.bin');

/** How the captured output draws: frames begun / ended, screen clears, line erases outside a frame. */
function drawingOf(bytes: string): { begun: number; ended: number; clears: number; erasesOutside: number } {
  let depth = 0;
  let begun = 0;
  let ended = 0;
  let erasesOutside = 0;
  // eslint-disable-next-line no-control-regex
  for (const m of bytes.matchAll(/\x1b\[\?2026([hl])|\x1b\[2K/g)) {
    if (m[1] === 'h') {
      depth++;
      begun++;
    } else if (m[1] === 'l') {
      depth--;
      ended++;
    } else if (depth === 0) erasesOutside++;
  }
  // eslint-disable-next-line no-control-regex
  const clears = (bytes.match(/\x1b\[[23]J/g) ?? []).length;
  return { begun, ended, clears, erasesOutside };
}

afterAll(() => {
  rmSync(captureDir, { recursive: true, force: true });
  if (hasTmux) {
    for (const session of [SESSION, NARROWING, TRADING]) {
      try {
        tmux('kill-session', '-t', session);
      } catch {
        // already gone
      }
    }
  }
});

describe('drawingOf', () => {
  it('sees clears and erases outside a synchronized update', () => {
    const ok = '\x1b[?2026h\x1b[2K\x1b[1Aframe\x1b[?2026l';
    expect(drawingOf(ok + ok)).toEqual({ begun: 2, ended: 2, clears: 0, erasesOutside: 0 });
    expect(drawingOf(`${ok}\x1b[2Kframe`).erasesOutside).toBe(1);
    expect(drawingOf(`${ok}\x1b[2J\x1b[3J`).clears).toBe(2);
  });
});

describe.skipIf(!hasTmux)('npm start in a terminal', () => {
  it('shows every pane filled from the real recording, pauses, steps, and quits cleanly', async () => {
    tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', `cd ${PROJECT_ROOT} && env -u CI npm start; echo EXIT=$?; sleep 60`);
    tmux('pipe-pane', '-t', SESSION, '-o', `cat > '${capture}'`);
    const first = await waitForScreen('the console', (t) => t.includes('BTCUSDT live') && t.includes('heatmap') && /\d+\.\d+ +[0-9.<]+ [BS]/.test(t));
    for (const pane of ['ladder', 'tape', 'gauges', 'heatmap', 'depth', 'BTCUSDT spot']) expect(first).toContain(pane);
    tmux('send-keys', '-t', SESSION, '-l', ' ');
    const paused = await waitForScreen('PAUSED', (t) => t.includes('PAUSED'));
    const clock = (text: string) => /(\d\d:\d\d:\d\d\.\d{3})\s*$/m.exec(text.split('\n')[0] ?? '')?.[1];
    const before = clock(paused);
    tmux('send-keys', '-t', SESSION, '-l', 's'); // one second of market time
    await waitForScreen('the clock to move one second', (t) => clock(t) !== before);
    tmux('send-keys', '-t', SESSION, '-l', 'q');
    const end = await waitForScreen('exit', (t) => t.includes('EXIT='));
    expect(end).toContain('EXIT=0');

    const drawing = drawingOf(readFileSync(capture, 'utf8'));
    expect(drawing.begun).toBeGreaterThanOrEqual(4); // the first frame, playing, paused, stepped
    expect(drawing.ended).toBe(drawing.begun);
    expect(drawing.clears).toBe(0);
    expect(drawing.erasesOutside).toBe(0);
  });
});

describe.skipIf(!hasTmux)('a terminal made narrower', () => {
  it('shows "terminal too small" once at 20×5, with nothing of the earlier frames left', async () => {
    const spot = 'fixtures/binance/spot/btcusdt_20240808.gz';
    tmux('new-session', '-d', '-s', NARROWING, '-x', '80', '-y', '24', `cd ${PROJECT_ROOT} && env -u CI node bin/flowdesk.js replay ${spot}; echo EXIT=$?; sleep 60`);
    await waitForScreen('the console', (t) => t.includes('BTCUSDT live'), 45_000, NARROWING);
    tmux('resize-window', '-t', NARROWING, '-x', '40', '-y', '10');
    await waitForScreen('too small at 40 columns', (t) => t.includes('terminal too small (need 80×24)'), 45_000, NARROWING);
    tmux('resize-window', '-t', NARROWING, '-x', '20', '-y', '5');
    // The 31-cell line of 40 columns, re-wrapped at 20, used to stay above the new one.
    const small = await waitForScreen('too small at 20 columns', (t) => t.includes('terminal too small…'), 45_000, NARROWING);
    expect(small.split('terminal too small').length - 1, small).toBe(1);
    expect(small).not.toContain('BTCUSDT');
    tmux('send-keys', '-t', NARROWING, '-l', 'q');
    expect(await waitForScreen('exit', (t) => t.includes('EXIT='), 45_000, NARROWING)).toContain('EXIT=0');
  });
});

describe.skipIf(!hasTmux)('replay --strategy in a terminal', () => {
  it('shows Gates and Positions from the start; after an order, K shows KILLED and open orders: 0, p shows TRADING PAUSED', async () => {
    const files = 'fixtures/binance/spot/btcusdt_20240808.gz fixtures/binance/spot/btcusdt_20240809.gz';
    const sets = ['scoreThreshold=0', 'safetyMarginBps=0', 'warmupSeconds=30', 'adverseSelectionBps=0', 'fees.makerBps=0.1', 'fees.takerBps=0.2'].map((v) => `--set ${v}`).join(' ');
    tmux('new-session', '-d', '-s', TRADING, '-x', '120', '-y', '40', `cd ${PROJECT_ROOT} && env -u CI node bin/flowdesk.js replay ${files} --strategy ${sets}; echo EXIT=$?; sleep 60`);
    const wait = (what: string, predicate: (text: string) => boolean) => waitForScreen(what, predicate, 90_000, TRADING);
    const first = await wait('the console with its trading panes', (t) => t.includes('BTCUSDT live') && /│gates\b/.test(t) && /│positions BTCUSDT/.test(t));
    expect(first).toMatch(/\nopen orders: \d+ /); // the Orders pane's first line
    // Pause the replay and jump past the strategy's warm-up: its first order (31.6 s in) has gone out.
    tmux('send-keys', '-t', TRADING, '-l', ' ');
    await wait('PAUSED', (t) => t.includes('PAUSED'));
    tmux('send-keys', '-t', TRADING, '-l', 'g+25s');
    tmux('send-keys', '-t', TRADING, 'Enter');
    await wait('the first order', (t) => /\d+ sent · \d+ fills?/.test(t) && !/ 0 sent · /.test(t));
    tmux('send-keys', '-t', TRADING, '-l', 'K');
    const killed = await wait('KILLED and no open order', (t) => (t.split('\n')[0] ?? '').includes('KILLED') && /\nopen orders: 0 /.test(t));
    expect(killed.split('\n')[1]).toMatch(/^open orders: 0 │/);
    tmux('send-keys', '-t', TRADING, '-l', 'p');
    const paused = await wait('TRADING PAUSED', (t) => (t.split('\n')[0] ?? '').includes('TRADING PAUSED'));
    expect(paused.split('\n')[0]).toMatch(/KILLED │ TRADING PAUSED/);
    tmux('send-keys', '-t', TRADING, '-l', 'q');
    expect(await wait('exit', (t) => t.includes('EXIT='))).toContain('EXIT=0');
  });
});
