// The market of a bundled recording as the backtest tests read it themselves, straight from the fixture
// lines and not through flowdesk's parser: `@trade` prints and the depth book (the REST snapshot line, then
// the `@depth` diffs newer than it) on the receive-time axis (µs = the line's leading ns timestamp / 1000,
// rounded down), in file order. Exact decimals; prices keyed by their canonical text ("61855.36").
import { Decimal } from 'decimal.js';
import { fixtureLines } from './fixtures.js';

/** decimal.js with room for any product and sum of venue decimals. */
export const Exact = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN });
export type Exact = InstanceType<typeof Exact>;

export interface RecordedTrade {
  readonly kind: 'trade';
  readonly timeUs: number;
  readonly price: Exact;
  readonly qty: Exact;
  /** Binance's `m`: the buyer was the maker, so the aggressor sold (the print hits bids). */
  readonly buyerIsMaker: boolean;
}

export interface RecordedDepth {
  readonly kind: 'depth';
  readonly timeUs: number;
  /** Price text → new size, per side (a snapshot lists every level; a diff only the changed ones). */
  readonly bids: ReadonlyMap<string, Exact>;
  readonly asks: ReadonlyMap<string, Exact>;
  readonly snapshot: boolean;
}

export type RecordedEvent = RecordedTrade | RecordedDepth;

export interface RecordedMarket {
  readonly events: readonly RecordedEvent[];
  /** The mid of the last `@bookTicker` line. */
  readonly lastBookTickerMid: Exact | null;
}

/** A price's canonical text ("61855.36000000" → "61855.36"). */
export function priceKey(text: string): string {
  return new Exact(text).toFixed();
}

function levels(pairs: readonly [string, string][]): Map<string, Exact> {
  return new Map(pairs.map(([p, q]) => [priceKey(p), new Exact(q)] as const));
}

export function readRecordedMarket(files: readonly string[]): RecordedMarket {
  const events: RecordedEvent[] = [];
  let lastUpdateId = -1;
  let lastTicker: string | null = null;
  for (const file of files) {
    for (const line of fixtureLines(file)) {
      const space = line.indexOf(' ');
      const timeUs = Number(line.slice(0, space - 3));
      const body = line.slice(space + 1);
      if (body.includes('@bookTicker')) {
        lastTicker = body;
      } else if (body.includes('@trade')) {
        const d = (JSON.parse(body) as { data: { p: string; q: string; m: boolean } }).data;
        events.push({ kind: 'trade', timeUs, price: new Exact(d.p), qty: new Exact(d.q), buyerIsMaker: d.m });
      } else if (body.includes('@depth')) {
        const d = (JSON.parse(body) as { data: { u: number; b: [string, string][]; a: [string, string][] } }).data;
        if (d.u <= lastUpdateId) continue; // older than the book: the sync drops it
        lastUpdateId = d.u;
        events.push({ kind: 'depth', timeUs, bids: levels(d.b), asks: levels(d.a), snapshot: false });
      } else if (body.startsWith('{"lastUpdateId"')) {
        const s = JSON.parse(body) as { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
        lastUpdateId = s.lastUpdateId;
        events.push({ kind: 'depth', timeUs, bids: levels(s.bids), asks: levels(s.asks), snapshot: true });
      }
    }
  }
  let lastBookTickerMid: Exact | null = null;
  if (lastTicker !== null) {
    const d = (JSON.parse(lastTicker) as { data: { b: string; a: string } }).data;
    lastBookTickerMid = new Exact(d.b).plus(d.a).dividedBy(2);
  }
  return { events, lastBookTickerMid };
}

/** The depth book replayed event by event: the displayed size at a price, on the receive-time axis. */
export class RecordedBook {
  private readonly bids = new Map<string, Exact>();
  private readonly asks = new Map<string, Exact>();
  private next = 0;

  constructor(private readonly events: readonly RecordedEvent[]) {}

  /** Applies every depth event received before `timeUs` (an order arriving at `timeUs` sees the book as it was then). */
  advanceBefore(timeUs: number): void {
    while (this.next < this.events.length && (this.events[this.next] as RecordedEvent).timeUs < timeUs) {
      const e = this.events[this.next++] as RecordedEvent;
      if (e.kind !== 'depth') continue;
      if (e.snapshot) {
        this.bids.clear();
        this.asks.clear();
      }
      for (const [p, q] of e.bids) this.bids.set(p, q);
      for (const [p, q] of e.asks) this.asks.set(p, q);
    }
  }

  sizeAt(side: 'bid' | 'ask', price: string): Exact {
    return (side === 'bid' ? this.bids : this.asks).get(priceKey(price)) ?? new Exact(0);
  }
}

/** The index of the first event received at or after `timeUs` (events are in receive order). */
export function firstEventAtOrAfter(events: readonly RecordedEvent[], timeUs: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((events[mid] as RecordedEvent).timeUs < timeUs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
