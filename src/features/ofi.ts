// features/ofi: order-flow imbalance. Event OFI at the touch exactly as Cont, Kukanov & Stoikov (2014),
// with weak inequalities (strict ones drop every size change at an unchanged price — a known bug), and the
// multi-level OFI vector of Xu, Gould & Howison (2019) / Kolm, Turiel & Westray (2023), by level rank.
// Sizes in integer lots, so sums are exact.

export interface Quotes {
  readonly bidTicks: number;
  readonly bidLots: number;
  readonly askTicks: number;
  readonly askLots: number;
}

/**
 * e = qb·1{Pb ≥ Pb'} − qb'·1{Pb ≤ Pb'} − qa·1{Pa ≤ Pa'} + qa'·1{Pa ≥ Pa'}   (primes: previous quotes)
 */
export function touchOfi(prev: Quotes, cur: Quotes): number {
  let e = 0;
  if (cur.bidTicks >= prev.bidTicks) e += cur.bidLots;
  if (cur.bidTicks <= prev.bidTicks) e -= prev.bidLots;
  if (cur.askTicks <= prev.askTicks) e -= cur.askLots;
  if (cur.askTicks >= prev.askTicks) e += prev.askLots;
  return e;
}

/**
 * Per level rank i (0-based), bid flow: size now if the level's price rose, the size change if unchanged,
 * minus the old size if it fell; ask flow mirrored; OFI_i = bidFlow_i − askFlow_i. Levels are flat
 * [ticks, lots, ...] best first; a level missing on either side counts as absent (size 0 at no price:
 * only the side that exists contributes its own size change).
 */
export function multiLevelOfi(prevBids: readonly number[], curBids: readonly number[], prevAsks: readonly number[], curAsks: readonly number[], levels: number, out: number[]): void {
  for (let i = 0; i < levels; i++) {
    out[i] = sideFlow(prevBids, curBids, i, 1) - sideFlow(prevAsks, curAsks, i, -1);
  }
}

/** direction 1 for bids (higher is better), −1 for asks (lower is better). */
function sideFlow(prev: readonly number[], cur: readonly number[], i: number, direction: number): number {
  const hasPrev = 2 * i + 1 < prev.length;
  const hasCur = 2 * i + 1 < cur.length;
  if (!hasPrev && !hasCur) return 0;
  if (!hasPrev) return cur[2 * i + 1] as number;
  if (!hasCur) return -(prev[2 * i + 1] as number);
  const p0 = prev[2 * i] as number;
  const p1 = cur[2 * i] as number;
  const q0 = prev[2 * i + 1] as number;
  const q1 = cur[2 * i + 1] as number;
  const better = (p1 - p0) * direction;
  if (better > 0) return q1;
  if (better < 0) return -q0;
  return q1 - q0;
}
