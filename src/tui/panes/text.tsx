// tui/panes/text: the one way panes draw. A pane computes its lines as styled segments, already cut to its
// width; `Lines` renders them as one row element per line (see `Row`) in a `<Box>` of exactly the pane's
// width and height. Doing the cutting here (not leaving it to Ink) means no wrapping, no "…" in the middle
// of a number, and a frame whose size is known before Ink sees it.

import chalk, { type ForegroundColorName } from 'chalk';
import { Box, Transform } from 'ink';
import { memo, type ReactElement } from 'react';

import type { Style } from '../theme.js';

/** A run of text drawn in one style. */
export interface Seg {
  readonly text: string;
  readonly style?: Style;
}

export type Line = readonly Seg[];

export function seg(text: string, style?: Style): Seg {
  return style === undefined ? { text } : { text, style };
}

/**
 * Terminal cells of one code point: 0 for control and combining characters, 2 for East Asian wide and
 * emoji ranges, else 1 (box drawing, blocks, shades, '●', '»', '×' count as 1, as Ink measures them).
 */
export function charCells(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff
  ) {
    return 0;
  }
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Terminal cells of a string (see charCells). */
export function cells(text: string): number {
  let n = 0;
  for (const ch of text) n += charCells(ch.codePointAt(0) ?? 0);
  return n;
}

/** Control characters (newlines, tabs, escapes) become spaces: one view-model string is one line. */
export function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** The longest prefix of `text` that fits in `width` cells. */
export function cut(text: string, width: number): string {
  if (width <= 0) return '';
  let n = 0;
  let out = '';
  for (const ch of text) {
    const w = charCells(ch.codePointAt(0) ?? 0);
    if (n + w > width) break;
    n += w;
    out += ch;
  }
  return out;
}

/**
 * `text` in at most `width` cells: whole when it fits, else cut and ended with '…' — before a number
 * rather than through it, so a cut never leaves a shorter number behind.
 */
export function ellipsis(text: string, width: number): string {
  if (cells(text) <= width) return text;
  if (width <= 0) return '';
  let head = cut(text, width - 1);
  const rest = text.slice(head.length);
  const lastWord = /\S*$/.exec(head)?.[0] ?? '';
  if (rest !== '' && !/^\s/.test(rest) && /^[-+<]?[\d.,:]*\d[\d.,:]*$/.test(lastWord + (/^\S*/.exec(rest)?.[0] ?? ''))) {
    head = head.slice(0, head.length - lastWord.length);
  }
  return `${head.trimEnd()}…`;
}

/** `text` cut to `width` cells, then padded with spaces on the right (left: true pads on the left). */
export function pad(text: string, width: number, left = false): string {
  const t = cut(text, width);
  const fill = ' '.repeat(Math.max(0, width - cells(t)));
  return left ? fill + t : t + fill;
}

/** Right-aligned in `width` cells. */
export function padLeft(text: string, width: number): string {
  return pad(text, width, true);
}

/** Centred in `width` cells. */
export function centre(text: string, width: number): string {
  const t = cut(text, width);
  const room = Math.max(0, width - cells(t));
  const left = Math.floor(room / 2);
  return ' '.repeat(left) + t + ' '.repeat(room - left);
}

/** Cells of a line. */
export function lineCells(line: Line): number {
  let n = 0;
  for (const s of line) n += cells(s.text);
  return n;
}

function sameStyle(a: Style | undefined, b: Style | undefined): boolean {
  if (a === b) return true;
  const x = a ?? {};
  const y = b ?? {};
  return (
    x.color === y.color &&
    x.backgroundColor === y.backgroundColor &&
    x.bold === y.bold &&
    x.dim === y.dim &&
    x.inverse === y.inverse
  );
}

/**
 * A line cut to `width` cells (segments past the edge dropped, the one on the edge shortened), control
 * characters cleaned, empty segments dropped and neighbours of the same style merged (fewer Ink nodes).
 * With `fill`, padded with spaces to exactly `width` (for overlays, which must hide what is below).
 */
export function fit(line: Line, width: number, fill = false): Seg[] {
  const out: Seg[] = [];
  let used = 0;
  for (const s of line) {
    if (used >= width) break;
    const text = cut(clean(s.text), width - used);
    if (text === '') continue;
    used += cells(text);
    const prev = out[out.length - 1];
    if (prev !== undefined && sameStyle(prev.style, s.style)) {
      out[out.length - 1] = seg(prev.text + text, prev.style);
    } else {
      out.push(seg(text, s.style));
    }
  }
  if (fill && used < width) out.push(seg(' '.repeat(width - used)));
  return out;
}

const FOREGROUND: Readonly<Record<ForegroundColorName, number>> = {
  black: 30,
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  white: 37,
  gray: 90,
  grey: 90,
  blackBright: 90,
  redBright: 91,
  greenBright: 92,
  yellowBright: 93,
  blueBright: 94,
  magentaBright: 95,
  cyanBright: 96,
  whiteBright: 97,
};

interface Attrs {
  readonly fg: number;
  readonly bg: number;
  readonly bold: boolean;
  readonly dim: boolean;
  readonly inverse: boolean;
}

const PLAIN: Attrs = { fg: 0, bg: 0, bold: false, dim: false, inverse: false };

function attrsOf(style: Style | undefined): Attrs {
  if (style === undefined) return PLAIN;
  return {
    fg: style.color === undefined ? 0 : FOREGROUND[style.color],
    bg: style.backgroundColor === undefined ? 0 : FOREGROUND[style.backgroundColor] + 10,
    bold: style.bold === true,
    dim: style.dim === true,
    inverse: style.inverse === true,
  };
}

