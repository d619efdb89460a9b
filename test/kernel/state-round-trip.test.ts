// Restart recovery on the bundled real recording: a session trades through the real pipeline (a scripted
// trader: post-only bids at the touch, post-only and IOC sells of the position, GTC buys that take and
// rest; lognormal latency, the prob-power queue model, maker TTLs). One run goes uninterrupted. Another
// replays the same data with no trading up to a moment in the middle, restores the first run's saved state
// there (through JSON) into fresh components and trades on. When nothing was in flight at that moment,
// everything after it is the same: every journal line (requests, cancels, reports with their times), the
// fills of orders that were resting, positions, P&L, balances, and the whole saved state at the end.
// When something was in flight, reconciliation brings the restored side to the venue's record and the run
// goes on to the end with local, venue and position agreeing.
import { describe, expect, it } from 'vitest';
import { strategyParamsSchema } from '../../src/config/index.js';
import { midPriceText, prepareReplay, reconcileOrders, reconcilePosition, type ReplayDriver, type SymbolEngine, type OrderReconciliation } from '../../src/kernel/index.js';
import { bookViewOf } from '../../src/kernel/index.js';
import { qtyToLots, type Instrument } from '../../src/model/index.js';
import { ENGINE_OPTIONS, SPOT_FILES } from '../support/fixtures.js';
import { TradingSession, agreement, type SavedSession, type SessionSetup } from './trading-session.js';

const PARAMS = strategyParamsSchema.parse({
  latency: { distribution: 'lognormal', submitMs: 20, cancelMs: 20, responseMs: 20, sigma: 0.5 },
  execution: { makerTtlMs: 3000, maxOpenOrders: 5 },
  fees: { makerBps: 1, takerBps: 2 },
  queueModel: 'prob-power',
  seed: 7,
});
const TRADE_EVERY = 25;

interface Run {
  readonly driver: ReplayDriver;
  readonly setup: SessionSetup;
  /** The session trading now (null: not yet). */
  session: TradingSession | null;
  /** After each market event while a session trades: the queue ahead of each resting order, when it changed. */
  readonly queues: string[];
}

