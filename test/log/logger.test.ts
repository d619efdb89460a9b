import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LogFileError, createLogger, createSilentLogger, type Logger } from '../../src/log/index.js';

const KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
// Characters JSON escapes (quote, backslash) and characters URL-encoding changes.
const AWKWARD = 'ab"cd\\ef/gh+ij=kl&mn';

/** Ends a logger's destination (through the scrubbing wrapper) and waits for the file to be closed. */
async function endStream(logger: Logger): Promise<void> {
  const stream = (logger as unknown as Record<symbol, { end(): void; target?: unknown }>)[pino.symbols.streamSym];
  const target = (stream?.target ?? stream) as { once(event: string, cb: () => void): void } | undefined;
  const closed = new Promise<void>((resolve) => target?.once('close', resolve) ?? resolve());
  stream?.end();
  await closed;
}

/** A real pino logger writing into memory; `lines()` waits for pending writes, then returns parsed lines. */
function capture(level = 'trace', secrets: readonly string[] = [KEY, SECRET, AWKWARD]) {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({ level, secrets, destination, name: 'test' });
  const raw = async (): Promise<string> => {
    await new Promise<void>((resolve, reject) => logger.flush((err) => (err ? reject(err) : resolve())));
    await new Promise((resolve) => setImmediate(resolve));
    return chunks.join('');
  };
  const lines = async (): Promise<Record<string, unknown>[]> =>
    (await raw())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, raw, lines };
}

async function expectNoSecrets(raw: () => Promise<string>, lines: () => Promise<unknown[]>): Promise<string> {
  const text = await raw();
  const escapedAwkward = JSON.stringify(AWKWARD).slice(1, -1);
  for (const value of [KEY, SECRET, AWKWARD, escapedAwkward, encodeURIComponent(AWKWARD)]) {
    expect(text).not.toContain(value);
  }
  // Every line is still valid JSON after scrubbing, and no decoded value contains a secret either.
  const decoded = JSON.stringify(await lines());
  expect(decoded).not.toContain(KEY);
  expect(decoded).not.toContain(SECRET);
  expect(decoded).not.toContain(escapedAwkward);
  expect(text).toContain('[redacted]');
  return text;
}

