// book/fingerprint: an order-independent 64-bit fingerprint of a set of (price, qty) levels, kept up to
// date in O(1) per level change (add the new level's hash, subtract the old one's). Two books with the same
// levels have the same fingerprint whatever the history; it feeds the replay digest.

const TWO_32 = 4294967296;

function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const PRICE_HIGH_0_BID = mix32(0x9e3779b9);
const PRICE_HIGH_0_ASK = mix32(0x9e3779b9 * 2);
const QTY_HIGH_0 = mix32(0x7f4a7c15);

/** The price half of a level's hash. */
function priceHash(side: number, ticks: number): number {
  // Below 2^32 (every real price in ticks) the high word is 0 and its mix a constant per side.
  const high = ticks < TWO_32 && ticks >= 0 ? (side === 0 ? PRICE_HIGH_0_BID : PRICE_HIGH_0_ASK) : mix32((Math.floor(ticks / TWO_32) >>> 0) + 0x9e3779b9 * (side + 1));
  return mix32((ticks >>> 0) ^ high);
}

/** The quantity half of a level's hash. */
function qtyHash(lots: number): number {
  const high = lots < TWO_32 && lots >= 0 ? QTY_HIGH_0 : mix32((Math.floor(lots / TWO_32) >>> 0) ^ 0x7f4a7c15);
  return mix32((lots >>> 0) ^ high);
}

/** Two independent 32-bit hashes of a level; side is 0 (bid) or 1 (ask). */
export function levelHash(side: number, ticks: number, lots: number, out: Uint32Array): void {
  combine(priceHash(side, ticks), qtyHash(lots), out);
}

function combine(a: number, b: number, out: Uint32Array): void {
  out[0] = mix32(a ^ Math.imul(b, 0x27d4eb2d));
  out[1] = mix32(b + Math.imul(a ^ 0x165667b1, 0x9e3779b1));
}

export class BookFingerprint {
  private lo = 0;
  private hi = 0;
  private readonly scratch = new Uint32Array(2);

  add(side: number, ticks: number, lots: number): void {
    levelHash(side, ticks, lots, this.scratch);
    this.lo = (this.lo + (this.scratch[0] as number)) >>> 0;
    this.hi = (this.hi + (this.scratch[1] as number)) >>> 0;
  }

  /** remove(side, ticks, from) then add(side, ticks, to), hashing the price once. */
  change(side: number, ticks: number, from: number, to: number): void {
    const a = priceHash(side, ticks);
    const scratch = this.scratch;
    combine(a, qtyHash(from), scratch);
    let lo = this.lo - (scratch[0] as number);
    let hi = this.hi - (scratch[1] as number);
    combine(a, qtyHash(to), scratch);
    lo += scratch[0] as number;
    hi += scratch[1] as number;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  remove(side: number, ticks: number, lots: number): void {
    levelHash(side, ticks, lots, this.scratch);
    this.lo = (this.lo - (this.scratch[0] as number)) >>> 0;
    this.hi = (this.hi - (this.scratch[1] as number)) >>> 0;
  }

  get low(): number {
    return this.lo;
  }

  get high(): number {
    return this.hi;
  }

  reset(): void {
    this.lo = 0;
    this.hi = 0;
  }
}