/** True when spaces look the same in both: same background and inverse (and, inverse, the same foreground). */
function blankAlike(a: Attrs, b: Attrs): boolean {
  return a.bg === b.bg && a.inverse === b.inverse && (!a.inverse || a.fg === b.fg);
}

function sameAttrs(a: Attrs, b: Attrs): boolean {
  return a.fg === b.fg && a.bg === b.bg && a.bold === b.bold && a.dim === b.dim && a.inverse === b.inverse;
}

/** The SGR codes that turn `from` into `to`. */
function transition(from: Attrs, to: Attrs): number[] {
  const codes: number[] = [];
  if ((from.bold && !to.bold) || (from.dim && !to.dim)) {
    codes.push(22); // ends bold and dim together
    if (to.bold) codes.push(1);
    if (to.dim) codes.push(2);
  } else {
    if (to.bold && !from.bold) codes.push(1);
    if (to.dim && !from.dim) codes.push(2);
  }
  if (from.inverse !== to.inverse) codes.push(to.inverse ? 7 : 27);
  if (from.fg !== to.fg) codes.push(to.fg === 0 ? 39 : to.fg);
  if (from.bg !== to.bg) codes.push(to.bg === 0 ? 49 : to.bg);
  return codes;
}

/**
 * A line as ANSI text: only the attributes that change between segments are sent, and a run of spaces
 * keeps the current attributes when they would draw it the same (a space shows no foreground colour).
 * Ink re-encodes every row anyway; less escape text in means less for its tokenizer, which walks every
 * code point of a frame. No colour at all when chalk says the terminal has none (NO_COLOR, a pipe).
 */
export function paintLine(line: Line, colour: boolean = chalk.level > 0): string {
  let out = '';
  if (!colour) {
    for (const s of line) out += s.text;
    return out;
  }
  let current = PLAIN;
  for (const s of line) {
    const wanted = attrsOf(s.style);
    if (!sameAttrs(current, wanted) && !(blankAlike(current, wanted) && s.text.trim() === '')) {
      out += `\x1b[${transition(current, wanted).join(';')}m`;
      current = wanted;
    }
    out += s.text;
  }
  if (!sameAttrs(current, PLAIN)) out += '\x1b[0m';
  return out;
}

interface RowProps {
  /** The row's segments (what `ansi` and `plain` are painted from). */
  readonly segs: readonly Seg[];
  /** The row as ANSI text. */
  readonly ansi: string;
  /** The row as plain text (what a screen reader gets). */
  readonly plain: string;
  readonly width: number;
  /** The terminal's width when Ink draws the row (see LinesProps.columnsNow). */
  readonly columnsNow?: () => number;
}

/**
 * One terminal row. Ink lays out and measures only a placeholder of the row's width in spaces; the styled
 * row replaces it when Ink writes its output (`<Transform>`). So Ink's layout never measures our text
 * (string-width with grapheme segmentation is the costliest part of a frame) and its text-measure cache,
 * which is never evicted in Ink 6, holds one entry per width instead of one per row ever drawn.
 */
const Row = memo(
  function Row({ segs, ansi, plain, width, columnsNow }: RowProps): ReactElement {
    const draw = (): string => {
      const columns = columnsNow?.() ?? width;
      return columns >= width ? ansi : paintLine(fit(segs, Math.max(0, columns)));
    };
    return (
      <Transform transform={draw} accessibilityLabel={plain}>
        {' '.repeat(Math.max(1, width))}
      </Transform>
    );
  },
  (a, b) => a.ansi === b.ansi && a.width === b.width && a.columnsNow === b.columnsNow,
);

export interface LinesProps {
  readonly lines: readonly Line[];
  readonly width: number;
  readonly height: number;
  /** Pad every row to the full width and height with spaces (an overlay must hide what is below). */
  readonly fill?: boolean;
  /**
   * The terminal's current width, read when Ink draws (the whole frame only). When the terminal has just
   * got narrower, Ink redraws the last frame before the console has laid out a new one: its rows are then
   * cut to the terminal, so none wraps onto a row Ink does not know it wrote (tui/narrowing.ts).
   */
  readonly columnsNow?: () => number;
}

/** Exactly `width` × `height` cells: the first `height` lines, each cut to `width`. */
export function Lines({ lines, width, height, fill = false, columnsNow }: LinesProps): ReactElement {
  const w = Math.max(0, Math.floor(width));
  const h = Math.max(0, Math.floor(height));
  const rows: Line[] = lines.slice(0, h);
  if (fill) while (rows.length < h) rows.push([]);
  return (
    <Box width={w} height={h} flexDirection="column" flexShrink={0}>
      {rows.map((line, i) => {
        const segs = fit(line, w, fill);
        return (
          <Row key={i} segs={segs} ansi={paintLine(segs)} plain={paintLine(segs, false)} width={lineCells(segs)} columnsNow={columnsNow} />
        );
      })}
    </Box>
  );
}

// ---- bars ----

/** Bar length in whole cells for `value / max` of `width` cells (at least 1 cell for any positive value). */
export function barCells(value: number, max: number, width: number): number {
  if (!(value > 0) || !(max > 0) || width <= 0) return 0;
  const n = Math.round((Math.min(value, max) / max) * width);
  return Math.max(1, Math.min(width, n));
}
