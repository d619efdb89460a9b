// The gates pane (replay --strategy), rendered with ink-testing-library from a hand-made decision
// (fixture.ts): at the 120×40 layout's size every gate is listed with ✓ or ✗, its value and its limit, in
// the theme's pass / fail colours, under the decision, the score / alpha / cost line, the cost's parts and
// the last journaled decision; at the 80×24 size only the failing gates and that line remain. Colour is
// forced on (before Ink and chalk load) so the frames carry real ANSI codes.

process.env.FORCE_COLOR = '1';

import type { ReactElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';

import { computeLayout } from '../../src/tui/layout.js';
import { consoleView, decision, gatesViewFixture, KEYS } from './fixture.js';

const { cleanup, render } = await import('ink-testing-library');
const { ConsoleScreen, Gates } = await import('../../src/tui/panes/index.js');
const { gateValueText } = await import('../../src/tui/panes/gates.js');

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const stripAnsi = (s: string): string => s.replace(ANSI, '');

afterEach(() => {
  cleanup();
});

/** The frame Ink draws on a terminal `columns` wide (see panes.test.tsx renderAt). */
function renderAt(el: ReactElement, columns: number): { raw: string[]; lines: string[] } {
  const r = render(el);
  Object.defineProperty(r.stdout, 'columns', { configurable: true, get: () => columns });
  r.rerender(el);
  const raw = (r.lastFrame() ?? '').split('\n');
  return { raw, lines: raw.map(stripAnsi) };
}

function expectWithin(lines: readonly string[], width: number, height: number): void {
  expect(lines.length).toBeLessThanOrEqual(height);
  for (const line of lines) expect([...line].length, JSON.stringify(line)).toBeLessThanOrEqual(width);
}

const FULL = computeLayout(120, 40, { gates: true }).panes.gates;
const REDUCED = computeLayout(80, 24, { gates: true }).panes.gates;

/** How each gate value of the fixture is written at the 120×40 size. */
const SHOWN: Record<string, [string, string]> = {
  warmup: ['312.5', '30'],
  synced: ['yes', 'yes'],
  stale: ['no', 'no'],
  cooldown: ['600.3', '30'],
  latency: ['-1234', '500'],
  spread: ['2.46', '2'],
  vol: ['1.25', '0–10'],
  score: ['1.84', '0'],
  tfi: ['0.432', '0'],
  ofi: ['0.002', '0'],
  refill: ['0.750', '2'],
  cost: ['0.921', '1.35'],
  maxDailyNotional: ['2500', '10000'],
  rejectRate: ['0', '0.200'],
  cancelLatency: ['-', '2000'],
  privateState: ['none yet', '-'],
  killSwitch: ['no', 'no'],
};

describe('the gates pane', () => {
  it('at the 120×40 size lists every gate with ✓ or ✗, its value and its limit, failing ones in the fail colour', () => {
    if (FULL === undefined) throw new Error('no gates pane at 120×40');
    expect([FULL.width, FULL.height]).toEqual([60, 23]);
    const view = gatesViewFixture();
    const { raw, lines } = renderAt(<Gates gates={view} width={FULL.width} height={FULL.height} />, FULL.width);
    expectWithin(lines, FULL.width, FULL.height);
    expect(lines[0]).toMatch(/^gates +NO_TRADE spread +23:58:04\.500$/);
    expect(lines[1]?.trimEnd()).toBe('buy score 1.84  alpha 0.921 bps < cost 1.35 bps');
    expect(lines[2]).toContain('= fee 0.100 + ½spr 0 + slip 0 + adv 0 + lat 0.252 + safe 1');
    expect(lines[3]).toMatch(/^journaled 23:58:01\.200 NO_TRADE warmup +812 evals$/);
    expect(lines[4]).toMatch(/^gate +value limit +gate +value limit/);
    const gates = view.latest?.gates ?? [];
    expect(gates).toHaveLength(27);
    for (const g of gates) {
      const mark = g.pass ? '✓' : '✗';
      const at = lines.findIndex((l) => new RegExp(`(^|  )${mark} ${g.name} `).test(l));
      expect(at, `${g.name} in\n${lines.join('\n')}`).toBeGreaterThan(4);
      const shown = SHOWN[g.name];
      if (shown !== undefined) expect(lines[at], g.name).toMatch(new RegExp(`${mark} ${g.name} +${shown[0].replace(/[.+]/g, '\\$&')} +${shown[1].replace('.', '\\.')}( |$)`));
      // Pass in the ok colour (green), fail in the error colour (bold red), mark and name alike.
      const rawRow = raw[at] ?? '';
      expect(rawRow).toMatch(new RegExp(g.pass ? `\\u001b\\[32m${mark}` : `\\u001b\\[31m[^\\u001b]*${mark} ${g.name} `));
    }
    // Two columns, in order: the signal's gates on the left, position and the risk gates on the right.
    expect(lines[5]).toMatch(/^✓ warmup .*✓ position /);
    expect(lines[18]).toMatch(/^✗ cost /);
  });

  it('at the 80×24 size keeps the decision, the score / alpha / cost line and only the failing gates', () => {
    if (REDUCED === undefined) throw new Error('no gates pane at 80×24');
    expect([REDUCED.width, REDUCED.height]).toEqual([24, 7]);
    const { lines } = renderAt(<Gates gates={gatesViewFixture()} width={REDUCED.width} height={REDUCED.height} />, REDUCED.width);
    expectWithin(lines, REDUCED.width, REDUCED.height);
    expect(lines.map((l) => l.trimEnd())).toEqual([
      'gates  NO_TRADE spread',
      's 1.84  α 0.921 < c 1.35',
      '23:58:01.200 NO_TRADE w…',
      'gate     value limit',
      '✗ spread  2.46     2',
      '✗ cost   0.921  1.35',
      '✓ 25 more pass',
    ]);
  });

  it('says how many more gates fail when they do not all fit', () => {
    const view = gatesViewFixture({
      gates: decision().gates.map((g) => (['warmup', 'synced', 'tfi', 'ofi', 'killSwitch'].includes(g.gate) ? { ...g, pass: false } : g)),
    });
    const { lines } = renderAt(<Gates gates={view} width={24} height={7} />, 24);
    expect(lines.map((l) => l.trimEnd())).toEqual([
      'gates  NO_TRADE spread',
      's 1.84  α 0.921 < c 1.35',
      'gate     value limit',
      '✗ warmup 312.5    30',
      '✗ synced   yes   yes',
      '✗ spread  2.46     2',
      '+4 more failing',
    ]);
  });

  it('shows an intent with alpha above cost, every gate passing, and nothing but the title before the first decision', () => {
    const buy = gatesViewFixture({
      action: 'BUY',
      reason: 'LIMIT_MAKER BUY',
      alphaBps: 1.5,
      costBps: 1.3517,
      gates: decision().gates.map((g) => ({ ...g, pass: true })),
    });
    const { raw, lines } = renderAt(<Gates gates={buy} width={24} height={7} />, 24);
    expect(lines[0]?.trimEnd()).toBe('gates  BUY LIMIT_MAKER…');
    expect(lines[1]?.trimEnd()).toBe('s 1.84  α 1.50 > c 1.35');
    expect(raw[1]).toContain('\u001b[32mα 1.50');
    expect(lines.some((l) => l.startsWith('✓ all 27 gates pass'))).toBe(true);
    const empty = renderAt(<Gates gates={{ latest: null, lastJournaled: null, evaluations: 0, notTraded: null }} width={24} height={7} />, 24).lines;
    expect(empty.map((l) => l.trimEnd()).filter((l) => l !== '')).toEqual(['gates', 'no decision yet']);
    const skipped = renderAt(<Gates gates={{ latest: null, lastJournaled: null, evaluations: 0, notTraded: 'the data is usdm' }} width={40} height={7} />, 40).lines;
    expect(skipped.map((l) => l.trimEnd()).filter((l) => l !== '')).toEqual(['gates', 'not traded: the data is usdm']);
  });

  it('writes values compactly: about three significant digits, yes / no, texts cut with …, - when unknown', () => {
    expect(gateValueText(0.0015, 8)).toBe('0.002');
    expect(gateValueText(0.25, 8)).toBe('0.250');
    expect(gateValueText(1.23456, 8)).toBe('1.23');
    expect(gateValueText(31.25, 8)).toBe('31.3');
    expect(gateValueText(99.999958382, 8)).toBe('100.0');
    expect(gateValueText(0.00081, 8)).toBe('0.001');
    expect(gateValueText(0.00081, 4)).toBe('8e-4');
    expect(gateValueText(312.56, 8)).toBe('312.6');
    expect(gateValueText(35293.75, 8)).toBe('35294');
    expect(gateValueText(35293.75, 4)).toBe('35k');
    expect(gateValueText(-12, 8)).toBe('-12');
    expect(gateValueText(0, 8)).toBe('0');
    expect(gateValueText(true, 8)).toBe('yes');
    expect(gateValueText(false, 8)).toBe('no');
    expect(gateValueText(null, 8)).toBe('-');
    expect(gateValueText('long-flat', 6)).toBe('long-…');
  });

  it('fits any size it is given', () => {
    const view = gatesViewFixture();
    for (const [w, h] of [[1, 1], [10, 3], [24, 7], [30, 10], [40, 15], [59, 23], [82, 32], [160, 50]] as const) {
      expectWithin(renderAt(<Gates gates={view} width={w} height={h} />, Math.max(w, 10)).lines, w, h);
    }
  });
});

describe('the console with a strategy', () => {
  it('at 120×40 shows the gates pane in the heatmap\'s place, the other panes where they were', () => {
    const view = { ...consoleView(), gates: gatesViewFixture() };
    const { lines } = renderAt(<ConsoleScreen view={view} columns={120} rows={40} showHelp={false} keys={KEYS} />, 120);
    expectWithin(lines, 120, 39);
    const text = lines.join('\n');
    expect(text).not.toContain('heatmap');
    for (const s of ['agg 5 ticks', 'tape', 'window 1s', 'bids']) expect(text).toContain(s);
    expect(lines[15]?.slice(60)).toMatch(/^gates +NO_TRADE spread/);
    expect(lines.some((l) => /│✗ cost +0\.921 +1\.35/.test(l))).toBe(true);
  });

  it('at 80×24 shows it below the gauges, which keep every row they use', () => {
    const view = { ...consoleView(), gates: gatesViewFixture() };
    const { lines } = renderAt(<ConsoleScreen view={view} columns={80} rows={24} showHelp={false} keys={KEYS} />, 80);
    expectWithin(lines, 80, 23);
    const right = lines.map((l) => l.slice(56));
    expect(right[2]).toMatch(/^gauges/);
    expect(right[14]).toBe('─'.repeat(24));
    expect(right[15]).toMatch(/^gates +NO_TRADE spread/);
    expect(right.some((l) => l.startsWith('✗ spread'))).toBe(true);
  });
});
