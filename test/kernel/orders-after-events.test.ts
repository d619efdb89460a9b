// Orders go out after the event that caused them: a listener that decides an order while the pipeline
// handles a trade hands it to the venue through pipeline.afterEvent, so the venue sees it only once every
// listener has seen the trade, with no listener on the stack and before the next message — at the trade's
// time. The venue's answers come back through its report sink, on the run's time, and every step is a
// journal event (seq and time in order); the market digest does not move.
import { describe, expect, it } from 'vitest';
import { InstrumentRegistry, Pipeline } from '../../src/kernel/index.js';
import { TradingLog, type OrderRequest, type RawMessage, type TradeEvent, type TradingEvent } from '../../src/model/index.js';
import { decodeHftLine } from '../../src/recording/index.js';
import { ENGINE_OPTIONS, SPOT_FILES, fixtureLines } from '../support/fixtures.js';
import { InMemoryVenue } from '../support/in-memory-venue.js';

const SPEC = { product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00000001', source: 'test' } as const;
const MESSAGES: RawMessage[] = fixtureLines(SPOT_FILES[0] as string)
  .slice(0, 3000)
  .map((line, i) => {
    const decoded = decodeHftLine(line, { product: 'spot', snapshotSymbol: 'BTCUSDT' });
    if (typeof decoded === 'string') throw new Error(decoded);
    return { ...decoded, seq: i };
  });
const ORDERS = 25;

type Body = TradingEvent extends infer E ? (E extends TradingEvent ? Omit<E, 'seq' | 'timeUs'> : never) : never;

interface AtTheVenue {
  /** Listener calls on the stack. */
  readonly listenersRunning: number;
  /** seq of the last trade the last listener has seen. */
  readonly lastSeenByLastListener: number;
  /** Messages the pipeline has taken in. */
  readonly messagesHandled: number;
  readonly timeUs: number;
}

function pipeline(): Pipeline {
  const registry = new InstrumentRegistry();
  registry.add(SPEC);
  return new Pipeline(registry, ENGINE_OPTIONS);
}

/** Replays the messages with a strategy that buys or sells after each of the first ORDERS trades. */
async function run(latencyMs: number) {
  const p = pipeline();
  const log = TradingLog.create([SPEC]);
  const journal: TradingEvent[] = [];
  const record = (body: Body): void => {
    const event = { ...body, seq: log.nextSeq, timeUs: p.time.nowUs() } as TradingEvent;
    log.append(event);
    journal.push(event);
  };
  let listenersRunning = 0;
  let lastSeenByLastListener = -1;
  const venue = new InMemoryVenue<AtTheVenue>('spot', p.time, latencyMs, () => ({
    listenersRunning,
    lastSeenByLastListener,
    messagesHandled: p.counters.messages,
    timeUs: p.time.nowUs(),
  }));
  await venue.connect({ report: (report) => record({ type: 'reportReceived', product: 'spot', report }) });
  const trades: TradeEvent[] = [];
  // The strategy: the first listener.
  p.onEvent((event) => {
    if (event.kind !== 'trade' || trades.length >= ORDERS) return;
    listenersRunning++;
    trades.push(event);
    const decisionId = `d-${event.seq}`;
    const buy = event.aggressor === 'buy';
    const intent = { type: 'LIMIT_MAKER', side: buy ? 'BUY' : 'SELL', priceTicks: event.priceTicks, qtyLots: event.qtyLots } as const;
    record({
      type: 'decision',
      decisionId,
      product: 'spot',
      symbol: 'BTCUSDT',
      action: buy ? 'BUY' : 'SELL_INVENTORY',
      side: intent.side,
      score: null,
      alphaBps: null,
      costBps: null,
      costParts: null,
      gates: [],
      features: {},
      intent,
      reason: 'follow the taker',
    });
    const request: OrderRequest = {
      clientOrderId: `fd-${event.seq}`,
      intent: { product: 'spot', symbol: 'BTCUSDT', side: event.aggressor, type: 'LIMIT_MAKER', priceTicks: event.priceTicks, qtyLots: event.qtyLots, reason: 'follow the taker', decisionId },
    };
    p.afterEvent(() => {
      record({ type: 'orderRequested', request });
      venue.submit(request);
    });
    listenersRunning--;
  });
  // Everything else that listens (features, detectors, the console): after the strategy.
  p.onEvent((event) => {
    listenersRunning++;
    if (event.kind === 'trade') lastSeenByLastListener = event.seq;
    listenersRunning--;
  });
  for (const m of MESSAGES) p.ingest(m);
  return { p, venue, trades, journal, log };
}

describe('orders decided while an event is handled', () => {
  it('reach the venue after every listener saw the event, outside any listener, before the next message, at its time', async () => {
    const { venue, trades } = await run(0);
    expect(trades).toHaveLength(ORDERS);
    expect(venue.commands.map((c) => c.command.kind === 'submit' && c.command.request.clientOrderId)).toEqual(trades.map((t) => `fd-${t.seq}`));
    expect(venue.commands.map((c) => c.context)).toEqual(
      trades.map((t) => ({ listenersRunning: 0, lastSeenByLastListener: t.seq, messagesHandled: t.seq + 1, timeUs: t.receiveTimeUs })),
    );
  });

  it('journal decision, request and the venue\'s answer in that order, each at the run\'s time', async () => {
    const { journal, trades } = await run(0);
    expect(journal.map((e) => e.type)).toEqual(trades.flatMap(() => ['decision', 'orderRequested', 'reportReceived']));
    expect(journal.map((e) => e.timeUs)).toEqual(trades.flatMap((t) => [t.receiveTimeUs, t.receiveTimeUs, t.receiveTimeUs]));
    expect(journal.filter((e) => e.type === 'reportReceived').map((e) => e.type === 'reportReceived' && e.report.kind)).toEqual(trades.map(() => 'accepted'));
  });

  it('get the venue\'s answers through its sink on the run\'s time, after a latency, never inside the call', async () => {
    const { journal, venue } = await run(5);
    const sent = new Map(journal.filter((e) => e.type === 'orderRequested').map((e) => [e.type === 'orderRequested' && e.request.clientOrderId, e.timeUs]));
    const acks = journal.filter((e) => e.type === 'reportReceived');
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.type === 'reportReceived' && ack.report.kind).toBe('accepted');
      expect(ack.timeUs).toBe((sent.get(ack.type === 'reportReceived' && ack.report.clientOrderId) as number) + 5000);
    }
    expect((await venue.snapshot()).openOrders).toHaveLength(acks.length);
  });

  it('leave the market digest where it was, and give the same journal digest on every run', async () => {
    const quiet = pipeline();
    for (const m of MESSAGES) quiet.ingest(m);
    const first = await run(5);
    const second = await run(5);
    expect(first.p.finishDigest()).toBe(quiet.finishDigest());
    expect(second.log.digest()).toBe(first.log.digest());
    expect(first.log.nextSeq).toBeGreaterThan(2 * ORDERS);
  });
});
