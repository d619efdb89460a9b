// kernel/market-views: the read-only views a strategy gets (model/market-view.ts), built over the kernel's
// engines. Each view is a frozen object of functions closed over the engine: no field leads back to the
// SymbolEngine, its BookSync or OrderBook, or the FeatureEngine, and every list it returns is a fresh copy,
// so a strategy can read the market and cannot move it. Feature windows end at the run's time (the
// pipeline's clock), never at a time the caller picks.

import { Decimal } from 'decimal.js';
import { formatScaled, type Clock } from '../core/index.js';
import { featureColumns, featureRow, type FeatureEngine } from '../features/index.js';
import { ticksToPrice, type BookLevel, type BookView, type FeatureView, type Instrument, type MarketView, type Side } from '../model/index.js';
import type { SymbolEngine } from './symbol-engine.js';

const EMPTY_DEPTH = Object.freeze({ lots: 0, levels: 0 });

/** A read-only view of one symbol's synced book and fused top of book. */
export function bookViewOf(engine: SymbolEngine): BookView {
  const sync = engine.sync;
  const book = sync.book;
  const healthy = (): boolean => sync.healthy;
  const best = (side: Side): BookLevel | null => {
    const levels = side === 'bid' ? book.bids : book.asks;
    const ticks = healthy() ? levels.bestTicks() : undefined;
    return ticks === undefined ? null : Object.freeze({ ticks, lots: levels.bestLots() });
  };
  const view: BookView = {
    instrument: Object.freeze({ ...engine.instrument }),
    healthy,
    stale: () => engine.stale,
    syncedSinceUs: () => engine.syncedSinceUs,
    latencyMs: () => engine.latencyMs,
    tickerAgreement: () => engine.bbo.agreement(sync),
    lastUpdateId: () => book.lastUpdateId,
    bestBid: () => best('bid'),
    bestAsk: () => best('ask'),
    topOfBook: () => {
      const top = engine.bbo.top(sync);
      return top === null ? null : Object.freeze({ ...top });
    },
    sizeAt: (side, priceTicks) => (healthy() ? (side === 'bid' ? book.bids : book.asks).get(priceTicks) : 0),
    top: (side, n) => (healthy() ? (side === 'bid' ? book.bids : book.asks).top(n) : []),
    depthWithinBps: (side, bps) => (healthy() ? Object.freeze(book.depthWithinBps(side, bps)) : EMPTY_DEPTH),
  };
  return Object.freeze(view);
}

/**
 * A read-only view of one symbol's feature engine; its windows (and rows) end at `time`'s now. `engine` is
 * the symbol's engine: the row's book columns read its synced book, as `flowdesk features` does.
 */
export function featureViewOf(features: FeatureEngine, time: Clock, engine: SymbolEngine): FeatureView {
  const columns = featureColumns(features);
  const intervalIndex = (intervalMs: number): number => features.options.windowsMs.indexOf(intervalMs);
  const view: FeatureView = {
    windows: () => features.windows(time.nowUs()),
    window: (windowMs) => features.window(time.nowUs(), windowMs),
    cvd: () => features.cvd,
    sessionVwap: () => features.sessionVwap,
    micropriceAdjustment: () => {
      const adjustment = features.micropriceAdjustment();
      return adjustment === null ? null : Object.freeze({ ...adjustment });
    },
    rowColumns: (intervalMs) => (intervalIndex(intervalMs) < 0 ? null : Object.freeze([...columns])),
    row: (intervalMs) => {
      const index = intervalIndex(intervalMs);
      if (index < 0) return null;
      const cells = featureRow(features, time.nowUs(), index, engine.sync.healthy, engine.sync.book);
      const row: Record<string, number> = {};
      cells.forEach((cell, i) => {
        const value = cell === '' ? Number.NaN : Number(cell);
        if (Number.isFinite(value)) row[columns[i] as string] = value;
      });
      return Object.freeze(row);
    },
  };
  return Object.freeze(view);
}

/** The MarketView of one symbol: its book and, when a feature engine runs for it, its features. */
export function marketViewOf(engine: SymbolEngine, features: FeatureEngine | null, time: Clock): MarketView {
  return Object.freeze({
    product: engine.instrument.product,
    symbol: engine.instrument.symbol,
    book: bookViewOf(engine),
    features: features === null ? null : featureViewOf(features, time, engine),
  });
}

/** (bid + ask) / 2 as exact decimal text, one decimal place finer than the price's. */
export function midPriceText(instrument: Instrument, bidTicks: number, askTicks: number): string {
  // (bid + ask) × tickUnits / 10^p / 2 = (bid + ask) × tickUnits × 5 / 10^(p+1): a whole number of 10^-(p+1)
  const scaled = (bidTicks + askTicks) * instrument.tickUnits * 5;
  if (Number.isSafeInteger(scaled) && scaled >= 0) return formatScaled(scaled, instrument.priceDecimals + 1);
  return new Decimal(ticksToPrice(instrument, bidTicks)).plus(ticksToPrice(instrument, askTicks)).div(2).toFixed(instrument.priceDecimals + 1);
}
