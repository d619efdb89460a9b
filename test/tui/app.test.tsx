// The console app driven through its keys with ink-testing-library, on the bundled USD-M recording:
// space pauses (the clock stops), n steps exactly one event, f exactly 100 ms of market time, + and −
// change the speed, w and t change the window and aggregation, ? shows help, q exits.
// Time is a EventTimeScheduler: the wall clock, the frame clock and the engine loop move only when a test advances
// them. Each key and each step runs inside React's act(), after which the test waits until the engine work
// it started has finished: act then flushes every render it caused. So what is asserted never depends on
// how fast this machine is.
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareReplay } from '../../src/kernel/index.js';
import { LEGEND } from '../../src/tui/marks.js';
import { ConsoleSession } from '../../src/tui/session.js';
import { ENGINE_OPTIONS, SPOT_FILES, USDM_FILES } from '../support/fixtures.js';
import { EventTimeScheduler } from '../../src/core/index.js';
import { tracked } from './app-harness.js';

const { cleanup, render } = await import('ink-testing-library');
const { App } = await import('../../src/tui/app.js');

// React's act() flushes renders deterministically only in an act environment (as React's test renderers set).
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(() => act(async () => cleanup()));

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

async function start(files: readonly string[] = USDM_FILES) {
  const replay = await prepareReplay({ files, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  const session = new ConsoleSession({ kind: 'replay', replay, label: 'btcusdt_20240808.gz' });
  await session.start();
  const time = new EventTimeScheduler(0);
  const { model, idle } = tracked(session);
  let app: ReturnType<typeof render> | undefined;
  await act(async () => {
    app = render(<App session={model} fps={10} nowUs={() => time.nowUs()} timers={time} />);
  });
  if (app === undefined) throw new Error('not rendered');
  const { stdin, stdout } = app;
  Object.defineProperty(stdout, 'columns', { configurable: true, get: () => 120 });
  Object.defineProperty(stdout, 'rows', { configurable: true, get: () => 40 });
  /** Presses a key; returns once the session has handled it and the app has redrawn. */
  const press = async (input: string) => {
    await act(async () => {
      stdin.write(input);
      await idle();
    });
  };
  /** Moves time forward in 5 ms steps (the engine loop's period), each step's engine work and frame done. */
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += 5) {
      await act(async () => {
        time.advance(5);
        await idle();
      });
    }
  };
  const frame = () => (stdout.lastFrame() ?? '').replace(ANSI, '');
  return { session, app, press, advance, frame, time };
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
    const { session, press, advance } = await start();
    const c = session.controller;
    await press(' ');
    expect(c.paused).toBe(false);
    await advance(2000);
    const playedTo = c.nowUs as number;
    expect(c.position).toBeGreaterThan(0);
    await press(' ');
    expect(c.paused).toBe(true);
    const at = c.position;
    await advance(2000);
    expect(c.position).toBe(at);
    expect(c.nowUs).toBe(playedTo);
  });

  it('draws a frame only when the view changed: a paused console draws nothing, a playing one keeps drawing', async () => {
    const { app, press, advance } = await start();
    await advance(3000); // the first frames (the early one, the measured fps settling)
    const idle = app.frames.length;
    await advance(1000); // ten frame periods at 10 fps, paused: nothing changes
    expect(app.frames.length).toBe(idle);
    await press(' ');
    await advance(500);
    expect(app.frames.length).toBeGreaterThanOrEqual(idle + 5);
  });

  it('shows 0 fps once paused: no frame is drawn, and the figure does not keep its last value', async () => {
    const { press, advance, frame } = await start();
    await press(' ');
    await advance(2500);
    const playing = Number(/(\d+) fps/.exec(frame())?.[1]);
    expect(playing).toBeGreaterThanOrEqual(5);
    await press(' ');
    await advance(3000);
    expect(frame()).toMatch(/ 0 fps\n/);
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
    expect(frame()).toContain('16×');
  });

  it('w cycles the window and t the aggregation; ? toggles help with the legend of every mark; q exits', async () => {
    const { press, frame, session } = await start();
    await press('n');
    expect(frame()).toContain('window 1s');
    await press('w');
    expect(frame()).toContain('window 3s');
    await press('t');
    expect(frame()).toMatch(/agg 5 ticks/);
    await press('?');
    expect(frame()).toContain('step one event');
    for (const mark of LEGEND) expect(frame()).toMatch(new RegExp(`│ ${mark.char} +${mark.meaning.replace(/[()]/g, '\\$&')} +│`));
    await press('?');
    expect(frame()).not.toContain('step one event');
    await press('q');
    const at = session.controller.position;
    await press('n'); // the app has exited: keys no longer reach the session
    expect(session.controller.position).toBe(at);
  });
});

