// tui/panes/frame: the whole console frame as lines. Each pane's lines are placed at its rectangle and the
// frame is cut into one line per terminal row, so Ink draws one row element per row (no boxes per pane,
// no clipping, no absolute positions): a frame costs Ink as little as it can. Later placements are drawn
// over earlier ones (the help box over the panes).

import type { Rect } from '../layout.js';
import { charCells, fit, lineCells, seg, type Line, type Seg } from './text.js';

export interface Placement {
  readonly rect: Rect;
  readonly lines: readonly Line[];
  /** Cover the whole rectangle (blank where the lines are short), hiding what was placed below. */
  readonly fill?: boolean;
}

interface Fragment {
  readonly x: number;
  readonly segs: readonly Seg[];
}

/** Cells [from, to) of `line`; a wide character cut in half becomes a space. */
export function sliceLine(line: Line, from: number, to: number): Seg[] {
  const out: Seg[] = [];
  let x = 0;
  for (const s of line) {
    if (x >= to) break;
    let text = '';
    for (const ch of s.text) {
      const w = charCells(ch.codePointAt(0) ?? 0);
      if (x >= from && x + w <= to) text += ch;
      else if (w > 1 && x < to && x + w > from) text += ' '.repeat(Math.min(to, x + w) - Math.max(from, x));
      x += w;
      if (x >= to) break;
    }
    if (text !== '') out.push(seg(text, s.style));
  }
  return out;
}

function place(row: Fragment[], fragment: Fragment, cover: number): Fragment[] {
  const end = fragment.x + cover;
  const out: Fragment[] = [];
  for (const f of row) {
    const fw = lineCells(f.segs);
    if (f.x + fw <= fragment.x || f.x >= end) {
      out.push(f);
      continue;
    }
    if (f.x < fragment.x) out.push({ x: f.x, segs: sliceLine(f.segs, 0, fragment.x - f.x) });
    if (f.x + fw > end) out.push({ x: end, segs: sliceLine(f.segs, end - f.x, fw) });
  }
  out.push(fragment);
  return out;
}

/** The frame of `width` × `height` cells: one line per row, each at most `width` cells. */
export function composeFrame(width: number, height: number, placements: readonly Placement[]): Line[] {
  const rows: Fragment[][] = Array.from({ length: Math.max(0, height) }, () => []);
  for (const p of placements) {
    const { x, y } = p.rect;
    const w = Math.min(p.rect.width, width - x);
    if (w <= 0 || x < 0) continue;
    for (let i = 0; i < p.rect.height; i++) {
      const row = rows[y + i];
      if (row === undefined) continue;
      const segs = fit(p.lines[i] ?? [], w, p.fill === true);
      const cover = p.fill === true ? w : lineCells(segs);
      if (cover === 0) continue;
      rows[y + i] = place(row, { x, segs }, cover);
    }
  }
  return rows.map((row) => {
    const line: Seg[] = [];
    let x = 0;
    for (const f of [...row].sort((a, b) => a.x - b.x)) {
      if (f.x > x) line.push(seg(' '.repeat(f.x - x)));
      line.push(...f.segs);
      x = f.x + lineCells(f.segs);
    }
    return fit(line, width);
  });
}
