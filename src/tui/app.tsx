// tui/app: the Ink application. One frame clock (default 4 fps) fetches the session's view and renders it
// with a single state update — only when it differs from the one on screen; an engine loop in between lets
// an in-process replay play; keys go through the keymap. Both run on the injected timers, so tests drive
// them by hand.
// It draws exactly the terminal's size minus one row (computeLayout), so Ink never clears the screen.

import { useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Scheduler } from '../core/index.js';
import { keyPresses, type KeyPress } from './key-presses.js';
import { KEYMAP } from './keymap.js';
import { computeLayout, frameSizeFor, layoutOptionsOf } from './layout.js';
import { clearWhenNarrowed } from './narrowing.js';
import { ConsoleScreen } from './panes/index.js';
import type { ConsoleModel } from './session.js';
import type { ConsoleView } from './view-model.js';

export interface AppProps {
  readonly session: ConsoleModel;
  readonly fps: number;
  /** Wall clock, µs (injected so tests can drive it). */
  readonly nowUs: () => number;
  /** The timers of the frame clock and the engine loop (injected so tests can drive them). */
  readonly timers: Scheduler;
  /** Messages the engine loop may process per turn. */
  readonly batch?: number;
}

export function App({ session, fps, nowUs, timers, batch = 2000 }: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [size, setSize] = useState({ columns: stdout.columns || 120, rows: stdout.rows || 40 });
  const sizeRef = useRef(size);
  const [showHelp, setShowHelp] = useState(false);
  const busy = useRef(false);
  const measured = useRef({ frames: 0, since: nowUs(), fps: 0 });
  const lastView = useRef('');
  const lastContent = useRef('');

  // The panes' sizes follow the last view's layout (a strategy's panes make the ladder and tape shorter).
  const shownView = useRef<ConsoleView | null>(null);
  const fetchView = useCallback((): ConsoleView => {
    const last = shownView.current;
    const layout = computeLayout(sizeRef.current.columns, sizeRef.current.rows, last === null ? {} : layoutOptionsOf(last));
    const next = session.view(frameSizeFor(layout), Math.round(measured.current.fps));
    shownView.current = next;
    return next;
  }, [session]);
  const [view, setView] = useState<ConsoleView>(fetchView);

  // One state update per frame, and none when the view has not changed (a paused console draws nothing).
  // The status bar's "fps" counts the frames drawn per second because what they show changed: a frame that
  // only brings a new fps figure is not counted, so a paused console settles at 0 fps.
  const refresh = useCallback((): void => {
    if (session.ended?.() === true) {
      exit();
      return;
    }
    const m = measured.current;
    const now = nowUs();
    if (now - m.since >= 1_000_000) {
      m.fps = (m.frames * 1_000_000) / (now - m.since);
      m.frames = 0;
      m.since = now;
    }
    const next = fetchView();
    const text = JSON.stringify(next);
    if (text === lastView.current) return;
    const content = JSON.stringify({ ...next, status: { ...next.status, fps: 0 } });
    if (content !== lastContent.current) m.frames++;
    lastContent.current = content;
    lastView.current = text;
    setView(next);
  }, [fetchView, nowUs, session, exit]);

  useEffect(() => clearWhenNarrowed(stdout), [stdout]);
  const columnsNow = useCallback(() => stdout.columns || 120, [stdout]);

  useEffect(() => {
    const onResize = () => {
      sizeRef.current = { columns: stdout.columns || 120, rows: stdout.rows || 40 };
      setSize(sizeRef.current);
      refresh();
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, refresh]);

  // The engine loop (an in-process engine only): every 5 ms, play what the replay clock has reached, a batch
  // at a time — one turn at a time, and none while a key is being handled.
  useEffect(() => {
    const tick = session.tick?.bind(session);
    if (tick === undefined) return;
    let turning = false;
    return timers.every(5, () => {
      if (turning || busy.current) return;
      turning = true;
      void tick(nowUs(), batch).finally(() => {
        turning = false;
      });
    });
  }, [session, nowUs, timers, batch]);

  // The frame clock; and one early frame, for an engine in a worker whose first view arrives just after
  // the first render (it answers each view request with the next frame, a few ms later).
  useEffect(() => {
    const first = timers.after(30, refresh);
    const stop = timers.every(Math.round(1000 / Math.min(10, Math.max(1, fps))), refresh);
    return () => {
      first();
      stop();
    };
  }, [fps, refresh, timers]);

  // Every key of a chunk counts, in order (a held key, a slow link or a paste arrive together): the keys
  // queue, and each is handed over once the one before it has been handled.
  const queue = useRef<KeyPress[]>([]);
  const handling = useRef(false);
  const nextKey = useCallback((): void => {
    if (handling.current) return;
    const press = queue.current.shift();
    if (press === undefined) return;
    handling.current = true;
    busy.current = true;
    void session.input(press.text, press.key, nowUs()).then((result) => {
      handling.current = false;
      busy.current = false;
      if (result === 'quit') {
        queue.current = [];
        exit();
        return;
      }
      if (result === 'help') setShowHelp((v) => !v);
      else refresh();
      nextKey();
    });
  }, [session, nowUs, exit, refresh]);
  useInput((input, key) => {
    queue.current.push(...keyPresses(input, key));
    nextKey();
  });

  return (
    <ConsoleScreen
      view={view}
      columns={size.columns}
      rows={size.rows}
      showHelp={showHelp}
      keys={KEYMAP.map((k) => ({ key: k.key, action: k.description, short: k.short }))}
      columnsNow={columnsNow}
    />
  );
}
