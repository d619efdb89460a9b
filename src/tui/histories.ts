// tui/histories: what the console remembers between frames — recent trades for the tape, book samples
// for the heatmap, recent detections and notices — fed by pipeline listeners in replay-time order.

import type { OrderBook } from '../book/index.js';
import { LargeTrades, type Detection } from '../features/index.js';
import type { EngineNotice, TradeEvent, AggTradeEvent } from '../model/index.js';

export interface TapeEntry {
  readonly timeUs: number;
  readonly priceTicks: number;
  readonly lots: number;
  readonly side: 'buy' | 'sell';
  readonly large: boolean;
}

/** The last `capacity` trades of a symbol, newest last. */
export class TapeHistory {
  readonly entries: TapeEntry[] = [];
  /** The one large-trade rule (the feature engine's and the markouts' too). */
  private readonly large = new LargeTrades();

  constructor(private readonly capacity = 200) {}

  onTrade(trade: TradeEvent | AggTradeEvent): void {
    this.entries.push({
      timeUs: trade.receiveTimeUs,
      priceTicks: trade.priceTicks,
      lots: trade.qtyLots,
      side: trade.aggressor,
      large: this.large.classify(trade.qtyLots),
    });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }
}

export interface BookSample {
  readonly timeUs: number;
  /** [ticks, lots] of the top levels of both sides. */
  readonly levels: readonly number[];
  readonly midTicks2: number;
  /** Trades since the previous sample: [ticks, side (1 buy, −1 sell)] of the largest. */
  readonly tradeTicks: number | null;
  readonly tradeSide: 'buy' | 'sell' | null;
}

/** Book samples every `spanUs` of replay time (the heatmap's finest column), the last `capacity`. */
export class HeatmapHistory {
  readonly samples: BookSample[] = [];
  private nextUs: number | null = null;
  private bigTrade: { ticks: number; lots: number; side: 'buy' | 'sell' } | null = null;

  constructor(
    readonly spanUs = 100_000,
    private readonly capacity = 6000,
    private readonly levels = 60,
  ) {}

  onTrade(trade: TradeEvent | AggTradeEvent): void {
    if (this.bigTrade === null || trade.qtyLots > this.bigTrade.lots) this.bigTrade = { ticks: trade.priceTicks, lots: trade.qtyLots, side: trade.aggressor };
  }

  /** Called after each event with the replay time and the (healthy) book. */
  onTime(timeUs: number, book: OrderBook | null): void {
    if (this.nextUs === null) this.nextUs = Math.ceil(timeUs / this.spanUs) * this.spanUs;
    while (timeUs >= this.nextUs) {
      if (book !== null) {
        const bid = book.bids.bestTicks();
        const ask = book.asks.bestTicks();
        if (bid !== undefined && ask !== undefined) {
          this.samples.push({
            timeUs: this.nextUs,
            levels: [...book.bids.top(this.levels), ...book.asks.top(this.levels)],
            midTicks2: bid + ask,
            tradeTicks: this.bigTrade?.ticks ?? null,
            tradeSide: this.bigTrade?.side ?? null,
          });
          if (this.samples.length > this.capacity) this.samples.splice(0, this.samples.length - this.capacity);
        }
      }
      this.bigTrade = null;
      this.nextUs += this.spanUs;
    }
  }
}

/** Recent detections and book notices, for marks, alerts and the status bar. */
export class AlertHistory {
  readonly detections: Detection[] = [];
  lastGap: EngineNotice | null = null;
  lastResync: EngineNotice | null = null;

  onDetection(detection: Detection): void {
    this.detections.push(detection);
    if (this.detections.length > 200) this.detections.splice(0, this.detections.length - 200);
  }

  onNotice(notice: EngineNotice): void {
    if (notice.notice === 'gapDetected') this.lastGap = notice;
    if (notice.notice === 'resyncRequested') this.lastResync = notice;
  }
}
