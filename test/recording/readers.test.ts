import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/index.js';
import type { RawMessage } from '../../src/model/index.js';
import {
  FORMAT_NAME,
  FORMAT_VERSION,
  decodeHftLine,
  detectFormat,
  encodeHeader,
  encodeMessage,
  readFlowdeskRecording,
  readHftRecording,
  type HftReadOptions,
  type ReaderStats,
  type RecordingHeader,
} from '../../src/recording/index.js';
import { SPOT_0808, collect, fixtureLines, fixtureMessages, tempDir } from './support.js';

const SPOT: HftReadOptions = { product: 'spot', snapshotSymbol: 'BTCUSDT' };

const HEADER: RecordingHeader = {
  format: FORMAT_NAME,
  formatVersion: FORMAT_VERSION,
  product: 'spot',
  symbols: ['BTCUSDT'],
  tool: 'flowdesk test',
  instruments: [{ product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00000001', source: 'recording' }],
  part: 0,
  firstSeq: 0,
  openedAtUs: 1_723_161_253_937_085,
  origin: 'converted from the spot fixture',
};

/** Garbage lines of the kinds a damaged recording holds, derived from a fixture line. */
function garbageLines(): string[] {
  const line = fixtureLines(SPOT_0808)[1] as string;
  const json = line.slice(line.indexOf(' ') + 1);
  return [
    json, // the receive time is missing
    `${line.slice(0, 13)} ${json}`, // milliseconds
    `1723161254036x59768 ${json}`, // a damaged digit
    line.replace(' ', '\t'), // no space after the time
    'Binary file matches',
    '\u0000\u0000\u0000\u0000',
    `${line.slice(0, 12)}`, // a line cut inside the time, mid-file
  ];
}

/** Positions (0-based, in the good lines) before which the garbage lines are inserted. */
const GARBAGE_AT = [0, 5, 6, 100, 2500, 17_000, 30_000, 41_000, 41_248];

function insertGarbage(good: string[], garbage: string[]): { lines: string[]; lineNumbers: number[] } {
  const lines: string[] = [];
  const lineNumbers: number[] = [];
  let g = 0;
  for (let i = 0; i < good.length; i++) {
    while (g < garbage.length && GARBAGE_AT[g] === i) {
      lines.push(garbage[g] as string);
      lineNumbers.push(lines.length);
      g++;
    }
    lines.push(good[i] as string);
  }
  return { lines, lineNumbers };
}

function newStats(): ReaderStats {
  return { lines: 0, skippedLines: 0 };
}

/** Only the fields the readers set from the line. */
function essence(raw: RawMessage): Omit<RawMessage, 'seq'> {
  const { seq: _seq, ...rest } = raw;
  return rest;
}

async function detectError(file: string): Promise<InputError> {
  const error: unknown = await detectFormat(file).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).path).toBe(file);
  expect((error as InputError).message.startsWith(`${file}: `)).toBe(true);
  return error as InputError;
}

describe('detectFormat', () => {
  it('recognises a flowdesk recording by its header and returns the header', async () => {
    const file = path.join(tempDir(), 'rec.fdr.gz');
    const body = fixtureMessages(SPOT_0808, 10).map((raw) => `${encodeMessage(raw)}\n`);
    writeFileSync(file, gzipSync(`${encodeHeader(HEADER)}\n${body.join('')}`));

    expect(await detectFormat(file)).toEqual({ format: 'flowdesk', header: HEADER });
  });

  it('recognises the hftbacktest fixture, gzip or plain', async () => {
    const plain = path.join(tempDir(), 'head.txt');
    writeFileSync(plain, `${fixtureLines(SPOT_0808).slice(0, 3).join('\n')}\n`);

    expect(await detectFormat(SPOT_0808)).toEqual({ format: 'hftbacktest', header: null });
    expect(await detectFormat(plain)).toEqual({ format: 'hftbacktest', header: null });
  });

  it('recognises an hftbacktest file whose times are microseconds', async () => {
    const file = path.join(tempDir(), 'micros.txt');
    const line = fixtureLines(SPOT_0808)[0] as string;
    writeFileSync(file, `${line.slice(0, 16)}${line.slice(19)}\n`);

    expect(await detectFormat(file)).toEqual({ format: 'hftbacktest', header: null });
  });

  it('rejects garbage with an InputError naming the file', async () => {
    const dir = tempDir();
    const line = fixtureLines(SPOT_0808)[0] as string;
    const inputs: Record<string, string | Buffer> = {
      'bare-json.txt': `${line.slice(line.indexOf(' ') + 1)}\n`, // the receive time is missing
      'words.txt': 'timestamp payload\n',
      'binary.bin': readFileSync(SPOT_0808).subarray(5000, 9000), // deflate bytes without a gzip header
    };
    for (const [name, content] of Object.entries(inputs)) {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      expect((await detectError(file)).message, name).toContain('unrecognised format');
    }
  });

  it('rejects a flowdesk header of another format version with an InputError naming the file', async () => {
    const file = path.join(tempDir(), 'v9.fdr');
    writeFileSync(file, `${JSON.stringify({ ...HEADER, formatVersion: 9 })}\n`);

    const error = await detectError(file);
    expect(error.message).toContain('bad flowdesk recording header');
    expect(error.message).toContain('unsupported format version 9');
  });

  it('rejects an empty-ish file (blank lines, an empty gzip stream, no bytes) with an InputError', async () => {
    const dir = tempDir();
    const inputs: Record<string, string | Buffer> = {
      'newlines.txt': '\n\n\n',
      'spaces.txt': '   \n',
      'empty-stream.gz': gzipSync(''),
    };
    for (const [name, content] of Object.entries(inputs)) {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      expect((await detectError(file)).message, name).toBe(`${file}: no data in file`);
    }
    const zeroBytes = path.join(dir, 'zero.gz');
    writeFileSync(zeroBytes, '');
    expect((await detectError(zeroBytes)).message).toBe(`${zeroBytes}: file is empty`);
  });
});

