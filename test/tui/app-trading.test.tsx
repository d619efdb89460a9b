// The trading keys of the console, pressed in the app (ink-testing-library) on the bundled BTCUSDT spot
// recording with a strategy permissive enough to trade (replay --strategy): K engages the kill switch
// (KILLED; the open order is canceled once the cancel's latency has passed in the replay, and no order
// follows), R asks `reset kill switch? (y/n)` and only y resets it, p pauses trading (TRADING PAUSED; no
// order while paused) and resumes it, F asks `flatten every position? (y/n)` and y sends an IOC sell of the
// position, o turns the Orders place to Reconciliation. Without a strategy the keys say so.
//
// With these settings the strategy's first order is a LIMIT_MAKER buy of 0.00161667 at 61855.36, sent
// 31.6 s into the replay and filled 1.3 s later. The replay is stepped directly, so nothing here depends on
// the machine's speed.
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { loadStrategyConfig } from '../../src/cli/strategy-config.js';
import { prepareReplay } from '../../src/kernel/index.js';
import { ConsoleSession } from '../../src/tui/session.js';
import { replayTrading } from '../../src/tui/strategy-status.js';
import { ENGINE_OPTIONS, SPOT_FILES } from '../support/fixtures.js';
import { renderApp } from './app-harness.js';

const { cleanup } = await import('ink-testing-library');

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(() => act(async () => cleanup()));

const PERMISSIVE = ['scoreThreshold=0', 'safetyMarginBps=0', 'warmupSeconds=30', 'adverseSelectionBps=0', 'fees.makerBps=0.1', 'fees.takerBps=0.2'];

