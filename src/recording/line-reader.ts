// recording/line-reader: reads a text file, gzip or plain (told apart by the gzip magic bytes), as batches
// of whole lines. A file cut off mid-gzip or mid-line (a crash), or with bytes after its last gzip member,
// yields every whole line before the damage and a warning saying after which line the damage is; only a
// missing or unreadable file is an error.

import { createReadStream, type ReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../core/index.js';
import { gunzipMembers, type GzipDamage } from './gzip-members.js';

export interface LineBatch {
  readonly lines: string[];
  /**
   * Set on the last batch when the input ended without a final newline: the last element of `lines` may
   * be a line cut off mid-way. The format reader decides (a line that parses is kept).
   */
  readonly endsWithoutNewline: boolean;
}

export type WarningSink = (message: string) => void;

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Checks the file exists, is a non-empty regular file, and tells whether it is gzip. */
export async function probeFile(path: string): Promise<{ gzip: boolean; bytes: number }> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new InputError(`${path}: not a regular file`, path);
    size = info.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new InputError(`${path}: ${reason}`, path);
  }
  if (size === 0) throw new InputError(`${path}: file is empty`, path);
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    return { gzip: size >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1, bytes: size };
  } finally {
    await handle.close();
  }
}

/**
 * Yields the file's lines in batches (one batch per decoded chunk). Never throws for damaged content: every
 * whole line of every complete gzip member before the damage is yielded, then a warning says where it is.
 */
export async function* readLineBatches(path: string, warn: WarningSink): AsyncGenerator<LineBatch> {
  const { gzip, bytes } = await probeFile(path);
  let damage: GzipDamage | null = null;
  let handle: FileHandle | null = null;
  let chunks: AsyncIterable<Buffer>;
  let plain: ReadStream | null = null;
  if (gzip) {
    handle = await open(path, 'r');
    chunks = gunzipMembers(handle, bytes, (found) => {
      damage = found;
    });
  } else {
    plain = createReadStream(path, { highWaterMark: 256 * 1024 });
    chunks = plain;
  }
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let wholeLines = 0;
  try {
    for await (const chunk of chunks) {
      // The carried partial line joins only the chunk's first line (not the whole chunk: no 256 kB copy).
      const lines = decoder.write(chunk).split('\n');
      lines[0] = carry + (lines[0] as string);
      carry = lines.pop() as string;
      wholeLines += lines.length;
      if (lines.length > 0) yield { lines: stripCarriageReturns(lines), endsWithoutNewline: false };
    }
  } catch (error) {
    damage = { kind: 'corrupt', detail: `reading failed: ${(error as Error).message}` };
  } finally {
    plain?.destroy();
    await handle?.close();
  }
  const found = damage as GzipDamage | null;
  if (found !== null) warn(`${path}: ${gzip ? 'gzip stream' : 'file'} is ${found.kind} after line ${wholeLines} (${found.detail}); replayed up to the last whole line`);
  carry += decoder.end();
  if (carry.length === 0) return;
  if (found !== null) {
    warn(`${path}: dropped a line cut off by the damage (${carry.length} bytes)`);
    return;
  }
  yield { lines: stripCarriageReturns([carry]), endsWithoutNewline: true };
}

function stripCarriageReturns(lines: string[]): string[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
  }
  return lines;
}

/** The first `maxLines` lines of a file (for format detection and inference), damage tolerated. */
export async function readHeadLines(path: string, maxLines: number): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of readLineBatches(path, () => undefined)) {
    for (const line of batch.lines) {
      out.push(line);
      if (out.length >= maxLines) return out;
    }
  }
  return out;
}
