// The console app driven through its keys with ink-testing-library, on the bundled USD-M recording:
// space pauses (the clock stops), n steps exactly one event, f exactly 100 ms of market time, + and −
// change the speed, w and t change the window and aggregation, ? shows help, q exits.
import { afterEach, describe, expect, it } from 'vitest';
import { prepareReplay } from '../../src/kernel/index.js';
import { ConsoleSession } from '../../src/tui/session.js';
import { ENGINE_OPTIONS, USDM_FILES } from '../support/fixtures.js';

const { cleanup, render } = await import('ink-testing-library');
const { App } = await import('../../src/tui/app.js');

afterEach(() => cleanup());

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const settle = (ms = 60) => new Promise((resolve) => setTimeout(resolve, ms));

async function start() {
  const replay = await prepareReplay({ files: USDM_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  const session = new ConsoleSession({ kind: 'replay', replay, label: 'btcusdt_20240808.gz' });
  await session.start();
  let wall = 0;
  const app = render(<App session={session} fps={10} nowUs={() => wall} />);
  Object.defineProperty(app.stdout, 'columns', { configurable: true, get: () => 120 });
  Object.defineProperty(app.stdout, 'rows', { configurable: true, get: () => 40 });
  const press = async (input: string) => {
    app.stdin.write(input);
    await settle();
  };
  const frame = () => (app.lastFrame() ?? '').replace(ANSI, '');
  return { session, app, press, frame, setWall: (us: number) => (wall = us) };
}

describe('console keys', () => {
  it('starts paused; n steps exactly one event, f exactly 100 ms, s one second', async () => {
    const { session, press } = await start();
    const c = session.controller;
    expect(c.paused).toBe(true);
    await press('n');
    expect(c.position).toBe(1);
    await press('n');
    expect(c.position).toBe(2);
    await c.stepEvents(200);
    const before = c.nowUs as number;
    await press('f');
    expect(c.nowUs).toBe(before + 100_000);
    await press('s');
    expect(c.nowUs).toBe(before + 1_100_000);
  });

  it('space plays and pauses: while paused the clock does not move', async () => {
    const { session, press, setWall } = await start();
    const c = session.controller;
    await press(' ');
    expect(c.paused).toBe(false);
    setWall(2_000_000);
    await settle(100);
    const playedTo = c.nowUs as number;
    expect(c.position).toBeGreaterThan(0);
    await press(' ');
    expect(c.paused).toBe(true);
    const at = c.position;
    setWall(60_000_000);
    await settle(100);
    expect(c.position).toBe(at);
    expect(c.nowUs).toBe(playedTo);
  });

  it('draws a frame only when the view changed: a paused console draws nothing, a playing one keeps drawing', async () => {
    const { app, press, setWall } = await start();
    await settle(400); // the first frames (the early one, the measured fps settling)
    const idle = app.frames.length;
    await settle(500); // five frame periods at 10 fps, paused: nothing changes
    expect(app.frames.length).toBe(idle);
    await press(' ');
    for (let t = 1; t <= 5; t++) {
      setWall(t * 100_000);
      await settle(110);
    }
    expect(app.frames.length).toBeGreaterThanOrEqual(idle + 4);
  });

  it('+ and − step through the speeds, shown in the status bar', async () => {
    const { session, press, frame } = await start();
    expect(session.speedLabel).toBe('1×');
    await press('+');
    expect(session.speedLabel).toBe('4×');
    await press('+');
    await press('+');
    expect(session.speedLabel).toBe('max');
    await press('-');
    expect(session.speedLabel).toBe('16×');
    await settle(150);
    expect(frame()).toContain('16×');
  });

  it('w cycles the window and t the aggregation; ? toggles help; q exits', async () => {
    const { press, frame, session } = await start();
    await press('n');
    await settle(150);
    expect(frame()).toContain('window 1s');
    await press('w');
    await settle(150);
    expect(frame()).toContain('window 3s');
    await press('t');
    await settle(150);
    expect(frame()).toMatch(/agg 5 ticks/);
    await press('?');
    await settle(150);
    expect(frame()).toContain('step one event');
    await press('q');
    const at = session.controller.position;
    await press('n'); // the app has exited: keys no longer reach the session
    expect(session.controller.position).toBe(at);
  });
});

describe('console jump', () => {
  it('g opens a prompt; a time ahead jumps there, a time behind is refused', async () => {
    const { session, press, frame } = await start();
    await press('n');
    await press('g');
    await settle(120);
    expect(frame()).toContain('jump to');
    for (const ch of '23:57:00') await press(ch);
    await press('\r');
    for (let i = 0; i < 100 && !frame().includes('jumped to'); i++) await settle(50);
    const day = Math.floor((session.controller.nowUs as number) / 86_400_000_000) * 86_400_000_000;
    expect(session.controller.nowUs).toBe(day + (23 * 3600 + 57 * 60) * 1_000_000);
    expect(frame()).toContain('jumped to 23:57:00');
    await press('g');
    for (const ch of '23:55:00') await press(ch);
    await press('\r');
    for (let i = 0; i < 40 && !frame().includes('not ahead'); i++) await settle(50);
    expect(frame()).toContain('not ahead');
  });
});