describe('createLogger', () => {
  it('writes one JSON object per line to the given stream', async () => {
    const { logger, lines } = capture('info');
    logger.info({ symbol: 'BTCUSDT', depth: 20 }, 'book synced');
    logger.warn('stream %s stale', 'btcusdt@depth');
    const out = await lines();
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ level: 30, name: 'test', msg: 'book synced', symbol: 'BTCUSDT', depth: 20 });
    expect(out[1]).toMatchObject({ level: 40, msg: 'stream btcusdt@depth stale' });
    expect(typeof out[0]?.time).toBe('number');
  });

  it('drops lines below the configured level', async () => {
    const { logger, lines } = capture('warn');
    logger.trace('t');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect((await lines()).map((line) => line.msg)).toEqual(['w', 'e']);
  });

  it('writes nothing at level silent', async () => {
    const { logger, raw } = capture('silent');
    logger.fatal('f');
    expect(await raw()).toBe('');
  });

  it('redacts secret key names at the top level and nested one and two levels deep', async () => {
    const { logger, lines } = capture('info', []);
    logger.info({
      apiKey: 'k1-value',
      password: 'p1-value',
      request: { signature: 's1-value', listenKey: 'l1-value', headers: { 'X-MBX-APIKEY': 'h1-value' } },
      outer: { inner: { apiSecret: 'a2-value', secret: 's2-value' } },
      headers: { 'X-MBX-APIKEY': 'h0-value' },
    });
    const [line] = await lines();
    expect(line).toMatchObject({
      apiKey: '[redacted]',
      password: '[redacted]',
      request: { signature: '[redacted]', listenKey: '[redacted]', headers: { 'X-MBX-APIKEY': '[redacted]' } },
      outer: { inner: { apiSecret: '[redacted]', secret: '[redacted]' } },
      headers: { 'X-MBX-APIKEY': '[redacted]' },
    });
    expect(JSON.stringify(line)).not.toMatch(/[a-z][0-9]-value/);
  });

  it('redacts the key names of every venue pair the configuration holds (production, demo, testnet)', async () => {
    const { logger, lines } = capture('info', []);
    const secrets = { binanceApiKey: 'k0-value', binanceApiSecret: 's0-value', binanceDemoApiKey: 'k1-value', binanceDemoApiSecret: 's1-value', binanceTestnetApiKey: 'k2-value', binanceTestnetApiSecret: 's2-value' };
    logger.info({ ...secrets, config: { secrets } });
    const [line] = await lines();
    expect(JSON.stringify(line)).not.toMatch(/[a-z][0-9]-value/);
    expect(line).toMatchObject({ binanceDemoApiKey: '[redacted]', config: { secrets: { binanceTestnetApiSecret: '[redacted]' } } });
  });

  it('never writes a configured secret logged as a field, at the top level or nested deeply', async () => {
    const { logger, raw, lines } = capture();
    logger.info({ key: KEY, config: { a: { b: { c: { d: SECRET } } } }, list: [AWKWARD, `x${KEY}y`] }, 'fields');
    await expectNoSecrets(raw, lines);
    const [line] = await lines();
    expect(line).toMatchObject({ key: '[redacted]', list: ['[redacted]', 'x[redacted]y'] });
  });

  it('never writes a configured secret inside a message string or an interpolated argument', async () => {
    const { logger, raw, lines } = capture();
    logger.info(`using key ${KEY} and secret ${SECRET}`);
    logger.info('awkward %s and %o', AWKWARD, { nested: AWKWARD });
    const text = await expectNoSecrets(raw, lines);
    expect(text).toContain('using key [redacted] and secret [redacted]');
  });

  it('never writes a configured secret inside a URL, raw or URL-encoded', async () => {
    const { logger, raw, lines } = capture();
    const url = `https://api.binance.com/api/v3/order?symbol=BTCUSDT&timestamp=1&signature=${SECRET}&apiKey=${KEY}`;
    logger.warn({ url, retry: `${url}&x=${encodeURIComponent(AWKWARD)}` }, `GET ${url} failed`);
    await expectNoSecrets(raw, lines);
    const [line] = await lines();
    expect(line?.url).toBe(
      'https://api.binance.com/api/v3/order?symbol=BTCUSDT&timestamp=1&signature=[redacted]&apiKey=[redacted]',
    );
  });

  it('never writes a configured secret inside an Error message or stack', async () => {
    const { logger, raw, lines } = capture();
    const error = new Error(`request rejected for key ${KEY} (secret ${AWKWARD})`);
    logger.error(error);
    logger.error({ err: new Error(`signature ${SECRET}`), context: { cause: error.message } }, 'failed');
    await expectNoSecrets(raw, lines);
    const [first] = await lines();
    const err = first?.err as { message: string; stack: string };
    expect(err.message).toBe('request rejected for key [redacted] (secret [redacted])');
    expect(err.stack).toContain('request rejected for key [redacted]');
  });

  it('never writes a secret containing JSON-escaped characters, even inside embedded JSON text', async () => {
    const { logger, raw, lines } = capture();
    logger.info({ body: JSON.stringify({ apiKey: AWKWARD }), twice: JSON.stringify(JSON.stringify(AWKWARD)) });
    logger.info({ [`key-${AWKWARD}`]: 1 }, AWKWARD);
    await expectNoSecrets(raw, lines);
    const [first, second] = await lines();
    expect(first?.body).toBe('{"apiKey":"[redacted]"}');
    expect(second?.msg).toBe('[redacted]');
    expect(Object.keys(second ?? {})).toContain('key-[redacted]');
  });

  it('scrubs secrets from child loggers and their bindings', async () => {
    const { logger, raw, lines } = capture();
    const child: Logger = logger.child({ session: KEY });
    child.info({ s: SECRET }, 'child');
    await expectNoSecrets(raw, lines);
  });

  it('ignores secrets shorter than four characters', async () => {
    const { logger, lines } = capture('info', ['abc', '']);
    logger.info('abc abc');
    expect((await lines())[0]?.msg).toBe('abc abc');
  });

  it('appends to a file, creating its parent directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowdesk-log-'));
    const file = path.join(dir, 'nested', 'flowdesk.log');
    const messages = () => {
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      return text.split('\n').filter((line) => line !== '').map((line) => (JSON.parse(line) as { msg: string }).msg);
    };
    const loggers: Logger[] = [];
    try {
      // The file destination is asynchronous: wait for each line to land before opening the next logger.
      loggers.push(createLogger({ level: 'info', file, secrets: [KEY] }));
      loggers[0]?.info('first');
      await expect.poll(messages).toEqual(['first']);
      loggers.push(createLogger({ level: 'info', file, secrets: [KEY] }));
      loggers[1]?.info(`second ${KEY}`);
      await expect.poll(messages).toEqual(['first', 'second [redacted]']);
    } finally {
      for (const logger of loggers) await endStream(logger);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('throws a LogFileError at once for a file that cannot be opened: a directory, a path under a file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowdesk-log-'));
    try {
      writeFileSync(path.join(dir, 'plain'), '');
      const cases: [string, RegExp][] = [
        [dir, /it is a directory/],
        [path.join(dir, 'plain', 'flowdesk.log'), /a part of its path is a file/],
        [path.join(dir, 'plain', 'deeper', 'flowdesk.log'), /a part of its path is a file/],
      ];
      for (const [file, reason] of cases) {
        expect(() => createLogger({ level: 'info', file })).toThrow(LogFileError);
        expect(() => createLogger({ level: 'info', file })).toThrow(reason);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses stdout as a destination', () => {
    expect(() => createLogger({ level: 'info', destination: 1 })).toThrow(/stdout/);
    expect(() => createLogger({ level: 'info', destination: 0 })).toThrow(/stdout/);
    expect(() => createLogger({ level: 'info', destination: process.stdout })).toThrow(/stdout/);
  });

  it('rejects an unknown level before opening any destination', () => {
    expect(() => createLogger({ level: 'loud', destination: new Writable() })).toThrow(/unknown level "loud"/);
  });
});

