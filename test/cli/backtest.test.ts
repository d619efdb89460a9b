// `flowdesk backtest` on the bundled real spot recording — with the permissive baseline settings, with a
// model from `flowdesk fit`, and with seeded lognormal latency — checked against the invariants on
// the files it writes, with the market read straight from the recording (test/support/recorded-market.ts):
// every maker fill is at its limit price and is reached by trades at or through that price, hitting its
// side, after it arrived and past the queue ahead (the risk-averse model recomputed from the raw trades and
// depth diffs); taker fills are at arrival, within the cap and the displayed size; nothing fills before its
// order arrives; position and P&L recomputed from fills.jsonl equal the summary exactly; the counts, the
// digest and the line shapes are as documented; the order manager's rules hold; the same input, config and
// seed give the same four files byte for byte; bad usage is one line, exit 2, nothing overwritten.
// Each backtest runs once; its `it`s share the outputs.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess as flowdesk } from '../support/cli-run.js';
import { SPOT_FILES } from '../support/fixtures.js';
import { Exact, RecordedBook, firstEventAtOrAfter, priceKey, readRecordedMarket, type RecordedEvent } from '../support/recorded-market.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-backtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sets = (list: readonly string[]): string[] => list.flatMap((s) => ['--set', s]);
const PERMISSIVE = sets(['scoreThreshold=0', 'safetyMarginBps=0', 'warmupSeconds=30', 'adverseSelectionBps=0', 'fees.makerBps=0.1', 'fees.takerBps=0.2']);
/** The model run: no fees and no threshold so it trades; IOC off so the model's orders are makers (with IOC on and no fees it only takes). */
const FREE = sets(['fees.makerBps=0', 'fees.takerBps=0', 'safetyMarginBps=0', 'adverseSelectionBps=0', 'scoreThreshold=-100', 'warmupSeconds=30', 'refill.maxRatio=1000', 'ioc.enabled=false']);
const LOGNORMAL = sets(['latency.distribution=lognormal']);
const OUTPUTS = ['decisions.jsonl', 'orders.jsonl', 'fills.jsonl', 'summary.json'] as const;
const EVENTS = ['submit', 'ack', 'reject', 'fill', 'cancelRequest', 'canceled', 'expired', 'cancelRejected'];
const DECIMAL = /^\d+(\.\d+)?$/;
const SIGNED_DECIMAL = /^-?\d+(\.\d+)?$/;

const market = readRecordedMarket(SPOT_FILES);

interface OrderLine {
  event: string;
  clientOrderId: string;
  timeUs: number;
  decisionId?: string;
  symbol?: string;
  side?: 'BUY' | 'SELL';
  type?: 'LIMIT_MAKER' | 'LIMIT_IOC' | 'LIMIT_GTC';
  price?: string;
  qty?: string;
  arrivalUs?: number | null;
  queueAhead?: string | null;
  reason?: string;
  liquidity?: 'maker' | 'taker';
}

interface FillLine {
  clientOrderId: string;
  symbol: string;
  timeUs: number;
  price: string;
  qty: string;
  liquidity: 'maker' | 'taker';
  fee: string;
  feeAsset: string;
  position: string;
}

interface Summary {
  orders: number;
  fills: number;
  makerOrders: number;
  makerFillRatio: number | null;
  rejects: Record<string, number>;
  openOrdersAtEnd: number;
  position: Record<string, string>;
  quoteAsset: string;
  realizedPnl: string;
  unrealizedPnl: string;
  fees: string;
  netPnl: string;
  maxDrawdown: string;
  turnover: string;
  balances: Record<string, { free: string; locked: string }>;
  fillMarkouts: Record<string, { n: number; censored: number; meanBps: number | null; execMeanBps: number | null }>;
  digest: string;
}

