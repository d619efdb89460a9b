// The console on live data: a LiveSession (real SDK) against the loopback exchange, watched by the same
// Ink app as replays. The book fills and the status bar says live; stepping keys explain they apply to
// replays only; space freezes the display while data keeps flowing.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/cli/system-time.js';
import { ConsoleSession } from '../../src/tui/session.js';
import { startRig, waitFor, type LiveRig } from './harness.js';

const { cleanup, render } = await import('ink-testing-library');
const { App } = await import('../../src/tui/app.js');

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const rigs: LiveRig[] = [];
afterEach(async () => {
  cleanup();
  for (const r of rigs.splice(0)) await r.stop();
});

describe('the console on live data', () => {
  it('shows the live book and tape, refuses replay-only keys, and freezes on space', async () => {
    const r = await startRig({ product: 'spot' });
    rigs.push(r);
    const session = new ConsoleSession({ kind: 'live', pipeline: r.session.pipeline, clock: systemClock, label: 'spot BTCUSDT' });
    await r.play(400);
    await r.healthy();
    await r.play(800);
    const app = render(<App session={session} fps={10} nowUs={systemClock.nowUs} />);
    Object.defineProperty(app.stdout, 'columns', { configurable: true, get: () => 120 });
    Object.defineProperty(app.stdout, 'rows', { configurable: true, get: () => 40 });
    const frame = () => (app.lastFrame() ?? '').replace(ANSI, '');
    await waitFor('a live frame', () => frame().includes('live spot BTCUSDT') && frame().includes('BTCUSDT live'));
    expect(frame()).toMatch(/\d{5}\.\d{2} +[0-9.<]+ [BS]/); // tape rows
    app.stdin.write('n');
    await waitFor('the replay-only message', () => frame().includes('apply to replays'));
    app.stdin.write(' ');
    await waitFor('frozen', () => frame().includes('display frozen'));
    const frozen = frame();
    await r.play(500);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(frame()).toBe(frozen);
    app.stdin.write(' ');
    await waitFor('unfrozen', () => frame() !== frozen);
  });
});
