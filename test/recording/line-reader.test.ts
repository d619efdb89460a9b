import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/index.js';
import { probeFile, readHeadLines, readLineBatches } from '../../src/recording/index.js';
import { SPOT_0808, fixtureLines, fixtureText, readBack, tempDir } from './support.js';

/** The whole lines a gzip prefix decompresses to: what a reader can recover from it at best. */
function wholeLinesDecodableFrom(gzipPrefix: Buffer): number {
  const text = gunzipSync(gzipPrefix, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
  return text.split('\n').length - 1;
}

async function expectInputError(promise: Promise<unknown>, file: string, reason: string): Promise<void> {
  const error: unknown = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).message).toBe(`${file}: ${reason}`);
  expect((error as InputError).path).toBe(file);
}

describe('readLineBatches on intact files', () => {
  it('gives the same lines for a gzip fixture and its gunzipped plain copy', async () => {
    const plain = path.join(tempDir(), 'spot.txt');
    writeFileSync(plain, fixtureText(SPOT_0808));

    const fromGzip = await readBack(SPOT_0808);
    const fromPlain = await readBack(plain);

    expect(fromGzip.lines).toHaveLength(41_249);
    expect(fromPlain.lines).toEqual(fromGzip.lines);
    expect(fromGzip.lines).toEqual(fixtureLines(SPOT_0808));
    expect(fromGzip.warnings).toEqual([]);
    expect(fromPlain.warnings).toEqual([]);
    // Both files are far larger than one read chunk, so lines were carried across chunk boundaries.
    expect(fromGzip.batches.length).toBeGreaterThan(1);
    expect(fromPlain.batches.length).toBeGreaterThan(1);
    expect([...fromGzip.batches, ...fromPlain.batches].every((b) => !b.endsWithoutNewline)).toBe(true);
  });

  it('gives the same lines for a plain file made of the first lines of a fixture and its gzip copy', async () => {
    const dir = tempDir();
    const head = fixtureLines(SPOT_0808).slice(0, 120);
    const text = `${head.join('\n')}\n`;
    writeFileSync(path.join(dir, 'head.txt'), text);
    writeFileSync(path.join(dir, 'head.txt.gz'), gzipSync(text));

    const plain = await readBack(path.join(dir, 'head.txt'));
    const gzip = await readBack(path.join(dir, 'head.txt.gz'));

    expect(plain.lines).toEqual(head);
    expect(gzip.lines).toEqual(head);
  });

  it('reads every member of a file made of two gzip streams one after the other', async () => {
    const file = path.join(tempDir(), 'two-members.gz');
    const lines = fixtureLines(SPOT_0808).slice(0, 40);
    writeFileSync(
      file,
      Buffer.concat([gzipSync(`${lines.slice(0, 25).join('\n')}\n`), gzipSync(`${lines.slice(25).join('\n')}\n`)]),
    );

    const read = await readBack(file);

    expect(read.lines).toEqual(lines);
    expect(read.warnings).toEqual([]);
  });

  it('keeps multi-byte characters whole when they straddle a read chunk boundary', async () => {
    const dir = tempDir();
    // Both readers decode 256 KiB chunks: put three-byte characters across the first boundary.
    const ascii = fixtureText(SPOT_0808).slice(0, 600_000);
    const text = `${ascii.slice(0, 256 * 1024 - 2)}€€€${ascii.slice(256 * 1024 - 2)}\n`;
    const expected = text.split('\n').slice(0, -1);
    writeFileSync(path.join(dir, 'euro.txt'), text);
    writeFileSync(path.join(dir, 'euro.txt.gz'), gzipSync(text));

    const plain = await readBack(path.join(dir, 'euro.txt'));
    const gzip = await readBack(path.join(dir, 'euro.txt.gz'));

    expect(plain.lines).toEqual(expected);
    expect(gzip.lines).toEqual(expected);
    expect(plain.lines.some((line) => line.includes('€€€'))).toBe(true);
    expect(plain.lines.some((line) => line.includes('\uFFFD'))).toBe(false);
  });

  it('marks only the last batch of a plain file that ends without a final newline', async () => {
    const dir = tempDir();
    const head = fixtureLines(SPOT_0808).slice(0, 50);
    writeFileSync(path.join(dir, 'no-newline.txt'), head.join('\n'));
    writeFileSync(path.join(dir, 'newline.txt'), `${head.join('\n')}\n`);

    const open = await readBack(path.join(dir, 'no-newline.txt'));
    const closed = await readBack(path.join(dir, 'newline.txt'));

    expect(open.lines).toEqual(head);
    expect(open.batches.at(-1)?.endsWithoutNewline).toBe(true);
    expect(open.batches.at(-1)?.lines.at(-1)).toBe(head.at(-1));
    expect(open.batches.slice(0, -1).every((b) => !b.endsWithoutNewline)).toBe(true);
    expect(open.warnings).toEqual([]);
    expect(closed.lines).toEqual(head);
    expect(closed.batches.every((b) => !b.endsWithoutNewline)).toBe(true);
  });

  it('strips CRLF line endings, in plain and gzip files, including on a last line without a newline', async () => {
    const dir = tempDir();
    const head = fixtureLines(SPOT_0808).slice(0, 200);
    const crlf = `${head.join('\r\n')}\r\n`;
    writeFileSync(path.join(dir, 'crlf.txt'), crlf);
    writeFileSync(path.join(dir, 'crlf.txt.gz'), gzipSync(crlf));
    writeFileSync(path.join(dir, 'crlf-open.txt'), `${head.join('\r\n')}\r`);

    for (const name of ['crlf.txt', 'crlf.txt.gz', 'crlf-open.txt']) {
      const read = await readBack(path.join(dir, name));
      expect(read.lines, name).toEqual(head);
      expect(read.lines.some((line) => line.includes('\r')), name).toBe(false);
    }
  });
});