/** One order as the files tell it. */
interface OrderStory {
  readonly submit: OrderLine & { side: 'BUY' | 'SELL'; type: string; price: string; qty: string; arrivalUs: number };
  readonly lines: OrderLine[];
  readonly fills: FillLine[];
  /** The exchange time of its end (reject, cancel, expiry, the fill that completes it); null while open. */
  readonly finalUs: number | null;
  /** The index of that end in `lines`; -1 while open. */
  readonly finalIndex: number;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly out: string;
  readonly bytes: Record<(typeof OUTPUTS)[number], Buffer>;
  readonly summary: Summary;
  readonly orders: OrderLine[];
  readonly fills: FillLine[];
  readonly decisions: Record<string, unknown>[];
  readonly stories: Map<string, OrderStory>;
}

function jsonl<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as T);
}

async function backtest(name: string, args: readonly string[]): Promise<Run> {
  const out = join(dir, name);
  const result = await flowdesk(['backtest', ...SPOT_FILES, ...args, '--out', out, '--report', 'json']);
  const bytes = Object.fromEntries(OUTPUTS.map((f) => [f, existsSync(join(out, f)) ? readFileSync(join(out, f)) : Buffer.alloc(0)])) as Run['bytes'];
  const orders = jsonl<OrderLine>(bytes['orders.jsonl'].toString());
  const fills = jsonl<FillLine>(bytes['fills.jsonl'].toString());
  const stories = new Map<string, OrderStory>();
  for (const line of orders) {
    if (line.event === 'submit') stories.set(line.clientOrderId, { submit: line as OrderStory['submit'], lines: [], fills: [], finalUs: null, finalIndex: -1 });
    stories.get(line.clientOrderId)?.lines.push(line);
  }
  for (const fill of fills) stories.get(fill.clientOrderId)?.fills.push(fill);
  for (const [id, story] of stories) {
    let filled = new Exact(0);
    const finalIndex = story.lines.findIndex((line) => {
      if (line.event === 'fill') filled = filled.plus(line.qty ?? '0');
      return ['reject', 'canceled', 'expired'].includes(line.event) || (line.event === 'fill' && filled.equals(story.submit.qty));
    });
    stories.set(id, { ...story, finalUs: story.lines[finalIndex]?.timeUs ?? null, finalIndex });
  }
  const [, ...decisionLines] = bytes['decisions.jsonl'].toString().trimEnd().split('\n');
  return {
    ...result,
    out,
    bytes,
    summary: (bytes['summary.json'].length === 0 ? {} : JSON.parse(bytes['summary.json'].toString())) as Summary,
    orders,
    fills,
    decisions: decisionLines.map((l) => JSON.parse(l) as Record<string, unknown>),
    stories,
  };
}

const makerStories = (run: Run): OrderStory[] => [...run.stories.values()].filter((s) => s.submit.type === 'LIMIT_MAKER');
const ackOf = (story: OrderStory): OrderLine | undefined => story.lines.find((l) => l.event === 'ack');

/** Does a recorded trade's aggressor hit the side of an order (a sell hits bids, a buy hits asks)? */
function hits(trade: Extract<RecordedEvent, { kind: 'trade' }>, side: 'BUY' | 'SELL'): boolean {
  return side === 'BUY' ? trade.buyerIsMaker : !trade.buyerIsMaker;
}

/** Is `price` at or through the order's limit (a buy's limit or below, a sell's limit or above)? */
function atOrThrough(price: Exact, limit: Exact, side: 'BUY' | 'SELL'): boolean {
  return side === 'BUY' ? price.lessThanOrEqualTo(limit) : price.greaterThanOrEqualTo(limit);
}

interface Expected {
  readonly makerBps: number;
  readonly takerBps: number;
  /** Constant latencies (µs); null for a lognormal run. */
  readonly constant: { readonly submitUs: number; readonly cancelUs: number; readonly responseUs: number } | null;
  readonly makerTtlUs: number;
  readonly maxOpenOrders: number;
  readonly feeAsset: 'quote' | 'base';
}

