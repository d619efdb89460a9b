// tui/panes/help: the key table in a box, drawn over the panes (every cell filled, so nothing below shows
// through).
//
//   ┌ keys ────────────────────────┐
//   │ space   pause / play         │
//   │ + -     faster / slower      │
//   └──────────────────────────────┘

import type { ReactElement } from 'react';

import { mergeStyles, theme } from '../theme.js';
import { cells, Lines, pad, seg, type Line } from './text.js';

export interface KeyBinding {
  readonly key: string;
  readonly action: string;
}

export interface HelpProps {
  readonly keys: readonly KeyBinding[];
  readonly width: number;
  readonly height: number;
}

/** The size the help box wants for `keys`, within `maxWidth` × `maxHeight`. */
export function helpSize(
  keys: readonly KeyBinding[],
  maxWidth: number,
  maxHeight: number,
): { width: number; height: number } {
  const keyWidth = keys.reduce((m, k) => Math.max(m, cells(k.key)), 3);
  const actionWidth = keys.reduce((m, k) => Math.max(m, cells(k.action)), 10);
  // │ key␣␣action │
  const width = Math.min(Math.max(0, maxWidth), keyWidth + 2 + actionWidth + 4);
  const height = Math.min(Math.max(0, maxHeight), keys.length + 2);
  return { width, height };
}

/** The key table, boxed, in exactly `width` × `height` cells. */
export function helpLines({ keys, width, height }: HelpProps): Line[] {
  const inner = Math.max(0, width - 4);
  const keyWidth = Math.min(
    keys.reduce((m, k) => Math.max(m, cells(k.key)), 3),
    Math.max(0, Math.floor(inner / 2)),
  );
  const title = ' keys ';
  const border = theme.accent;
  const lines: Line[] = [
    [
      seg('┌─', border),
      seg(title, mergeStyles(theme.accent, { bold: true })),
      seg('─'.repeat(Math.max(0, width - 3 - cells(title))), border),
      seg('┐', border),
    ],
  ];
  const room = Math.max(0, height - 2);
  const shown = keys.length > room ? Math.max(0, room - 1) : keys.length;
  for (const k of keys.slice(0, shown)) {
    lines.push([
      seg('│ ', border),
      seg(pad(k.key, keyWidth), { bold: true }),
      seg(pad(`  ${k.action}`, inner - keyWidth)),
      seg(' │', border),
    ]);
  }
  if (shown < keys.length) {
    lines.push([seg('│ ', border), seg(pad(`+${keys.length - shown} more`, inner), theme.muted), seg(' │', border)]);
  }
  lines.push([seg('└', border), seg('─'.repeat(Math.max(0, width - 2)), border), seg('┘', border)]);
  return lines;
}

export function Help(props: HelpProps): ReactElement {
  return <Lines lines={helpLines(props)} width={props.width} height={props.height} fill />;
}
