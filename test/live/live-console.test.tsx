// The console on live data: a LiveSession (real SDK) against the loopback exchange, watched by the same
// Ink app as replays. The book fills and the status bar says live; stepping keys explain they apply to
// replays only; space freezes the display while data keeps flowing. Data arrives in real time; the app's
// frame clock is a EventTimeScheduler, advanced inside React's act(), so a frame is drawn exactly when the test says.
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/cli/system-time.js';
import { ConsoleSession } from '../../src/tui/session.js';
import { startRig, waitFor, type LiveRig } from './harness.js';
import { EventTimeScheduler } from '../../src/core/index.js';

const { cleanup, render } = await import('ink-testing-library');
const { App } = await import('../../src/tui/app.js');

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const rigs: LiveRig[] = [];
afterEach(async () => {
  await act(async () => cleanup());
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
    const timers = new EventTimeScheduler(1_700_000_000_000_000);
    let app: ReturnType<typeof render> | undefined;
    await act(async () => {
      app = render(<App session={session} fps={10} nowUs={systemClock.nowUs} timers={timers} />);
    });
    if (app === undefined) throw new Error('not rendered');
    const { stdin, stdout } = app;
    Object.defineProperty(stdout, 'columns', { configurable: true, get: () => 120 });
    Object.defineProperty(stdout, 'rows', { configurable: true, get: () => 40 });
    const frame = () => (stdout.lastFrame() ?? '').replace(ANSI, '');
    /** One frame period of the app's frame clock (10 fps). */
    const nextFrame = () => act(async () => timers.advance(100));
    const press = (key: string) => act(async () => stdin.write(key));
    await nextFrame();
    expect(frame()).toContain('live spot BTCUSDT');
    expect(frame()).toContain('BTCUSDT live');
    expect(frame()).toMatch(/\d{5}\.\d{2} +[0-9.<]+ [BS]/); // tape rows
    await press('n');
    await waitFor('the replay-only message', () => frame().includes('apply to replays'));
    await press(' ');
    await waitFor('frozen', () => frame().includes('display frozen'));
    const frozen = frame();
    await r.play(500);
    for (let i = 0; i < 5; i++) await nextFrame();
    expect(frame()).toBe(frozen);
    await press(' ');
    await waitFor('unfrozen', () => frame() !== frozen);
  });
});
