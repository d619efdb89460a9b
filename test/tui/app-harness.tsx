// The console app on a real session, driven through its keys with ink-testing-library (app.test.tsx,
// app-trading.test.tsx). Time is an EventTimeScheduler: the wall clock, the frame clock and the engine loop
// move only when a test advances them. Each key and each step runs inside React's act(), after which the
// test waits until the engine work it started has finished: act then flushes every render it caused. So
// what is asserted never depends on how fast this machine is.
import { act } from 'react';
import { EventTimeScheduler } from '../../src/core/index.js';
import type { ConsoleModel, ConsoleSession } from '../../src/tui/session.js';

const { render } = await import('ink-testing-library');
const { App } = await import('../../src/tui/app.js');

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** The real session, with every engine call it is given tracked, so a test can wait until all have finished. */
export function tracked(session: ConsoleSession): { model: ConsoleModel; idle: () => Promise<void> } {
  const inflight = new Set<Promise<unknown>>();
  const track = <T,>(work: Promise<T>): Promise<T> => {
    inflight.add(work);
    const done = () => inflight.delete(work);
    work.then(done, done);
    return work;
  };
  return {
    model: {
      view: (size, fps) => session.view(size, fps),
      input: (text, key, wallUs) => track(session.input(text, key, wallUs)),
      tick: (wallUs, batch) => track(session.tick(wallUs, batch)),
    },
    idle: async () => {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}

/** Renders the app on `session` in a `columns` × `rows` terminal; returns how to press keys, move time and read the frame. */
export async function renderApp(session: ConsoleSession, columns = 120, rows = 40) {
  const time = new EventTimeScheduler(0);
  const { model, idle } = tracked(session);
  let app: ReturnType<typeof render> | undefined;
  await act(async () => {
    app = render(<App session={model} fps={10} nowUs={() => time.nowUs()} timers={time} />);
  });
  if (app === undefined) throw new Error('not rendered');
  const { stdin, stdout } = app;
  Object.defineProperty(stdout, 'columns', { configurable: true, get: () => columns });
  Object.defineProperty(stdout, 'rows', { configurable: true, get: () => rows });
  await act(async () => {
    stdout.emit('resize');
    await idle();
  });
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
  /** Runs engine work outside the keys (stepping the replay directly), then lets the app draw a frame. */
  const run = async (work: () => Promise<unknown>) => {
    await act(async () => {
      await work();
    });
    await advance(100);
  };
  const frame = () => (stdout.lastFrame() ?? '').replace(ANSI, '');
  return { app, press, advance, run, frame, time };
}
