// tui/panes/console-screen: the whole console for one frame. computeLayout says which panes show and
// where; each pane is placed absolutely at its rectangle inside a box of exactly the frame's size, so
// the frame is never wider than the terminal nor taller than rows − 1 (tui/layout.ts says why). The help
// box, when shown, is drawn last, over the panes.

import { Box } from 'ink';
import type { ReactElement, ReactNode } from 'react';

import { computeLayout, TOO_SMALL_TEXT, type Rect } from '../layout.js';
import { theme } from '../theme.js';
import type { ConsoleView } from '../view-model.js';
import { DepthCurve } from './depth-curve.js';
import { Gauges } from './gauges.js';
import { Heatmap } from './heatmap.js';
import { Help, helpSize, type KeyBinding } from './help.js';
import { Ladder } from './ladder.js';
import { StatusBar } from './status-bar.js';
import { Tape } from './tape.js';
import { Lines, seg, type Line } from './text.js';

export interface ConsoleScreenProps {
  readonly view: ConsoleView;
  /** Terminal size in cells. */
  readonly columns: number;
  readonly rows: number;
  readonly showHelp: boolean;
  readonly keys: readonly KeyBinding[];
}

function Place({ rect, children }: { readonly rect: Rect; readonly children: ReactNode }): ReactElement {
  return (
    <Box
      position="absolute"
      marginLeft={rect.x}
      marginTop={rect.y}
      width={rect.width}
      height={rect.height}
      flexShrink={0}
      overflow="hidden"
    >
      {children}
    </Box>
  );
}

function Divider({ rect }: { readonly rect: Rect }): ReactElement {
  const vertical = rect.width === 1;
  const lines: Line[] = vertical
    ? Array.from({ length: rect.height }, () => [seg('│', theme.muted)])
    : [[seg('─'.repeat(rect.width), theme.muted)]];
  return <Lines lines={lines} width={rect.width} height={rect.height} />;
}

/** The console: every visible pane of `view` laid out for a `columns` × `rows` terminal. */
export function ConsoleScreen({ view, columns, rows, showHelp, keys }: ConsoleScreenProps): ReactElement {
  const layout = computeLayout(columns, rows);
  if (layout.mode === 'tooSmall') {
    return (
      <Lines lines={[[seg(TOO_SMALL_TEXT, theme.warn)]]} width={layout.width} height={layout.height} />
    );
  }
  const { panes } = layout;
  const placed: ReactElement[] = [];
  const put = (key: string, rect: Rect | undefined, node: (r: Rect) => ReactElement): void => {
    if (rect === undefined || rect.width <= 0 || rect.height <= 0) return;
    placed.push(
      <Place key={key} rect={rect}>
        {node(rect)}
      </Place>,
    );
  };

  put('status', panes.status, (r) => <StatusBar status={view.status} width={r.width} height={r.height} />);
  put('ladder', panes.ladder, (r) => <Ladder ladder={view.ladder} width={r.width} height={r.height} />);
  put('tape', panes.tape, (r) => <Tape rows={view.tape} width={r.width} height={r.height} />);
  put('gauges', panes.gauges, (r) => <Gauges gauges={view.gauges} width={r.width} height={r.height} />);
  put('depth', panes.depth, (r) => <DepthCurve depth={view.depth} width={r.width} height={r.height} />);
  put('heatmap', panes.heatmap, (r) => (
    <Heatmap heatmap={view.heatmap} width={r.width} height={r.height} />
  ));
  layout.dividers.forEach((d, i) => put(`divider-${i}`, d, (r) => <Divider rect={r} />));
  put('message', layout.message ?? undefined, (r) => (
    <Lines lines={[[seg(view.message, theme.message)]]} width={r.width} height={r.height} />
  ));

  if (showHelp) {
    const top = panes.status?.height ?? 0;
    const bottom = layout.message?.y ?? layout.height;
    const size = helpSize(keys, layout.width - 4, bottom - top);
    const rect: Rect = {
      x: Math.floor((layout.width - size.width) / 2),
      y: top + Math.floor((bottom - top - size.height) / 2),
      ...size,
    };
    put('help', rect, (r) => <Help keys={keys} width={r.width} height={r.height} />);
  }

  return (
    <Box width={layout.width} height={layout.height} flexShrink={0} overflow="hidden">
      {placed}
    </Box>
  );
}
