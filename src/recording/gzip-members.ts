// recording/gzip-members: decompresses a gzip file member by member (RFC 1952: header, deflate data, CRC-32
// and length), so that damage loses only what follows it. zlib's own gunzip stream, on bytes that are not
// a member after a complete one (garbage appended), fails the whole chunk it was decoding and drops up to
// 256 kB of good data before the damage; here each member's deflate data goes through a raw inflate that
// stops at its end, and the next member is looked for where the trailer says.
// Owns gzip framing only; never throws for damaged content (a DamageSink hears of it and the output stops).

import type { FileHandle } from 'node:fs/promises';
import { constants, crc32, createInflateRaw } from 'node:zlib';

/** Called at most once, when the rest of the file cannot be decoded. */
export type DamageSink = (damage: GzipDamage) => void;

export interface GzipDamage {
  readonly kind: 'truncated' | 'corrupt';
  /** What is wrong and at which byte of the file. */
  readonly detail: string;
}

const READ_BYTES = 256 * 1024;
const CHUNK_BYTES = 256 * 1024;
const FLAG_HCRC = 0x02;
const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;
const FLAG_COMMENT = 0x10;
const FLAG_RESERVED = 0xe0;
/** A header longer than this (a huge file name or comment) is taken as damage. */
const MAX_HEADER_BYTES = 64 * 1024;

/** The decompressed bytes of every complete member of a gzip file, in order. */
export async function* gunzipMembers(handle: FileHandle, size: number, damaged: DamageSink): AsyncGenerator<Buffer> {
  let offset = 0;
  while (offset < size) {
    const head = await readAt(handle, offset, Math.min(MAX_HEADER_BYTES, size - offset));
    if (offset > 0 && head.every((byte) => byte === 0)) return; // zero padding after the last member, as gzip allows
    const header = headerLength(head);
    if (header === 'short') return damaged({ kind: 'truncated', detail: `the member at byte ${offset} ends inside its header` });
    if (header === 'bad') {
      return damaged({ kind: 'corrupt', detail: `${size - offset} bytes from byte ${offset} are not a gzip member${offset > 0 ? ', after the last complete one' : ''}` });
    }
    const data = offset + header;
    const member = { crc: 0, length: 0, consumed: 0, error: null as Error | null };
    for await (const chunk of inflateFrom(handle, data, size, member)) {
      member.crc = crc32(chunk, member.crc);
      member.length += chunk.length;
      yield chunk;
    }
    if (member.error !== null) {
      return damaged({ kind: 'corrupt', detail: `the member at byte ${offset}: ${member.error.message}` });
    }
    const trailerAt = data + member.consumed;
    if (trailerAt + 8 > size) return damaged({ kind: 'truncated', detail: `the member at byte ${offset} ends early` });
    const trailer = await readAt(handle, trailerAt, 8);
    if (trailer.readUInt32LE(0) !== member.crc >>> 0 || trailer.readUInt32LE(4) !== member.length % 2 ** 32) {
      return damaged({ kind: 'corrupt', detail: `the member at byte ${offset} fails its CRC-32 or length check` });
    }
    offset = trailerAt + 8;
  }
}

/**
 * The output of a raw inflate fed from `start`, until the deflate data ends (the bytes it took are then in
 * `state.consumed`) or the file does. An inflate error ends the output and is kept in `state.error`.
 */
async function* inflateFrom(
  handle: FileHandle,
  start: number,
  size: number,
  state: { consumed: number; error: Error | null },
): AsyncGenerator<Buffer> {
  // Z_SYNC_FLUSH at the end: a member cut off gives all it holds, not a "unexpected end of file" error.
  const inflate = createInflateRaw({ chunkSize: CHUNK_BYTES, finishFlush: constants.Z_SYNC_FLUSH });
  inflate.on('error', (error: Error) => {
    state.error ??= error;
  });
  // Feeds the file block by block, each only once the last is decoded, and stops as soon as the inflate
  // takes less than it was given: its deflate data ended inside that block.
  const feed = (async () => {
    let written = 0;
    for (let at = start; at < size; ) {
      const block = await readAt(handle, at, Math.min(READ_BYTES, size - at));
      if (inflate.destroyed) return;
      at += block.length;
      written += block.length;
      const accepted = await new Promise<boolean>((resolve) => {
        // Destroyed while its output waits for a reader (the consumer stopped): the write never completes.
        const closed = (): void => resolve(false);
        inflate.once('close', closed);
        inflate.write(block, (error) => {
          inflate.off('close', closed);
          resolve(error == null);
        });
      });
      if (!accepted || inflate.bytesWritten < written || inflate.readableEnded || inflate.destroyed) return;
    }
    inflate.end();
  })().catch((error: unknown) => {
    state.error ??= error instanceof Error ? error : new Error(String(error));
    inflate.destroy();
  });
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch {
    // The error is in state.error (the 'error' listener); the output simply stops here.
  } finally {
    state.consumed = inflate.bytesWritten;
    if (!inflate.destroyed) inflate.destroy();
    await feed;
  }
}

/** Bytes at `position` (fewer at the end of the file). */
async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The length of the gzip header at the start of `bytes`: 'short' if cut off, 'bad' if not a header. */
function headerLength(bytes: Buffer): number | 'short' | 'bad' {
  if (bytes.length >= 1 && bytes[0] !== 0x1f) return 'bad';
  if (bytes.length >= 2 && bytes[1] !== 0x8b) return 'bad';
  if (bytes.length >= 3 && bytes[2] !== 8) return 'bad'; // deflate, the only method
  if (bytes.length < 10) return 'short';
  const flags = bytes[3] as number;
  if ((flags & FLAG_RESERVED) !== 0) return 'bad';
  let at = 10;
  if ((flags & FLAG_EXTRA) !== 0) {
    if (at + 2 > bytes.length) return 'short';
    at += 2 + bytes.readUInt16LE(at);
  }
  for (const flag of [FLAG_NAME, FLAG_COMMENT]) {
    if ((flags & flag) === 0) continue;
    const zero = bytes.indexOf(0, at);
    if (zero < 0) return bytes.length < MAX_HEADER_BYTES ? 'short' : 'bad';
    at = zero + 1;
  }
  if ((flags & FLAG_HCRC) !== 0) at += 2;
  if (at > bytes.length) return bytes.length < MAX_HEADER_BYTES ? 'short' : 'bad';
  return at;
}
