// features/microprice: Stoikov's (2018) micro-price, first-order adjustment, estimated online and causally.
// micro-price ≈ mid + g1(I, S), where g1 is the expected change of the mid at its next move given the
// current imbalance bucket I = qb/(qb+qa) (10 buckets) and spread state S (1 tick, or wider). Every top-of-
// book state seen is attributed, when the mid next moves, the size of that move; g1 is the running mean
// per (I, S). This is not the weighted mid I·ask + (1−I)·bid, which is reported separately.

const BUCKETS = 10;

export class OnlineMicroprice {
  private readonly sum = new Float64Array(BUCKETS * 2);
  private readonly count = new Float64Array(BUCKETS * 2);
  private pending: number[] = [];
  private lastMidTicks2: number | null = null; // mid in half ticks (bid + ask), exact

  static bucketOf(bidLots: number, askLots: number, spreadTicks: number): number {
    const total = bidLots + askLots;
    const imbalance = total > 0 ? bidLots / total : 0.5;
    const bucket = Math.min(BUCKETS - 1, Math.floor(imbalance * BUCKETS));
    return bucket + (spreadTicks > 1 ? BUCKETS : 0);
  }

  /** A new top of book. */
  update(bidTicks: number, bidLots: number, askTicks: number, askLots: number): void {
    const mid2 = bidTicks + askTicks;
    if (this.lastMidTicks2 !== null && mid2 !== this.lastMidTicks2) {
      const moveTicks = (mid2 - this.lastMidTicks2) / 2;
      for (const bucket of this.pending) {
        this.sum[bucket] = (this.sum[bucket] as number) + moveTicks;
        this.count[bucket] = (this.count[bucket] as number) + 1;
      }
      this.pending = [];
    }
    this.lastMidTicks2 = mid2;
    this.pending.push(OnlineMicroprice.bucketOf(bidLots, askLots, askTicks - bidTicks));
  }

  /** g1 for the current state, in ticks (0 with `known` false before any move was seen from it). */
  adjustmentTicks(bidLots: number, askLots: number, spreadTicks: number): { ticks: number; known: boolean } {
    const bucket = OnlineMicroprice.bucketOf(bidLots, askLots, spreadTicks);
    const n = this.count[bucket] as number;
    return n > 0 ? { ticks: (this.sum[bucket] as number) / n, known: true } : { ticks: 0, known: false };
  }
}