describe('decodeHftLine', () => {
  it('gives the same receive time in microseconds for nanosecond (19 digits) and microsecond (16 digits) times', () => {
    const line = fixtureLines(SPOT_0808)[0] as string;
    expect(line.indexOf(' ')).toBe(19);
    const micros = `${line.slice(0, 16)}${line.slice(19)}`;

    const fromNanos = decodeHftLine(line, SPOT) as RawMessage;
    const fromMicros = decodeHftLine(micros, SPOT) as RawMessage;

    expect(fromNanos.receiveTimeUs).toBe(1_723_161_253_937_085);
    expect(fromMicros).toEqual(fromNanos);
  });

  it('truncates nanoseconds to the microsecond rather than rounding', () => {
    const line = fixtureLines(SPOT_0808)[0] as string;
    const decoded = decodeHftLine(`1723161253937085999${line.slice(19)}`, SPOT) as RawMessage;
    expect(decoded.receiveTimeUs).toBe(1_723_161_253_937_085);
  });

  it('names the stream of a combined-stream envelope and keeps the payload whole', () => {
    const lines = fixtureLines(SPOT_0808).slice(0, 20);
    const streams = new Set<string>();
    for (const line of lines) {
      const decoded = decodeHftLine(line, SPOT) as RawMessage;
      expect(decoded.payload).toBe(line.slice(20));
      if (decoded.kind === 'ws') {
        expect(decoded.stream).toBe((JSON.parse(decoded.payload) as { stream: string }).stream);
        streams.add(decoded.stream);
      }
      expect(decoded).toMatchObject({ seq: 0, connectionId: 0, product: 'spot' });
    }
    expect([...streams].sort()).toEqual(['btcusdt@bookTicker', 'btcusdt@depth@100ms', 'btcusdt@trade']);
  });

  it('leaves the stream empty for a JSON payload that is not an envelope', () => {
    expect(decodeHftLine('1723161253937085768 {"result":null,"id":1}', SPOT)).toMatchObject({
      kind: 'ws',
      stream: '',
      payload: '{"result":null,"id":1}',
    });
  });

  it('turns a bare REST snapshot line into kind "rest" on the symbol\'s rest.depth stream', () => {
    const line = fixtureLines(SPOT_0808).find((l) => l.includes(' {"lastUpdateId"')) as string;

    const decoded = decodeHftLine(line, { product: 'usdm', snapshotSymbol: 'BTCUSDT' });

    expect(decoded).toEqual({
      seq: 0,
      receiveTimeUs: Number(line.slice(0, 16)),
      connectionId: 0,
      product: 'usdm',
      kind: 'rest',
      stream: 'btcusdt@rest.depth',
      payload: line.slice(20),
    });
  });

  it('gives a reason for a REST snapshot line when the file names no single symbol', () => {
    const line = fixtureLines(SPOT_0808).find((l) => l.includes(' {"lastUpdateId"')) as string;
    const decoded = decodeHftLine(line, { product: 'spot', snapshotSymbol: null });
    expect(typeof decoded).toBe('string');
    expect(decoded).toContain('--symbol');
  });

  it('gives reasons for malformed lines', () => {
    const line = fixtureLines(SPOT_0808)[0] as string;
    const json = line.slice(20);
    expect(decodeHftLine(json, SPOT)).toBe('no space after the receive time'); // compact JSON has no space
    expect(decodeHftLine('{"a": 1}', SPOT)).toBe('receive time "{"a":" is not an integer');
    expect(decodeHftLine('', SPOT)).toBe('no space after the receive time');
    expect(decodeHftLine(line.slice(0, 19), SPOT)).toBe('no space after the receive time');
    expect(decodeHftLine(`17231612539x7085768 ${json}`, SPOT)).toBe('receive time "17231612539x7085768" is not an integer');
    expect(decodeHftLine(`-1723161253937085 ${json}`, SPOT)).toBe('receive time "-1723161253937085" is not an integer');
    expect(decodeHftLine(` ${json}`, SPOT)).toBe('receive time "" is not an integer');
    for (const digits of ['1723161253937', '17231612539370', '123456789012345678901']) {
      expect(decodeHftLine(`${digits} ${json}`, SPOT)).toBe(
        `receive time "${digits}" is neither nanoseconds nor microseconds since the epoch`,
      );
    }
  });
});