const DEFAULTS: Expected = { makerBps: 0, takerBps: 0, constant: { submitUs: 50_000, cancelUs: 50_000, responseUs: 50_000 }, makerTtlUs: 5_000_000, maxOpenOrders: 1, feeAsset: 'quote' };

/** The invariants over one run's files (each an `it`). */
function itKeepsTheInvariants(run: Run, expected: Expected): void {
  it('exits 0 and prints the summary of summary.json as its last line', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.trimEnd().split('\n').pop() as string)).toEqual(run.summary);
  });

  it('writes orders.jsonl and fills.jsonl lines of the documented shapes, each order told in order', () => {
    for (const line of run.orders) {
      expect(EVENTS).toContain(line.event);
      expect(line.clientOrderId).toMatch(/^fd-/);
      expect(Number.isSafeInteger(line.timeUs)).toBe(true);
      if (line.event === 'submit') {
        expect(line.clientOrderId).toBe(`fd-${line.decisionId}`);
        expect(line.symbol).toBe('BTCUSDT');
        expect(['BUY', 'SELL']).toContain(line.side);
        expect(['LIMIT_MAKER', 'LIMIT_IOC', 'LIMIT_GTC']).toContain(line.type);
        expect(line.price).toMatch(DECIMAL);
        expect(line.qty).toMatch(DECIMAL);
        expect(Number.isSafeInteger(line.arrivalUs)).toBe(true);
      }
      if (line.event === 'reject' || line.event === 'cancelRequest' || line.event === 'cancelRejected') expect(typeof line.reason).toBe('string');
      if (line.event === 'fill') expect(line.price).toMatch(DECIMAL);
    }
    for (const fill of run.fills) {
      expect(Object.keys(fill).sort()).toEqual(['clientOrderId', 'fee', 'feeAsset', 'liquidity', 'position', 'price', 'qty', 'symbol', 'timeUs'].sort());
      for (const key of ['price', 'qty', 'position'] as const) expect(fill[key]).toMatch(DECIMAL);
      expect(fill.fee).toMatch(SIGNED_DECIMAL);
      expect(fill.feeAsset).toBe(expected.feeAsset === 'base' ? 'BTC' : 'USDT');
    }
    expect(run.orders.filter((l) => !run.stories.has(l.clientOrderId))).toEqual([]);
    for (const story of run.stories.values()) {
      expect(story.lines[0]).toBe(story.submit);
      const times = story.lines.map((l) => l.timeUs);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const ack = ackOf(story);
      if (story.submit.type === 'LIMIT_MAKER' && ack !== undefined) expect(ack.queueAhead).toMatch(DECIMAL);
      // Nothing happens to an order after its end but a cancel that came too late (the race).
      if (story.finalIndex >= 0) expect(story.lines.slice(story.finalIndex + 1).every((l) => l.event === 'cancelRejected' || l.event === 'cancelRequest')).toBe(true);
      // The fills of an order in orders.jsonl are its lines of fills.jsonl, in order.
      expect(story.lines.filter((l) => l.event === 'fill').map((l) => [l.timeUs, l.price, l.qty, l.liquidity])).toEqual(story.fills.map((f) => [f.timeUs, f.price, f.qty, f.liquidity]));
    }
  });

  it('sends exactly one order per trading decision, as the decision says, under client order id fd-<decisionId>', () => {
    const trading = run.decisions.filter((d) => d['type'] === 'decision' && d['action'] !== 'NO_TRADE');
    expect(trading.length).toBe(run.stories.size);
    for (const d of trading) {
      const story = run.stories.get(`fd-${d['decisionId'] as string}`);
      expect(story).toBeDefined();
      const intent = d['intent'] as { type: string; side: string; price: string; qty: string };
      const s = story?.submit;
      expect([s?.timeUs, s?.type, s?.side, priceKey(s?.price ?? 'NaN'), priceKey(s?.qty ?? 'NaN')]).toEqual([d['timeUs'], intent.type, intent.side, priceKey(intent.price), priceKey(intent.qty)]);
    }
  });

  it('fills nothing before its order arrived, acks it at arrival, and with constant latency arrives submitMs after the submit', () => {
    for (const story of run.stories.values()) {
      const { submit } = story;
      if (expected.constant === null) expect(submit.arrivalUs).toBeGreaterThanOrEqual(submit.timeUs);
      else expect(submit.arrivalUs).toBe(submit.timeUs + expected.constant.submitUs);
      const ack = ackOf(story);
      if (ack !== undefined) expect(ack.timeUs).toBe(submit.arrivalUs);
      for (const fill of story.fills) expect(fill.timeUs).toBeGreaterThanOrEqual(submit.arrivalUs);
    }
  });

  it('fills every maker order at its own limit price, and every taker at arrival within its cap', () => {
    for (const story of run.stories.values()) {
      const limit = new Exact(story.submit.price);
      for (const fill of story.fills) {
        expect(fill.liquidity).toBe(story.submit.type === 'LIMIT_IOC' ? 'taker' : 'maker');
        if (fill.liquidity === 'maker') {
          expect(priceKey(fill.price)).toBe(limit.toFixed());
        } else {
          expect(fill.timeUs).toBe(story.submit.arrivalUs);
          expect(atOrThrough(new Exact(fill.price), limit, story.submit.side)).toBe(true);
        }
      }
    }
  });

  it('joins each maker order behind the size the depth book displayed at its price at arrival', () => {
    const book = new RecordedBook(market.events);
    const acked = makerStories(run)
      .filter((s) => ackOf(s) !== undefined)
      .sort((a, b) => a.submit.arrivalUs - b.submit.arrivalUs);
    for (const story of acked) {
      book.advanceBefore(story.submit.arrivalUs);
      const displayed = book.sizeAt(story.submit.side === 'BUY' ? 'bid' : 'ask', story.submit.price);
      expect(priceKey(ackOf(story)?.queueAhead ?? 'NaN'), story.submit.clientOrderId).toBe(displayed.toFixed());
    }
  });

  it('fills a maker order only from trades at or through its price that hit its side after it arrived, past the queue ahead (risk-averse)', () => {
    for (const story of makerStories(run)) {
      if (story.fills.length === 0) continue;
      const { side } = story.submit;
      const limit = new Exact(story.submit.price);
      const key = limit.toFixed();
      // The risk-averse queue, recomputed from the recording: trades at the price eat the queue ahead, the
      // excess reaches us; a trade through the price reaches us in full; a displayed size caps the queue.
      let ahead = new Exact(ackOf(story)?.queueAhead ?? 'NaN');
      let reached = new Exact(0);
      let filled = new Exact(0);
      let i = firstEventAtOrAfter(market.events, story.submit.arrivalUs);
      for (const fill of story.fills) {
        while (i < market.events.length && (market.events[i] as RecordedEvent).timeUs <= fill.timeUs) {
          const e = market.events[i++] as RecordedEvent;
          if (e.kind === 'depth') {
            const size = (side === 'BUY' ? e.bids : e.asks).get(key) ?? (e.snapshot ? new Exact(0) : null);
            if (size !== null) ahead = Exact.min(ahead, size);
          } else if (hits(e, side) && e.price.equals(limit)) {
            ahead = ahead.minus(e.qty);
            if (ahead.isNegative()) {
              reached = reached.minus(ahead);
              ahead = new Exact(0);
            }
          } else if (hits(e, side) && atOrThrough(e.price, limit, side)) {
            ahead = new Exact(0);
            reached = reached.plus(e.qty);
          }
        }
        filled = filled.plus(fill.qty);
        const cause = market.events.filter((e) => e.timeUs === fill.timeUs && e.kind === 'trade' && hits(e, side) && atOrThrough(e.price, limit, side));
        expect(cause.length, `${fill.clientOrderId} at ${fill.timeUs}: a trade at or through its price`).toBeGreaterThan(0);
        expect(filled.lessThanOrEqualTo(reached), `${fill.clientOrderId} at ${fill.timeUs}: filled ${filled.toFixed()} ≤ reached ${reached.toFixed()}`).toBe(true);
      }
    }
  });

  it('takes no more at a level than the depth book displayed there at arrival', () => {
    const book = new RecordedBook(market.events);
    const takers = [...run.stories.values()].filter((s) => s.submit.type === 'LIMIT_IOC').sort((a, b) => a.submit.arrivalUs - b.submit.arrivalUs);
    for (const story of takers) {
      book.advanceBefore(story.submit.arrivalUs);
      const taken = new Map<string, Exact>();
      for (const f of story.fills) taken.set(priceKey(f.price), (taken.get(priceKey(f.price)) ?? new Exact(0)).plus(f.qty));
      for (const [price, qty] of taken) expect(qty.lessThanOrEqualTo(book.sizeAt(story.submit.side === 'BUY' ? 'ask' : 'bid', price))).toBe(true);
    }
  });

  it(`writes the running position on each fill and the fee at the configured rate, in the ${expected.feeAsset} asset`, () => {
    let position = new Exact(0);
    for (const fill of run.fills) {
      const side = run.stories.get(fill.clientOrderId)?.submit.side;
      // A base fee leaves the position: a buy of q brings q − fee, a sell of q takes q + fee.
      const baseFee = expected.feeAsset === 'base' ? new Exact(fill.fee) : new Exact(0);
      position = side === 'BUY' ? position.plus(fill.qty).minus(baseFee) : position.minus(fill.qty).minus(baseFee);
      expect(fill.position).toBe(position.toFixed());
      const rate = new Exact(fill.liquidity === 'maker' ? expected.makerBps : expected.takerBps).dividedBy(10_000);
      const charged = expected.feeAsset === 'base' ? new Exact(fill.qty) : new Exact(fill.price).times(fill.qty);
      expect(new Exact(fill.fee).toFixed()).toBe(charged.times(rate).toFixed());
    }
  });

  it('has the position, P&L, fees, turnover and balances of the summary that fills.jsonl gives, exactly', () => {
    let qty = new Exact(0);
    let cost = new Exact(0);
    let realized = new Exact(0);
    let fees = new Exact(0);
    let turnover = new Exact(0);
    let cash = new Exact(10_000);
    for (const fill of run.fills) {
      const price = new Exact(fill.price);
      const notional = price.times(fill.qty);
      turnover = turnover.plus(notional);
      // A base fee counts in fees at its value at the fill price.
      const baseFee = expected.feeAsset === 'base' ? new Exact(fill.fee) : new Exact(0);
      fees = fees.plus(expected.feeAsset === 'base' ? baseFee.times(price) : fill.fee);
      if (expected.feeAsset === 'quote') cash = cash.minus(fill.fee);
      if (run.stories.get(fill.clientOrderId)?.submit.side === 'BUY') {
        const arrived = new Exact(fill.qty).minus(baseFee);
        qty = qty.plus(arrived);
        cost = cost.plus(price.times(arrived));
        cash = cash.minus(notional);
      } else {
        // Average cost: the sold share of the basis, to 16 places (the rest stays in the basis); a base fee
        // leaves the position as a sale at the fill price.
        const out = new Exact(fill.qty).plus(baseFee);
        const removed = qty.equals(out) ? cost : cost.times(out).dividedBy(qty).toDecimalPlaces(16, Exact.ROUND_HALF_EVEN);
        realized = realized.plus(price.times(out).minus(removed));
        cost = cost.minus(removed);
        qty = qty.minus(out);
        cash = cash.plus(notional);
      }
    }
    const s = run.summary;
    expect(s.position).toEqual({ BTCUSDT: qty.toFixed() });
    expect(s.realizedPnl).toBe(realized.toFixed());
    expect(s.fees).toBe(fees.toFixed());
    expect(s.turnover).toBe(turnover.toFixed());
    // Unrealised at the last mid of the recording.
    const unrealized = qty.isZero() ? new Exact(0) : qty.times(market.lastBookTickerMid ?? 'NaN').minus(cost);
    expect(s.unrealizedPnl).toBe(unrealized.toFixed());
    expect(s.netPnl).toBe(realized.plus(unrealized).minus(fees).toFixed());
    expect(new Exact(s.maxDrawdown).isNegative()).toBe(false);
    expect(s.openOrdersAtEnd).toBe([...run.stories.values()].filter((o) => o.finalUs === null).length);
    if (s.openOrdersAtEnd === 0) expect(s.balances).toEqual({ BTC: { free: qty.toFixed(), locked: '0' }, USDT: { free: cash.toFixed(), locked: '0' } });
  });

  it('counts the orders, fills, rejects and maker fill ratio that the files show, and a markout per fill and horizon', () => {
    const s = run.summary;
    expect(s.fills).toBe(run.fills.length);
    expect(s.orders).toBe(run.orders.filter((l) => l.event === 'submit').length);
    expect(Object.values(s.rejects).reduce((a, b) => a + b, 0)).toBe(run.orders.filter((l) => l.event === 'reject').length);
    const makers = makerStories(run);
    expect(s.makerOrders).toBe(makers.length);
    const ordered = makers.reduce((a, m) => a.plus(m.submit.qty), new Exact(0));
    const filled = makers.reduce((a, m) => m.fills.reduce((b, f) => b.plus(f.qty), a), new Exact(0));
    expect(s.makerFillRatio).toBe(makers.length === 0 ? null : Number(filled.dividedBy(ordered).toNumber().toPrecision(6)));
    for (const m of Object.values(s.fillMarkouts)) expect(m.n + m.censored).toBe(run.fills.length);
  });

  it('reports the SHA-256 of decisions.jsonl as its digest', () => {
    expect(run.summary.digest).toBe(createHash('sha256').update(run.bytes['decisions.jsonl']).digest('hex'));
  });

  const constant = expected.constant;
  if (constant === null) return;

  it('never has more than execution.maxOpenOrders orders open as the strategy sees them (its openOrders gate)', () => {
    const stories = [...run.stories.values()];
    for (const story of stories) {
      const at = story.submit.timeUs;
      // Another order is open for the strategy from its submit until its end's report reaches it.
      const open = stories.filter((o) => o !== story && o.submit.timeUs <= at && (o.finalUs === null || o.finalUs + constant.responseUs > at));
      expect(open.length, story.submit.clientOrderId).toBeLessThan(expected.maxOpenOrders);
    }
  });

  it('cancels a resting maker order makerTtlMs after its ack reached the strategy; the cancel takes effect cancelMs later or loses the race to a fill', () => {
    for (const story of makerStories(run)) {
      const ack = ackOf(story);
      if (ack === undefined) continue;
      const dueUs = ack.timeUs + constant.responseUs + expected.makerTtlUs;
      const request = story.lines.find((l) => l.event === 'cancelRequest');
      if (story.finalUs !== null && story.finalUs < ack.timeUs + expected.makerTtlUs) {
        expect(request, story.submit.clientOrderId).toBeUndefined();
        continue;
      }
      if (story.finalUs === null && request === undefined) continue; // the data ended first
      expect(request?.timeUs, story.submit.clientOrderId).toBe(dueUs);
      expect(request?.reason).toBe('maker order older than execution.makerTtlMs');
      const effect = story.lines.find((l) => l.event === 'canceled' || l.event === 'cancelRejected');
      expect(effect?.timeUs).toBe(dueUs + constant.cancelUs);
      if (effect?.event === 'cancelRejected') expect(story.finalUs).toBeLessThan(effect.timeUs);
    }
  });
}

