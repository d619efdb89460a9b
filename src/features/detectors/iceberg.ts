// features/detectors/iceberg: hidden size refilled at the touch. Per side, during the tenure of one best
// price P (fused top of book; the level stays present at the touch throughout): a window opens at the first
// taker trade hitting P and lasts icebergWindowMs; maxDisplayed = the largest displayed size at P seen
// since the window opened (its size at the opening included). Confirmed when, before the window closes, ≥
// icebergMinTrades trades at P total ≥ icebergMinRatio × maxDisplayed and are worth at least
// icebergMinNotional (in lots at P). A trade through P or a change of the best price ends the tenure; an
// expired window reopens at the next trade at P. One emission per tenure, at confirmation: endUs = the
// confirming trade, strength = traded / maxDisplayed. O(1) per event.

import type { TopOfBook } from '../../book/index.js';
import type { AggressorSide, Side } from '../../model/index.js';
import { emptyTouch, sideHit, tradeAtTouch, updateTouch, type TouchSide } from './touch.js';
import { fmt, type DetectorOptions, type Formatter, type Report } from './types.js';

interface IcebergWindow {
  readonly startUs: number;
  /** The notional floor in lots at the window's price. */
  readonly minLots: number;
  traded: number;
  trades: number;
  maxDisplayed: number;
}

interface IcebergSide extends TouchSide {
  emitted: boolean;
  window: IcebergWindow | null;
}

function fresh(): IcebergSide {
  return { ...emptyTouch(), emitted: false, window: null };
}

export class IcebergDetector {
  private bid = fresh();
  private ask = fresh();

  constructor(
    private readonly options: DetectorOptions,
    private readonly report: Report,
    private readonly format: Formatter,
  ) {}

  onTop(top: TopOfBook): void {
    this.touch(this.bid, top, 'bid');
    this.touch(this.ask, top, 'ask');
  }

  onTrade(priceTicks: number, lots: number, aggressor: AggressorSide, nowUs: number): void {
    const side = sideHit(aggressor);
    const s = side === 'bid' ? this.bid : this.ask;
    if (!tradeAtTouch(s, side, priceTicks)) return;
    if (s.window === null || nowUs - s.window.startUs >= this.options.icebergWindowMs * 1000) {
      s.window = { startUs: nowUs, minLots: this.format.lotsFor(this.options.icebergMinNotional, priceTicks), traded: 0, trades: 0, maxDisplayed: s.lots };
    }
    const w = s.window;
    w.traded += lots;
    w.trades++;
    if (s.emitted || w.maxDisplayed <= 0) return;
    if (w.trades < this.options.icebergMinTrades || w.traded < this.options.icebergMinRatio * w.maxDisplayed) return;
    if (w.traded < w.minLots) return;
    s.emitted = true;
    const strength = w.traded / w.maxDisplayed;
    const f = this.format;
    this.report(
      'iceberg',
      side,
      priceTicks,
      w.startUs,
      nowUs,
      strength,
      `${side} iceberg? ${f.qty(w.traded)} in ${w.trades} trades at ${f.price(priceTicks)}, at most ${f.qty(w.maxDisplayed)} displayed (${fmt(strength)}×), in ${Math.round((nowUs - w.startUs) / 1000)} ms`,
    );
  }

  reset(): void {
    this.bid = fresh();
    this.ask = fresh();
  }

  private touch(s: IcebergSide, top: TopOfBook, side: Side): void {
    const change = updateTouch(s, top, side);
    if (change === 'newTenure') {
      s.emitted = false;
      s.window = null;
    } else if (s.window !== null && s.lots > s.window.maxDisplayed) {
      s.window.maxDisplayed = s.lots;
    }
  }
}
