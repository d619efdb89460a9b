import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RawMessage } from '../../src/model/index.js';
import {
  FORMAT_NAME,
  FORMAT_VERSION,
  RecordingWriteError,
  RecordingWriter,
  decodeHeader,
  detectFormat,
  encodeMessage,
  readFlowdeskRecording,
  type RecordingHeader,
  type RecordingWriterOptions,
} from '../../src/recording/index.js';
import { exchangeInfoBody } from '../../src/loopback/exchange-info.js';
import { parseExchangeInfo } from '../../src/venue/index.js';
import { replayFiles } from '../support/fixtures.js';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk.js';
import { SPOT_0808, collect, fixtureMessages, readBack, tempDir } from './support.js';

const US_PER_HOUR = 3_600_000_000;

const INSTRUMENTS = [
  { product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00000001', source: 'exchangeInfo' },
] as const;

function options(dir: string, overrides: Partial<RecordingWriterOptions> = {}): RecordingWriterOptions {
  return {
    dir,
    product: 'spot',
    symbols: ['BTCUSDT'],
    instruments: INSTRUMENTS,
    tool: 'flowdesk test',
    origin: 'live',
    maxFileBytes: 1e12,
    rotateHourly: true,
    ...overrides,
  };
}

/** Writes every message, waiting whenever the writer asks to; returns how many writes asked. */
async function writeAll(writer: RecordingWriter, messages: readonly RawMessage[]): Promise<number> {
  let waits = 0;
  for (const raw of messages) {
    const pending = writer.write(raw);
    if (pending !== undefined) {
      waits++;
      await pending;
    }
  }
  return waits;
}

interface FileContent {
  readonly header: RecordingHeader;
  readonly messages: RawMessage[];
  readonly bodyBytes: number[];
}

/** Reads a finished recording file back through the public readers, checking it is clean. */
async function readRecording(file: string): Promise<FileContent> {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  expect(lines.pop()).toBe(''); // ends with a newline
  const detected = await detectFormat(file);
  expect(detected.format).toBe('flowdesk');
  const header = detected.header as RecordingHeader;
  expect(decodeHeader(lines[0] as string)).toEqual(header);
  const warnings: string[] = [];
  const stats = { lines: 0, skippedLines: 0 };
  const messages = await collect(readFlowdeskRecording(file, header, (w) => warnings.push(w), stats));
  expect(warnings).toEqual([]);
  expect(stats).toEqual({ lines: lines.length - 1, skippedLines: 0 });
  return { header, messages, bodyBytes: lines.slice(1).map((line) => Buffer.byteLength(`${line}\n`)) };
}

/** Fixture messages re-timed to run evenly from `startUs` over `spanUs`. */
function spread(messages: readonly RawMessage[], startUs: number, spanUs: number): RawMessage[] {
  return messages.map((raw, i) => ({ ...raw, receiveTimeUs: startUs + Math.floor((i * spanUs) / messages.length) }));
}

async function rejection(action: () => Promise<void> | void): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to fail');
}

