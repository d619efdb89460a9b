// features/detectors/absorption: passive liquidity soaking up aggressive flow at the best price. Per side,
// during the tenure of one best price P (fused top of book): a 1 s window opens at the first taker trade
// hitting P (a seller hitting the best bid, a buyer lifting the best ask), with initial = the displayed
// size at P at that moment. Confirmed when, before the window closes (t − start < absorptionWindowMs),
// traded at P ≥ absorptionMinRatio × initial and the additions seen at P (increases of the displayed size
// at an unchanged best price) ≥ absorptionMinRefill × traded, and the traded quantity is worth at least
// absorptionMinNotional (turned into lots at P when the window opens). A trade through P (a worse price) or
// a change of the best price ends the tenure; an expired window reopens at the next trade at P. One
// emission per tenure, at confirmation: endUs = the confirming event, strength = traded / initial. O(1) per
// event.

import type { TopOfBook } from '../../book/index.js';
import type { AggressorSide, Side } from '../../model/index.js';
import { emptyTouch, sideHit, tradeAtTouch, updateTouch, type TouchSide } from './touch.js';
import { fmt, type DetectorOptions, type Formatter, type Report } from './types.js';

interface AbsorptionWindow {
  readonly startUs: number;
  readonly initialLots: number;
  /** The notional floor in lots at the window's price. */
  readonly minLots: number;
  traded: number;
  trades: number;
  added: number;
}

interface AbsorptionSide extends TouchSide {
  emitted: boolean;
  window: AbsorptionWindow | null;
}

function fresh(): AbsorptionSide {
  return { ...emptyTouch(), emitted: false, window: null };
}

export class AbsorptionDetector {
  private bid = fresh();
  private ask = fresh();

  constructor(
    private readonly options: DetectorOptions,
    private readonly report: Report,
    private readonly format: Formatter,
  ) {}

  onTop(top: TopOfBook, nowUs: number): void {
    this.touch(this.bid, top, 'bid', nowUs);
    this.touch(this.ask, top, 'ask', nowUs);
  }

  onTrade(priceTicks: number, lots: number, aggressor: AggressorSide, nowUs: number): void {
    const side = sideHit(aggressor);
    const s = side === 'bid' ? this.bid : this.ask;
    if (!tradeAtTouch(s, side, priceTicks)) return;
    const windowUs = this.options.absorptionWindowMs * 1000;
    if (s.window === null || nowUs - s.window.startUs >= windowUs) {
      s.window = { startUs: nowUs, initialLots: s.lots, minLots: this.format.lotsFor(this.options.absorptionMinNotional, priceTicks), traded: 0, trades: 0, added: 0 };
    }
    s.window.traded += lots;
    s.window.trades++;
    this.check(s, side, nowUs);
  }

  reset(): void {
    this.bid = fresh();
    this.ask = fresh();
  }

  private touch(s: AbsorptionSide, top: TopOfBook, side: Side, nowUs: number): void {
    const before = s.lots;
    const change = updateTouch(s, top, side);
    if (change === 'newTenure') {
      s.emitted = false;
      s.window = null;
    } else if (change === 'sizeUp' && s.window !== null && !s.broken) {
      s.window.added += s.lots - before;
      this.check(s, side, nowUs);
    }
  }

  private check(s: AbsorptionSide, side: Side, nowUs: number): void {
    const w = s.window;
    if (s.emitted || w === null || w.initialLots <= 0) return;
    if (nowUs - w.startUs >= this.options.absorptionWindowMs * 1000) return;
    if (w.traded < this.options.absorptionMinRatio * w.initialLots) return;
    if (w.added < this.options.absorptionMinRefill * w.traded) return;
    if (w.traded < w.minLots) return;
    s.emitted = true;
    const strength = w.traded / w.initialLots;
    const f = this.format;
    this.report(
      'absorption',
      side,
      s.priceTicks as number,
      w.startUs,
      nowUs,
      strength,
      `${side} absorbed ${f.qty(w.traded)} in ${w.trades} trades at ${f.price(s.priceTicks as number)} against ${f.qty(w.initialLots)} displayed (${fmt(strength)}×), ${f.qty(w.added)} added, in ${Math.round((nowUs - w.startUs) / 1000)} ms`,
    );
  }
}
