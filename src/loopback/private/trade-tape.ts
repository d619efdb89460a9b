// loopback/private/trade-tape: the public trades the private side has seen, per symbol, kept for the
// percent-price filters' average (the VWAP of the last avgPriceMins minutes of market time), and the
// reading of a trade / aggTrade payload (price and quantity as exact decimals).

import { Decimal } from 'decimal.js';

interface Window {
  readonly trades: { timeMs: number; pq: Decimal; q: Decimal }[];
  pq: Decimal;
  q: Decimal;
}

const PLAIN_DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

export class TradeTape {
  private readonly windows = new Map<string, Window>();

  /** `windowMs` per symbol: how far back the average looks (default 5 minutes). */
  constructor(private readonly windowMs: ReadonlyMap<string, number>) {}

  remember(symbol: string, price: Decimal, qty: Decimal, timeMs: number): void {
    let window = this.windows.get(symbol);
    if (window === undefined) {
      window = { trades: [], pq: new Decimal(0), q: new Decimal(0) };
      this.windows.set(symbol, window);
    }
    const pq = price.times(qty);
    window.trades.push({ timeMs, pq, q: qty });
    window.pq = window.pq.plus(pq);
    window.q = window.q.plus(qty);
    const horizon = timeMs - (this.windowMs.get(symbol) ?? 300_000);
    let drop = 0;
    while (drop < window.trades.length - 1 && (window.trades[drop] as { timeMs: number }).timeMs < horizon) drop++;
    for (const old of window.trades.splice(0, drop)) {
      window.pq = window.pq.minus(old.pq);
      window.q = window.q.minus(old.q);
    }
  }

  /** The VWAP of the window, or null before any trade. */
  vwap(symbol: string): Decimal | null {
    const window = this.windows.get(symbol);
    return window !== undefined && window.q.greaterThan(0) ? window.pq.dividedBy(window.q) : null;
  }
}

/** Price and quantity of a trade or aggTrade payload (combined-stream envelope or bare), or null. */
export function readTrade(payload: string): { price: Decimal; qty: Decimal } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload) as unknown;
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const envelope = parsed as Record<string, unknown>;
  const inner = envelope['data'];
  const data = (typeof inner === 'object' && inner !== null ? inner : envelope) as Record<string, unknown>;
  const p = data['p'];
  const q = data['q'];
  if (typeof p !== 'string' || typeof q !== 'string' || !PLAIN_DECIMAL.test(p) || !PLAIN_DECIMAL.test(q)) return null;
  return { price: new Decimal(p), qty: new Decimal(q) };
}
