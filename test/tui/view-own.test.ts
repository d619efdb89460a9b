// Our own orders and fills in the view (tui/view.ts), on the real book and trades of the bundled spot
// recording: the ladder row of a price where our order rests says so (its side, or both when a bucket holds
// a buy and a sell); an order at a price the book has no level for gets a row of its own at its place, when
// it lies within the prices shown; the tape has our fills as rows of their own, interleaved by time.
import { describe, expect, it } from 'vitest';
import { attachFeatureEngines, prepareReplay, type OwnFill } from '../../src/kernel/index.js';
import { ticksToPrice } from '../../src/model/index.js';
import { AlertHistory, HeatmapHistory, TapeHistory } from '../../src/tui/histories.js';
import { buildView, clockText, type OwnActivity, type SymbolState, type ViewOptions } from '../../src/tui/view.js';
import { ENGINE_OPTIONS, SPOT_FILES } from '../support/fixtures.js';

/** The BTCUSDT spot book and tape a minute into the recording. */
async function symbolState(): Promise<SymbolState> {
  const replay = await prepareReplay({ files: SPOT_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  const features = attachFeatureEngines(replay.pipeline);
  const [engine, fe] = [...features][0] ?? [];
  if (engine === undefined || fe === undefined) throw new Error('no symbol');
  const state: SymbolState = { engine, features: fe, tape: new TapeHistory(), heatmap: new HeatmapHistory(), alerts: new AlertHistory() };
  replay.pipeline.onEvent((event, e) => {
    if (e === engine && (event.kind === 'trade' || event.kind === 'aggTrade')) state.tape.onTrade(event);
  });
  await replay.driver().stepTime(60_000);
  return state;
}

function options(state: SymbolState, own: OwnActivity, over: Partial<ViewOptions> = {}): ViewOptions {
  const nowUs = state.tape.entries[state.tape.entries.length - 1]?.timeUs ?? 0;
  return {
    ladderRows: 20,
    tapeRows: 10,
    heatmapRows: 0,
    heatmapColumns: 0,
    aggregation: 1,
    windowIndex: 3,
    nowUs,
    source: 'replay',
    position: '',
    paused: true,
    speed: '1×',
    books: [],
    fps: 0,
    message: '',
    own,
    ...over,
  };
}

function fill(state: SymbolState, timeUs: number, side: 'buy' | 'sell', priceTicks: number): OwnFill {
  return { timeUs, clientOrderId: 'fd-1', symbol: 'BTCUSDT', side, priceTicks, price: ticksToPrice(state.engine.instrument, priceTicks), qty: '0.00161667', fee: '0.0001', feeAsset: 'USDT', liquidity: 'maker' };
}

describe('own orders on the ladder', () => {
  it('marks the rows of the prices where our orders rest with their side, and no other row', async () => {
    const s = await symbolState();
    const book = s.engine.sync.book;
    const bid = book.bids.bestTicks() ?? Number.NaN;
    const ask = book.asks.bestTicks() ?? Number.NaN;
    const view = buildView(s, options(s, { orders: [{ priceTicks: bid, side: 'buy' }, { priceTicks: ask, side: 'sell' }], fills: [] }));
    const inst = s.engine.instrument;
    const marked = view.ladder.rows.filter((r) => r.own !== undefined).map((r) => [r.price, r.own, r.isBestBid || r.isBestAsk]);
    expect(marked).toEqual([
      [ticksToPrice(inst, ask), 'sell', true],
      [ticksToPrice(inst, bid), 'buy', true],
    ]);
  });

  it('gives an order at a price with no level a row of its own at its place; one beyond the prices shown gets none', async () => {
    const s = await symbolState();
    const plain = buildView(s, options(s, { orders: [], fills: [] })).ladder.rows;
    // A gap between two shown bid levels.
    const ticks = plain.map((r) => Math.round(Number(r.price) * 100));
    const gap = ticks.findIndex((t, i) => i > 0 && plain[i]?.bidQty !== 0 && (ticks[i - 1] ?? 0) - t > 1 && plain[i - 1]?.bidQty !== 0);
    expect(gap).toBeGreaterThan(0);
    const inside = (ticks[gap] ?? 0) + 1;
    const below = (ticks[ticks.length - 1] ?? 0) - 1000;
    const rows = buildView(s, options(s, { orders: [{ priceTicks: inside, side: 'buy' }, { priceTicks: below, side: 'buy' }], fills: [] })).ladder.rows;
    expect(rows).toHaveLength(plain.length + 1);
    const at = rows.findIndex((r) => r.own !== undefined);
    expect(rows[at]).toEqual({ price: ticksToPrice(s.engine.instrument, inside), bidQty: 0, askQty: 0, cumBid: 0, cumAsk: 0, isBestBid: false, isBestAsk: false, marks: '', own: 'buy' });
    expect(at).toBe(gap);
    const prices = rows.map((r) => Number(r.price));
    expect([...prices].sort((a, b) => b - a)).toEqual(prices);
    expect(rows.filter((r) => r.own !== undefined)).toHaveLength(1);
  });

  it('with aggregation, a bucket holding a buy and a sell says both', async () => {
    const s = await symbolState();
    const bid = s.engine.sync.book.bids.bestTicks() ?? Number.NaN;
    const bucket = Math.floor(bid / 50) * 50;
    // A buy rounds down into the bucket, a sell rounds up into it.
    const view = buildView(s, options(s, { orders: [{ priceTicks: bucket + 1, side: 'buy' }, { priceTicks: bucket - 1, side: 'sell' }], fills: [] }, { aggregation: 50 }));
    expect(view.ladder.rows.filter((r) => r.own !== undefined).map((r) => [r.price, r.own])).toEqual([[ticksToPrice(s.engine.instrument, bucket), 'both']]);
  });
});

describe('own fills on the tape', () => {
  it('are rows of their own, newest first among the trades by time, with our side and quantity', async () => {
    const s = await symbolState();
    const entries = s.tape.entries;
    const newest = entries[entries.length - 1];
    const third = entries[entries.length - 3];
    if (newest === undefined || third === undefined) throw new Error('no trades');
    const fills = [fill(s, newest.timeUs + 1000, 'sell', newest.priceTicks), fill(s, third.timeUs, 'buy', third.priceTicks)];
    const tape = buildView(s, options(s, { orders: [], fills })).tape;
    expect(tape).toHaveLength(10);
    expect(tape[0]).toEqual({ time: clockText(newest.timeUs + 1000), price: fills[0]?.price, qty: 0.00161667, side: 'sell', large: false, sweep: false, own: true });
    // The fill at the time of the third newest trade comes just above it (it was reported after the trade).
    expect(tape.map((r) => r.own === true)).toEqual([true, false, false, true, false, false, false, false, false, false]);
    expect(tape[4]?.time).toBe(clockText(third.timeUs));
    const without = buildView(s, options(s, { orders: [], fills: [] })).tape;
    expect(tape.filter((r) => r.own !== true)).toEqual(without.slice(0, 8));
  });
});
