// The Pipeline fed the real spot recording (fixtures/binance/spot/btcusdt_20240808.gz), message by message,
// with one thing changed at a time: a reconnect, a malformed frame, a symbol without an instrument, one
// trade's quantity, a silent stream. Each run is compared with the untouched run.
import { describe, expect, it } from 'vitest';
import { InstrumentRegistry, Pipeline, type SymbolEngine } from '../../src/kernel/index.js';
import { lotsToQty, qtyToLots, type EngineNotice, type FlowEvent, type RawMessage } from '../../src/model/index.js';
import { decodeHftLine } from '../../src/recording/index.js';
import { ENGINE_OPTIONS, SPOT_FILES, fixtureLines } from '../support/fixtures.js';

const SPEC = { product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00000001', source: 'test' } as const;

/** The spot recording as raw messages, numbered by position. */
const BASE: readonly RawMessage[] = fixtureLines(SPOT_FILES[0] as string).map((line, i) => {
  const decoded = decodeHftLine(line, { product: 'spot', snapshotSymbol: 'BTCUSDT' });
  if (typeof decoded === 'string') throw new Error(`fixture line ${i + 1}: ${decoded}`);
  return { ...decoded, seq: i };
});

const SNAPSHOT_INDEX = BASE.findIndex((m) => m.kind === 'rest');
const MIDDLE = Math.floor(BASE.length / 2);

/** `extra` inserted before position `index`, with its neighbour's receive time, everything renumbered. */
function withInserted(index: number, extra: Omit<RawMessage, 'seq' | 'receiveTimeUs'>): RawMessage[] {
  const previous = BASE[index - 1] as RawMessage;
  const list = [...BASE.slice(0, index), { ...extra, seq: 0, receiveTimeUs: previous.receiveTimeUs }, ...BASE.slice(index)];
  return list.map((m, seq) => ({ ...m, seq }));
}

interface Run {
  readonly pipeline: Pipeline;
  readonly engine: SymbolEngine;
  readonly notices: EngineNotice[];
  readonly events: FlowEvent[];
  /** Engine state right after each message, by seq. */
  readonly states: string[];
}

function run(messages: readonly RawMessage[]): Run {
  const registry = new InstrumentRegistry();
  registry.add(SPEC);
  const pipeline = new Pipeline(registry, ENGINE_OPTIONS);
  const notices: EngineNotice[] = [];
  const events: FlowEvent[] = [];
  pipeline.onEvent((event) => {
    events.push(event);
    if (event.kind === 'notice') notices.push(event);
  });
  const states: string[] = [];
  for (const message of messages) {
    pipeline.ingest(message);
    states.push(pipeline.engine('spot', 'BTCUSDT')?.sync.state ?? 'none');
  }
  return { pipeline, engine: pipeline.engine('spot', 'BTCUSDT') as SymbolEngine, notices, events, states };
}

function bookKey(engine: SymbolEngine): string {
  const book = engine.sync.book;
  return [book.lastUpdateId, book.fingerprint.low, book.fingerprint.high, book.bids.size, book.asks.size].join('|');
}

const marketEvents = (r: Run) => r.events.filter((e) => e.kind !== 'notice' && e.kind !== 'connection').length;

const baseline = run(BASE);

describe('Pipeline on the real spot recording', () => {
  it('buffers diffs until the snapshot, is live from the snapshot on and stays live to the end', () => {
    expect(SNAPSHOT_INDEX).toBeGreaterThan(0);
    expect(baseline.states.slice(0, SNAPSHOT_INDEX).every((s) => s === 'awaitingSnapshot' || s === 'none')).toBe(true);
    expect(baseline.states.slice(SNAPSHOT_INDEX).every((s) => s === 'live')).toBe(true);
    expect(baseline.notices.map((n) => [n.notice, n.seq])).toEqual([['bookSynced', SNAPSHOT_INDEX]]);
    expect(baseline.engine.sync.healthy).toBe(true);
    expect(baseline.pipeline.counters).toEqual({ messages: BASE.length, ignored: 0, malformed: 0, connectionEvents: 0, notices: 1 });
    expect(baseline.pipeline.totals()).toMatchObject({ snapshots: 1, syncs: 1, gaps: 0, resyncs: 0, stale: 0, bboMismatches: 0 });
  });

  it('answers a reconnect mid-stream with connectionReset and resyncRequested, and an unhealthy book', () => {
    const messages = withInserted(MIDDLE, {
      connectionId: 0,
      product: 'spot',
      kind: 'lifecycle',
      stream: 'spot-0',
      payload: '{"event":"reconnected"}',
    });
    const r = run(messages);
    expect(r.states[MIDDLE - 1]).toBe('live');
    expect(r.states[MIDDLE]).toBe('resyncing');
    const atReconnect = r.notices.filter((n) => n.seq === MIDDLE);
    expect(atReconnect.map((n) => n.notice)).toEqual(['connectionReset', 'resyncRequested']);
    expect(atReconnect.every((n) => n.symbol === 'BTCUSDT')).toBe(true);
    expect(r.events.some((e) => e.kind === 'connection' && e.state === 'reconnected' && e.seq === MIDDLE)).toBe(true);
    // The recording has no later snapshot: the book stays unhealthy, asking for one.
    expect(r.engine.sync.healthy).toBe(false);
    expect(r.engine.sync.needsSnapshot).toBe(true);
    expect(r.pipeline.totals()).toMatchObject({ reconnects: 1, resyncs: 1, gaps: 0 });
    expect(r.pipeline.counters.connectionEvents).toBe(1);
    expect(r.pipeline.finishDigest()).not.toBe(run(BASE).pipeline.finishDigest());
  });

  it('turns a malformed frame mid-stream into one messageMalformed notice and carries on unharmed', () => {
    const trade = BASE.slice(MIDDLE).find((m) => m.stream === 'btcusdt@trade') as RawMessage;
    const messages = withInserted(MIDDLE, { ...trade, payload: trade.payload.slice(0, 60) });
    const r = run(messages);
    const malformed = r.notices.filter((n) => n.notice === 'messageMalformed');
    expect(malformed).toHaveLength(1);
    expect(malformed[0]).toMatchObject({ seq: MIDDLE, symbol: '', product: 'spot' });
    expect(malformed[0]?.detail).toMatch(/^btcusdt@trade: invalid JSON/);
    expect(r.pipeline.counters.malformed).toBe(1);
    expect(r.pipeline.counters.messages).toBe(BASE.length + 1);
    // Everything after it was still processed: the same events, the same final book, still live, no gap.
    expect(marketEvents(r)).toBe(marketEvents(baseline));
    expect(r.events.some((e) => e.kind !== 'notice' && e.seq > MIDDLE)).toBe(true);
    expect(r.pipeline.totals()).toEqual(baseline.pipeline.totals());
    expect(r.states.slice(SNAPSHOT_INDEX).every((s) => s === 'live')).toBe(true);
    expect(r.pipeline.totals().gaps).toBe(0);
    expect(bookKey(r.engine)).toBe(bookKey(baseline.engine));
  });

  it('counts a message for a symbol without an instrument as ignored, and makes no engine for it', () => {
    const trade = BASE.slice(MIDDLE).find((m) => m.stream === 'btcusdt@trade') as RawMessage;
    const payload = trade.payload.replaceAll('BTCUSDT', 'ETHUSDT').replace('btcusdt@trade', 'ethusdt@trade');
    const r = run(withInserted(MIDDLE, { ...trade, stream: 'ethusdt@trade', payload }));
    expect(r.pipeline.counters.ignored).toBe(baseline.pipeline.counters.ignored + 1);
    expect(r.pipeline.counters.malformed).toBe(0);
    expect(r.pipeline.engine('spot', 'ETHUSDT')).toBeUndefined();
    expect(r.pipeline.allEngines()).toHaveLength(1);
    expect(r.notices).toHaveLength(baseline.notices.length);
    expect(bookKey(r.engine)).toBe(bookKey(baseline.engine));
  });

  it('gives the same digest for two identical runs and a different one when a single trade’s quantity differs', () => {
    const index = BASE.findIndex((m, i) => i > SNAPSHOT_INDEX && m.stream === 'btcusdt@trade');
    const trade = BASE[index] as RawMessage;
    const qty = /"q":"([^"]+)"/.exec(trade.payload)?.[1] as string;
    const inst = run([]).pipeline.engine('spot', 'BTCUSDT')?.instrument;
    if (inst === undefined) throw new Error('no instrument');
    const changedQty = lotsToQty(inst, qtyToLots(inst, qty) + 1);
    const changed = BASE.map((m, i) => (i === index ? { ...m, payload: m.payload.replace(`"q":"${qty}"`, `"q":"${changedQty}"`) } : m));
    expect(changed[index]?.payload).not.toBe(trade.payload);

    const first = run(BASE).pipeline.finishDigest();
    const second = run(BASE).pipeline.finishDigest();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toBe(first);
    const other = run(changed);
    expect(bookKey(other.engine)).toBe(bookKey(baseline.engine));
    expect(other.pipeline.finishDigest()).not.toBe(first);
  });

  const clockMark = (seq: number, receiveTimeUs: number): RawMessage => ({
    seq,
    receiveTimeUs,
    connectionId: 0,
    product: 'spot',
    kind: 'lifecycle',
    stream: 'clock',
    payload: '{"event":"clock"}',
  });
  const isDiff = (m: RawMessage) => m.stream === 'btcusdt@depth@100ms';
  const isTicker = (m: RawMessage) => m.stream === 'btcusdt@bookTicker';

  it('never suspects a quiet book: a clock mark a minute after the last message changes nothing', () => {
    // End right after a diff that leaves no bookTicker ahead of the book: every stream then falls silent.
    const end = BASE.findIndex((m, i) => i > MIDDLE && isDiff(m) && !isTicker(BASE[i + 1] as RawMessage)) + 1;
    const r = run(BASE.slice(0, end));
    expect(r.engine.bbo.pendingCount).toBe(0);
    const before = bookKey(r.engine);
    const nowUs = (BASE[end - 1] as RawMessage).receiveTimeUs + 60_000_000;
    expect(r.pipeline.staleDue(nowUs)).toBe(false);
    r.pipeline.ingest(clockMark(end, nowUs));
    expect(r.engine.sync.healthy).toBe(true);
    expect(r.engine.stale).toBe(false);
    expect(bookKey(r.engine)).toBe(before);
    expect(r.notices.filter((n) => n.notice !== 'bookSynced')).toEqual([]);
  });

  it('suspects a book that a bookTicker stays ahead of for too long, keeps it, and clears it at the next chained diff', () => {
    // End on a bookTicker newer than the book: the depth stream has yet to deliver that change.
    const end = BASE.findIndex((m, i) => i > MIDDLE && isTicker(m) && isDiff(BASE[i - 1] as RawMessage)) + 1;
    const r = run(BASE.slice(0, end));
    expect(r.engine.bbo.pendingCount).toBeGreaterThan(0);
    const before = bookKey(r.engine);
    const tickerUs = (BASE[end - 1] as RawMessage).receiveTimeUs;
    const limitUs = ENGINE_OPTIONS.staleStreamMs * 1000;
    expect(r.pipeline.staleDue(tickerUs + limitUs)).toBe(false);
    r.pipeline.ingest(clockMark(end, tickerUs + limitUs));
    expect(r.engine.stale).toBe(false);

    const nowUs = tickerUs + limitUs + 1000;
    expect(r.pipeline.staleDue(nowUs)).toBe(true);
    r.pipeline.ingest(clockMark(end + 1, nowUs));
    const stale = r.notices.filter((n) => n.notice === 'staleDetected');
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ symbol: 'BTCUSDT', receiveTimeUs: nowUs });
    expect(stale[0]?.detail).toMatch(/^depth stream 5001 ms behind bookTicker \(book at \d+\); book kept until the next diff$/);
    expect(r.engine.stale).toBe(true);
    expect(r.engine.sync.healthy).toBe(true); // suspected, not cleared: nothing proves the book wrong yet
    expect(bookKey(r.engine)).toBe(before);
    expect(r.pipeline.totals()).toMatchObject({ stale: 1, resyncs: 0 });
    expect(r.pipeline.staleDue(nowUs + 60_000_000)).toBe(false); // once per suspicion

    // The depth stream delivers the next diff, and it chains: the book was right all along.
    const nextDiff = BASE.findIndex((m, i) => i >= end && isDiff(m));
    r.pipeline.ingest({ ...(BASE[nextDiff] as RawMessage), seq: end + 2, receiveTimeUs: nowUs + 1000 });
    expect(r.notices.at(-1)).toMatchObject({ notice: 'staleCleared', symbol: 'BTCUSDT' });
    expect(r.engine.stale).toBe(false);
    expect(r.engine.sync.healthy).toBe(true);
    expect(r.pipeline.totals()).toMatchObject({ stale: 1, resyncs: 0, gaps: 0 });
  });
});
