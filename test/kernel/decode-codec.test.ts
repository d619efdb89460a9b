// The replay decode worker's batch codec (kernel/decode-codec): every market event the wire parser's fast
// path makes from the bundled recordings comes back from a batch as the identical object — same values,
// nulls, field order — and raw messages, source ends and warnings come back in their places.
import { describe, expect, it } from 'vitest';
import { BatchDecoder, BatchEncoder, type DecodedBatch } from '../../src/kernel/decode-codec.js';
import { InstrumentRegistry, prepareReplay, mergeByReceiveTime } from '../../src/kernel/index.js';
import type { MarketEvent, RawMessage } from '../../src/model/index.js';
import { fastParseMarket } from '../../src/venue/index.js';
import { ENGINE_OPTIONS, SPOT_FILES, USDM_FILES } from '../support/fixtures.js';

type Item = { market: MarketEvent } | { raw: RawMessage } | { sourceEnd: number } | { warning: string };

/** The items a replay of `files` hands the engine thread, as the decode worker makes them. */
async function itemsOf(files: readonly string[]): Promise<Item[]> {
  const replay = await prepareReplay({ files, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  const registry = new InstrumentRegistry();
  for (const engine of replay.pipeline.allEngines()) registry.add(engine.instrument);
  const lookup = registry.get.bind(registry);
  const items: Item[] = [];
  await mergeByReceiveTime(
    replay.sources.map((s) => s.batches),
    (raw) => {
      const event = fastParseMarket(raw, lookup);
      items.push(event !== null ? { market: event } : { raw });
    },
    (sourceEnd) => items.push({ sourceEnd }),
  );
  return items;
}

/** Encodes `items` in batches of `per`, decodes them, returns what the handlers saw. */
function roundTrip(items: readonly Item[], per: number): Item[] {
  const encoder = new BatchEncoder();
  const batches: DecodedBatch[] = [];
  for (const item of items) {
    if ('market' in item) encoder.market(item.market);
    else if ('raw' in item) encoder.raw(item.raw);
    else if ('sourceEnd' in item) encoder.sourceEnd(item.sourceEnd);
    else encoder.warning(item.warning);
    if (encoder.size >= per) batches.push(encoder.take());
  }
  batches.push(encoder.take());
  const decoder = new BatchDecoder();
  const out: Item[] = [];
  for (const batch of batches) {
    // As between threads: the numbers arrive in a buffer of their own.
    const copy: DecodedBatch = { numbers: new Float64Array(batch.numbers), strings: [...batch.strings], raws: batch.raws };
    decoder.decode(copy, {
      market: (market) => out.push({ market }),
      raw: (raw) => out.push({ raw }),
      sourceEnd: (sourceEnd) => out.push({ sourceEnd }),
      warning: (warning) => out.push({ warning }),
    });
  }
  return out;
}

describe('decode worker batches', () => {
  it.each([
    ['spot', SPOT_FILES],
    ['usdm', USDM_FILES],
  ])('give back every %s event identical, in order, with raw messages and source ends in their places', async (_name, files) => {
    const items = await itemsOf(files);
    const kinds = new Set(items.flatMap((i) => ('market' in i ? [i.market.kind] : [])));
    expect([...kinds].sort()).toEqual(['bookTicker', 'depthDiff', 'trade']);
    expect(items.some((i) => 'raw' in i)).toBe(true); // the REST snapshots
    const back = roundTrip(items, 997);
    expect(back).toStrictEqual(items);
    // Same field order too (JSON exports of events are compared byte for byte).
    for (let k = 0; k < items.length; k++) {
      const a = items[k] as Item;
      if ('market' in a) expect(Object.keys((back[k] as { market: MarketEvent }).market)).toEqual(Object.keys(a.market));
    }
  }, 60_000);

  it('keeps nulls, an empty stream name, aggregate trades, warnings and strings across batches', () => {
    const header = { seq: 7, receiveTimeUs: 1_723_161_253_937_085, connectionId: 2, stream: '', product: 'usdm' as const, symbol: 'ETHUSDT' };
    const items: Item[] = [
      { warning: 'file.gz:3: skipped malformed line (bad)' },
      { market: { kind: 'aggTrade', ...header, aggTradeId: 5, firstTradeId: 9, lastTradeId: 11, priceTicks: 300_012, qtyLots: 4, tradeTimeMs: 1, exchangeTimeMs: 2, buyerIsMaker: false, aggressor: 'buy' } },
      { market: { kind: 'bookTicker', ...header, seq: 8, updateId: 3, bidTicks: 1, bidLots: 2, askTicks: 3, askLots: 4, exchangeTimeMs: null, transactTimeMs: null } },
      { market: { kind: 'depthDiff', ...header, seq: 9, stream: 'ethusdt@depth', exchangeTimeMs: 5, transactTimeMs: null, firstUpdateId: 1, finalUpdateId: 2, prevFinalUpdateId: null, bids: [], asks: [10, 0] } },
      { sourceEnd: 1 },
      { market: { kind: 'trade', ...header, seq: 10, tradeId: 2 ** 40, priceTicks: 1, qtyLots: 2 ** 52, tradeTimeMs: 3, exchangeTimeMs: 4, buyerIsMaker: true, aggressor: 'sell' } },
    ];
    expect(roundTrip(items, 1)).toStrictEqual(items);
    expect(roundTrip(items, 100)).toStrictEqual(items);
  });
});