describe('secret scrubbing, for arbitrary secrets and text', () => {
  const awkwardChar = fc.constantFrom('a', 'b', 'n', 't', 'u', '0', '"', '\\', '/', '+', '&', '=', '%', '\n', '\t', '\u2028', 'é');
  const secret = fc.string({ unit: awkwardChar, minLength: 4, maxLength: 10 });
  const text = fc.string({ unit: awkwardChar, maxLength: 12 });

  it('keeps every line valid JSON and no decoded string ever contains the secret', async () => {
    await fc.assert(
      fc.asyncProperty(secret, text, text, async (value, before, after) => {
        const { logger, lines } = capture('info', [value]);
        const embedded = `${before}${value}${after}`;
        logger.info({ field: embedded, nested: { json: JSON.stringify({ embedded }) }, list: [value] }, embedded);
        logger.error(new Error(embedded));
        const strings: string[] = [];
        const collect = (node: unknown): void => {
          if (typeof node === 'string') strings.push(node);
          else if (node !== null && typeof node === 'object') {
            for (const [key, child] of Object.entries(node)) {
              strings.push(key);
              collect(child);
            }
          }
        };
        const out = await lines(); // JSON.parse throws if scrubbing broke a line
        expect(out).toHaveLength(2);
        collect(out);
        for (const s of strings) expect(s.includes(value)).toBe(false);
        const json = strings.find((s) => s.startsWith('{"embedded"'));
        expect(json).toBeDefined();
        // Embedded JSON usually stays valid; it cannot when its own text holds the secret at a misaligned spot.
        let inner: { embedded: string } | null = null;
        try {
          inner = JSON.parse(json ?? '') as { embedded: string };
        } catch {
          inner = null;
        }
        if (inner !== null) expect(inner.embedded.includes(value)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('createSilentLogger', () => {
  it('returns a logger that accepts calls and writes nothing', () => {
    const logger = createSilentLogger();
    expect(logger.isLevelEnabled('fatal')).toBe(false);
    expect(() => logger.fatal({ apiKey: KEY }, 'nothing')).not.toThrow();
  });
});
