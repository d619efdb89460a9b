// `flowdesk replay --strategy` (cli/commands/replay, cli/replay-console): its usage errors, each one line
// and exit 2 before any console opens; then the console's engine in its worker thread on the bundled spot
// recording with the permissive settings of docs/STRATEGY.md — the gates pane is there from the first
// view, standing aside while the strategy warms up, and stepping second by second (paused, as a user
// would) brings a decision with an intent into it. The steps and views are the worker's answers to keys
// and view requests: what is asserted does not depend on how fast this machine is.
// A worker runs compiled code, so the console side comes from dist/ (npm test builds it first).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../live/harness.js';
import { runInProcess as flowdesk } from '../support/cli-run.js';
import { ENGINE_OPTIONS, PROJECT_ROOT, SPOT_FILES } from '../support/fixtures.js';

const DIST = (file: string): string => path.join(PROJECT_ROOT, 'dist', file);
if (!existsSync(DIST('cli/replay-console.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does) before this test');
const { startReplayConsole } = (await import(DIST('cli/replay-console.js'))) as typeof import('../../src/cli/replay-console.js');
const { replayCommand, replayConsoleRequest } = (await import(DIST('cli/commands/replay.js'))) as typeof import('../../src/cli/commands/replay.js');
const { parseCommandLine } = (await import(DIST('config/index.js'))) as typeof import('../../src/config/index.js');
const { computeLayout, frameSizeFor } = (await import(DIST('tui/index.js'))) as typeof import('../../src/tui/index.js');
const { cleanup, render } = await import('ink-testing-library');
const { createElement } = await import('react');
const { ConsoleScreen } = await import('../../src/tui/panes/index.js');

/** The strategy settings under which the baseline produces intents on the bundled recording (docs/STRATEGY.md). */
const PERMISSIVE = ['scoreThreshold=0', 'safetyMarginBps=0', 'warmupSeconds=30', 'adverseSelectionBps=0', 'fees.makerBps=0.1', 'fees.takerBps=0.2'].flatMap((s) => ['--set', s]);

function expectUsage(result: { code: number; stderr: string; stdout: string }, fragment: string): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toContain(fragment);
  expect(result.stdout).toBe('');
}

describe('flowdesk replay --strategy: usage', () => {
  it('refuses --set without --strategy, the strategy headless, an unreadable file and a bad field, each in one line', async () => {
    expectUsage(await flowdesk(['replay', ...SPOT_FILES, '--set', 'scoreThreshold=0']), 'replay: --set changes a strategy field; it needs --strategy');
    expectUsage(await flowdesk(['replay', ...SPOT_FILES, '--strategy', '--no-ui']), 'replay: --strategy and --set run the strategy in the console, not with --no-ui');
    expectUsage(await flowdesk(['replay', ...SPOT_FILES, '--strategy', 'missing.json']), 'strategy config missing.json: cannot read it (ENOENT)');
    expectUsage(await flowdesk(['replay', ...SPOT_FILES, '--strategy=strategy.txt']), '--strategy must be a strategy file path ending in .json, got "strategy.txt"');
    expectUsage(await flowdesk(['replay', ...SPOT_FILES, '--strategy', '--set', 'scoreThreshold=abc']), 'scoreThreshold');
  });

  it('never takes a recording for its file: with the files after it, the strategy runs on its defaults', async () => {
    const line = parseCommandLine(replayCommand, ['--strategy', ...SPOT_FILES, '--set', 'fees.makerBps=0.1']);
    if (line.help) throw new Error('help');
    expect(line.operands).toEqual(SPOT_FILES);
    expect(line.values.strategy).toBeNull();
    const request = await replayConsoleRequest(line.values, line.operands);
    expect(request.strategy?.config.defaults.fees.makerBps).toBe(0.1);
    expect(request.strategy?.config.defaults.scoreThreshold).toBe(2); // the default
    // Past the checks, the console itself needs a terminal (none here): the files were taken as files.
    expectUsage(await flowdesk(['replay', '--strategy', ...SPOT_FILES]), 'the console needs a terminal');
  });
});

describe('flowdesk replay --strategy: the console', () => {
  it('shows the gates pane from the start and, stepping paused second by second, a decision with an intent', async () => {
    const line = parseCommandLine(replayCommand, [...SPOT_FILES, '--strategy', ...PERMISSIVE]);
    if (line.help) throw new Error('help');
    const request = await replayConsoleRequest(line.values, line.operands);
    const warnings: string[] = [];
    const model = await startReplayConsole(request, { engine: ENGINE_OPTIONS, measureLag: false, warn: (m) => warnings.push(m) });
    try {
      const size = frameSizeFor(computeLayout(120, 40));
      /** The first view the worker sends that satisfies `ready` (each poll asks for the next one). */
      const viewWhen = async (what: string, ready: (v: ReturnType<typeof model.view>) => boolean) => {
        let view = model.view(size, 4);
        await waitFor(what, () => ready((view = model.view(size, 4))), 10_000, 10);
        return view;
      };
      await model.input(' ', {}); // pause: from here on only the keys move the replay
      let view = await viewWhen('a view with a clock', (v) => v.status.clock !== '');
      expect(view.gates?.latest?.action).toBe('NO_TRADE');
      expect(view.gates?.latest?.gates.find((g) => g.name === 'warmup')?.pass).toBe(false);
      let steps = 0;
      while (view.gates?.lastJournaled?.action !== 'BUY') {
        expect(view.status.position.endsWith('end'), 'the replay ended without an intent').toBe(false);
        const before = view.status.clock;
        await model.input('s', {});
        view = await viewWhen('the view after a step', (v) => v.status.clock !== before);
        steps++;
      }
      expect(steps).toBeGreaterThan(0);
      const gates = view.gates;
      if (gates === undefined) throw new Error('no gates');
      expect(gates.lastJournaled?.reason).toMatch(/^LIMIT_(MAKER|IOC) BUY$/);
      // The Gates pane as drawn at 120×40: the journaled intent, the score / alpha / cost line, the gates.
      const r = render(createElement(ConsoleScreen, { view, columns: 120, rows: 40, showHelp: false, keys: [] }));
      Object.defineProperty(r.stdout, 'columns', { configurable: true, get: () => 120 });
      r.rerender(createElement(ConsoleScreen, { view, columns: 120, rows: 40, showHelp: false, keys: [] }));
      // eslint-disable-next-line no-control-regex
      const pane = (r.lastFrame() ?? '').replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').split('\n').map((l) => l.slice(60));
      cleanup();
      expect(pane[15]).toMatch(/^gates +(NO_TRADE|BUY) /);
      expect(pane[16]).toMatch(/^(buy |sell )?score -?\d.* alpha -?\d.* [<>=] cost \d/);
      expect(pane.some((l) => new RegExp(`^journaled ${gates.lastJournaled?.time.replace('.', '\\.')} BUY LIMIT_(MAKER|IOC) BUY`).test(l))).toBe(true);
      expect(pane.some((l) => /^[✓✗] warmup /.test(l))).toBe(true);
      expect(warnings).toEqual([]);
    } finally {
      await model.close();
    }
  }, 120_000);
});