describe('flowdesk backtest on the bundled spot recording, permissive baseline settings', async () => {
  const run = await backtest('permissive', PERMISSIVE);

  it('trades makers and takers, with maker fills', () => {
    const types = new Set([...run.stories.values()].map((s) => s.submit.type));
    expect(types).toEqual(new Set(['LIMIT_MAKER', 'LIMIT_IOC']));
    expect(run.fills.some((f) => f.liquidity === 'maker')).toBe(true);
  });

  itKeepsTheInvariants(run, { ...DEFAULTS, makerBps: 0.1, takerBps: 0.2 });
});

describe('flowdesk backtest with a model from flowdesk fit', async () => {
  const model = join(dir, 'model.json');
  const fit = await flowdesk(['fit', ...SPOT_FILES, '--train', '4m', '--test', '2m', '--horizon', '10s', '--model', 'ridge', '--out', model, '--report', 'json']);
  const run = await backtest('model', [...sets([`alpha.source=${model}`]), ...FREE]);

  it('trades on the model: maker orders, partial fills, cancels and rejects', () => {
    expect(fit.code).toBe(0);
    expect(run.summary.makerOrders).toBeGreaterThan(10);
    expect(run.fills.length).toBeGreaterThan(run.summary.makerOrders);
    expect(run.orders.some((l) => l.event === 'canceled')).toBe(true);
  });

  itKeepsTheInvariants(run, DEFAULTS);
});

