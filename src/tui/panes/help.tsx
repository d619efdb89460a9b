// tui/panes/help: the key table and the legend of marks in a box, drawn over the panes (every cell filled,
// so nothing below shows through). Both lists come from one place each (tui/keymap.ts, tui/marks.ts).
//
//   ┌ keys ────────────────────────┐
//   │ space   pause / play         │
//   │ + -     faster / slower      │
//   ├ marks ───────────────────────┤
//   │ W       wall: a large ...    │   one row per mark, or, in a small terminal,
//   └──────────────────────────────┘   │ M marks column · W wall · I iceberg · ... │

import type { ReactElement } from 'react';

import type { Mark } from '../marks.js';
import { mergeStyles, theme } from '../theme.js';
import { cells, ellipsis, fit, Lines, pad, seg, type Line } from './text.js';

export interface KeyBinding {
  readonly key: string;
  readonly action: string;
}

export interface HelpProps {
  readonly keys: readonly KeyBinding[];
  /** The marks the panes draw, explained below the keys (none: no legend). */
  readonly legend?: readonly Mark[];
  readonly width: number;
  readonly height: number;
}

interface Entry {
  readonly key: string;
  readonly text: string;
}

function entries(keys: readonly KeyBinding[], legend: readonly Mark[]): { keys: Entry[]; marks: Entry[] } {
  return {
    keys: keys.map((k) => ({ key: k.key, text: k.action })),
    marks: legend.map((m) => ({ key: m.char, text: m.meaning })),
  };
}

/** `items` joined with ' · ' into lines of at most `width` cells, an item never split (an item wider than a line is cut with '…'). */
function wrapped(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? item : `${line} · ${item}`;
    if (cells(next) <= width || line === '') line = ellipsis(next, width);
    else {
      lines.push(line);
      line = ellipsis(item, width);
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The size the help box wants for `keys` and `legend`, within `maxWidth` × `maxHeight`. */
export function helpSize(
  keys: readonly KeyBinding[],
  maxWidth: number,
  maxHeight: number,
  legend: readonly Mark[] = [],
): { width: number; height: number } {
  const all = [...keys.map((k) => ({ key: k.key, text: k.action })), ...legend.map((m) => ({ key: m.char, text: m.meaning }))];
  const keyWidth = all.reduce((m, k) => Math.max(m, cells(k.key)), 3);
  const textWidth = all.reduce((m, k) => Math.max(m, cells(k.text)), 10);
  // │ key␣␣text │
  const width = Math.min(Math.max(0, maxWidth), keyWidth + 2 + textWidth + 4);
  const height = Math.min(Math.max(0, maxHeight), keys.length + 2 + (legend.length > 0 ? legend.length + 1 : 0));
  return { width, height };
}

/** The key table and the legend, boxed, in exactly `width` × `height` cells. */
export function helpLines({ keys, legend = [], width, height }: HelpProps): Line[] {
  const inner = Math.max(0, width - 4);
  const { keys: keyRows, marks } = entries(keys, legend);
  const keyWidth = Math.min(
    [...keyRows, ...marks].reduce((m, k) => Math.max(m, cells(k.key)), 3),
    Math.max(0, Math.floor(inner / 2)),
  );
  const border = theme.accent;
  const rule = (left: string, title: string, right: string): Line => {
    const t = ellipsis(title, Math.max(0, width - 3));
    return [
      seg(`${left}─`, border),
      seg(t, mergeStyles(theme.accent, { bold: true })),
      seg('─'.repeat(Math.max(0, width - 3 - cells(t))), border),
      seg(right, border),
    ];
  };
  const entry = (e: Entry): Line => [
    seg('│ ', border),
    seg(pad(e.key, keyWidth), { bold: true }),
    seg(pad(ellipsis(`  ${e.text}`, Math.max(0, inner - keyWidth)), inner - keyWidth)),
    seg(' │', border),
  ];
  const more = (n: number): Line => [seg('│ ', border), seg(pad(`+${n} more`, inner), theme.muted), seg(' │', border)];

  const lines: Line[] = [rule('┌', ' keys ', '┐')];
  let room = Math.max(0, height - 2);
  const shownKeys = keyRows.length > room ? Math.max(0, room - 1) : keyRows.length;
  for (const k of keyRows.slice(0, shownKeys)) lines.push(entry(k));
  if (shownKeys < keyRows.length && room > 0) lines.push(more(keyRows.length - shownKeys));
  room -= lines.length - 1;
  if (marks.length > 0 && room >= 2) {
    lines.push(rule('├', ' marks ', '┤'));
    room -= 1;
    // One row per mark when they fit, else the short forms run together ("W wall · I iceberg · ...").
    const compact = wrapped(legend.map((m) => `${m.char} ${m.short}`), inner);
    if (marks.length <= room) for (const m of marks) lines.push(entry(m));
    else if (compact.length <= room) for (const text of compact) lines.push([seg('│ ', border), seg(pad(text, inner)), seg(' │', border)]);
    else {
      const shownMarks = Math.max(0, room - 1);
      for (const m of marks.slice(0, shownMarks)) lines.push(entry(m));
      lines.push(more(marks.length - shownMarks));
    }
  }
  lines.push([seg('└', border), seg('─'.repeat(Math.max(0, width - 2)), border), seg('┘', border)]);
  // Only a box narrower than its borders is cut here (the text in it is already cut with '…').
  return lines.map((l) => fit(l, width));
}

export function Help(props: HelpProps): ReactElement {
  return <Lines lines={helpLines(props)} width={props.width} height={props.height} fill />;
}