describe('readLineBatches on damaged gzip files', () => {
  it.each([0.6, 0.2, 0.97])(
    'yields exactly the whole lines before a cut at %s of the bytes, with one "truncated" warning naming the last line kept',
    async (fraction) => {
      const intactBytes = readFileSync(SPOT_0808);
      const cutAt = Math.floor(intactBytes.length * fraction);
      const file = path.join(tempDir(), 'cut.gz');
      writeFileSync(file, intactBytes.subarray(0, cutAt));
      const recoverable = wholeLinesDecodableFrom(intactBytes.subarray(0, cutAt));
      const intact = fixtureLines(SPOT_0808);

      const read = await readBack(file);

      expect(recoverable).toBeGreaterThan(0);
      expect(recoverable).toBeLessThan(intact.length);
      expect(read.lines).toEqual(intact.slice(0, recoverable));
      const truncated = read.warnings.filter((w) => w.includes('truncated'));
      expect(truncated).toHaveLength(1);
      expect(truncated[0]).toMatch(new RegExp(`^${escape(file)}: gzip stream is truncated after line ${recoverable} \\(.+\\); replayed up to the last whole line$`));
      expect(read.warnings.every((w) => w.startsWith(`${file}: `))).toBe(true);
      expect(read.batches.every((b) => !b.endsWithoutNewline)).toBe(true);
    },
  );

  it('yields nothing and warns for a gzip file cut off inside its first line', async () => {
    const file = path.join(tempDir(), 'header-only.gz');
    writeFileSync(file, readFileSync(SPOT_0808).subarray(0, 40));

    const read = await readBack(file);

    expect(read.lines).toEqual([]);
    expect(read.warnings.filter((w) => w.includes('truncated after line 0'))).toHaveLength(1);
  });

  const corruptions: [string, (bytes: Buffer, at: number) => void][] = [
    ['one byte flipped', (bytes, at) => void (bytes[at] = (bytes[at] as number) ^ 0xff)],
    ['16 bytes scrambled', (bytes, at) => bytes.set(bytes.subarray(at, at + 16).map((b) => b ^ 0xa5), at)],
    ['512 bytes zeroed', (bytes, at) => void bytes.fill(0, at, at + 512)],
  ];
  describe.each([0.5, 0.8])('with damage at %s of the bytes', (fraction) => {
    it.each(corruptions)('yields the lines before the damage and a "corrupt" warning naming the last line kept (%s)', async (_name, damage) => {
      const intactBytes = readFileSync(SPOT_0808);
      const at = Math.floor(intactBytes.length * fraction);
      const bytes = Buffer.from(intactBytes);
      damage(bytes, at);
      const file = path.join(tempDir(), 'damaged.gz');
      writeFileSync(file, bytes);
      const beforeDamage = wholeLinesDecodableFrom(intactBytes.subarray(0, at));

      const read = await readBack(file);

      expect(beforeDamage).toBeGreaterThan(0);
      expect(read.lines.length).toBeGreaterThanOrEqual(beforeDamage);
      expect(read.lines.slice(0, beforeDamage)).toEqual(fixtureLines(SPOT_0808).slice(0, beforeDamage));
      expect(read.warnings.filter((w) => w.includes('corrupt'))).toHaveLength(1);
      expect(read.warnings[0]).toMatch(new RegExp(`^${escape(file)}: gzip stream is corrupt after line ${read.lines.length} \\(.+\\); replayed up to the last whole line$`));
    });
  });
});

