// The console as a new user first sees it: the bundled BTCUSDT recordings, drawn with ink-testing-library
// at 120×40 and 80×24. Gauge labels are whole (full at 120×40, the README's short forms at 80×24) and
// every gauge value is true; with spot and USD-M books open the status bar names each book's product, and
// at 80×24 it keeps the replay position and never cuts a word; the latency says which clock is minus which.
import { afterEach, describe, expect, it } from 'vitest';
import { prepareReplay } from '../../src/kernel/index.js';
import { computeLayout, frameSizeFor } from '../../src/tui/layout.js';
import { ConsoleSession } from '../../src/tui/session.js';
import type { ConsoleView } from '../../src/tui/view-model.js';
import { ENGINE_OPTIONS, SPOT_FILES, USDM_FILES } from '../support/fixtures.js';
import { shownTrue } from './truth.js';

const { cleanup, render } = await import('ink-testing-library');
const { ConsoleScreen } = await import('../../src/tui/panes/index.js');

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

afterEach(() => {
  cleanup();
});

/** A session on `files`, warmed up as `npm start` does (books live, then 10 s). */
async function session(files: readonly string[], label: string): Promise<ConsoleSession> {
  const replay = await prepareReplay({ files, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  const s = new ConsoleSession({ kind: 'replay', replay, label });
  await s.start();
  await s.warmUp(10);
  return s;
}

/** The frame Ink draws for `view` on a `columns` × `rows` terminal, as plain text rows. */
function frame(view: ConsoleView, columns: number, rows: number): string[] {
  const el = <ConsoleScreen view={view} columns={columns} rows={rows} showHelp={false} keys={[]} />;
  const r = render(el);
  Object.defineProperty(r.stdout, 'columns', { configurable: true, get: () => columns });
  r.rerender(el);
  return (r.lastFrame() ?? '').replace(ANSI, '').split('\n');
}

const SPOT_LABEL = 'btcusdt_20240808.gz btcusdt_20240809.gz';

describe('the console on the bundled recording', () => {
  for (const [columns, rows, form] of [
    [120, 40, 'full'],
    [80, 24, 'short'],
  ] as const) {
    it(`at ${columns}×${rows} prints every gauge label ${form === 'full' ? 'in full' : 'in its short form'} and every gauge value true`, async () => {
      const s = await session(SPOT_FILES, SPOT_LABEL);
      const layout = computeLayout(columns, rows);
      const view = s.view(frameSizeFor(layout), 4);
      const rect = layout.panes.gauges;
      if (rect === undefined) throw new Error('no gauges pane');
      const lines = frame(view, columns, rows).map((l) => l.padEnd(columns).slice(rect.x, rect.x + rect.width));
      view.gauges.gauges.forEach((g, i) => {
        const line = lines[rect.y + 1 + i] ?? '';
        const label = form === 'full' ? g.label : (g.short ?? g.label);
        expect(line.startsWith(`${label} `), JSON.stringify(line)).toBe(true);
        const shown = line.slice(label.length).replace(/[█│]/g, ' ').split(/ \/ | +/).filter((t) => t !== '');
        expect(shown.length, JSON.stringify(line)).toBe(g.values.length);
        shown.forEach((t, k) => expect(shownTrue(t, g.values[k] ?? NaN), `${t} for ${g.values[k]} in ${JSON.stringify(line)}`).toBe(true));
      });
      // The spread of BTCUSDT is a fraction of a basis point: shown with a significant digit, not as 0.0.
      const spread = view.gauges.gauges.find((g) => g.label === 'spread bps')?.values[0] ?? NaN;
      expect(spread).toBeGreaterThan(0);
      expect(spread).toBeLessThan(0.1);
      expect(lines[rect.y + 1]).toMatch(/ 0\.00[1-9]\b/);
    });
  }

  it('names the product of each book when spot and USD-M are open, and keeps the replay position at 80×24', async () => {
    const s = await session([...SPOT_FILES, ...USDM_FILES], `${SPOT_LABEL} btcusdt_20240808.gz`);
    const wide = frame(s.view(frameSizeFor(computeLayout(120, 40)), 4), 120, 40)[0] ?? '';
    expect(wide).toContain('spot BTCUSDT live · usdm BTCUSDT live');
    const narrow = frame(s.view(frameSizeFor(computeLayout(80, 24)), 4), 80, 24)[0] ?? '';
    expect(narrow).toMatch(/replay\S* \+00:00:1\d/);
    expect(narrow).toContain('spot live · usdm live');
    // Every word is whole: no 'BTC' for BTCUSDT, no 'li' for live.
    for (const w of narrow.split(/[\s│·]+/)) expect(['BTC', 'li', 'BTCUSDT li'].includes(w), narrow).toBe(false);
  });

  it('labels the latency as receive time minus exchange time', async () => {
    const s = await session(SPOT_FILES, SPOT_LABEL);
    const view = s.view(frameSizeFor(computeLayout(120, 40)), 4);
    expect(view.status.latencyMs).toBeLessThan(0); // the bundled recording's receive clock is behind the exchange's
    expect(frame(view, 120, 40)[1]).toMatch(/^recv−exch -1\d{3} ms │/);
  });
});