describe('RecordingWriter', () => {
  it('writes a header line, then one line per message, to a gzip file that reads back to the same messages', async () => {
    const dir = path.join(tempDir(), 'out');
    const messages = fixtureMessages(SPOT_0808, 2000);
    const writer = new RecordingWriter(options(dir));

    await writeAll(writer, messages);
    await writer.close();

    expect(writer.files).toEqual([path.join(dir, 'spot_btcusdt_20240808T235413Z_0000.fdr.gz')]);
    expect(readdirSync(dir)).toEqual(['spot_btcusdt_20240808T235413Z_0000.fdr.gz']);
    const content = await readRecording(writer.files[0] as string);
    expect(content.header).toEqual({
      format: FORMAT_NAME,
      formatVersion: FORMAT_VERSION,
      product: 'spot',
      symbols: ['BTCUSDT'],
      tool: 'flowdesk test',
      instruments: INSTRUMENTS,
      part: 0,
      firstSeq: 0,
      openedAtUs: messages[0]?.receiveTimeUs,
      origin: 'live',
    });
    expect(content.messages).toEqual(messages);
    const text = gunzipSync(readFileSync(writer.files[0] as string)).toString('utf8');
    expect(text.split('\n').slice(1, -1)).toEqual(messages.map(encodeMessage));
  });

  it('opens no file and resolves close() when nothing was written', async () => {
    const dir = path.join(tempDir(), 'never');
    const writer = new RecordingWriter(options(dir));

    await writer.close();

    expect(writer.files).toEqual([]);
  });

  it('rotates when the UTC hour of the receive time changes, losing and repeating nothing', async () => {
    const dir = tempDir();
    const hour = Math.floor((fixtureMessages(SPOT_0808, 1)[0] as RawMessage).receiveTimeUs / US_PER_HOUR) * US_PER_HOUR;
    // 23:30 to 02:00 UTC: three clock hours, the first message of each hour opening a file.
    const messages = spread(fixtureMessages(SPOT_0808, 3000), hour + US_PER_HOUR / 2, (5 * US_PER_HOUR) / 2);
    const writer = new RecordingWriter(options(dir, { rotateHourly: true }));

    await writeAll(writer, messages);
    await writer.close();

    expect(writer.files.map((f) => path.basename(f))).toEqual([
      'spot_btcusdt_20240808T233000Z_0000.fdr.gz',
      'spot_btcusdt_20240809T000000Z_0001.fdr.gz',
      'spot_btcusdt_20240809T010000Z_0002.fdr.gz',
    ]);
    const contents = await Promise.all(writer.files.map(readRecording));
    const hours = contents.map((c) => new Set(c.messages.map((m) => Math.floor(m.receiveTimeUs / US_PER_HOUR))));
    expect(hours.map((h) => h.size)).toEqual([1, 1, 1]);
    expect(contents.map((c) => c.header.part)).toEqual([0, 1, 2]);
    for (const c of contents) {
      expect(c.header.firstSeq).toBe(c.messages[0]?.seq);
      expect(c.header.openedAtUs).toBe(c.messages[0]?.receiveTimeUs);
    }
    expect(contents.flatMap((c) => c.messages)).toEqual(messages);
  });

  it('notes the clock anchor asked as each file opens in its header, which replays leave out of the digest', async () => {
    const hour = Math.floor((fixtureMessages(SPOT_0808, 1)[0] as RawMessage).receiveTimeUs / US_PER_HOUR) * US_PER_HOUR;
    const messages = spread(fixtureMessages(SPOT_0808, 3000), hour + US_PER_HOUR / 2, US_PER_HOUR);
    const offsets = [1500, -250];
    let asked = 0;
    const anchored = new RecordingWriter(options(path.join(tempDir(), 'anchored'), { clockAnchor: () => ({ source: 'test clock', utcOffsetUs: offsets[asked++] as number }) }));
    await writeAll(anchored, messages);
    await anchored.close();
    const plain = new RecordingWriter(options(path.join(tempDir(), 'plain')));
    await writeAll(plain, messages);
    await plain.close();

    expect(anchored.files).toHaveLength(2); // rotated on the hour: one anchor per file
    const headers = (await Promise.all(anchored.files.map(readRecording))).map((c) => c.header);
    expect(headers.map((h) => h.clock)).toEqual([
      { source: 'test clock', utcOffsetUs: 1500 },
      { source: 'test clock', utcOffsetUs: -250 },
    ]);
    expect((await readRecording(plain.files[0] as string)).header.clock).toBeUndefined();
    const [a, b] = await Promise.all([replayFiles(anchored.files), replayFiles(plain.files)]);
    expect(a.report.events).toBe(messages.length);
    expect(a.report.digest).toBe(b.report.digest);
  });

  it('writes the order rules it is given into every file header; a replay hands them on and leaves them out of the digest', async () => {
    const hour = Math.floor((fixtureMessages(SPOT_0808, 1)[0] as RawMessage).receiveTimeUs / US_PER_HOUR) * US_PER_HOUR;
    const messages = spread(fixtureMessages(SPOT_0808, 3000), hour + US_PER_HOUR / 2, US_PER_HOUR);
    const info = JSON.stringify(exchangeInfoBody('spot', [{ symbol: 'BTCUSDT', tickSize: '0.01', stepSize: '0.00001', legacyFilters: true }], 1));
    const rules = [...parseExchangeInfo(info, 'spot').values()];
    const withRules = new RecordingWriter(options(path.join(tempDir(), 'rules'), { rules }));
    await writeAll(withRules, messages);
    await withRules.close();
    const plain = new RecordingWriter(options(path.join(tempDir(), 'plain')));
    await writeAll(plain, messages);
    await plain.close();

    expect(withRules.files).toHaveLength(2);
    for (const file of withRules.files) expect((await readRecording(file)).header.rules).toEqual(rules);
    expect((await readRecording(plain.files[0] as string)).header).not.toHaveProperty('rules');
    const [a, b] = await Promise.all([replayFiles(withRules.files), replayFiles(plain.files)]);
    expect(a.replay.rulesOf('spot', 'BTCUSDT')).toEqual(rules[0]);
    expect(a.replay.rulesOf('usdm', 'BTCUSDT')).toBeUndefined();
    expect(b.replay.rulesOf('spot', 'BTCUSDT')).toBeUndefined();
    expect(a.report.events).toBe(messages.length);
    expect(a.report.digest).toBe(b.report.digest);
  });

  it('does not rotate on the hour when hourly rotation is off', async () => {
    const dir = tempDir();
    const hour = Math.floor((fixtureMessages(SPOT_0808, 1)[0] as RawMessage).receiveTimeUs / US_PER_HOUR) * US_PER_HOUR;
    const messages = spread(fixtureMessages(SPOT_0808, 600), hour, 3 * US_PER_HOUR);
    const writer = new RecordingWriter(options(dir, { rotateHourly: false }));

    await writeAll(writer, messages);
    await writer.close();

    expect(writer.files).toHaveLength(1);
    expect((await readRecording(writer.files[0] as string)).messages).toEqual(messages);
  });

  it('rotates by size once a file passes maxFileBytes, losing and repeating nothing', async () => {
    const dir = tempDir();
    const maxFileBytes = 40_000;
    const messages = fixtureMessages(SPOT_0808, 4000);
    const writer = new RecordingWriter(options(dir, { maxFileBytes, rotateHourly: false }));

    await writeAll(writer, messages);
    await writer.close();

    expect(writer.files.length).toBeGreaterThan(10);
    expect(readdirSync(dir).sort()).toEqual(writer.files.map((f) => path.basename(f)).sort());
    const contents = await Promise.all(writer.files.map(readRecording));
    let expectedFirstSeq = 0;
    contents.forEach((c, part) => {
      expect(c.header.part).toBe(part);
      expect(c.header.firstSeq).toBe(expectedFirstSeq);
      expectedFirstSeq += c.messages.length;
      const bytes = c.bodyBytes.reduce((a, b) => a + b, 0);
      // Every file but the last is full, and its last message is the one that took it past the limit.
      if (part < contents.length - 1) {
        expect(bytes).toBeGreaterThanOrEqual(maxFileBytes);
        expect(bytes - (c.bodyBytes.at(-1) as number)).toBeLessThan(maxFileBytes);
      } else {
        expect(bytes).toBeLessThanOrEqual(maxFileBytes + (c.bodyBytes.at(-1) as number));
      }
    });
    expect(contents.flatMap((c) => c.messages)).toEqual(messages);
  });
});

