// `flowdesk paper --no-ui` as an operator runs it: real child processes against the loopback exchange playing
// the bundled BTCUSDT spot recording at 10× (its event times moved to now), a --set under which the strategy
// trades within seconds. A session trades and stops on SIGTERM with its state and journal whole; the market
// data it recorded, backtested with the same settings, gives the same journal (the determinism promise); a
// restart resumes in a new session; the kill switch engages from the kill file and from SIGUSR2, persists
// across restarts, and --reset-kill resets it. Every wait is for a file or a line, with generous timeouts.
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoopbackExchange } from '../../src/loopback/index.js';
import { readTradingJournal } from '../../src/recording/index.js';
import { waitFor } from '../live/harness.js';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk.js';
import { PERMISSIVE, journalLines, marketFiles, playWhenSubscribed, readState, startExchange, startFlowdesk, startPaper, type Paper } from './paper-process.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-paper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const running: { paper: Paper; ex: LoopbackExchange }[] = [];
async function stopAll(): Promise<void> {
  for (const { paper, ex } of running.splice(0)) {
    if (paper.child.exitCode === null && paper.child.signalCode === null) paper.child.kill('SIGKILL');
    await ex.stop();
  }
}
afterEach(stopAll);
afterAll(stopAll);

const MESSAGES = 20_000;
const count = (state: string, session: number, test: (e: Record<string, unknown>) => boolean): number => journalLines(state, session).filter(test).length;
const isOrder = (e: Record<string, unknown>): boolean => e['type'] === 'orderRequested';
const isFill = (e: Record<string, unknown>): boolean => e['type'] === 'reportReceived' && e['report'] === 'filled';

/** Starts a paper session on `state` against a fresh exchange; `play`: the exchange plays once subscribed. */
async function session(state: string, extra: string[] = [], play = true): Promise<Paper> {
  const { ex, env } = await startExchange(MESSAGES, 10);
  const paper = startPaper(dir, state, env, extra);
  running.push({ paper, ex });
  if (play) await playWhenSubscribed(ex);
  return paper;
}

/** The orders the journal's events leave open: requested, not rejected, canceled, expired or filled in full. */
function openOrders(events: readonly Record<string, unknown>[]): string[] {
  const lots = (qty: unknown): number => Math.round(Number(qty) * 1e8);
  const open = new Map<string, number>();
  for (const e of events) {
    const id = String(e['clientOrderId']);
    if (isOrder(e)) open.set(id, lots(e['qty']));
    else if (e['type'] === 'reportReceived' && ['rejected', 'canceled', 'expired'].includes(String(e['report']))) open.delete(id);
    else if (isFill(e) && open.has(id)) {
      const left = (open.get(id) ?? 0) - lots(e['qty']);
      if (left <= 0) open.delete(id);
      else open.set(id, left);
    }
  }
  return [...open.keys()];
}

async function sigterm(paper: Paper): Promise<number | string | null> {
  paper.child.kill('SIGTERM');
  return paper.exited;
}

