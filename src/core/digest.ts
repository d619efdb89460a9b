// core/digest: running SHA-256 digests. RunningDigest fingerprints what a replay derived (book states, trades,
// notices) from numbers, written as float64 into a reused buffer so hashing costs no allocation per value.
// LineDigest fingerprints text lines (the trading journal's).

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

/**
 * A running SHA-256 over text lines, each hashed as its UTF-8 bytes followed by "\n": the digest of lines
 * a, b is the SHA-256 of the text "a\nb\n" (so `sha256sum` of those lines written to a file agrees).
 * Unlike RunningDigest it can be read at any point and goes on.
 */
export class LineDigest {
  private readonly hash: Hash = createHash('sha256');

  add(line: string): void {
    this.hash.update(line);
    this.hash.update('\n');
  }

  /** Hex digest of the lines added so far. */
  hex(): string {
    return this.hash.copy().digest('hex');
  }
}