describe('RecordingWriter under backpressure', () => {
  it('shares one wait for gzip to drain between writers that do not wait (a live stream), and loses nothing', async () => {
    const dir = path.join(tempDir(), 'out');
    const messages = fixtureMessages(SPOT_0808, 20_000);
    const writer = new RecordingWriter(options(dir));
    await writer.write(messages[0] as RawMessage); // opens the file
    let asked = 0;
    let mostDrainListeners = 0;
    const current = () => (writer as unknown as { current: { gzip: { listenerCount(event: string): number } } | null }).current;
    for (const raw of messages.slice(1)) {
      if (writer.write(raw) !== undefined) asked++; // never awaited, as the recorder does with live frames
      mostDrainListeners = Math.max(mostDrainListeners, current()?.gzip.listenerCount('drain') ?? 0);
    }
    expect(asked).toBeGreaterThan(1); // gzip did push back, more than once
    expect(mostDrainListeners).toBeLessThanOrEqual(2); // its own listeners, not one per write
    expect(writer.backlog.heldMessages).toBe(0);
    await writer.close();
    expect(writer.backlog).toEqual({ heldMessages: 0, bufferedBytes: 0 });
    const files = readdirSync(dir).map((f) => path.join(dir, f));
    const back = (await Promise.all(files.map((f) => readRecording(f)))).flatMap((c) => c.messages);
    expect(back.map((m) => m.seq)).toEqual(messages.map((m) => m.seq));
  });
});