describe('a headless paper session', () => {
  const state = join(dir, 'trading');
  let paper: Paper;
  let code: number | string | null;

  beforeAll(async () => {
    paper = await session(state);
    await waitFor('orders and fills in the journal', () => count(state, 1, isOrder) >= 3 && count(state, 1, isFill) >= 2, 60_000, 100);
    code = await sigterm(paper);
  }, 120_000);

  it('trades, and on SIGTERM exits 0 with state.json matching its journal', async () => {
    expect(code).toBe(0);
    const journal = await readTradingJournal(join(state, 'sessions/0001/journal.jsonl'), (m) => expect.fail(m));
    const saved = readState(state);
    expect(saved).toMatchObject({ format: 'flowdesk-paper-state', version: 1, session: 1, product: 'spot', symbolList: ['BTCUSDT'], trading: { killReason: null, paused: false } });
    // The last snapshot is taken after the last journal event (the tallies at the stop).
    expect(saved['journalSeq']).toBe(journal.events.length);
    expect(saved['journalDigest']).toBe(journal.digest);
    expect(journal.events.at(-1)?.type).toBe('gateTally');
    // No drift: the position the fills in the journal add up to is the one state.json holds (fees in USDT).
    const orders = new Map(journalLines(state, 1).filter(isOrder).map((e) => [e['clientOrderId'], e['side']] as const));
    const lots = journalLines(state, 1).filter(isFill).reduce((sum, e) => sum + (orders.get(e['clientOrderId']) === 'buy' ? 1 : -1) * Math.round(Number(e['qty']) * 1e8), 0);
    const [position] = saved['positions'] as { symbol: string; qty: string }[];
    expect(Math.round(Number(position?.qty) * 1e8)).toBe(lots);
    // stdout lists the session's files; the lock and the temporary snapshot are gone.
    expect(paper.stdout().trim().split('\n')).toEqual([join(state, 'sessions/0001/journal.jsonl'), ...marketFiles(state)]);
    expect(readdirSync(state).sort()).toEqual(['sessions', 'state.json']);
    expect(paper.statusLines().some((l) => / live \| BTCUSDT book live position [0-9.]+ net -?[0-9.]+ USDT open orders \d+ last (NO_TRADE|BUY|SELL_INVENTORY) \(.+\) failing /.test(l))).toBe(true);
  });

  it('recorded the market data it used: a backtest of it with the same --set gives the same journal', async () => {
    const out = join(dir, 'backtest');
    const backtest = startFlowdesk(dir, ['backtest', ...marketFiles(state), ...PERMISSIVE, '--out', out, '--report', 'json']);
    expect(await backtest.exited).toBe(0);
    const paperJournal = await readTradingJournal(join(state, 'sessions/0001/journal.jsonl'), (m) => expect.fail(m));
    const replayed = await readTradingJournal(join(out, 'decisions.jsonl'), (m) => expect.fail(m));
    expect(replayed.header).toBe(paperJournal.header);
    expect(replayed.events.length).toBe(paperJournal.events.length);
    expect(replayed.digest).toBe(paperJournal.digest);
  }, 60_000);

  it("recovers on a restart exactly in session 2: the venue's account and orders, our position, P&L and fees as the venue's", async () => {
    const journal = join(state, 'sessions/0001/journal.jsonl');
    appendFileSync(journal, '{"seq":99999,"timeUs":1,"type":"deci'); // a crash cut the last line
    const before = readState(state);
    // No market data in session 2: what it holds is what it recovered.
    const restarted = await session(state, [], false);
    await waitFor('the second session', () => readState(state)['session'] === 2, 60_000, 50);
    expect(await sigterm(restarted)).toBe(0);
    expect(restarted.stderr()).toContain(`flowdesk: warning: ${journal}:`);
    expect(restarted.stderr()).toMatch(/last line is cut off .*; dropped, the journal is read up to line \d+/);
    const after = readState(state);
    type Ledger = { ledger: Record<string, unknown> };
    const venueLedger = (s: Record<string, unknown>): unknown => ((s['account'] as { symbols: Record<string, Ledger> }).symbols['BTCUSDT'] as Ledger).ledger;
    const ourLedger = (s: Record<string, unknown>): unknown => ((s['symbols'] as Record<string, { risk: Ledger }>)['BTCUSDT'] as { risk: Ledger }).risk.ledger;
    // The venue's side comes back as it was; ours is the venue's (a report in flight at the stop is caught up).
    expect(after['account']).toEqual(before['account']);
    expect(after['venue']).toEqual(before['venue']);
    expect(ourLedger(after)).toEqual(venueLedger(before));
    const [was] = before['positions'] as Record<string, string>[];
    const [now] = after['positions'] as Record<string, string>[];
    if (JSON.stringify(ourLedger(before)) === JSON.stringify(venueLedger(before))) expect(now).toEqual(was);
    expect(Number(now?.['qty'])).toBeGreaterThanOrEqual(0);
    // Decision ids go on where session 1 stopped.
    expect((after['symbols'] as Record<string, { decisions: number }>)['BTCUSDT']?.decisions).toBe((before['symbols'] as Record<string, { decisions: number }>)['BTCUSDT']?.decisions);
  }, 120_000);

  it('comes back paused when it was paused: TRADING PAUSED on the status line', async () => {
    writeFileSync(join(state, 'state.json'), JSON.stringify({ ...readState(state), trading: { killReason: null, paused: true } }));
    const restarted = await session(state, [], false);
    await waitFor('TRADING PAUSED in session 3', () => readState(state)['session'] === 3 && restarted.statusLines().some((l) => l.endsWith('| TRADING PAUSED')), 60_000, 50);
    expect(await sigterm(restarted)).toBe(0);
    // Paused before anything else of the session: only the restart's reconciliation reports (orders that were in
    // flight at the stop, if any) may come first.
    const lines = journalLines(state, 3).slice(1) as { type: string; gate?: string }[];
    const paused = lines.findIndex((e) => e.type === 'gateChanged' && e.gate === 'operatorEnabled');
    expect(lines[paused]).toMatchObject({ type: 'gateChanged', gate: 'operatorEnabled', open: false, reason: 'trading paused (restored from state.json)' });
    expect(lines.slice(0, paused).every((e) => e.type === 'reportReceived' || e.type === 'cancelRequested')).toBe(true);
    expect(readState(state)).toMatchObject({ session: 3, trading: { killReason: null, paused: true } });
  }, 120_000);

  it('refuses a state whose saved components do not fit, in one line with exit 2, writing nothing', async () => {
    const damaged = join(dir, 'damaged');
    cpSync(state, damaged, { recursive: true });
    const saved = readState(damaged);
    const text = JSON.stringify({ ...saved, account: { ...(saved['account'] as object), peakNet: 'lots' } });
    writeFileSync(join(damaged, 'state.json'), text);
    const sessions = readdirSync(join(damaged, 'sessions'));
    const refused = await session(damaged, [], false);
    expect(await refused.exited).toBe(2);
    const said = refused.stderr().split('\n').filter((l) => l !== '' && !/^\d\d:\d\d:\d\dZ /.test(l) && !l.startsWith('flowdesk: warning: '));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(new RegExp(`^flowdesk: paper: ${join(damaged, 'state.json')} cannot be resumed: .*peakNet.*; nothing was changed$`));
    expect(readdirSync(join(damaged, 'sessions'))).toEqual(sessions);
    expect(readdirSync(damaged).sort()).toEqual(['sessions', 'state.json']);
    expect(readFileSync(join(damaged, 'state.json'), 'utf8')).toBe(text);
  }, 120_000);
});

