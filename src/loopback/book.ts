// loopback/book: the fake exchange's own order book, deliberately naive and independent of src/book (the
// code under test). A Map per side from a price to [price text, quantity text], keyed by the price with
// trailing zeros removed so that "61800.2" and "61800.20" are one level; the texts are kept exactly as the
// recording wrote them, so snapshot responses carry the recording's decimal strings.

/** One level as Binance writes it: [price, quantity], decimal strings. */
export type WireLevel = readonly [string, string];

/** A level list of a diff or snapshot, as parsed from the wire (anything else is ignored). */
export type WireLevels = readonly unknown[];

function canonicalPrice(text: string): string {
  const dot = text.indexOf('.');
  let end = text.length;
  if (dot >= 0) {
    while (end > dot + 1 && text.charCodeAt(end - 1) === 48 /* 0 */) end--;
    if (end === dot + 1) end = dot;
  }
  let start = 0;
  while (start < end - 1 && text.charCodeAt(start) === 48 && text.charCodeAt(start + 1) !== 46 /* . */) start++;
  return text.slice(start, end);
}

/** True for "0", "0.000", ".0" and the like: a quantity that removes the level. */
export function isZeroQty(text: string): boolean {
  return /^0*\.?0*$/.test(text);
}

function isWireLevel(level: unknown): level is WireLevel {
  return (
    Array.isArray(level) && level.length >= 2 && typeof level[0] === 'string' && typeof level[1] === 'string'
  );
}

export class FakeSide {
  private readonly levels = new Map<string, WireLevel>();
  private sorted: WireLevel[] | null = null;

  constructor(private readonly descending: boolean) {}

  get size(): number {
    return this.levels.size;
  }

  clear(): void {
    this.levels.clear();
    this.sorted = null;
  }

  apply(levels: WireLevels): void {
    for (const level of levels) {
      if (!isWireLevel(level)) continue;
      const key = canonicalPrice(level[0]);
      if (isZeroQty(level[1])) this.levels.delete(key);
      else this.levels.set(key, [level[0], level[1]]);
    }
    this.sorted = null;
  }

  /** The best `limit` levels, best first (numeric comparison of the prices). */
  top(limit: number): WireLevel[] {
    if (this.sorted === null) {
      const sign = this.descending ? -1 : 1;
      this.sorted = [...this.levels.values()]
        .map((level) => ({ level, price: Number(level[0]) }))
        .sort((a, b) => sign * (a.price - b.price))
        .map((entry) => entry.level);
    }
    return this.sorted.slice(0, limit);
  }
}

/** A symbol's book: both sides, and the update id it is at. */
export class FakeBook {
  readonly bids = new FakeSide(true);
  readonly asks = new FakeSide(false);
  lastUpdateId = 0;

  reset(lastUpdateId: number, bids: WireLevels, asks: WireLevels): void {
    this.bids.clear();
    this.asks.clear();
    this.bids.apply(bids);
    this.asks.apply(asks);
    this.lastUpdateId = lastUpdateId;
  }

  applyDiff(finalUpdateId: number, bids: WireLevels, asks: WireLevels): void {
    this.bids.apply(bids);
    this.asks.apply(asks);
    this.lastUpdateId = finalUpdateId;
  }
}