describe('flowdesk backtest with fees in the base asset', async () => {
  const run = await backtest('base-fees', [...PERMISSIVE, ...sets(['feeAsset=base'])]);

  it('sells what the position holds net of the fees taken from it', () => {
    expect(run.stderr).toBe('');
    expect(run.fills.some((f) => run.stories.get(f.clientOrderId)?.submit.side === 'SELL')).toBe(true);
  });

  itKeepsTheInvariants(run, { ...DEFAULTS, makerBps: 0.1, takerBps: 0.2, feeAsset: 'base' });
});

describe('flowdesk backtest with seeded lognormal latency', async () => {
  const seven = await backtest('seed-7', [...PERMISSIVE, ...LOGNORMAL, ...sets(['seed=7'])]);
  const again = await backtest('seed-7-again', [...PERMISSIVE, ...LOGNORMAL, ...sets(['seed=7'])]);
  const eight = await backtest('seed-8', [...PERMISSIVE, ...LOGNORMAL, ...sets(['seed=8'])]);

  it('gives the same four files, byte for byte, for the same input, configuration and seed', () => {
    expect(seven.stories.size).toBeGreaterThan(0);
    for (const name of OUTPUTS) expect(again.bytes[name].equals(seven.bytes[name]), name).toBe(true);
  });

  it('draws other latencies with another seed', () => {
    expect(eight.code).toBe(0);
    expect(eight.bytes['orders.jsonl'].equals(seven.bytes['orders.jsonl'])).toBe(false);
    const delays = [...seven.stories.values()].map((s) => s.submit.arrivalUs - s.submit.timeUs);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  itKeepsTheInvariants(seven, { ...DEFAULTS, makerBps: 0.1, takerBps: 0.2, constant: null });
});

describe('flowdesk backtest refuses bad usage in one line, exit 2, nothing written or overwritten', () => {
  it('refuses an --out that already holds a summary.json and leaves it as it was', async () => {
    const out = join(dir, 'taken');
    mkdirSync(out);
    writeFileSync(join(out, 'summary.json'), 'an earlier run\n');
    const result = await flowdesk(['backtest', ...SPOT_FILES, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('summary.json exists');
    expect(readdirSync(out)).toEqual(['summary.json']);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('an earlier run\n');
  });

  it.each([
    [['--set', 'queueModel=fifo'], 'queueModel'],
    [['--set', 'latency.submitMs=-1'], 'latency.submitMs'],
    [['--set', 'nosuch=1'], 'nosuch: is not a field'],
  ])('refuses %j', async (args, message) => {
    const out = join(dir, `bad-${message}`);
    const result = await flowdesk(['backtest', ...SPOT_FILES, ...args, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a run without --out', async () => {
    const result = await flowdesk(['backtest', ...SPOT_FILES]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--out');
  });
});