describe('readLineBatches on gzip files with bytes after the last member', () => {
  /** Not gzip: does not start with the gzip magic bytes, and is not all zeros. */
  const GARBAGE = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 131 + 7) % 251 || 1));

  it('yields every line of the member before garbage appended, then one "corrupt" warning saying where', async () => {
    const intact = readFileSync(SPOT_0808);
    const file = path.join(tempDir(), 'garbage-appended.gz');
    writeFileSync(file, Buffer.concat([intact, GARBAGE]));

    const read = await readBack(file);

    expect(read.lines).toHaveLength(41_249);
    expect(read.lines).toEqual(fixtureLines(SPOT_0808));
    expect(read.warnings).toEqual([
      `${file}: gzip stream is corrupt after line 41249 (3000 bytes from byte ${intact.length} are not a gzip member, after the last complete one); replayed up to the last whole line`,
    ]);
  });

  it('yields every line of two members when garbage follows the second', async () => {
    const lines = fixtureLines(SPOT_0808).slice(0, 3000);
    const file = path.join(tempDir(), 'two-members-garbage.gz');
    writeFileSync(file, Buffer.concat([gzipSync(`${lines.slice(0, 1000).join('\n')}\n`), gzipSync(`${lines.slice(1000).join('\n')}\n`), GARBAGE]));

    const read = await readBack(file);

    expect(read.lines).toEqual(lines);
    expect(read.warnings.filter((w) => w.includes('corrupt'))).toHaveLength(1);
  });

  it('takes zero bytes after the last member as padding, without a warning', async () => {
    const file = path.join(tempDir(), 'padded.gz');
    writeFileSync(file, Buffer.concat([readFileSync(SPOT_0808), Buffer.alloc(512)]));

    const read = await readBack(file);

    expect(read.lines).toEqual(fixtureLines(SPOT_0808));
    expect(read.warnings).toEqual([]);
  });

  it('warns once, as corrupt, for a member whose CRC-32 does not match its data', async () => {
    const bytes = Buffer.from(readFileSync(SPOT_0808));
    bytes[bytes.length - 8] = (bytes[bytes.length - 8] as number) ^ 0x01; // the trailer's CRC-32
    const file = path.join(tempDir(), 'bad-crc.gz');
    writeFileSync(file, bytes);

    const read = await readBack(file);

    expect(read.warnings).toHaveLength(1);
    expect(read.warnings[0]).toContain('fails its CRC-32 or length check');
  });
});

describe('readLineBatches stopped early', () => {
  it.each([1, 5, 20])('releases the file when the reader stops after %s batches of a gzip file', async (batches) => {
    let seen = 0;
    for await (const batch of readLineBatches(SPOT_0808, () => undefined)) {
      expect(batch.lines.length).toBeGreaterThan(0);
      if (++seen < batches) continue;
      // Let the decoder run ahead until its output waits for a reader, then stop: return() must finish.
      for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
      break;
    }
    expect(seen).toBe(batches);
  }, 10_000);
});

describe('readHeadLines', () => {
  it('returns the first lines of a gzip fixture and stops there', async () => {
    expect(await readHeadLines(SPOT_0808, 3)).toEqual(fixtureLines(SPOT_0808).slice(0, 3));
    expect(await readHeadLines(SPOT_0808, 1)).toEqual(fixtureLines(SPOT_0808).slice(0, 1));
  });

  it('returns every line of a file shorter than asked for', async () => {
    const file = path.join(tempDir(), 'short.txt');
    const head = fixtureLines(SPOT_0808).slice(0, 4);
    writeFileSync(file, `${head.join('\n')}\n`);

    expect(await readHeadLines(file, 100)).toEqual(head);
  });

  it('tolerates a truncated gzip file and returns what it could read', async () => {
    const file = path.join(tempDir(), 'cut.gz');
    writeFileSync(file, readFileSync(SPOT_0808).subarray(0, 5000));

    const lines = await readHeadLines(file, 1_000_000);

    expect(lines.length).toBeGreaterThan(0);
    expect(lines).toEqual(fixtureLines(SPOT_0808).slice(0, lines.length));
  });
});

describe('probeFile', () => {
  it('tells a gzip fixture from a plain file and reports the size in bytes', async () => {
    const plain = path.join(tempDir(), 'plain.txt');
    writeFileSync(plain, `${fixtureLines(SPOT_0808)[0] as string}\n`);

    expect(await probeFile(SPOT_0808)).toEqual({ gzip: true, bytes: statSync(SPOT_0808).size });
    expect(await probeFile(plain)).toEqual({ gzip: false, bytes: statSync(plain).size });
  });

  it('treats a one-byte file as plain text', async () => {
    const file = path.join(tempDir(), 'one');
    writeFileSync(file, '\x1f');

    expect(await probeFile(file)).toEqual({ gzip: false, bytes: 1 });
  });
});

describe('unreadable inputs', () => {
  const cases: [string, (dir: string) => string, string][] = [
    ['a missing file', (dir) => path.join(dir, 'missing.gz'), 'no such file'],
    [
      'a directory',
      (dir) => {
        const sub = path.join(dir, 'a-directory.gz');
        mkdirSync(sub);
        return sub;
      },
      'not a regular file',
    ],
    [
      'an empty file',
      (dir) => {
        const file = path.join(dir, 'empty.gz');
        writeFileSync(file, '');
        return file;
      },
      'file is empty',
    ],
  ];

  it.each(cases)('%s is an InputError naming the path, from probeFile, readLineBatches and readHeadLines', async (_name, make, reason) => {
    const file = make(tempDir());

    await expectInputError(probeFile(file), file, reason);
    await expectInputError(readLineBatches(file, () => undefined).next(), file, reason);
    await expectInputError(readHeadLines(file, 5), file, reason);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