describe('readHftRecording', () => {
  it('skips garbage lines with at most five listed warnings and a total, keeping every good line in order', async () => {
    const good = fixtureLines(SPOT_0808);
    const garbage = garbageLines();
    const { lines, lineNumbers } = insertGarbage(good, garbage);
    expect(lines).toHaveLength(good.length + garbage.length);
    const file = path.join(tempDir(), 'damaged.gz');
    writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));
    const warnings: string[] = [];
    const stats = newStats();

    const messages = await collect(readHftRecording(file, SPOT, (w) => warnings.push(w), stats));

    expect(messages.map(essence)).toEqual(fixtureMessages(SPOT_0808).map(essence));
    expect(stats).toEqual({ lines: good.length + garbage.length, skippedLines: garbage.length });
    expect(warnings).toHaveLength(6);
    for (let i = 0; i < 5; i++) {
      expect(warnings[i]).toMatch(new RegExp(`^${escape(file)}:${lineNumbers[i]}: skipped malformed line \\(.+\\)$`));
    }
    expect(warnings[5]).toBe(`${file}: ${garbage.length} malformed lines skipped in all`);
  });

  it('lists every skipped line and adds no total when there are five or fewer', async () => {
    const good = fixtureLines(SPOT_0808).slice(0, 200);
    const { lines, lineNumbers } = insertGarbage(good, garbageLines().slice(0, 4));
    const file = path.join(tempDir(), 'few.txt');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const warnings: string[] = [];
    const stats = newStats();

    const messages = await collect(readHftRecording(file, SPOT, (w) => warnings.push(w), stats));

    expect(messages.map((m) => m.payload)).toEqual(good.map((l) => l.slice(20)));
    expect(stats).toEqual({ lines: 204, skippedLines: 4 });
    expect(warnings.map((w) => w.slice(0, w.indexOf(': skipped')))).toEqual(lineNumbers.map((n) => `${file}:${n}`));
  });

  it('skips blank lines silently without counting them', async () => {
    const good = fixtureLines(SPOT_0808).slice(0, 30);
    const file = path.join(tempDir(), 'blank.txt');
    writeFileSync(file, `\n${good.slice(0, 10).join('\n')}\n\n\n${good.slice(10).join('\n')}\n\n`);
    const warnings: string[] = [];
    const stats = newStats();

    const messages = await collect(readHftRecording(file, SPOT, (w) => warnings.push(w), stats));

    expect(messages).toHaveLength(30);
    expect(stats).toEqual({ lines: 30, skippedLines: 0 });
    expect(warnings).toEqual([]);
  });

  it.each([
    ['mid-JSON', (line: string) => line.slice(0, Math.floor(line.length / 2))],
    ['right after the space', (line: string) => line.slice(0, 21)],
    ['inside the receive time', (line: string) => line.slice(0, 10)],
  ])('drops a last line cut off %s without a newline, with a "cut off" warning', async (_where, cut) => {
    const good = fixtureLines(SPOT_0808).slice(0, 100);
    const last = fixtureLines(SPOT_0808)[100] as string;
    const dir = tempDir();
    const text = `${good.join('\n')}\n${cut(last)}`;
    for (const [name, content] of [
      ['cut.txt', text],
      ['cut.txt.gz', gzipSync(text)],
    ] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      const warnings: string[] = [];
      const stats = newStats();

      const messages = await collect(readHftRecording(file, SPOT, (w) => warnings.push(w), stats));

      expect(messages.map((m) => m.payload), name).toEqual(good.map((l) => l.slice(20)));
      expect(warnings, name).toEqual([`${file}:101: last line is cut off; ignored`]);
    }
  });

  it('keeps a whole last line that only lacks the final newline', async () => {
    const good = fixtureLines(SPOT_0808).slice(0, 101);
    const file = path.join(tempDir(), 'no-newline.txt');
    writeFileSync(file, good.join('\n'));
    const warnings: string[] = [];

    const messages = await collect(readHftRecording(file, SPOT, (w) => warnings.push(w), newStats()));

    expect(messages.map((m) => m.payload)).toEqual(good.map((l) => l.slice(20)));
    expect(warnings).toEqual([]);
  });
});

