// tui/panes/fields: the line builder for lines made of separate pieces of information (the status bar,
// pane titles). Each field offers its renderings, most informative first; while the line is too wide, the
// field whose current rendering matters least gives way: a text field is cut with '…', then the next
// (shorter) rendering is taken, and after the last one the field is dropped. So a line never exceeds its
// width, and a number or a word is shown whole or not at all — never cut into another number or word.
//
//   fieldsLine([{ alts: [[seg('BTCUSDT spot')]], rank: 9 },
//               { alts: [[seg('replay a.gz b.gz')], [seg('replay')]], rank: [2, 6], elastic: true },
//               { alts: [[seg('12:03:04.567')]], rank: 10, right: true }], 40)

import { cells, ellipsis, fit, lineCells, seg, type Line, type Seg } from './text.js';

export interface Field {
  /** Renderings, most informative first. */
  readonly alts: readonly Line[];
  /**
   * How much each rendering matters (one number for all, or one per rendering): the lowest gives way
   * first. Giving way means: cut (elastic fields), else the next rendering, else (the last) dropped.
   */
  readonly rank?: number | readonly number[];
  /** Plain text (no numbers that matter) that may be cut with '…' down to `minCut` cells. */
  readonly elastic?: boolean;
  readonly minCut?: number;
  /** Drawn before the field when another precedes it on its side (default: one space). */
  readonly sep?: Line;
  /** Right-aligned (with the other right fields), after at least one blank cell. */
  readonly right?: boolean;
}

const SPACE: Line = [seg(' ')];
const DEFAULT_MIN_CUT = 6;

/** `line` cut to `width` cells with '…' at the end (see ellipsis), keeping each segment's style. */
export function ellipsisLine(line: Line, width: number): Seg[] {
  if (lineCells(line) <= width) return fit(line, width);
  if (width <= 0) return [];
  const short = ellipsis(line.map((s) => s.text).join(''), width);
  const head = fit(line, cells(short) - 1);
  return [...head, seg('…', (head[head.length - 1] ?? line[0])?.style)];
}

interface State {
  alt: number;
  cut: number | null;
  dropped: boolean;
}

/** A line of at most `width` cells from `fields` (see the module header). */
export function fieldsLine(fields: readonly Field[], width: number): Line {
  const state: State[] = fields.map(() => ({ alt: 0, cut: null, dropped: false }));
  const current = (i: number): Line => {
    const f = fields[i];
    const st = state[i];
    if (f === undefined || st === undefined || st.dropped) return [];
    const line = f.alts[st.alt] ?? [];
    return st.cut === null ? line : ellipsisLine(line, st.cut);
  };
  const rankOf = (i: number): number => {
    const r = fields[i]?.rank ?? 0;
    return typeof r === 'number' ? r : (r[Math.min(r.length - 1, state[i]?.alt ?? 0)] ?? 0);
  };
  const sideWidth = (right: boolean): number => {
    let w = 0;
    let any = false;
    fields.forEach((f, i) => {
      if ((f.right === true) !== right) return;
      const c = lineCells(current(i));
      if (c === 0) return;
      if (any) w += lineCells(f.sep ?? SPACE);
      w += c;
      any = true;
    });
    return w;
  };
  const total = (): number => {
    const l = sideWidth(false);
    const r = sideWidth(true);
    return l + r + (l > 0 && r > 0 ? 1 : 0);
  };

  for (let over = total() - Math.max(0, width); over > 0; over = total() - Math.max(0, width)) {
    // The field that matters least (the later one on a tie) gives way.
    let pick = -1;
    fields.forEach((_, i) => {
      if (lineCells(current(i)) === 0) return;
      if (pick < 0 || rankOf(i) <= rankOf(pick)) pick = i;
    });
    const f = fields[pick];
    const st = state[pick];
    if (f === undefined || st === undefined) break;
    const now = lineCells(current(pick));
    if (f.elastic === true && now - over >= Math.min(f.minCut ?? DEFAULT_MIN_CUT, now - 1) && now - over > 0) {
      st.cut = now - over;
    } else if (st.alt < f.alts.length - 1) {
      st.alt++;
      st.cut = null;
    } else {
      st.dropped = true;
    }
  }

  const side = (right: boolean): Seg[] => {
    const out: Seg[] = [];
    fields.forEach((f, i) => {
      if ((f.right === true) !== right) return;
      const line = current(i);
      if (lineCells(line) === 0) return;
      if (out.length > 0) out.push(...(f.sep ?? SPACE));
      out.push(...line);
    });
    return out;
  };
  const left = side(false);
  const right = side(true);
  if (right.length === 0) return left;
  const gap = Math.max(1, width - lineCells(left) - lineCells(right));
  return left.length === 0 ? [seg(' '.repeat(Math.max(0, width - lineCells(right)))), ...right] : [...left, seg(' '.repeat(gap)), ...right];
}

/** A pane title: the name (cut with '…' last), then details that are dropped whole, and `right` at the right edge. */
export function titleLine(name: Line, details: readonly Line[], right: Line, width: number): Line {
  return fieldsLine(
    [
      { alts: [name], rank: 9, elastic: true, minCut: 1 },
      ...details.map((d, i) => ({ alts: [d], rank: 5 - i / 100 })),
      ...(right.length === 0 ? [] : [{ alts: [right], rank: 3, right: true }]),
    ],
    width,
  );
}
