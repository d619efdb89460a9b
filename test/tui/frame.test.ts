// The frame composer (panes placed into one line per terminal row, overlays on top) and the row painter
// (styled segments to ANSI with only the changes sent), checked against an independent SGR interpreter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeFrame, paintLine, sliceLine, type Line, type Seg } from '../../src/tui/panes/index.js';
import type { Style } from '../../src/tui/theme.js';

const text = (line: Line) => line.map((s) => s.text).join('');
const s = (t: string, style?: Style): Seg => (style === undefined ? { text: t } : { text: t, style });

describe('sliceLine', () => {
  it('cuts by cells across segments, keeping styles', () => {
    const line = [s('abc', { color: 'red' }), s('def')];
    expect(sliceLine(line, 1, 5)).toEqual([s('bc', { color: 'red' }), s('de')]);
    expect(sliceLine(line, 3, 3)).toEqual([]);
    expect(text(sliceLine(line, 0, 99))).toBe('abcdef');
  });

  it('turns half of a wide character into a space', () => {
    expect(text(sliceLine([s('a世b')], 2, 4))).toBe(' b');
    expect(text(sliceLine([s('a世b')], 0, 2))).toBe('a ');
  });
});

describe('composeFrame', () => {
  it('places panes side by side with gaps and cuts at the frame width', () => {
    const frame = composeFrame(10, 2, [
      { rect: { x: 0, y: 0, width: 3, height: 2 }, lines: [[s('abcdef')], [s('x')]] },
      { rect: { x: 5, y: 0, width: 8, height: 1 }, lines: [[s('123456789')]] },
    ]);
    expect(frame.map(text)).toEqual(['abc  12345', 'x']);
  });

  it('draws a filled overlay over what is below, keeping both sides', () => {
    const frame = composeFrame(12, 3, [
      { rect: { x: 0, y: 0, width: 12, height: 3 }, lines: [[s('0123456789ab')], [s('0123456789ab', { color: 'green' })], [s('0123456789ab')]] },
      { rect: { x: 3, y: 1, width: 5, height: 1 }, lines: [[s('HI', { bold: true })]], fill: true },
    ]);
    expect(frame.map(text)).toEqual(['0123456789ab', '012HI   89ab', '0123456789ab']);
    expect(frame[1]).toEqual([s('012', { color: 'green' }), s('HI', { bold: true }), s('   '), s('89ab', { color: 'green' })]);
  });

  it('ignores placements outside the frame', () => {
    const frame = composeFrame(4, 1, [
      { rect: { x: 0, y: 0, width: 4, height: 1 }, lines: [[s('abcd')]] },
      { rect: { x: 6, y: 0, width: 3, height: 1 }, lines: [[s('zzz')]] },
      { rect: { x: 0, y: 5, width: 3, height: 1 }, lines: [[s('zzz')]] },
    ]);
    expect(frame.map(text)).toEqual(['abcd']);
  });
});

// ---- an independent SGR interpreter: the attributes of each cell a terminal would show ----

interface Cell {
  ch: string;
  fg: number;
  bg: number;
  bold: boolean;
  dim: boolean;
  inverse: boolean;
}

function cellsOf(ansi: string): Cell[] {
  const out: Cell[] = [];
  let a = { fg: 0, bg: 0, bold: false, dim: false, inverse: false };
  // eslint-disable-next-line no-control-regex
  for (const m of ansi.matchAll(/\x1b\[([\d;]*)m|([^\x1b])/gu)) {
    if (m[2] !== undefined) {
      out.push({ ch: m[2], ...a });
      continue;
    }
    for (const code of (m[1] ?? '').split(';').map(Number)) {
      if (code === 0) a = { fg: 0, bg: 0, bold: false, dim: false, inverse: false };
      else if (code === 1) a.bold = true;
      else if (code === 2) a.dim = true;
      else if (code === 22) a = { ...a, bold: false, dim: false };
      else if (code === 7) a.inverse = true;
      else if (code === 27) a.inverse = false;
      else if (code === 39) a.fg = 0;
      else if (code === 49) a.bg = 0;
      else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) a.fg = code;
      else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) a.bg = code;
      else throw new Error(`unexpected SGR ${code}`);
    }
  }
  return out;
}

const FG: Record<string, number> = { red: 31, green: 32, cyan: 36, gray: 90, redBright: 91, whiteBright: 97 };

/** What a cell must look like: a space shows only its background and inverse (and, inverse, its colour). */
function expected(line: Line): Cell[] {
  const out: Cell[] = [];
  for (const seg of line) {
    const st = seg.style ?? {};
    for (const ch of seg.text) {
      out.push({ ch, fg: st.color === undefined ? 0 : (FG[st.color] ?? -1), bg: st.backgroundColor === undefined ? 0 : (FG[st.backgroundColor] ?? -1) + 10, bold: st.bold === true, dim: st.dim === true, inverse: st.inverse === true });
    }
  }
  return out;
}

function visible(c: Cell): unknown {
  if (c.ch !== ' ') return c;
  return { ch: ' ', bg: c.bg, inverse: c.inverse, fg: c.inverse ? c.fg : 'any' };
}

const styleArb: fc.Arbitrary<Style | undefined> = fc.option(
  fc.record(
    {
      color: fc.constantFrom('red', 'green', 'cyan', 'gray', 'redBright', 'whiteBright' as const),
      backgroundColor: fc.constantFrom('red', 'gray' as const),
      bold: fc.boolean(),
      dim: fc.boolean(),
      inverse: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const segArb = fc.record({ text: fc.constantFrom('a', 'bc', ' ', '   ', '█', '░▒', '1 2'), style: styleArb }).map(({ text: t, style }) => s(t, style));

describe('paintLine', () => {
  it('draws every cell as its segment says (property, against an SGR interpreter)', () => {
    fc.assert(
      fc.property(fc.array(segArb, { maxLength: 12 }), (line) => {
        const painted = cellsOf(paintLine(line, true));
        expect(painted.map(visible)).toEqual(expected(line).map(visible));
        // and every attribute is off at the end: nothing leaks past the row
        expect(cellsOf(`${paintLine(line, true)}X`).at(-1)).toEqual({ ch: 'X', fg: 0, bg: 0, bold: false, dim: false, inverse: false });
      }),
    );
  });

  it('sends only what changes, and keeps the colour over spaces', () => {
    expect(paintLine([s('ab', { color: 'red' }), s('  '), s('cd', { color: 'red' })], true)).toBe('\x1b[31mab  cd\x1b[0m');
    expect(paintLine([s('a', { color: 'red' }), s('b', { color: 'green', bold: true })], true)).toBe('\x1b[31ma\x1b[1;32mb\x1b[0m');
    expect(paintLine([s('a', { bold: true, dim: true }), s('b', { dim: true })], true)).toBe('\x1b[1;2ma\x1b[22;2mb\x1b[0m');
    expect(paintLine([s(' ', { inverse: true }), s(' ')], true)).toBe('\x1b[7m \x1b[27m ');
  });

  it('is plain text without colour', () => {
    expect(paintLine([s('ab', { color: 'red' }), s('c', { inverse: true })], false)).toBe('abc');
  });
});
