// tui/panes/help: the key table and the legend of marks in a box, drawn over the panes (every cell filled,
// so nothing below shows through). Both lists come from one place each (tui/keymap.ts, tui/marks.ts).
//
//   ┌ keys ────────────────────────┐
//   │ space   pause / play         │
//   │ + -     faster / slower      │
//   ├ marks ───────────────────────┤
//   │ W       wall: a large ...    │   one row per mark, or, in a small terminal,
//   └──────────────────────────────┘   │ M marks column · W wall · I iceberg · ... │
//
// When the keys do not fit one column (80×24), they go in two, each key with its short description, and
// the marks in their short forms; a wide entry (where the logs go) spans both columns.

import type { ReactElement } from 'react';

import type { Mark } from '../marks.js';
import { mergeStyles, theme } from '../theme.js';
import { cells, ellipsis, fit, Lines, pad, seg, type Line, type Seg } from './text.js';

export interface KeyBinding {
  readonly key: string;
  readonly action: string;
  /** The action in a few words, for two columns (default: `action`). */
  readonly short?: string;
  /** Spans both columns (a path): listed after the others. */
  readonly wide?: boolean;
}

export interface HelpProps {
  readonly keys: readonly KeyBinding[];
  /** The marks the panes draw, explained below the keys (none: no legend). */
  readonly legend?: readonly Mark[];
  readonly width: number;
  readonly height: number;
  /** Keys in one column (default) or two (helpSize says which fits). */
  readonly columns?: 1 | 2;
}

/** Cells between the two columns of keys. */
const COLUMN_GAP = 3;

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

/** Rows of the key table: one per key in one column; in two, half the narrow keys and one per wide key. */
function keyRows(keys: readonly KeyBinding[], columns: 1 | 2): number {
  if (columns === 1) return keys.length;
  const wide = keys.filter((k) => k.wide === true).length;
  return Math.ceil((keys.length - wide) / 2) + wide;
}

/**
 * The size the help box wants for `keys` and `legend`, within `maxWidth` × `maxHeight`, and its columns of
 * keys: one when every key fits with at least the short legend, else two.
 */
export function helpSize(
  keys: readonly KeyBinding[],
  maxWidth: number,
  maxHeight: number,
  legend: readonly Mark[] = [],
): { width: number; height: number; columns: 1 | 2 } {
  const all = [...keys.map((k) => ({ key: k.key, text: k.action })), ...legend.map((m) => ({ key: m.char, text: m.meaning }))];
  const keyWidth = all.reduce((m, k) => Math.max(m, cells(k.key)), 3);
  const textWidth = all.reduce((m, k) => Math.max(m, cells(k.text)), 10);
  // │ key␣␣text │
  const width = Math.min(Math.max(0, maxWidth), keyWidth + 2 + textWidth + 4);
  const compact = legend.length === 0 ? 0 : 1 + wrapped(legend.map((m) => `${m.char} ${m.short}`), Math.max(1, width - 4)).length;
  if (keys.length + 2 + compact <= maxHeight || keys.length <= 1) {
    const height = Math.min(Math.max(0, maxHeight), keys.length + 2 + (legend.length > 0 ? legend.length + 1 : 0));
    return { width, height, columns: 1 };
  }
  const narrow = keys.filter((k) => k.wide !== true);
  const shortWidth = narrow.reduce((m, k) => Math.max(m, cells(k.short ?? k.action)), 10);
  const twoWidth = Math.min(Math.max(0, maxWidth), 2 * (keyWidth + 2 + shortWidth) + COLUMN_GAP + 4);
  const rows = keyRows(keys, 2);
  const marks = legend.length === 0 ? 0 : 1 + wrapped(legend.map((m) => `${m.char} ${m.short}`), Math.max(1, twoWidth - 4)).length;
  return { width: twoWidth, height: Math.min(Math.max(0, maxHeight), rows + 2 + marks), columns: 2 };
}

/** The key table and the legend, boxed, in exactly `width` × `height` cells. */
export function helpLines({ keys, legend = [], width, height, columns = 1 }: HelpProps): Line[] {
  const inner = Math.max(0, width - 4);
  const { keys: keyEntries, marks } = entries(keys, legend);
  const keyWidth = Math.min(
    [...keyEntries, ...marks].reduce((m, k) => Math.max(m, cells(k.key)), 3),
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
  /** A key and its text in `w` cells. */
  const cell = (e: Entry, w: number): Seg[] => [
    seg(pad(e.key, Math.min(keyWidth, w)), { bold: true }),
    seg(pad(ellipsis(`  ${e.text}`, Math.max(0, w - keyWidth)), Math.max(0, w - keyWidth))),
  ];
  const boxed = (content: Seg[]): Line => [seg('│ ', border), ...content, seg(' │', border)];
  const entry = (e: Entry): Line => boxed(cell(e, inner));
  const more = (n: number): Line => boxed([seg(pad(`+${n} more`, inner), theme.muted)]);

  // The key rows: one key each, or two side by side (short texts), then the wide ones across both.
  let keyLines: Line[];
  if (columns === 1) keyLines = keyEntries.map(entry);
  else {
    const half = Math.max(0, Math.floor((inner - COLUMN_GAP) / 2));
    const narrow = keys.filter((k) => k.wide !== true).map((k) => ({ key: k.key, text: k.short ?? k.action }));
    const rows = Math.ceil(narrow.length / 2);
    keyLines = [];
    for (let i = 0; i < rows; i++) {
      const left = narrow[i];
      const right = narrow[i + rows];
      if (left === undefined) break;
      const content = [...cell(left, half), seg(' '.repeat(Math.max(0, inner - 2 * half)))];
      content.push(...(right === undefined ? [seg(' '.repeat(half))] : cell(right, half)));
      keyLines.push(boxed(content));
    }
    for (const k of keys) if (k.wide === true) keyLines.push(entry({ key: k.key, text: k.action }));
  }

  const lines: Line[] = [rule('┌', ' keys ', '┐')];
  let room = Math.max(0, height - 2);
  const shownKeys = keyLines.length > room ? Math.max(0, room - 1) : keyLines.length;
  lines.push(...keyLines.slice(0, shownKeys));
  if (shownKeys < keyLines.length && room > 0) lines.push(more(keyLines.length - shownKeys));
  room -= lines.length - 1;
  if (marks.length > 0 && room >= 2) {
    lines.push(rule('├', ' marks ', '┤'));
    room -= 1;
    // One row per mark when they fit, else the short forms run together ("W wall · I iceberg · ...").
    const compact = wrapped(legend.map((m) => `${m.char} ${m.short}`), inner);
    if (marks.length <= room && columns === 1) for (const m of marks) lines.push(entry(m));
    else if (compact.length <= room) for (const text of compact) lines.push(boxed([seg(pad(text, inner))]));
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