describe('readFlowdeskRecording', () => {
  function flowdeskLines(count: number): { header: string; body: string[]; messages: RawMessage[] } {
    const messages = fixtureMessages(SPOT_0808, count);
    return { header: encodeHeader(HEADER), body: messages.map(encodeMessage), messages };
  }

  it('reads back every message of a recording, skipping the header', async () => {
    const { header, body, messages } = flowdeskLines(5000);
    const file = path.join(tempDir(), 'rec.fdr.gz');
    writeFileSync(file, gzipSync(`${header}\n${body.join('\n')}\n`));
    const warnings: string[] = [];
    const stats = newStats();

    const read = await collect(readFlowdeskRecording(file, HEADER, (w) => warnings.push(w), stats));

    expect(read).toEqual(messages);
    expect(stats).toEqual({ lines: 5000, skippedLines: 0 });
    expect(warnings).toEqual([]);
  });

  it('skips garbage lines with at most five listed warnings and a total, keeping every good line in order', async () => {
    const { header, body, messages } = flowdeskLines(41_249);
    const damaged = [
      ...garbageLines(),
      (body[1] as string).replace('\t', ' '), // a tab lost
      (body[1] as string).replace('\tws\t', '\twss\t'),
    ];
    const { lines, lineNumbers } = insertGarbage(body, damaged);
    expect(lines).toHaveLength(body.length + damaged.length);
    const file = path.join(tempDir(), 'damaged.fdr.gz');
    writeFileSync(file, gzipSync(`${header}\n${lines.join('\n')}\n`));
    const warnings: string[] = [];
    const stats = newStats();

    const read = await collect(readFlowdeskRecording(file, HEADER, (w) => warnings.push(w), stats));

    expect(read).toEqual(messages);
    expect(stats).toEqual({ lines: body.length + damaged.length, skippedLines: damaged.length });
    expect(warnings).toHaveLength(6);
    for (let i = 0; i < 5; i++) {
      // +1: the header is line 1 of the file.
      expect(warnings[i]).toMatch(new RegExp(`^${escape(file)}:${(lineNumbers[i] as number) + 1}: skipped malformed line \\(.+\\)$`));
    }
    expect(warnings[5]).toBe(`${file}: ${damaged.length} malformed lines skipped in all`);
  });

  it.each([
    ['in the payload', (line: string) => line.slice(0, line.length - 10)],
    ['inside the fields', (line: string) => line.slice(0, 12)],
  ])('drops a last line cut off %s without a newline, with a "cut off" warning', async (_where, cut) => {
    const { header, body, messages } = flowdeskLines(61);
    const file = path.join(tempDir(), 'cut.fdr');
    writeFileSync(file, `${header}\n${body.slice(0, 60).join('\n')}\n${cut(body[60] as string)}`);
    const warnings: string[] = [];

    const read = await collect(readFlowdeskRecording(file, HEADER, (w) => warnings.push(w), newStats()));

    expect(read).toEqual(messages.slice(0, 60));
    expect(warnings).toEqual([`${file}:62: last line is cut off; ignored`]);
  });

  it('keeps a whole last line that only lacks the final newline', async () => {
    const { header, body, messages } = flowdeskLines(61);
    const file = path.join(tempDir(), 'open.fdr');
    writeFileSync(file, `${header}\n${body.join('\n')}`);
    const warnings: string[] = [];

    const read = await collect(readFlowdeskRecording(file, HEADER, (w) => warnings.push(w), newStats()));

    expect(read).toEqual(messages);
    expect(warnings).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