describe('the kill switch from outside a headless session', () => {
  const state = join(dir, 'kill');

  it('engages when DIR/kill appears: every open order canceled, no new order, KILLED on the status line', async () => {
    // Reports take 5 s to come back: an order sent is open here for that long, so one is open at the kill.
    const paper = await session(state, ['--set', 'latency.responseMs=5000']);
    await waitFor('an order', () => count(state, 1, isOrder) >= 1, 60_000, 20);
    writeFileSync(join(state, 'kill'), 'operator test\n');
    // One paper process per state directory.
    const second = startPaper(dir, state, {});
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toMatch(new RegExp(`^flowdesk: ${state} is being written by another flowdesk \\(pid ${paper.child.pid}, started .+\\); stop it first\n$`));
    const reason = `kill file ${join(state, 'kill')}: operator test`;
    await waitFor('KILLED with no open order', () => paper.statusLines().some((l) => l.includes('open orders 0') && l.endsWith(`KILLED (${reason})`)), 30_000, 50);
    expect(await sigterm(paper)).toBe(0);
    const events = journalLines(state, 1).slice(1);
    const killed = events.findIndex((e) => e['type'] === 'killSwitchEngaged');
    expect(events[killed]).toMatchObject({ reason });
    const openAtKill = openOrders(events.slice(0, killed));
    expect(openAtKill.length).toBeGreaterThan(0);
    const canceled = events.slice(killed).filter((e) => e['type'] === 'cancelRequested' && e['reason'] === 'kill switch').map((e) => e['clientOrderId']);
    expect(canceled).toEqual(openAtKill);
    expect(events.slice(killed).some(isOrder)).toBe(false);
    expect(readState(state)).toMatchObject({ trading: { killReason: reason } });
  }, 120_000);

  it('still holds after a restart, until --reset-kill resets it; SIGUSR2 engages it again', async () => {
    const again = await session(state, [], false);
    await waitFor('KILLED after the restart', () => again.statusLines().some((l) => l.includes('KILLED (kill file')), 30_000, 50);
    expect(await sigterm(again)).toBe(0);
    expect(readState(state)).toMatchObject({ session: 2, trading: { killReason: expect.stringContaining('kill file') } });

    const reset = await session(state, ['--reset-kill']);
    expect(reset.stderr()).toContain(`flowdesk: warning: paper: removed ${join(state, 'kill')} (--reset-kill)`);
    await waitFor('an order after the reset', () => count(state, 3, isOrder) >= 1, 60_000, 50);
    const types = journalLines(state, 3).slice(1).map((e) => e['type']);
    // The kill switch comes back from state.json, then --reset-kill resets it, before any order.
    expect(types.indexOf('killSwitchEngaged')).toBeGreaterThanOrEqual(0);
    expect(types.indexOf('killSwitchReset')).toBeGreaterThan(types.indexOf('killSwitchEngaged'));
    expect(types.indexOf('orderRequested')).toBeGreaterThan(types.indexOf('killSwitchReset'));
    reset.child.kill('SIGUSR2');
    await waitFor('KILLED by SIGUSR2', () => reset.statusLines().some((l) => l.endsWith('KILLED (SIGUSR2)')), 30_000, 50);
    expect(await sigterm(reset)).toBe(0);
    expect(readState(state)).toMatchObject({ session: 3, trading: { killReason: 'SIGUSR2' } });
  }, 180_000);
});

describe('a headless paper session on a full disk (a 256 KiB tmpfs)', () => {
  let disk: SmallDisk | { readonly skipReason: string };
  beforeAll(() => {
    disk = mountSmallDisk(256);
    if ('skipReason' in disk) console.log(`flowdesk paper full-disk test skipped: ${disk.skipReason}`);
  });
  afterAll(() => {
    if ('unmount' in disk) disk.unmount();
  });

  it('stops trading with one line and exit 1, and state.json stays a whole snapshot', async (ctx) => {
    if ('skipReason' in disk) return ctx.skip(disk.skipReason);
    const state = join(disk.dir, 'state');
    const paper = await session(state);
    expect(await paper.exited).toBe(1);
    const said = paper.stderr().split('\n').filter((l) => l !== '' && !/^\d\d:\d\d:\d\dZ /.test(l));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^flowdesk: paper trading stopped: cannot write .*ENOSPC/);
    expect(readState(state)).toMatchObject({ format: 'flowdesk-paper-state', session: 1 });
    expect(readdirSync(state).sort()).toEqual(['sessions', 'state.json']);
  }, 120_000);
});
