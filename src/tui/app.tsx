// tui/app: the Ink application. One frame clock (default 4 fps) renders the session's view with a single
// state update per frame; an engine loop in between lets the replay play; keys go through the keymap.
// It draws exactly the terminal's size minus one row (computeLayout), so Ink never clears the screen.

import { useApp, useInput, useStdout } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { KEYMAP } from './keymap.js';
import { computeLayout, type Layout } from './layout.js';
import { ConsoleScreen } from './panes/index.js';
import type { ConsoleModel, FrameSize } from './session.js';

export interface AppProps {
  readonly session: ConsoleModel;
  readonly fps: number;
  /** Wall clock, µs (injected so tests can drive it). */
  readonly nowUs: () => number;
  /** Messages the engine loop may process per turn. */
  readonly batch?: number;
}

const HEATMAP_LABEL = 9;

export function frameSizeFor(layout: Layout): FrameSize {
  const p = layout.panes;
  return {
    ladderRows: Math.max(2, (p.ladder?.height ?? 2) - 2),
    tapeRows: Math.max(1, (p.tape?.height ?? 2) - 2),
    heatmapRows: Math.max(0, (p.heatmap?.height ?? 1) - 1),
    heatmapColumns: Math.max(0, (p.heatmap?.width ?? HEATMAP_LABEL) - HEATMAP_LABEL),
  };
}

export function App({ session, fps, nowUs, batch = 2000 }: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [size, setSize] = useState({ columns: stdout.columns || 120, rows: stdout.rows || 40 });
  const [, setFrame] = useState(0);
  const [showHelp, setShowHelp] = useState(false);
  const busy = useRef(false);
  const measured = useRef({ frames: 0, since: nowUs(), fps: 0 });

  useEffect(() => {
    const onResize = () => setSize({ columns: stdout.columns || 120, rows: stdout.rows || 40 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);

  // The engine loop (an in-process engine only): play what the replay clock has reached, a batch at a time.
  useEffect(() => {
    const tick = session.tick?.bind(session);
    if (tick === undefined) return;
    let stopped = false;
    const loop = async () => {
      while (!stopped) {
        if (!busy.current) await tick(nowUs(), batch);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    void loop();
    return () => {
      stopped = true;
    };
  }, [session, nowUs, batch]);

  // The frame clock: one state update per frame.
  useEffect(() => {
    const timer = setInterval(() => setFrame((n) => n + 1), Math.round(1000 / Math.min(10, Math.max(1, fps))));
    return () => clearInterval(timer);
  }, [fps]);

  useInput((input, key) => {
    busy.current = true;
    void session.input(input, key, nowUs()).then((result) => {
      busy.current = false;
      if (result === 'quit') exit();
      else if (result === 'help') setShowHelp((v) => !v);
      else setFrame((n) => n + 1);
    });
  });

  const m = measured.current;
  m.frames++;
  const now = nowUs();
  if (now - m.since >= 1_000_000) {
    m.fps = (m.frames * 1_000_000) / (now - m.since);
    m.frames = 0;
    m.since = now;
  }
  const layout = computeLayout(size.columns, size.rows);
  const view = session.view(frameSizeFor(layout), Math.round(m.fps));
  return (
    <ConsoleScreen
      view={view}
      columns={size.columns}
      rows={size.rows}
      showHelp={showHelp}
      keys={KEYMAP.map((k) => ({ key: k.key, action: k.description }))}
    />
  );
}
