// features/large-trades: the one definition of a large trade — a trade whose size is above the rolling
// quantile (95th by default) of the sizes of the trades before it (the last 1000), once at least 20 sizes
// have been seen. The feature engine (large-trade ratio), the console's tape ('!') and the markouts'
// large-trade anchors all ask this class, so they agree trade for trade.

import { RollingQuantile } from './rolling-quantile.js';

/** Fewer earlier sizes than this: no trade is called large yet. */
export const LARGE_TRADE_MIN_HISTORY = 20;

export class LargeTrades {
  private readonly sizes: RollingQuantile;

  constructor(
    private readonly quantile = 0.95,
    memory = 1000,
  ) {
    this.sizes = new RollingQuantile(memory);
  }

  /** Whether a trade of `lots` is large against the trades before it; then remembers its size. Call once per trade, in order. */
  classify(lots: number): boolean {
    const threshold = this.sizes.quantile(this.quantile);
    const large = threshold !== null && this.sizes.size >= LARGE_TRADE_MIN_HISTORY && lots > threshold;
    this.sizes.add(lots);
    return large;
  }
}