/** The recording through a fresh pipeline, with the scripted trader listening from the first message. */
async function run(): Promise<Run> {
  const replay = await prepareReplay({ files: SPOT_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  const pipeline = replay.pipeline;
  const engine = pipeline.allEngines()[0] as SymbolEngine;
  const instrument = engine.instrument;
  const book = bookViewOf(engine);
  const state: Run = { driver: replay.driver(), setup: { instrument, book, time: pipeline.time, params: PARAMS, balances: { USDT: '100000' } }, session: null, queues: [] };
  let trades = 0;
  let lastMid = '';
  pipeline.onEvent((event, e) => {
    if (e !== engine || event.kind === 'notice' || event.kind === 'connection') return;
    const s = state.session;
    s?.exchange.onMarketEvent(instrument.symbol, event);
    if (s !== null) traceQueues(state, s);
    const top = engine.bbo.top(engine.sync);
    if (top !== null) {
      const mid = midPriceText(instrument, top.bidTicks, top.askTicks);
      if (mid !== lastMid) {
        lastMid = mid;
        s?.account.mark(instrument.symbol, mid, pipeline.time.nowUs());
        s?.risk.onMark(mid, pipeline.time.nowUs());
      }
    }
    if (event.kind !== 'trade' || ++trades % TRADE_EVERY !== 0 || s === null) return;
    const k = trades / TRADE_EVERY;
    pipeline.afterEvent(() => decide(s, instrument, k));
  });
  return state;
}

/** Adds the queue ahead of each open order to the run's trace, when it changed. */
function traceQueues(run: Run, s: TradingSession): void {
  const line = s
    .openIds()
    .map((id) => `${id} ${s.exchange.orderFacts(id)?.queueAhead ?? '-'}`)
    .join(', ');
  if (line !== run.queues.at(-1)) run.queues.push(line);
}

/** The scripted trader: what it sends depends only on the market, its step and the session's state. */
function decide(s: TradingSession, instrument: Instrument, k: number): void {
  const bid = s.setup.book.bestBid();
  const ask = s.setup.book.bestAsk();
  if (bid === null || ask === null) return;
  const lot = qtyToLots(instrument, '0.001');
  const held = qtyToLots(instrument, s.risk.positionQty());
  const open = s.orders.openOrders(instrument);
  switch (k % 4) {
    case 0:
      if (open < 3) s.send('BUY', 'LIMIT_MAKER', bid.ticks, 3 * lot);
      return;
    case 1:
      if (held > 0) s.send('SELL', 'LIMIT_MAKER', ask.ticks, Math.min(held, 2 * lot));
      return;
    case 2:
      if (held > 0) s.send('SELL', 'LIMIT_IOC', bid.ticks - 2, Math.min(held, lot));
      return;
    case 3:
      if (open < 3) s.send('BUY', 'LIMIT_GTC', ask.ticks, 2 * lot);
      return;
  }
}

async function reconcile(s: TradingSession): Promise<OrderReconciliation> {
  const snapshot = await s.exchange.snapshot();
  return reconcileOrders(s.orders.all(), snapshot.openOrders, (id) => s.exchange.orderStatus(id));
}

/** Nothing in flight: no request on its way, and local agrees with the venue's record of every order. */
async function quiet(s: TradingSession): Promise<boolean> {
  if (s.orders.all().some((o) => o.status === 'pendingNew' || o.status === 'pendingCancel' || o.status === 'unknown')) return false;
  const r = await reconcile(s);
  return r.reports.length === 0 && r.cancels.length === 0 && r.mismatches.length === 0;
}

/** Steps `a` one message at a time from the middle until `until` holds; returns the messages applied. */
async function stepUntil(a: Run, from: number, until: (s: TradingSession) => Promise<boolean>): Promise<number> {
  let steps = await a.driver.stepEvents(from);
  while (!(await until(a.session as TradingSession))) {
    if (a.driver.finished) throw new Error('no such moment in the recording');
    steps += await a.driver.stepEvents(1);
  }
  return steps;
}

/** A second run of the same data, with no trading until `steps` messages, then `saved` restored. */
async function restoredRun(steps: number, saved: SavedSession): Promise<Run> {
  const b = await run();
  expect(await b.driver.stepEvents(steps)).toBe(steps);
  b.session = await TradingSession.restored(b.setup, saved);
  traceQueues(b, b.session);
  return b;
}

const MIDDLE = 45_000;

describe('restart recovery on the bundled recording', () => {
  it('continues exactly as the uninterrupted run when restored at a moment with nothing in flight', async () => {
    const a = await run();
    a.session = await TradingSession.start(a.setup);
    const steps = await stepUntil(a, MIDDLE, async (s) => s.exchange.exportState().orders.some((o) => o.queue !== null && o.queue.ahead > 0) && (await quiet(s)));
    const s1 = a.session;
    const saved = s1.save();
    const journalAtCut = s1.journal.length;
    const queuesAtCut = a.queues.length;
    const restingAtCut = saved.venue.orders.filter((o) => o.queue !== null).map((o) => o.order.request.clientOrderId);
    await a.driver.runToEnd();

    const b = await restoredRun(steps, saved);
    await b.driver.runToEnd();
    const s2 = b.session as TradingSession;

    const after = s1.journal.slice(journalAtCut);
    expect(after.length).toBeGreaterThan(100);
    // orders that rested at the cut filled later, as makers, on their restored queue positions
    const restingFills = after.filter((e) => e.type === 'reportReceived' && e.report.kind === 'filled' && restingAtCut.includes(e.report.clientOrderId));
    expect(restingFills.length).toBeGreaterThan(0);
    expect(s2.journal).toEqual(after);
    expect(b.queues).toEqual(a.queues.slice(queuesAtCut - 1)); // from the queues at the cut
    expect(s2.account.summary()).toEqual(s1.account.summary());
    expect(s2.risk.position()).toEqual(s1.risk.position());
    expect(await s2.exchange.snapshot()).toEqual(await s1.exchange.snapshot());
    expect(s2.save()).toEqual(s1.save());
    expect(Number(s1.account.summary().symbols['BTCUSDT']?.fills)).toBeGreaterThan(50);
  });

  it('restored while orders and reports are in flight, reconciles to the venue and trades on with local and venue agreeing', async () => {
    const a = await run();
    a.session = await TradingSession.start(a.setup);
    const steps = await stepUntil(a, MIDDLE + 5_000, async (s) => s.orders.all().some((o) => o.status === 'pendingNew') && (await reconcile(s)).reports.some((r) => r.kind === 'filled'));
    const saved = a.session.save();
    const b = await restoredRun(steps, saved);
    const s2 = b.session as TradingSession;
    const result = await reconcile(s2);
    expect(result.reports.map((r) => r.kind)).toContain('rejected'); // the order on its way: the venue never saw it
    expect(result.reports.map((r) => r.kind)).toContain('filled');
    for (const report of result.reports) s2.orders.report(report);
    const { local, venue } = agreement(s2);
    const seen = venue.map((v, i) => [v, local[i]]).filter(([v]) => (v as { status: string }).status !== 'never seen');
    expect(seen.map(([, l]) => l)).toEqual(seen.map(([v]) => v));
    expect(reconcilePosition('BTCUSDT', s2.risk.positionQty(), s2.account.summary().symbols['BTCUSDT']?.position ?? '0')).toBeNull();
    await b.driver.runToEnd();
    b.setup.time.advance(60_000); // every report delivered
    expect(await reconcile(s2)).toEqual({ reports: [], cancels: [], mismatches: [] });
    expect(reconcilePosition('BTCUSDT', s2.risk.positionQty(), s2.account.summary().symbols['BTCUSDT']?.position ?? '0')).toBeNull();
    expect(s2.risk.position().fees).toBe(s2.account.summary().fees);
  });
});
