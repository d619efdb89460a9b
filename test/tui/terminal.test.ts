// A scripted terminal session: `npm start` in a real pseudo-terminal (tmux, 120×40), as a user would run
// it; the console fills, space pauses, s steps, q quits with exit code 0. Needs tmux (.ci/run installs it).
// CI is unset for the child: Ink draws only a final frame when it detects a CI environment.
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/fixtures.js';

const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const SESSION = `flowdesk-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-t', SESSION, '-p');

async function waitForScreen(what: string, predicate: (text: string) => boolean, timeoutMs = 45_000): Promise<string> {
  const start = Date.now();
  for (;;) {
    const text = screen();
    if (predicate(text)) return text;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

afterAll(() => {
  if (hasTmux) {
    try {
      tmux('kill-session', '-t', SESSION);
    } catch {
      // already gone
    }
  }
});

describe.skipIf(!hasTmux)('npm start in a terminal', () => {
  it('shows every pane filled from the real recording, pauses, steps, and quits cleanly', async () => {
    tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', `cd ${PROJECT_ROOT} && env -u CI npm start; echo EXIT=$?; sleep 60`);
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
  });
});
