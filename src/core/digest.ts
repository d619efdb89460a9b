// core/digest: a running SHA-256 over numbers, used to fingerprint what a replay derived (book states,
// trades, notices).
// Numbers are written as float64 into a reused buffer, so hashing costs no allocation per value.

import { createHash, type Hash } from 'node:crypto';

export class RunningDigest {
  private readonly hash: Hash = createHash('sha256');
  private readonly buffer = new Float64Array(32);
  private readonly bytes = new Uint8Array(this.buffer.buffer);
  private used = 0;

  /** Adds one number (integers and floats alike; NaN is hashed as NaN). */
  add(value: number): void {
    if (this.used === this.buffer.length) this.flush();
    this.buffer[this.used++] = value;
  }

  addString(text: string): void {
    this.flush();
    this.hash.update(text);
    this.add(text.length);
  }

  /** Hex digest of everything added. The digest can be read once. */
  hex(): string {
    this.flush();
    return this.hash.digest('hex');
  }

  private flush(): void {
    if (this.used === 0) return;
    this.hash.update(this.bytes.subarray(0, this.used * 8));
    this.used = 0;
  }
}