describe('console markouts', () => {
  it('m shows markouts after trades in the heatmap\'s place, then after large trades, detections, then hides them', async () => {
    const { session, press, frame } = await start();
    await session.controller.stepTime(60_000); // a minute of trades
    await press('m');
    expect(frame()).toMatch(/markouts: trades +bps +\d+ anchors/);
    expect(frame()).not.toContain('heatmap');
    for (const h of ['250ms', '500ms', '1s', '3s', '5s', '10s']) expect(frame()).toMatch(new RegExp(`│${h} +\\d+ +-?\\d`));
    await press('m');
    expect(frame()).toContain('markouts: large trades');
    await press('m');
    expect(frame()).toContain('markouts: detections');
    await press('m');
    expect(frame()).not.toContain('markouts');
    expect(frame()).toContain('heatmap');
    await press('?');
    expect(frame()).toMatch(/│ m +markouts after trades, large trades, detections, then hidden/);
  });
});

describe('console jump', () => {
  it('g opens a prompt; a time of day jumps to its next occurrence, a date-time behind is refused', async () => {
    const { session, press, frame } = await start();
    await press('n');
    await press('g');
    expect(frame()).toContain('jump to');
    for (const ch of '23:57:00') await press(ch);
    await press('\r');
    const day = Math.floor((session.controller.nowUs as number) / 86_400_000_000) * 86_400_000_000;
    expect(session.controller.nowUs).toBe(day + (23 * 3600 + 57 * 60) * 1_000_000);
    expect(frame()).toContain('jumped to 23:57:00');
    await press('g');
    for (const ch of '2024-08-08T23:55:00Z') await press(ch);
    await press('\r');
    expect(frame()).toContain('not ahead');
    // 23:55 again means tomorrow's: past the end of this file.
    await press('g');
    for (const ch of '23:55') await press(ch);
    await press('\r');
    expect(session.controller.finished).toBe(true);
    expect(frame()).toContain('end of replay');
  });

  it('crosses midnight: from 23:55 on the bundled spot files, 00:02:00 is the next day\'s', async () => {
    const { session, press, frame } = await start(SPOT_FILES);
    await press('n');
    const day = Math.floor((session.controller.nowUs as number) / 86_400_000_000) * 86_400_000_000;
    await press('g');
    for (const ch of '00:02:00') await press(ch);
    await press('\r');
    expect(session.controller.nowUs).toBe(day + 86_400_000_000 + 120 * 1_000_000);
    expect(frame()).toContain('jumped to 00:02:00');
  });

  it('takes +offsets: +90s moves exactly 90 s of market time on', async () => {
    const { session, press, frame } = await start();
    await press('n');
    const before = session.controller.nowUs as number;
    await press('g');
    for (const ch of '+1m30s') await press(ch);
    await press('\r');
    expect(session.controller.nowUs).toBe(before + 90_000_000);
    expect(frame()).toContain('jumped to');
  });
});

describe('keys that arrive together', () => {
  it('count one by one: "sss" in one chunk steps three seconds, like three presses', async () => {
    const one = await start();
    await one.press('n');
    for (let i = 0; i < 3; i++) await one.press('s');
    const pressed = one.session.controller.nowUs;
    await act(async () => cleanup());
    const chunk = await start();
    await chunk.press('n');
    await chunk.press('sss');
    expect(chunk.session.controller.nowUs).toBe(pressed);
    expect(chunk.session.controller.position).toBe(one.session.controller.position);
  });

  it('count in a prompt too: "g+90s" and Enter pasted at once jump', async () => {
    const { session, press } = await start();
    await press('n');
    const before = session.controller.nowUs as number;
    await press('g+90s\r');
    expect(session.controller.nowUs).toBe(before + 90_000_000);
  });

  it('says "end of replay" once the replay has finished, replacing the last jump message', async () => {
    const { session, press, advance, frame } = await start();
    await press('n');
    await press('g');
    for (const ch of '23:59:59') await press(ch);
    await press('\r');
    expect(frame()).toContain('jumped to 23:59:59');
    await press(' ');
    await advance(1500); // the recording ends 0.83 s later
    expect(session.controller.finished).toBe(true);
    expect(frame()).toMatch(/\nend of replay\s*$/);
    expect(frame()).not.toContain('jumped to');
    expect(frame()).toMatch(/\+\d\d:\d\d:\d\d end/);
  });
});