/** The console on the bundled spot recording; with `trading`, the permissive strategy trades it. */
async function start(trading = true, columns = 120, rows = 40) {
  const replay = await prepareReplay({ files: SPOT_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  const strategy = trading ? { config: await loadStrategyConfig(undefined, PERMISSIVE), models: new Map() } : undefined;
  const session = new ConsoleSession({ kind: 'replay', replay, label: 'spot', ...(strategy === undefined ? {} : { trading: replayTrading(strategy, replay) }) });
  await session.start();
  const app = await renderApp(session, columns, rows);
  const c = session.controller;
  /** Steps the paused replay `ms` of market time. */
  const step = (ms: number) => app.run(() => c.stepTime(ms));
  const statusLine = () => app.frame().split('\n')[0] ?? '';
  const messageLine = () => app.frame().split('\n')[rows - 2] ?? '';
  return { ...app, session, step, statusLine, messageLine };
}

type Started = Awaited<ReturnType<typeof start>>;

/** The session's trader (the strategy's orders, positions and state). */
function trader(s: Started) {
  const t = (s.session as unknown as { strategy: { trader: import('../../src/kernel/index.js').PaperTrader } | null }).strategy?.trader;
  if (t === undefined) throw new Error('no strategy');
  return t;
}

describe('the kill switch (K, R)', () => {
  it('K shows KILLED, cancels the open order once the cancel\'s latency has passed, and no order follows', async () => {
    const s = await start();
    await s.step(31_700);
    expect(trader(s).orders().open).toHaveLength(1);
    expect(s.frame()).toMatch(/open orders: 1 +1 sent · 0 fills/);
    await s.press('K');
    expect(s.statusLine()).toMatch(/│ KILLED │/);
    expect(s.messageLine()).toContain('kill switch engaged: no new orders; 1 open order being canceled (R resets)');
    expect(trader(s).status()).toEqual({ killed: true, killReason: 'kill switch (key K)', paused: false });
    expect(s.frame()).toMatch(/open orders: 1 · 1 canceling +1 sent · 0 fills│.*\nside .*\nBUY +MAKER +61855\.36 /);
    await s.step(1000);
    expect(trader(s).orders().open).toHaveLength(0);
    expect(s.frame()).toMatch(/open orders: 0 +1 sent · 0 fills/);
    expect(s.frame().split('\n')[1]).toMatch(/^open orders: 0 │/);
    // Ten minutes later (the unkilled strategy sends nineteen more orders): none went out.
    await s.step(600_000);
    expect(trader(s).orders().orders).toBe(1);
    expect(s.frame()).toMatch(/open orders: 0 +1 sent · 0 fills/);
    expect(s.statusLine()).toContain('KILLED');
  });

  it('K again says the switch already holds; R asks, n keeps it, y resets it', async () => {
    const s = await start();
    await s.step(31_700);
    await s.press('K');
    await s.press('K');
    expect(s.messageLine()).toContain('the kill switch already holds (R resets it)');
    await s.press('R');
    expect(s.messageLine().trim()).toBe('reset kill switch? (y/n)');
    await s.press('n');
    expect(s.messageLine()).toContain('the kill switch still holds');
    expect(s.statusLine()).toContain('KILLED');
    await s.press('R');
    await s.press('y');
    expect(s.messageLine()).toContain('kill switch reset');
    expect(s.statusLine()).not.toContain('KILLED');
    expect(trader(s).status().killed).toBe(false);
    await s.press('R');
    expect(s.messageLine()).toContain('the kill switch does not hold');
  });

  it('a key other than y cancels the question and does nothing else (s does not step)', async () => {
    const s = await start();
    await s.step(31_700);
    await s.press('K');
    await s.press('R');
    const at = s.session.controller.nowUs;
    await s.press('s');
    expect(s.session.controller.nowUs).toBe(at);
    expect(trader(s).status().killed).toBe(true);
    expect(s.messageLine()).toContain('the kill switch still holds');
  });
});

describe('pausing trading (p)', () => {
  it('shows TRADING PAUSED and sends no order while paused; p again resumes and the strategy trades', async () => {
    const s = await start();
    await s.press('p');
    expect(s.statusLine()).toMatch(/│ TRADING PAUSED/);
    expect(s.messageLine()).toContain('TRADING PAUSED: no new orders (market data keeps flowing); p resumes');
    // Two minutes of market data flow (the book and the clock move) without an order (trading, the strategy
    // sends its first 31.6 s in).
    const clock = s.statusLine().slice(-12);
    await s.step(120_000);
    expect(s.statusLine().slice(-12)).not.toBe(clock);
    expect(trader(s).orders().orders).toBe(0);
    expect(s.frame()).toMatch(/\nopen orders: 0 +0 sent · 0 fills/);
    await s.press('p');
    expect(s.statusLine()).not.toContain('TRADING PAUSED');
    expect(s.messageLine()).toContain('trading resumed');
    for (let i = 0; i < 60 && trader(s).orders().orders === 0; i++) await s.step(10_000);
    expect(trader(s).orders().orders).toBeGreaterThan(0);
  });

  it('is distinct from space, which pauses the replay: the status bar says both', async () => {
    const s = await start();
    await s.press('p');
    expect(s.statusLine()).toMatch(/PAUSED 1× │ TRADING PAUSED/);
    expect(s.session.controller.paused).toBe(true);
    await s.press(' ');
    expect(s.session.controller.paused).toBe(false);
    expect(s.statusLine()).toMatch(/PLAY 1× │ TRADING PAUSED/);
  });
});

describe('flattening (F)', () => {
  it('with a position, F asks and y sends an IOC sell of it, which the replay then fills', async () => {
    const s = await start();
    await s.step(35_000);
    const position = trader(s).positions().symbols[0]?.qty;
    expect(position).toBe('0.00161667');
    await s.press('F');
    expect(s.messageLine().trim()).toBe('flatten every position? (y/n)');
    await s.press('y');
    expect(s.messageLine()).toContain('flatten: an IOC sell sent for BTCUSDT');
    const open = trader(s).orders().open;
    expect(open.map((o) => [o.side, o.type, o.qty])).toEqual([['sell', 'LIMIT_IOC', '0.00161667']]);
    expect(s.frame()).toMatch(/open orders: 1 .*\n.*\nSELL +IOC /);
    await s.step(1000);
    expect(trader(s).positions().symbols[0]?.qty).toBe('0');
    expect(s.frame()).toMatch(/SELL +61\d{3}\.\d\d 0\.00161667 T/);
  });

  it('F then n sends nothing; F without a position says there is nothing to flatten', async () => {
    const s = await start();
    await s.step(35_000);
    await s.press('F');
    await s.press('n');
    expect(s.messageLine()).toContain('not flattened');
    expect(trader(s).orders().open).toHaveLength(0);
    const flat = await start();
    await flat.step(10_000);
    await flat.press('F');
    await flat.press('y');
    expect(flat.messageLine()).toContain('nothing to flatten');
    expect(trader(flat).orders().orders).toBe(0);
  });
});

describe('the trading panes in the app', () => {
  it('at 120×40 shows Gates, Positions and `open orders: N` from the start; the ladder marks the open order and the tape our fills', async () => {
    const s = await start();
    expect(s.frame()).toMatch(/│gates\b/);
    expect(s.frame()).toMatch(/│positions BTCUSDT/);
    expect(s.frame()).toMatch(/\nopen orders: 0 +0 sent/);
    await s.step(31_700);
    expect(s.frame()).toMatch(/61855\.36 .*◆ │/);
    await s.step(1500); // the order has filled
    expect(s.frame()).toMatch(/│\d\d:\d\d\.\d{3} 61855\.36 +0\.\d+ B◆ │/);
    expect(s.frame()).toMatch(/│position +0\.00161667/);
  });

  it('o puts Reconciliation in the Orders place, in agreement with the simulated exchange, and o again brings Orders back', async () => {
    const s = await start();
    await s.step(40_000);
    await s.press('o');
    expect(s.frame()).toMatch(/\nreconciliation simulated exchange +checked \d\d:\d\d:\d\d\.\d{3}/);
    expect(s.frame()).toContain('✓ in agreement');
    expect(s.frame()).not.toMatch(/\nopen orders: \d+ +\d+ sent/);
    await s.press('o');
    expect(s.frame()).toMatch(/\nopen orders: 0 +1 sent/);
  });

  it('at 80×24 keeps the status words, `open orders: N` and the failing gates; o cycles Positions, Orders, Reconciliation', async () => {
    const s = await start(true, 80, 24);
    await s.step(31_700);
    await s.press('K');
    await s.press('p');
    expect(s.statusLine()).toMatch(/KILLED │ TRADING PAUSED/);
    expect(s.frame().split('\n')[1]).toMatch(/^open orders: 1 │/);
    expect(s.frame()).toMatch(/│gates +NO_TRADE/);
    // The latest decision's failing gates, each on its line.
    const failing = s.session.view({ ladderRows: 2, tapeRows: 1, heatmapRows: 0, heatmapColumns: 0 }, 0).gates?.latest?.gates.filter((g) => !g.pass) ?? [];
    expect(failing.length).toBeGreaterThan(0);
    for (const g of failing) expect(s.frame()).toMatch(new RegExp(`│✗ ${g.name} `));
    await s.press('o');
    expect(s.frame()).toMatch(/│positions BTCUSDT/);
    await s.press('o');
    expect(s.frame()).toMatch(/│open orders: 1/);
    await s.press('o');
    expect(s.frame()).toMatch(/│reconciliation/);
    await s.press('o');
    expect(s.frame()).toMatch(/│gates\b/);
  });

  it('without a strategy, the trading keys say so and change nothing', async () => {
    const s = await start(false);
    for (const key of ['K', 'R', 'p', 'F', 'o']) {
      await s.press(key);
      expect(s.messageLine()).toContain('no strategy runs: o, K, R, p and F act on one (replay --strategy, flowdesk paper)');
    }
    expect(s.statusLine()).not.toMatch(/KILLED|TRADING PAUSED/);
    expect(s.frame()).not.toContain('open orders');
  });
});