describe('RecordingWriter flush()', () => {
  it('makes everything written so far readable from the open file, each time it is called', async () => {
    const dir = tempDir();
    const messages = fixtureMessages(SPOT_0808, 8000);
    const writer = new RecordingWriter(options(dir, { rotateHourly: false }));
    let written = 0;

    for (const upTo of [1, 700, 2000, 3300, 4100, 5800, 8000]) {
      await writeAll(writer, messages.slice(written, upTo));
      written = upTo;
      await writer.flush();
      const file = writer.files[0] as string;

      // Read the bytes at once, before the event loop can let any write still in flight complete.
      const now = gunzipSync(readFileSync(file), { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
      expect(now.endsWith('\n')).toBe(true);
      expect(now.split('\n').slice(1, -1)).toEqual(messages.slice(0, written).map(encodeMessage));

      // The line reader sees a gzip stream without its end: it says so and still yields every line.
      const read = await readBack(file);
      expect(read.lines.slice(1)).toEqual(messages.slice(0, written).map(encodeMessage));
      expect(read.warnings).toHaveLength(1);
      expect(read.warnings[0]).toContain('truncated');
    }
    await writer.close();
    expect((await readRecording(writer.files[0] as string)).messages).toEqual(messages);
  });

  it('resolves at once when no file is open', async () => {
    const writer = new RecordingWriter(options(path.join(tempDir(), 'none')));
    await writer.flush();
    expect(writer.files).toEqual([]);
  });
});

describe('RecordingWriter failures', () => {
  it('rejects write() and close() with a RecordingWriteError when the directory lies under a regular file', async () => {
    const parent = path.join(tempDir(), 'a-file');
    writeFileSync(parent, 'not a directory\n');
    const dir = path.join(parent, 'recordings');
    const writer = new RecordingWriter(options(dir));
    const [first, second] = fixtureMessages(SPOT_0808, 2) as [RawMessage, RawMessage];

    const onWrite = await rejection(() => writer.write(first));
    const onNextWrite = await rejection(() => writer.write(second));
    const onClose = await rejection(() => writer.close());

    expect(onWrite).toBeInstanceOf(RecordingWriteError);
    expect((onWrite as Error).message).toMatch(new RegExp(`^cannot create recording directory ${escape(dir)}: `));
    expect(onNextWrite).toBe(onWrite);
    expect(onClose).toBe(onWrite);
    expect(readFileSync(parent, 'utf8')).toBe('not a directory\n');
  });

  it('rejects with a RecordingWriteError when the directory is itself a regular file', async () => {
    const dir = path.join(tempDir(), 'recordings');
    writeFileSync(dir, '');
    const writer = new RecordingWriter(options(dir));

    const onWrite = await rejection(() => writer.write(fixtureMessages(SPOT_0808, 1)[0] as RawMessage));

    expect(onWrite).toBeInstanceOf(RecordingWriteError);
    expect((onWrite as Error).message).toContain(`cannot create recording directory ${dir}`);
    await expect(writer.close()).rejects.toBe(onWrite);
  });

  it('never overwrites an existing file of the same name (a restart within the same second): it takes the next free name', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const existing = path.join(dir, 'spot_btcusdt_20240808T235413Z_0000.fdr.gz');
    const second = path.join(dir, 'spot_btcusdt_20240808T235413Z-1_0000.fdr.gz');
    writeFileSync(existing, 'an earlier recording\n');
    writeFileSync(second, 'another one\n');
    const writer = new RecordingWriter(options(dir));
    const messages = fixtureMessages(SPOT_0808, 50);
    await writeAll(writer, messages);
    await writer.close();

    expect(writer.files).toEqual([path.join(dir, 'spot_btcusdt_20240808T235413Z-2_0000.fdr.gz')]);
    expect(readFileSync(existing, 'utf8')).toBe('an earlier recording\n');
    expect(readFileSync(second, 'utf8')).toBe('another one\n');
    expect((await readRecording(writer.files[0] as string)).messages).toEqual(messages);
  });

  it('does not pile up listeners on its streams while waiting for gzip to drain', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const writer = new RecordingWriter(options(tempDir(), { rotateHourly: false }));
      const waits = await writeAll(writer, fixtureMessages(SPOT_0808, 12_000));
      await writer.close();
      // Warnings are emitted on a later tick.
      await new Promise((resolve) => setTimeout(resolve, 20));

      expect(waits).toBeGreaterThan(20);
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('RecordingWriter on a full disk (a 256 KiB tmpfs)', () => {
  let disk: SmallDisk | { readonly skipReason: string };
  beforeAll(() => {
    disk = mountSmallDisk(256);
    if ('skipReason' in disk) console.log(`RecordingWriter full-disk test skipped: ${disk.skipReason}`);
  });
  afterEach(() => {
    if ('dir' in disk) for (const entry of readdirSync(disk.dir)) rmSync(path.join(disk.dir, entry), { recursive: true, force: true });
  });
  afterAll(() => {
    if ('unmount' in disk) disk.unmount();
  });

  /**
   * Reads every file back in order: each is a flowdesk recording; each but the last is whole, and the last is
   * whole or cut off where the disk filled.
   */
  async function readBackCutOff(files: readonly string[]): Promise<RawMessage[]> {
    const back: RawMessage[] = [];
    for (const file of files) {
      const detected = await detectFormat(file);
      expect(detected.format).toBe('flowdesk');
      const warnings: string[] = [];
      back.push(...(await collect(readFlowdeskRecording(file, detected.header as RecordingHeader, (w) => warnings.push(w), { lines: 0, skippedLines: 0 }))));
      if (file === files.at(-1)) expect(warnings.every((w) => w.startsWith(`${file}: gzip stream is`) || w.startsWith(`${file}: dropped a line`))).toBe(true);
      else expect(warnings).toEqual([]);
    }
    return back;
  }

  it('fails a live stream (writes never awaited) with one RecordingWriteError naming ENOSPC; flush and close do not hang; what reached the disk replays as a prefix', async (ctx) => {
    if ('skipReason' in disk) return ctx.skip(disk.skipReason);
    const dir = path.join(disk.dir, 'live');
    const fixture = fixtureMessages(SPOT_0808);
    const writer = new RecordingWriter(options(dir, { rotateHourly: false }));
    const messages: RawMessage[] = [];

    // As the recorder does with a live stream: never wait for a write (the disk fills while gzip still holds
    // data), let the I/O run between bursts of frames, stop at the first write that fails.
    const failure = await rejection(async () => {
      for (let seq = 0; ; seq++) {
        const raw = { ...(fixture[seq % fixture.length] as RawMessage), seq };
        writer.write(raw)?.catch(() => undefined);
        messages.push(raw);
        if (seq % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
      }
    });
    const onFlush = await rejection(() => writer.flush());
    const onClose = await rejection(() => writer.close());

    expect(failure).toBeInstanceOf(RecordingWriteError);
    expect((failure as Error).message).toMatch(new RegExp(`^cannot write ${escape(writer.files.at(-1) as string)}: ENOSPC`));
    expect(onFlush).toBe(failure);
    expect(onClose).toBe(failure);
    expect(() => writer.write(messages[0] as RawMessage)).toThrow(failure as Error);
    const back = await readBackCutOff(writer.files);
    expect(back.length).toBeGreaterThan(1000);
    expect(back.length).toBeLessThan(messages.length); // the disk did fill
    expect(back).toEqual(messages.slice(0, back.length));
  });

  it('opens no file after the one that filled the disk when rotating by size; the files before it are whole', async (ctx) => {
    if ('skipReason' in disk) return ctx.skip(disk.skipReason);
    const dir = path.join(disk.dir, 'rotating');
    const fixture = fixtureMessages(SPOT_0808);
    // ~50 KB of gzip a file: the disk fills in the middle of a file or while one is being closed.
    const writer = new RecordingWriter(options(dir, { rotateHourly: false, maxFileBytes: 256 * 1024 }));
    const messages: RawMessage[] = [];

    const failure = await rejection(async () => {
      for (let seq = 0; ; seq++) {
        const raw = { ...(fixture[seq % fixture.length] as RawMessage), seq };
        messages.push(raw);
        await writer.write(raw);
      }
    });
    const onClose = await rejection(() => writer.close());

    expect(failure).toBeInstanceOf(RecordingWriteError);
    expect((failure as Error).message).toMatch(new RegExp(`^cannot write ${escape(dir)}/spot_btcusdt_\\d{8}T\\d{6}Z_\\d{4}\\.fdr\\.gz: ENOSPC`));
    expect(onClose).toBe(failure);
    expect(writer.files.length).toBeGreaterThan(2);
    // Listed and on disk: the same files, every one a recording (a file the disk filled up before its
    // header line was whole is removed: it would stop a replay of the directory).
    expect(readdirSync(dir).sort()).toEqual(writer.files.map((f) => path.basename(f)));
    const back = await readBackCutOff(writer.files);
    expect(back.length).toBeLessThan(messages.length);
    expect(back).toEqual(messages.slice(0, back.length));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
